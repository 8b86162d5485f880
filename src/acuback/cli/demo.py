"""``acuback demo``: build synthetic clinics at scale, to try the app and measure it on big data."""

from __future__ import annotations

import click

from acuback.cli.errors import CliError
from acuback.cli.serve import setup_django


@click.command("demo")
@click.option(
    "--patients",
    "patients",
    required=True,
    type=click.IntRange(1, 10_000_000),
    help="Patients to create, spread over the clinics.",
)
@click.option(
    "--clinics",
    type=click.IntRange(1, 1000),
    default=None,
    help="Clinics to create (default: one per 10,000 patients).",
)
@click.option(
    "--visits-per-patient",
    type=click.IntRange(1, 100),
    default=10,
    show_default=True,
    help="Average visits per patient, in episodes of 6–12.",
)
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="Random seed: the same seed builds the same data.",
)
@click.option(
    "--templates",
    type=click.IntRange(1, 5000),
    default=300,
    show_default=True,
    help="Distinct intakes assessed by the engine and shared out.",
)
def demo_command(
    patients: int, clinics: int | None, visits_per_patient: int, seed: int, templates: int
) -> None:
    """Create synthetic clinics with patients, intakes, assessments, episodes, visits and this week's appointments.

    Every clinic gets an admin, two front-desk staff and practitioners (about one per 1,500 patients),
    all with the password acuback-demo. Runs on the configured database (SQLite under ./var, or
    DATABASE_URL). Refuses to run twice with the same seed.

    \b
    Example:
      acuback demo --patients 100000 --visits-per-patient 10
    """
    setup_django()
    from django.core.management import call_command
    from django.db.utils import OperationalError

    from acuback.web.demo.generator import DemoExists, DemoPlan, build_demo

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as exc:
        raise CliError(f"cannot reach the database: {exc}".strip()) from exc
    plan = DemoPlan(
        patients=patients,
        clinics=clinics,
        visits_per_patient=visits_per_patient,
        seed=seed,
        templates=templates,
    )
    click.echo(
        f"Assessing {templates} distinct intakes with the engine, then building {plan.clinic_count} clinic(s)…"
    )
    try:
        with click.progressbar(
            length=patients, label="Patients", show_pos=True, show_eta=True
        ) as bar:
            summary = build_demo(plan, progress=bar.update)
    except DemoExists as exc:
        raise CliError(str(exc)) from exc
    rate = summary.visits / summary.seconds if summary.seconds else 0.0
    click.secho(f"Built in {summary.seconds:.1f} s ({rate:,.0f} visits/s):", bold=True)
    for name in (
        "clinics",
        "users",
        "patients",
        "intakes",
        "assessments",
        "alerts",
        "episodes",
        "visits",
        "appointments",
    ):
        click.echo(f"  {name:<13} {getattr(summary, name):>10,}")
    triage = ", ".join(f"{level} {count:,}" for level, count in sorted(summary.triage.items()))
    click.echo(f"  triage        {triage}")
    spent = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in summary.timings.items())
    click.echo(f"  time by step  {spent}")
    for hook, rows in summary.hooks.items():
        click.echo(f"  {hook}: {rows:,} rows")
    click.echo(
        "Sign in as (password acuback-demo): "
        + ", ".join(u for u, _ in summary.logins[:4])
        + (" …" if len(summary.logins) > 4 else "")
    )
