"""A practitioner is never booked twice at once; adjacent slots and other practitioners are fine."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from acuback.web.schedule import services
from acuback.web.schedule.models import Appointment
from tests.factories import make_patient, make_user
from tests.web.charting.builders import appointment, local
from tests.web.conftest import World, client_for

DAY = dt.date(2030, 3, 4)


def _book(
    world: World, start: dt.datetime, minutes: int = 30, practitioner=None, patient=None
) -> Appointment:
    return services.book(
        practitioner=practitioner or world.alice,
        patient=patient or world.paula,
        starts_at=start,
        minutes=minutes,
        by=world.fiona,
    )


@pytest.mark.parametrize(
    ("start", "minutes"),
    [((10, 0), 30), ((10, 15), 30), ((9, 45), 30), ((9, 30), 90), ((10, 10), 5)],
    ids=["same", "starts-inside", "ends-inside", "covers", "within"],
)
def test_an_overlapping_booking_for_the_same_practitioner_is_refused(
    world: World, start, minutes
) -> None:
    first = _book(world, local(DAY, 10), 30)

    with pytest.raises(services.DoubleBooking) as refused:
        _book(world, local(DAY, *start), minutes, patient=make_patient(world.clinic_a))

    assert refused.value.clash == first
    assert "10:00 to 10:30" in refused.value.message
    assert str(world.paula) in refused.value.message
    assert Appointment.objects.count() == 1


def test_adjacent_slots_are_allowed(world: World) -> None:
    _book(world, local(DAY, 10), 30)

    before = _book(world, local(DAY, 9, 30), 30)
    after = _book(world, local(DAY, 10, 30), 30)

    assert (before.ends_at, after.starts_at) == (local(DAY, 10), local(DAY, 10, 30))
    assert Appointment.objects.filter(practitioner=world.alice).count() == 3


def test_another_practitioner_may_be_booked_at_the_same_time(world: World) -> None:
    other = make_user(world.clinic_a, "practitioner", "olga")
    _book(world, local(DAY, 10))

    second = _book(world, local(DAY, 10), practitioner=other)

    assert second.practitioner == other


def test_a_cancelled_appointment_frees_its_slot(world: World) -> None:
    first = _book(world, local(DAY, 10))
    services.cancel(first, by=world.fiona)

    again = _book(world, local(DAY, 10), patient=make_patient(world.clinic_a))

    assert again.starts_at == first.starts_at


def test_a_practitioner_of_another_clinic_cannot_be_booked(world: World) -> None:
    with pytest.raises(services.NotBookable):
        _book(world, local(DAY, 10), practitioner=world.bruno)


def test_the_booking_form_names_the_clashing_appointment(world: World) -> None:
    appointment(world.alice, world.paula, local(DAY, 14), 45)
    other = make_patient(world.clinic_a, given_name="Quentin", family_name="Quill")

    response = client_for(world.fiona).post(
        "/schedule/book/",
        {
            "patient": other.pk,
            "practitioner": world.alice.pk,
            "starts_at": "2030-03-04T14:30",
            "minutes": 30,
        },
    )

    assert response.status_code == 200
    error = response.context["form"].errors["starts_at"][0]
    assert error.startswith(
        f"{world.alice} already has an appointment from 14:00 to 14:45 ({world.paula}, Mon 04 Mar 2030)"
    )
    assert Appointment.objects.filter(patient=other).count() == 0


def test_booking_through_the_form_is_audited_and_shows_the_day(world: World) -> None:
    response = client_for(world.fiona).post(
        "/schedule/book/",
        {
            "patient": world.paula.pk,
            "practitioner": world.alice.pk,
            "starts_at": "2030-03-04T09:00",
            "minutes": 45,
            "reason": "First visit",
        },
    )

    booked = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/schedule/?date=2030-03-04#appointment-{booked.pk}"
    assert (timezone.localtime(booked.starts_at).hour, booked.ends_at - booked.starts_at) == (
        9,
        dt.timedelta(minutes=45),
    )
    assert booked.created_by == world.fiona
    from acuback.web.audit.models import AuditEvent

    event = AuditEvent.objects.get(action="create", object_type="Appointment")
    assert (event.actor, event.patient) == (world.fiona, world.paula)
