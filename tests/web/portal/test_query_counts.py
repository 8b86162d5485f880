"""Portal pages run a fixed number of queries, however many records the patient or the clinic has."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from acuback.web.intake.models import IntakeForm
from acuback.web.intake.steps import STEPS
from acuback.web.portal.services import create_invitation
from acuback.web.schedule.models import Appointment
from tests.factories import make_patient
from tests.web.conftest import World, client_for
from tests.web.portal.conftest import fill_questionnaire


def _crowd(world: World, count: int) -> None:
    """Other patients with questionnaires and appointments, and past records of Paula's own."""
    for n in range(count):
        other = make_patient(world.clinic_a, given_name=f"P{n}")
        IntakeForm.objects.create(patient=other, answers={"age": 30})
        starts = timezone.now() + dt.timedelta(days=n + 1)
        Appointment.objects.create(
            clinic=world.clinic_a,
            practitioner=world.alice,
            patient=world.paula,
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=30),
        )
        create_invitation(other, by=world.fiona)


@pytest.mark.parametrize("crowd", [1, 8])
def test_the_home_page_query_count_does_not_grow(
    world: World, crowd: int, django_assert_max_num_queries: Any
) -> None:
    _crowd(world, crowd)
    client = client_for(world.paula_user)

    with django_assert_max_num_queries(9):
        assert client.get("/portal/").status_code == 200


@pytest.mark.parametrize("slug", [step.slug for step in STEPS])
def test_each_step_page_is_a_handful_of_queries(
    world: World, draft: IntakeForm, slug: str, django_assert_max_num_queries: Any
) -> None:
    _crowd(world, 5)
    client = client_for(world.paula_user)

    with django_assert_max_num_queries(6):
        assert client.get(f"/portal/questionnaire/{draft.pk}/step/{slug}/").status_code == 200


def test_review_and_result_pages_are_a_handful_of_queries(
    world: World, draft: IntakeForm, django_assert_max_num_queries: Any
) -> None:
    _crowd(world, 5)
    client = client_for(world.paula_user)
    fill_questionnaire(client, draft)

    with django_assert_max_num_queries(6):
        assert client.get(f"/portal/questionnaire/{draft.pk}/review/").status_code == 200
    client.post(f"/portal/questionnaire/{draft.pk}/submit/")
    with django_assert_max_num_queries(7):
        assert client.get(f"/portal/questionnaire/{draft.pk}/result/").status_code == 200


def test_the_invitation_page_lists_invitations_in_fixed_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    newcomer = make_patient(world.clinic_a, given_name="Nora")
    for _ in range(6):
        create_invitation(newcomer, by=world.fiona)
    client = client_for(world.fiona)

    with django_assert_max_num_queries(6):
        assert client.get(f"/portal/invite/{newcomer.pk}/").status_code == 200
