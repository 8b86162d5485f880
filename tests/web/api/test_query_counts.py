"""API lists cost the same number of queries with 3 rows or 60: no query per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from acuback.web.care.models import Episode, Visit
from acuback.web.schedule.models import Appointment
from tests.factories import make_patient
from tests.web.api.conftest import api_as
from tests.web.conftest import World

DAY = dt.date(2031, 5, 6)


def add_rows(world: World, n: int) -> None:
    for i in range(n):
        patient = make_patient(world.clinic_a)
        start = timezone.make_aware(dt.datetime.combine(DAY, dt.time(8))) + dt.timedelta(
            minutes=30 * i
        )
        Appointment.objects.create(
            clinic=world.clinic_a,
            practitioner=world.alice,
            patient=patient,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=30),
        )
        episode = Episode.objects.create(
            patient=world.paula, clinic=world.clinic_a, practitioner=world.alice, started_on=DAY
        )
        Visit.objects.create(
            episode=episode,
            patient=world.paula,
            practitioner=world.alice,
            happened_at=start,
            number=1,
        )


def queries(call: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize(
    "path",
    [
        "/api/patients/",
        "/api/appointments/?day=2031-05-06",
        "/api/visits/",
        "/api/patients/{paula}/visits",
    ],
)
def test_a_list_costs_the_same_queries_as_it_grows(world: World, path: str) -> None:
    client = api_as(world.alice)
    url = path.format(paula=world.paula.pk)
    add_rows(world, 3)
    client.get(url)  # the token's first use is noted once a minute; measure after it
    small = queries(lambda: client.get(url))

    add_rows(world, 57)
    large = queries(lambda: client.get(url))

    assert large == small
    assert large <= 8
