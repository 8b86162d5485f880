"""Why a page is slow: each benchmarked page served in-process (Django's test client) on the demo data.

For the pages bench_latency.py measures, prints the best and median time of ``--repeat`` requests,
the number of SQL queries and the time they took, and the functions where the rest of the time goes
(cProfile, by own time). Run it on the database ``acuback demo`` built:

    ACUBACK_HOME=var python bench/profile_pages.py
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time
from collections.abc import Callable
from typing import Any


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acuback.web.settings")
    import django

    django.setup()


def measure(name: str, get: Callable[[], Any], repeat: int, top: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get()  # warm caches (templates, atlas, charts) as a running server has them
    times, sql_times, counts = [], [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = get()
            times.append((time.perf_counter() - started) * 1000)
        counts.append(len(captured))
        sql_times.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    assert response.status_code == 200, (name, response.status_code)
    print(
        f"\n## {name}: best {min(times):.1f} ms, median {statistics.median(times):.1f} ms; "
        f"{counts[-1]} queries taking {statistics.median(sql_times):.1f} ms; {len(response.content) // 1024} kB"
    )
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    for q in slowest:
        print(f"   {float(q['time']) * 1000:6.1f} ms  {q['sql'][:150]}")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(repeat):
        get()
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(top)
    lines = [ln for ln in out.getvalue().splitlines() if ln.strip() and ln.lstrip()[0].isdigit()]
    print(
        f"   top {top} functions by own time over {repeat} requests (ncalls tottime percall cumtime):"
    )
    for ln in lines[:top]:
        print("   " + ln.strip()[:160])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    setup()
    from django.test import Client

    from acuback.web.accounts.models import User
    from acuback.web.patients.models import Patient

    practitioner = (
        User.objects.filter(username__regex=r"^scale-.*-practitioner1$").order_by("pk").first()
    )
    if practitioner is None:
        raise SystemExit("no scale demo here: run `acuback demo --patients 100000` first")
    patient_user = User.objects.filter(clinic_id=practitioner.clinic_id, role="patient").first()
    patient = Patient.objects.filter(
        clinic_id=practitioner.clinic_id, primary_practitioner=practitioner
    ).order_by("pk")[10]
    staff, portal = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    staff.force_login(practitioner)
    portal.force_login(patient_user)
    start = portal.post("/portal/questionnaire/start/")
    step = start["Location"].rsplit("/step/", 1)[0] + "/step/where/"

    measure("bare /healthz", lambda: staff.get("/healthz"), args.repeat, args.top)
    measure("today", lambda: staff.get("/workspace/today/"), args.repeat, args.top)
    measure(
        f"chart of patient {patient.pk}",
        lambda: staff.get(f"/workspace/patients/{patient.pk}/"),
        args.repeat,
        args.top,
    )
    measure("intake step 'where'", lambda: portal.get(step), args.repeat, args.top)


if __name__ == "__main__":
    main()
