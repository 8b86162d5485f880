"""Moving and cancelling appointments, with the same double-booking rule, through the service and htmx."""

from __future__ import annotations

import datetime as dt

import pytest

from acuback.web.audit.models import AuditEvent
from acuback.web.schedule import services
from acuback.web.schedule.models import AppointmentStatus
from tests.factories import make_patient, make_user
from tests.web.charting.builders import appointment, local
from tests.web.conftest import World, client_for

DAY = dt.date(2030, 3, 5)


def test_an_appointment_moves_to_a_free_slot(world: World) -> None:
    booked = appointment(world.alice, world.paula, local(DAY, 9))

    services.move(
        booked, starts_at=local(DAY, 11), minutes=45, practitioner=world.alice, by=world.fiona
    )

    booked.refresh_from_db()
    assert (booked.starts_at, booked.ends_at) == (local(DAY, 11), local(DAY, 11, 45))
    assert (
        AuditEvent.objects.get(action="update").summary
        == "moved from 2030-03-05 09:00 to 2030-03-05 11:00 with alice"
    )


def test_an_appointment_may_overlap_its_own_old_slot(world: World) -> None:
    booked = appointment(world.alice, world.paula, local(DAY, 9))

    services.move(
        booked, starts_at=local(DAY, 9, 15), minutes=30, practitioner=world.alice, by=world.fiona
    )

    booked.refresh_from_db()
    assert booked.starts_at == local(DAY, 9, 15)


def test_moving_onto_another_appointment_is_refused(world: World) -> None:
    other = appointment(world.alice, make_patient(world.clinic_a), local(DAY, 11))
    booked = appointment(world.alice, world.paula, local(DAY, 9))

    with pytest.raises(services.DoubleBooking) as refused:
        services.move(
            booked,
            starts_at=local(DAY, 11, 15),
            minutes=30,
            practitioner=world.alice,
            by=world.fiona,
        )

    assert refused.value.clash == other
    booked.refresh_from_db()
    assert booked.starts_at == local(DAY, 9)


def test_moving_to_another_practitioner_checks_their_day(world: World) -> None:
    olga = make_user(world.clinic_a, "practitioner", "olga")
    appointment(olga, make_patient(world.clinic_a), local(DAY, 9))
    booked = appointment(world.alice, world.paula, local(DAY, 9))

    with pytest.raises(services.DoubleBooking):
        services.move(
            booked, starts_at=local(DAY, 9), minutes=30, practitioner=olga, by=world.fiona
        )
    services.move(booked, starts_at=local(DAY, 10), minutes=30, practitioner=olga, by=world.fiona)

    booked.refresh_from_db()
    assert (booked.practitioner, booked.starts_at) == (olga, local(DAY, 10))


def test_a_cancelled_appointment_cannot_be_moved_or_cancelled_again(world: World) -> None:
    booked = appointment(world.alice, world.paula, local(DAY, 9))
    services.cancel(booked, by=world.fiona)

    with pytest.raises(services.NotBookable, match="this one is cancelled"):
        services.move(
            booked, starts_at=local(DAY, 10), minutes=30, practitioner=world.alice, by=world.fiona
        )
    with pytest.raises(services.NotBookable):
        services.cancel(booked, by=world.fiona)


def test_htmx_move_answers_with_the_panel_and_tells_the_grid_to_refresh(world: World) -> None:
    booked = appointment(world.alice, world.paula, local(DAY, 9))

    response = client_for(world.fiona).post(
        f"/schedule/appointments/{booked.pk}/move/",
        {"practitioner": world.alice.pk, "starts_at": "2030-03-05T13:00", "minutes": 30},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "scheduleChanged"
    assert "Moved." in response.content.decode()
    booked.refresh_from_db()
    assert booked.starts_at == local(DAY, 13)


def test_htmx_move_onto_a_clash_shows_the_error_in_the_panel(world: World) -> None:
    appointment(world.alice, make_patient(world.clinic_a, given_name="Zed"), local(DAY, 13))
    booked = appointment(world.alice, world.paula, local(DAY, 9))

    response = client_for(world.fiona).post(
        f"/schedule/appointments/{booked.pk}/move/",
        {"practitioner": world.alice.pk, "starts_at": "2030-03-05T13:00", "minutes": 30},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "HX-Trigger" not in response
    assert "already has an appointment from 13:00 to 13:30" in response.content.decode()


def test_cancelling_by_htmx_marks_it_cancelled_and_is_audited(world: World) -> None:
    booked = appointment(world.alice, world.paula, local(DAY, 9))

    response = client_for(world.alice).post(
        f"/schedule/appointments/{booked.pk}/cancel/", HTTP_HX_REQUEST="true"
    )

    booked.refresh_from_db()
    assert response.status_code == 200
    assert booked.status == AppointmentStatus.CANCELLED
    assert AuditEvent.objects.get(action="update").summary == "cancelled 2030-03-05 09:00"
