"""Two desks booking the same slot at the same moment: the row lock lets only one through (PostgreSQL,
where row locks are real; SQLite serialises writers by itself)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from acuback.web.schedule import services
from acuback.web.schedule.models import Appointment
from tests.factories import make_clinic, make_patient, make_user
from tests.web.charting.builders import local

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_bookings_of_one_slot_let_only_one_through() -> None:
    clinic = make_clinic("Busy")
    practitioner = make_user(clinic, "practitioner")
    desk = make_user(clinic, "front_desk")
    patients = [make_patient(clinic) for _ in range(4)]
    start = local(dt.date(2030, 5, 1), 10)
    barrier = threading.Barrier(len(patients))
    outcomes: list[str] = []

    def book(patient) -> None:
        try:
            barrier.wait()
            services.book(
                practitioner=practitioner, patient=patient, starts_at=start, minutes=30, by=desk
            )
            outcomes.append("booked")
        except services.DoubleBooking:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(p,)) for p in patients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["booked", "refused", "refused", "refused"]
    assert Appointment.objects.filter(practitioner=practitioner).count() == 1
