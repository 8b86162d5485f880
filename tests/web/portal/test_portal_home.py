"""The patient's page: questionnaire status, consents, next appointment, and the place for outcomes."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from acuback.web.audit.models import AuditEvent
from acuback.web.intake.models import IntakeForm
from acuback.web.portal.models import Consent
from acuback.web.schedule.models import Appointment
from tests.web.conftest import World, client_for


def _appointment(world: World, days: int, status: str = "booked") -> Appointment:
    starts = timezone.now() + dt.timedelta(days=days)
    return Appointment.objects.create(
        clinic=world.clinic_a,
        practitioner=world.alice,
        patient=world.paula,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=45),
        status=status,
    )


def test_a_new_patient_is_invited_to_start_the_questionnaire(world: World) -> None:
    page = client_for(world.paula_user).get("/portal/").content.decode()

    assert "Start the questionnaire" in page
    assert "No appointment is booked yet." in page
    assert page.count("not given") == 4
    assert 'id="outcomes"' in page
    assert (
        AuditEvent.objects.filter(
            action="view", patient=world.paula, summary="portal home viewed"
        ).count()
        == 1
    )


def test_a_draft_is_continued_where_it_was_left(world: World) -> None:
    draft = IntakeForm.objects.create(patient=world.paula, current_step="onset")

    page = client_for(world.paula_user).get("/portal/").content.decode()

    assert "You are at step 5 of 10." in page
    assert f'href="/portal/questionnaire/{draft.pk}/step/onset/"' in page


def test_a_sent_questionnaire_links_to_the_advice(world: World) -> None:
    sent = IntakeForm.objects.create(
        patient=world.paula, status="submitted", submitted_at=timezone.now()
    )

    page = client_for(world.paula_user).get("/portal/").content.decode()

    assert "You sent your answers on" in page
    assert f'href="/portal/questionnaire/{sent.pk}/result/"' in page


def test_the_next_booked_appointment_is_shown(world: World) -> None:
    _appointment(world, days=-3)
    _appointment(world, days=2, status="cancelled")
    upcoming = _appointment(world, days=9)
    _appointment(world, days=20)

    page = client_for(world.paula_user).get("/portal/").content.decode()

    assert f'datetime="{timezone.localtime(upcoming.starts_at).isoformat()}"' in page
    assert f"with {world.alice}" in page


def test_given_consents_are_marked(world: World) -> None:
    Consent.objects.create(
        patient=world.paula,
        technique="needling",
        text_version="2026-1",
        text_shown="...",
        signed_name="Paula",
        signed_on=dt.date.today(),
        given_by=world.paula_user,
    )

    page = client_for(world.paula_user).get("/portal/").content.decode()

    assert page.count("not given") == 3
    assert "Acupuncture needling:" in page


def test_the_preparation_page_is_open_to_anyone(db: None) -> None:
    page = Client().get("/portal/prepare/").content.decode()

    assert "Arrive ten minutes early" in page
    assert "Bring a list of all your medicines" in page


def test_the_outcomes_card_links_to_the_patients_progress_page(world: World) -> None:
    page = client_for(world.paula_user).get("/portal/").content.decode()

    assert '<a href="/outcomes/mine/">Answer the questions and see your progress</a>' in page
    assert 'data-placeholder="outcomes"' not in page
