"""/api/appointments: list by day and practitioner; book, move, cancel with the no-double-booking rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from acuback.web.audit.models import AuditEvent
from acuback.web.schedule.models import Appointment
from tests.factories import make_patient, make_user
from tests.web.api.conftest import api_as, assert_error
from tests.web.conftest import World

DAY = dt.date(2031, 3, 4)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def booking(world: World, hour: int = 10, **change: object) -> dict[str, object]:
    return {
        "patient_id": world.paula.pk,
        "practitioner_id": world.alice.pk,
        "starts_at": at(hour).isoformat(),
        "minutes": 30,
        **change,
    }


def test_front_desk_books_an_appointment_and_it_is_audited(world: World) -> None:
    response = api_as(world.fiona).post("/api/appointments/", booking(world))

    assert response.status_code == 201, response.content
    made = Appointment.objects.get(pk=response.json()["id"])
    assert (made.patient, made.practitioner, made.starts_at, made.ends_at) == (
        world.paula,
        world.alice,
        at(10),
        at(10, 30),
    )
    event = AuditEvent.objects.get(action="create", object_type="Appointment")
    assert (event.actor, event.via) == (world.fiona, "api")


def test_a_double_booking_is_a_409_naming_the_start(world: World) -> None:
    client = api_as(world.fiona)
    client.post("/api/appointments/", booking(world))
    other = make_patient(world.clinic_a)

    response = client.post(
        "/api/appointments/", booking(world, patient_id=other.pk, starts_at=at(10, 15).isoformat())
    )

    assert_error(response, 409, "double_booking", ["starts_at"])
    assert Appointment.objects.count() == 1


def test_back_to_back_appointments_do_not_clash(world: World) -> None:
    client = api_as(world.fiona)
    client.post("/api/appointments/", booking(world))

    response = client.post("/api/appointments/", booking(world, starts_at=at(10, 30).isoformat()))

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"minutes": 1}, "minutes"),
        ({"starts_at": "soon"}, "starts_at"),
        ({"practitioner_id": None}, "practitioner_id"),
    ],
)
def test_bad_bookings_name_the_field(world: World, change: dict[str, object], field: str) -> None:
    response = api_as(world.fiona).post("/api/appointments/", booking(world, **change))

    assert_error(response, 422, "invalid", [field])
    assert Appointment.objects.count() == 0


def test_a_practitioner_of_another_clinic_cannot_be_booked(world: World) -> None:
    response = api_as(world.fiona).post(
        "/api/appointments/", booking(world, practitioner_id=world.bruno.pk)
    )

    assert_error(response, 422, "invalid", ["practitioner_id"])


def test_another_clinics_patient_cannot_be_booked(world: World) -> None:
    response = api_as(world.fiona).post(
        "/api/appointments/", booking(world, patient_id=world.patient_b.pk)
    )

    assert_error(response, 404, "not_found")


def test_a_patient_may_not_book_through_the_api(world: World) -> None:
    response = api_as(world.paula_user).post("/api/appointments/", booking(world))

    assert_error(response, 403, "forbidden")


def test_the_day_list_is_in_time_order_and_filters_by_practitioner(world: World) -> None:
    carl = make_user(world.clinic_a, "practitioner", "carl")
    client = api_as(world.fiona)
    late = client.post("/api/appointments/", booking(world, hour=15)).json()
    early = client.post("/api/appointments/", booking(world, hour=9)).json()
    carls = client.post(
        "/api/appointments/", booking(world, hour=9, practitioner_id=carl.pk)
    ).json()
    client.post(
        "/api/appointments/",
        booking(world, hour=9, starts_at=at(9, day=DAY + dt.timedelta(days=1)).isoformat()),
    )

    day = client.get("/api/appointments/", day=DAY.isoformat()).json()
    alices = client.get(
        "/api/appointments/", day=DAY.isoformat(), practitioner=world.alice.pk
    ).json()

    assert [a["id"] for a in day["items"]] == [early["id"], carls["id"], late["id"]]
    assert [a["id"] for a in alices["items"]] == [early["id"], late["id"]]


def test_a_day_and_a_range_together_are_refused(world: World) -> None:
    response = api_as(world.fiona).get(
        "/api/appointments/", day="2031-03-04", date_from="2031-03-01"
    )

    assert_error(response, 422, "invalid")


def test_other_clinics_appointments_are_never_listed_or_found(world: World) -> None:
    made = api_as(world.fiona).post("/api/appointments/", booking(world)).json()

    listed = api_as(world.bruno).get("/api/appointments/").json()
    read = api_as(world.bruno).get(f"/api/appointments/{made['id']}")

    assert listed["count"] == 0
    assert_error(read, 404, "not_found")


def test_a_patient_lists_only_their_own_appointments(world: World) -> None:
    client = api_as(world.fiona)
    own = client.post("/api/appointments/", booking(world)).json()
    client.post(
        "/api/appointments/", booking(world, hour=11, patient_id=make_patient(world.clinic_a).pk)
    )

    body = api_as(world.paula_user).get("/api/appointments/").json()

    assert [a["id"] for a in body["items"]] == [own["id"]]


def test_moving_keeps_the_length_and_refuses_a_clash(world: World) -> None:
    client = api_as(world.fiona)
    first = client.post("/api/appointments/", booking(world, minutes=45)).json()
    second = client.post("/api/appointments/", booking(world, hour=12)).json()

    moved = client.patch(f"/api/appointments/{first['id']}", {"starts_at": at(14).isoformat()})
    clash = client.patch(f"/api/appointments/{second['id']}", {"starts_at": at(14, 30).isoformat()})

    assert moved.status_code == 200, moved.content
    assert (moved.json()["starts_at"], moved.json()["ends_at"]) == (
        at(14).isoformat().replace("+00:00", "Z"),
        at(14, 45).isoformat().replace("+00:00", "Z"),
    )
    assert_error(clash, 409, "double_booking", ["starts_at"])
    assert Appointment.objects.get(pk=second["id"]).starts_at == at(12)


def test_cancelling_frees_the_slot_and_cannot_be_done_twice(world: World) -> None:
    client = api_as(world.fiona)
    made = client.post("/api/appointments/", booking(world)).json()

    cancelled = client.post(f"/api/appointments/{made['id']}/cancel")
    again = client.post(f"/api/appointments/{made['id']}/cancel")
    rebooked = client.post("/api/appointments/", booking(world))

    assert cancelled.json()["status"] == "cancelled"
    assert_error(again, 409, "not_booked")
    assert rebooked.status_code == 201


def test_a_patient_may_not_cancel_their_appointment_through_the_api(world: World) -> None:
    made = api_as(world.fiona).post("/api/appointments/", booking(world)).json()

    response = api_as(world.paula_user).post(f"/api/appointments/{made['id']}/cancel")

    assert_error(response, 403, "forbidden")
    assert Appointment.objects.get().status == "booked"
