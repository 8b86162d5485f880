"""/api/visits: clinicians list and read visits of their clinic; a patient lists their own."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from acuback.web.audit.models import AuditEvent
from acuback.web.care.models import Episode, Visit
from tests.web.api.conftest import api_as, assert_error
from tests.web.conftest import World


def make_visits(patient: Any, practitioner: Any, days: list[dt.date]) -> list[Visit]:
    episode = Episode.objects.create(
        patient=patient, clinic=patient.clinic, practitioner=practitioner, started_on=days[0]
    )
    return [
        Visit.objects.create(
            episode=episode,
            patient=patient,
            practitioner=practitioner,
            number=i + 1,
            happened_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10))),
        )
        for i, day in enumerate(days)
    ]


@pytest.fixture
def visits(world: World) -> list[Visit]:
    make_visits(world.patient_b, world.bruno, [dt.date(2030, 1, 2)])
    return make_visits(
        world.paula, world.alice, [dt.date(2030, 1, 9), dt.date(2030, 1, 2), dt.date(2030, 1, 16)]
    )


def test_a_practitioner_lists_the_clinics_visits_in_time_order(
    world: World, visits: list[Visit]
) -> None:
    body = api_as(world.alice).get("/api/visits/").json()

    assert [v["id"] for v in body["items"]] == [visits[1].pk, visits[0].pk, visits[2].pk]


def test_visits_filter_by_date(world: World, visits: list[Visit]) -> None:
    body = (
        api_as(world.adam).get("/api/visits/", date_from="2030-01-03", date_to="2030-01-09").json()
    )

    assert [v["id"] for v in body["items"]] == [visits[0].pk]


def test_a_range_that_ends_before_it_starts_is_refused(world: World) -> None:
    response = api_as(world.alice).get("/api/visits/", date_from="2030-01-09", date_to="2030-01-03")

    assert_error(response, 422, "invalid")


@pytest.mark.parametrize("who", ["fiona", "paula_user"])
def test_front_desk_and_patients_may_not_list_the_clinics_visits(
    world: World, visits: list[Visit], who: str
) -> None:
    response = api_as(getattr(world, who)).get("/api/visits/")

    assert_error(response, 403, "forbidden")


def test_a_patient_lists_their_own_visits(world: World, visits: list[Visit]) -> None:
    body = api_as(world.paula_user).get(f"/api/patients/{world.paula.pk}/visits").json()

    assert body["count"] == 3


def test_a_visit_of_another_clinic_is_not_found(world: World, visits: list[Visit]) -> None:
    response = api_as(world.bruno).get(f"/api/visits/{visits[0].pk}")

    assert_error(response, 404, "not_found")


def test_reading_a_visit_is_audited_via_the_api(world: World, visits: list[Visit]) -> None:
    response = api_as(world.alice).get(f"/api/visits/{visits[0].pk}")

    assert (response.json()["patient_id"], response.json()["number"]) == (world.paula.pk, 1)
    event = AuditEvent.objects.get(object_type="Visit")
    assert (event.action, event.patient, event.via) == ("view", world.paula, "api")
