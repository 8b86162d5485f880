"""Who may see and change the schedule: staff of the clinic; never patients or another clinic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from acuback.web.schedule.models import Appointment
from tests.factories import make_patient
from tests.web.charting.builders import appointment, local
from tests.web.conftest import World, client_for

DAY = dt.date(2030, 3, 6)


@pytest.mark.parametrize("url", ["/schedule/", "/schedule/week/", "/schedule/book/"])
def test_a_patient_cannot_use_the_schedule(world: World, url: str) -> None:
    assert client_for(world.paula_user).get(url).status_code == 403


def test_a_patient_cannot_book(world: World) -> None:
    response = client_for(world.paula_user).post(
        "/schedule/book/",
        {
            "patient": world.paula.pk,
            "practitioner": world.alice.pk,
            "starts_at": "2030-03-06T09:00",
            "minutes": 30,
        },
    )

    assert response.status_code == 403
    assert Appointment.objects.count() == 0


def test_signed_out_visitors_are_sent_to_sign_in(db) -> None:
    from django.test import Client

    response = Client().get("/schedule/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_clinics_appointment_is_not_found(world: World) -> None:
    theirs = appointment(world.bruno, world.patient_b, local(DAY, 9))

    client = client_for(world.fiona)

    assert client.get(f"/schedule/appointments/{theirs.pk}/").status_code == 404
    assert client.post(f"/schedule/appointments/{theirs.pk}/cancel/").status_code == 404


def test_a_patient_of_another_clinic_cannot_be_booked(world: World) -> None:
    response = client_for(world.fiona).post(
        "/schedule/book/",
        {
            "patient": world.patient_b.pk,
            "practitioner": world.alice.pk,
            "starts_at": "2030-03-06T09:00",
            "minutes": 30,
        },
    )

    assert response.context["form"].errors["patient"] == ["Choose a patient of this clinic."]
    assert Appointment.objects.count() == 0


def test_the_patient_search_finds_only_this_clinics_patients(world: World) -> None:
    make_patient(world.clinic_b, given_name="Paulette")

    response = client_for(world.fiona).get("/schedule/patients/", {"q": "paul"})

    assert [p.pk for p in response.context["results"]] == [world.paula.pk]


def test_the_day_shows_each_practitioners_appointments_in_clinic_time(
    world: World, settings
) -> None:
    settings.TIME_ZONE = "Europe/Berlin"  # UTC+1 in March
    utc_0830 = dt.datetime(2030, 3, 6, 8, 30, tzinfo=dt.UTC)
    appointment(world.alice, world.paula, utc_0830)
    appointment(world.bruno, world.patient_b, utc_0830)

    response = client_for(world.fiona).get("/schedule/", {"date": "2030-03-06"})

    page = response.content.decode()
    assert [c.title for c in response.context["columns"]] == ["alice"]
    assert '+01:00">09:30</time>' in page
    assert "until 10:00" in page
    assert str(world.patient_b) not in page


def test_the_week_shows_one_practitioners_seven_days(world: World) -> None:
    appointment(world.alice, world.paula, local(DAY, 9))
    appointment(world.alice, world.paula, local(DAY + dt.timedelta(days=2), 15))

    response = client_for(world.alice).get("/schedule/week/", {"date": "2030-03-06"})

    columns = response.context["columns"]
    assert next(c.day for c in columns) == dt.date(2030, 3, 4)
    assert [len(c.slots) for c in columns] == [0, 0, 1, 0, 1, 0, 0]


def _count(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/schedule/", "/schedule/week/"])
def test_schedule_queries_do_not_grow_with_appointments(world: World, url: str) -> None:
    client = client_for(world.alice)
    for hour in range(8, 11):
        appointment(world.alice, make_patient(world.clinic_a), local(DAY, hour))
    few = _count(client, url, {"date": "2030-03-06"})
    for minute in range(0, 60 * 9, 10):
        appointment(
            world.alice,
            make_patient(world.clinic_a),
            local(DAY, 11) + dt.timedelta(minutes=minute),
            minutes=10,
        )

    many = _count(client, url, {"date": "2030-03-06"})

    assert Appointment.objects.count() == 57
    assert many == few
