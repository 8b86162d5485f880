"""``acuback report``: clinic reports from the command line (the same figures as the web pages)."""

from __future__ import annotations

import datetime as dt
import json

import click

from acuback.cli.errors import CliError, write_output
from acuback.cli.serve import setup_django

FORMATS = ("csv", "html", "json")


@click.group("report")
def report_group() -> None:
    """Clinic reports."""


@report_group.command("outcomes")
@click.option("--clinic", "clinic_slug", required=True, help="The clinic's short name (slug).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--rule",
    default=None,
    help="Responder rule id (default: the headline rule, pain 30 % or 2 points).",
)
@click.option(
    "--week",
    type=int,
    default=None,
    help="Follow-up week (default: 12, or the clinic's middle week).",
)
@click.option("--practitioner", default=None, help="Only episodes of this practitioner (username).")
@click.option(
    "--from",
    "started_from",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Episodes started on or after this date.",
)
@click.option(
    "--to",
    "started_to",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Episodes started on or before this date.",
)
@click.option("--out", default=None, help="Write to this file instead of standard output.")
def outcomes_report(
    clinic_slug: str,
    fmt: str,
    rule: str | None,
    week: int | None,
    practitioner: str | None,
    started_from: dt.datetime | None,
    started_to: dt.datetime | None,
    out: str | None,
) -> None:
    """Responder rates by classification, pattern, protocol and practitioner, with Wilson
    intervals, numbers at risk, follow-up completeness, and the published trials beside them.

    \b
    Examples:
      acuback report outcomes --clinic demo --format csv
      acuback report outcomes --clinic demo --rule rmdq_5pt --week 26 --format html --out report.html
    """
    setup_django()
    from acuback.web.accounts.models import User
    from acuback.web.audit.services import record
    from acuback.web.clinics.models import Clinic
    from acuback.web.outcomes.dashboard import DashboardFilters, build_dashboard
    from acuback.web.outcomes.export import dashboard_csv, dashboard_document, dashboard_html
    from acuback.web.outcomes.services import catalogue

    clinic = Clinic.objects.filter(slug=clinic_slug).first()
    if clinic is None:
        raise CliError(f"no clinic is called {clinic_slug!r}")
    cat = catalogue()
    rule_id = rule or cat.headline_rule
    if rule_id not in cat.rules:
        raise CliError(f"no responder rule {rule_id!r}; known: {', '.join(cat.rules)}")
    weeks = sorted({int(w) for w in clinic.follow_up_weeks or []}) or [12]
    chosen_week = week if week is not None else (12 if 12 in weeks else weeks[len(weeks) // 2])
    if chosen_week not in weeks:
        raise CliError(
            f"the clinic's follow-up weeks are {', '.join(map(str, weeks))}, not {chosen_week}"
        )
    practitioner_id = None
    names = {
        u.pk: str(u)
        for u in User.objects.filter(clinic=clinic, role__in=["practitioner", "clinic_admin"])
    }
    if practitioner:
        user = User.objects.filter(clinic=clinic, username=practitioner).first()
        if user is None:
            raise CliError(f"no practitioner {practitioner!r} in {clinic_slug}")
        practitioner_id = user.pk
    if started_from and started_to and started_from > started_to:
        raise CliError("--from is after --to")
    filters = DashboardFilters(
        rule=rule_id,
        week=chosen_week,
        practitioner_id=practitioner_id,
        started_from=started_from.date() if started_from else None,
        started_to=started_to.date() if started_to else None,
    )
    board = build_dashboard(clinic, filters, practitioner_names=names)
    if fmt == "json":
        text = (
            json.dumps(dashboard_document(board, clinic, cat), ensure_ascii=False, indent=2) + "\n"
        )
    elif fmt == "csv":
        text = dashboard_csv(board)
    else:
        text = dashboard_html(board, clinic)
    record(None, "export", None, summary=f"outcomes report {fmt} {clinic_slug}", via="cli")
    if out:
        write_output(out, text.encode("utf-8"))
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False)
