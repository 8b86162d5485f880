"""``manage.py acuback_send_followups``: the scheduled job for follow-up questionnaires."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from acuback.web.outcomes.followups import send_followups


class Command(BaseCommand):
    help = (
        "Create the follow-up questionnaires that have come due (4, 12 and 26 weeks by default, set per "
        "clinic) and email each patient a one-time link once. Safe to run twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000",
            help="The address patients reach the clinic's Acuback at, for the links in the emails.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_followups(base_url=options["base_url"])
        self.stdout.write(
            f"created {report.created} follow-up request(s); emailed {report.emailed}; "
            f"{report.without_email} patient(s) without an email address"
        )
        for failure in report.failed:
            self.stderr.write(f"not sent: {failure}")
