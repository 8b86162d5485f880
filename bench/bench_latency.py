"""Web latency under a small crowd: the real server on the scale demo, 20 signed-in users.

Starts the server ``acuback serve`` runs (gunicorn, gthread) on a database built by ``acuback demo`` and lets 20 simulated users
(threads, loopback only) click through the pages a clinic uses most, with think time between clicks:

* today's list of a practitioner (/workspace/today/),
* a patient's chart (/workspace/patients/<id>/), a different patient of the clinic each time,
* a step of the patient's own questionnaire (/portal/questionnaire/<id>/step/where/),
* the bare view /healthz (one ``SELECT 1``), the floor the others are compared with.

Before timing, every chart the users will open is opened once (``--cold`` skips this), so that the
database's pages are in memory as on a server that has been running; the server is then restarted,
and the chart cache emptied, so that no chart starts the run with its sections already rendered
(each is rendered at its first view, then kept). Each user runs a bounded number of rounds and the whole run has a deadline, so it
stops by itself.
Prints p50/p95 per page as the users saw it, each page's p95 as a multiple of the bare view's (the
goal: p95 under 50 ms and within 3x the bare view), and the time spent inside the server (from
gunicorn's access log), which separates a slow page from a busy machine. ``--markdown`` prints the table for bench/RESULTS.md.

    acuback demo --patients 100000 --visits-per-patient 10          # once, into ACUBACK_HOME
    python bench/bench_latency.py --home var                          # SQLite in ./var
    DATABASE_URL=postgres://... python bench/bench_latency.py --home /tmp/x
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PASSWORD = "acuback-demo"
PAGES = ("today", "chart", "intake step", "bare /healthz")
GOAL_MS = 50.0
GOAL_RATIO = 3.0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Session:
    base: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(
        self, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, str, dict[str, str]]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            req.add_header("X-CSRFToken", self.csrf())
            req.add_header("Referer", self.base + path)
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace"), dict(exc.headers)

    def sign_in(self, username: str) -> None:
        status, page, _ = self.request("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise SystemExit(f"login page: HTTP {status}")
        status, _, _ = self.request(
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        )
        if status != 302:
            raise SystemExit(f"could not sign in as {username}: HTTP {status}")

    def timed_get(self, path: str) -> tuple[float, int]:
        started = time.perf_counter()
        status, _, _ = self.request(path)
        return (time.perf_counter() - started) * 1000, status


def demo_people(home: Path) -> list[tuple[str, str, list[int]]]:
    """(practitioner username, patient username, patient ids) per demo clinic, read with Django."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acuback.web.settings")
    os.environ["ACUBACK_HOME"] = str(home)
    import django

    django.setup()
    from acuback.web.accounts.models import User
    from acuback.web.patients.models import Patient

    found = []
    for practitioner in User.objects.filter(
        role="practitioner", username__regex=r"^scale-.*-practitioner1$"
    ).order_by("pk"):
        patient_user = User.objects.filter(clinic_id=practitioner.clinic_id, role="patient").first()
        ids = list(
            Patient.objects.filter(clinic_id=practitioner.clinic_id)
            .order_by("?")
            .values_list("pk", flat=True)[:200]
        )
        if patient_user:
            found.append((practitioner.username, patient_user.username, ids))
    if not found:
        raise SystemExit(f"no scale demo in {home}: run `acuback demo --patients 100000` first")
    return found


def wait_until_up(base: str, deadline: float) -> None:
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not come up")


def warm_up(people: list[tuple[str, str, list[int]]], base: str) -> None:
    """Open every chart the users will ask for once, untimed, as a server that has been running has
    read them: the database's pages are then in memory (the 100,000-patient SQLite file is 3 GB,
    and a fresh machine reads it from disk at first). The application keeps no page or patient in
    memory of its own, so this warms the database and the operating system only."""
    for practitioner, _patient, patient_ids in people:
        staff = Session(base)
        staff.sign_in(practitioner)
        staff.timed_get("/workspace/today/")
        for pk in patient_ids:
            staff.timed_get(f"/workspace/patients/{pk}/")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def simulate(
    people: list[tuple[str, str, list[int]]],
    base: str,
    users: int,
    rounds: int,
    think: tuple[float, float],
    deadline: float,
) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    lock = threading.Lock()

    def user(index: int) -> None:
        practitioner, patient, patient_ids = people[index % len(people)]
        rng = random.Random(index)
        staff, portal = Session(base), Session(base)
        staff.sign_in(practitioner)
        portal.sign_in(patient)
        status, _, headers = portal.request("/portal/questionnaire/start/", {})
        location = headers.get("Location", "")
        step = (
            re.sub(r"/step/[a-z_-]+/$", "/step/where/", urllib.parse.urlparse(location).path)
            if status == 302
            else None
        )
        for _ in range(rounds):
            plan = [
                ("today", staff, "/workspace/today/"),
                ("chart", staff, f"/workspace/patients/{rng.choice(patient_ids)}/"),
                ("bare /healthz", staff, "/healthz"),
            ]
            if step:
                plan.append(("intake step", portal, step))
            rng.shuffle(plan)
            for name, session, path in plan:
                if time.time() > deadline:
                    return
                ms, status = session.timed_get(path)
                with lock:
                    if status == 200:
                        timings[name].append(ms)
                    else:
                        failures[f"{name} HTTP {status}"] += 1
                time.sleep(rng.uniform(*think))

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(1.0, deadline - time.time() + 5))
    if failures:
        print("failures:", dict(failures), file=sys.stderr)
    return timings


def report(timings: dict[str, list[float]], markdown: bool, label: str) -> None:
    bare = (
        percentile(timings["bare /healthz"], 95) if timings.get("bare /healthz") else float("nan")
    )
    rows = []
    for name in PAGES:
        values = timings.get(name, [])
        if not values:
            rows.append((name, 0, float("nan"), float("nan"), float("nan"), "not measured"))
            continue
        p50, p95 = statistics.median(values), percentile(values, 95)
        ratio = p95 / bare if bare else float("nan")
        ok = "yes" if p95 < GOAL_MS and (name.startswith("bare") or ratio <= GOAL_RATIO) else "NO"
        rows.append((name, len(values), p50, p95, ratio, ok))
    if markdown:
        print(f"\n{label}\n")
        print("| page | requests | p50 ms | p95 ms | p95 / bare p95 | goal met |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        for name, n, p50, p95, ratio, ok in rows:
            print(f"| {name} | {n} | {p50:.1f} | {p95:.1f} | {ratio:.1f}x | {ok} |")
    else:
        print(label)
        for name, n, p50, p95, ratio, ok in rows:
            print(
                f"  {name:<14} n={n:<5} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {ratio:5.1f}x bare  goal met: {ok}"
            )


def page_of(path: str) -> str | None:
    if path == "/healthz":
        return "bare /healthz"
    if path == "/workspace/today/":
        return "today"
    if re.fullmatch(r"/workspace/patients/\d+/", path):
        return "chart"
    if "/step/" in path:
        return "intake step"
    return None


def report_server_side(access_log: Path, markdown: bool) -> None:
    """Service time inside gunicorn per page (from the access log), to set against the client's."""
    served: dict[str, list[float]] = defaultdict(list)
    for line in access_log.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "GET" and parts[2] == "200":
            page = page_of(parts[1])
            if page:
                served[page].append(float(parts[3]))
    if markdown:
        print("\n| page | server-side p50 ms | server-side p95 ms |")
        print("| --- | ---: | ---: |")
        for name in PAGES:
            if served.get(name):
                values = served[name]
                print(
                    f"| {name} | {statistics.median(values):.1f} | {percentile(values, 95):.1f} |"
                )
    else:
        print("time inside the server (gunicorn access log):")
        for name in PAGES:
            if served.get(name):
                values = served[name]
                print(
                    f"  {name:<14} p50 {statistics.median(values):7.1f} ms  p95 {percentile(values, 95):7.1f} ms"
                )


def start_server(
    home: Path, env: dict[str, str], args: argparse.Namespace
) -> subprocess.Popen[bytes]:
    """gunicorn as `acuback serve` runs it, logging each request's own service time."""
    access_log = home / "bench-access.log"
    access_log.unlink(missing_ok=True)  # gunicorn appends: keep this run's requests only
    log = (home / "bench-server.log").open("w")
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "acuback.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread",
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(m)s %(U)s %(s)s %(M)s",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_server(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--home", type=Path, default=Path("var"), help="ACUBACK_HOME of the demo database (SQLite)"
    )
    parser.add_argument("--port", type=int, default=8191)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=30, help="rounds of page views per user")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.3, 1.2),
        metavar=("MIN", "MAX"),
        help="seconds between clicks",
    )
    parser.add_argument(
        "--max-seconds", type=float, default=240, help="stop the run after this long"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument(
        "--cold", action="store_true", help="skip the warm-up (charts read from disk at first)"
    )
    args = parser.parse_args()

    home = args.home.resolve()
    people = demo_people(home)
    base = f"http://127.0.0.1:{args.port}"
    env = {**os.environ, "ACUBACK_HOME": str(home)}
    # The server `acuback serve` runs (gunicorn, gthread workers), started directly so that its access
    # log can record each request's own service time (%(M)s ms): client-side time minus that is
    # queueing and the network, which tells a slow page from a busy machine.
    prepare = "import django; django.setup(); from acuback.cli.serve import prepare_database; prepare_database(False)"
    subprocess.run([sys.executable, "-c", prepare], env=env, check=True)
    access_log = home / "bench-access.log"
    access_log.unlink(missing_ok=True)  # gunicorn appends: keep this run's requests only
    access_log = home / "bench-access.log"
    server = start_server(home, env, args)
    try:
        wait_until_up(base, time.time() + 300)
        if not args.cold:
            warm_up(people, base)
            # A fresh server and an empty cache for the timed run: the warm-up leaves the database and
            # the operating system warm, but no rendering kept by the application (charts keep their
            # clinical sections once rendered; each is rendered again at its first view in the run).
            stop_server(server)
            shutil.rmtree(home / "cache", ignore_errors=True)  # the kept chart sections
            server = start_server(home, env, args)
            wait_until_up(base, time.time() + 300)
        started = time.time()
        timings = simulate(
            people, base, args.users, args.rounds, tuple(args.think), started + args.max_seconds
        )
        engine = (
            "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
        )
        label = (
            f"{engine}, {args.users} users, think {args.think[0]}–{args.think[1]} s, "
            f"gunicorn {args.workers} workers x {args.threads} threads, {time.time() - started:.0f} s"
        )
        report(timings, args.markdown, label)
        report_server_side(access_log, args.markdown)
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
