"""Time the clinic outcomes dashboard on the 100,000-patient, million-visit demo clinic.

    # SQLite (a file under ACUBACK_HOME):
    ACUBACK_HOME=/tmp/bench-sqlite .venv/bin/python bench/bench_dashboard.py --patients 100000
    # PostgreSQL:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/acuback_bench .venv/bin/python bench/bench_dashboard.py --patients 100000

The first run builds the demo with the scale generator (``acuback demo``'s ``build_demo``, one clinic,
about ten visits per patient), whose outcomes hook (acuback/web/outcomes/demo_hooks.py) adds a
baseline and the due follow-ups per episode, scored by the core, with responder results. Later runs
reuse it (building takes about 45 minutes per database on a 2-core machine). Then it times
``build_dashboard`` (every figure of /outcomes/dashboard/: overall, five groupings, three trials)
against the bare aggregate query it rests on, the count of judged episodes and responders for one
rule and week, and prints the figures for bench/RESULTS.md. Exit code 1 when the median exceeds
the 2-second budget.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

BUDGET_SECONDS = 2.0


def timed(func: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """Median and fastest wall time of ``runs`` calls after one warm-up call."""
    result = func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--visits-per-patient", type=int, default=10)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acuback.web.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Q
    from django.test.utils import CaptureQueriesContext

    from acuback.web.care.models import Episode, Visit
    from acuback.web.clinics.models import Clinic
    from acuback.web.demo.generator import DemoPlan, build_demo, slug_for
    from acuback.web.outcomes.dashboard import DashboardFilters, build_dashboard
    from acuback.web.outcomes.models import EpisodeOutcome, OutcomeScore, QuestionnaireResponse
    from acuback.web.outcomes.services import catalogue

    call_command("migrate", interactive=False, verbosity=0)
    slug = slug_for(args.seed, 0)
    clinic = Clinic.objects.filter(slug=slug).first()
    if clinic is None:
        print(f"building the demo clinic ({args.patients:,} patients)…", flush=True)
        start = time.perf_counter()
        summary = build_demo(
            DemoPlan(
                patients=args.patients,
                clinics=1,
                visits_per_patient=args.visits_per_patient,
                seed=args.seed,
            )
        )
        print(
            f"built in {time.perf_counter() - start:.0f} s: {summary.episodes:,} episodes, {summary.visits:,} visits",
            flush=True,
        )
        clinic = Clinic.objects.get(slug=slug)
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE"
        )  # fresh planner statistics after the bulk load, on either database

    rule = catalogue().headline_rule
    filters = DashboardFilters(rule=rule, week=12)

    def dashboard() -> Any:
        return build_dashboard(clinic, filters)

    def bare() -> Any:
        return EpisodeOutcome.objects.filter(
            clinic_id=clinic.pk, rule=rule, week=12, responder__isnull=False
        ).aggregate(judged=Count("id"), responders=Count("id", filter=Q(responder=True)))

    with CaptureQueriesContext(connection) as queries:
        board = dashboard()
    dash_median, dash_best, board = timed(dashboard, args.runs)
    bare_median, bare_best, _ = timed(bare, args.runs)
    counts = {
        "patients": clinic.patients.count(),
        "episodes": Episode.objects.filter(clinic=clinic).count(),
        "visits": Visit.objects.filter(episode__clinic=clinic).count(),
        "responses": QuestionnaireResponse.objects.filter(clinic=clinic).count(),
        "scores": OutcomeScore.objects.filter(clinic=clinic).count(),
        "responder results": EpisodeOutcome.objects.filter(clinic=clinic).count(),
    }
    engine = connection.vendor
    print(
        f"database: {engine} {connection.Database.sqlite_version if engine == 'sqlite' else connection.pg_version}"
    )
    for name, value in counts.items():
        print(f"  {name:<18} {value:>10,}")
    print(f"dashboard ({len(queries)} queries): median {dash_median:.3f} s, best {dash_best:.3f} s")
    print(f"bare aggregate (1 query):      median {bare_median:.3f} s, best {bare_best:.3f} s")
    print(f"ratio dashboard / bare aggregate: {dash_median / bare_median:.1f}")
    overall = board.overall
    print(
        f"overall week 12: {overall.responders:,} of {overall.judged:,} judged, {overall.due:,} at risk"
    )
    ok = dash_median < BUDGET_SECONDS
    print(f"budget {BUDGET_SECONDS:.1f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
