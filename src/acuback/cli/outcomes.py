"""``acuback outcomes``: the scheduled follow-up job and result maintenance."""

from __future__ import annotations

import click

from acuback.cli.serve import setup_django


@click.group("outcomes")
def outcomes_group() -> None:
    """Patient-reported outcomes: follow-up requests and responder results."""


@outcomes_group.command("send-followups")
@click.option(
    "--base-url",
    default="http://localhost:8000",
    show_default=True,
    help="Address patients reach Acuback at, used in the emailed links.",
)
def send_followups_command(base_url: str) -> None:
    """Ask for due follow-up questionnaires (weeks set per clinic) and email each link once.

    Meant for the clinic's scheduler (e.g. daily from cron). Safe to run twice, even at once.
    """
    setup_django()
    from acuback.web.outcomes.followups import send_followups

    report = send_followups(base_url=base_url)
    click.echo(
        f"created {report.created} follow-up request(s); emailed {report.emailed}; "
        f"{report.without_email} patient(s) without an email address"
    )
    for failure in report.failed:
        click.echo(f"not sent: {failure}", err=True)


@outcomes_group.command("recompute")
def recompute_command() -> None:
    """Recompute responder results made with older thresholds (after a knowledge update)."""
    setup_django()
    from acuback.web.outcomes.services import recompute_stale

    click.echo(f"recomputed {recompute_stale()} episode(s)")
