"""The scheduled follow-up job: creates due requests, emails each link once, safe to run twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

from click.testing import CliRunner
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from acuback.cli.outcomes import outcomes_group
from acuback.web.outcomes.followups import send_followups
from acuback.web.outcomes.models import OutcomeRequest
from tests.web.outcomes.conftest import make_episode

NOW = timezone.make_aware(dt.datetime(2026, 6, 1, 8, 0))


def test_it_asks_at_each_due_week_and_emails_once(world: Any) -> None:
    world.paula.email = "paula@example.org"
    world.paula.save()
    make_episode(world.paula, world.alice, started=dt.date(2026, 6, 1) - dt.timedelta(weeks=4))

    first = send_followups(now=NOW, base_url="https://clinic.example")
    second = send_followups(now=NOW, base_url="https://clinic.example")

    assert (first.created, first.emailed) == (1, 1)
    assert (second.created, second.emailed) == (0, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["paula@example.org"]
    assert "https://clinic.example/o/" in mail.outbox[0].body
    assert OutcomeRequest.objects.get().week == 4


def test_weeks_follow_the_clinic_setting(world: Any) -> None:
    world.clinic_a.follow_up_weeks = [6]
    world.clinic_a.save()
    make_episode(world.paula, world.alice, started=dt.date(2026, 6, 1) - dt.timedelta(weeks=4))
    make_episode(world.paula, world.alice, started=dt.date(2026, 6, 1) - dt.timedelta(weeks=6))

    report = send_followups(now=NOW)

    assert report.created == 1
    assert list(OutcomeRequest.objects.values_list("week", flat=True)) == [6]


def test_episodes_far_past_their_week_are_not_asked(world: Any) -> None:
    make_episode(world.paula, world.alice, started=dt.date(2026, 6, 1) - dt.timedelta(weeks=12 + 5))

    assert send_followups(now=NOW).created == 0


def test_a_patient_without_email_is_counted_not_mailed(world: Any) -> None:
    make_episode(world.paula, world.alice, started=dt.date(2026, 6, 1) - dt.timedelta(weeks=12))

    report = send_followups(now=NOW)

    assert (report.created, report.emailed, report.without_email) == (1, 0, 1)
    assert mail.outbox == []


def test_the_management_command_runs_the_job(world: Any) -> None:
    make_episode(world.paula, world.alice, started=timezone.localdate() - dt.timedelta(weeks=4))
    out = StringIO()

    call_command("acuback_send_followups", stdout=out)
    call_command("acuback_send_followups", stdout=out)

    assert out.getvalue().splitlines() == [
        "created 1 follow-up request(s); emailed 0; 1 patient(s) without an email address",
        "created 0 follow-up request(s); emailed 0; 0 patient(s) without an email address",
    ]


def test_the_cli_command_runs_the_job(world: Any) -> None:
    world.paula.email = "paula@example.org"
    world.paula.save()
    make_episode(world.paula, world.alice, started=timezone.localdate() - dt.timedelta(weeks=26))

    result = CliRunner().invoke(
        outcomes_group, ["send-followups", "--base-url", "https://c.example"]
    )

    assert result.exit_code == 0, result.output
    assert (
        result.output
        == "created 1 follow-up request(s); emailed 1; 0 patient(s) without an email address\n"
    )


def test_a_booked_appointment_of_an_open_episode_gets_a_pre_visit_link_once(world: Any) -> None:
    from acuback.web.schedule.models import Appointment

    world.paula.email = "paula@example.org"
    world.paula.save()
    make_episode(world.paula, world.alice, started=dt.date(2026, 5, 20))
    starts = NOW + dt.timedelta(hours=26)
    Appointment.objects.create(
        clinic=world.clinic_a,
        practitioner=world.alice,
        patient=world.paula,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=45),
    )
    far = NOW + dt.timedelta(days=5)
    Appointment.objects.create(
        clinic=world.clinic_a,
        practitioner=world.alice,
        patient=world.paula,
        starts_at=far,
        ends_at=far + dt.timedelta(minutes=45),
    )

    first = send_followups(now=NOW)
    second = send_followups(now=NOW)

    request = OutcomeRequest.objects.get(kind="pre_visit")
    assert (first.created, first.emailed, second.created, second.emailed) == (1, 1, 0, 0)
    assert request.due_on == dt.date(2026, 6, 2)
    assert "Before your visit on 02 Jun 2026" in mail.outbox[0].body
    assert request.expires_at == request.sent_at + dt.timedelta(days=3)  # type: ignore[operator]
