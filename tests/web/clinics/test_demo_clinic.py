"""The demo clinic a newcomer signs in to has assessed questionnaires and a day of appointments."""

from __future__ import annotations

import datetime as dt

from acuback.web.clinics.demo import create_demo_clinic, fill_demo_day
from acuback.web.intake.models import Assessment
from acuback.web.schedule.models import Appointment


def test_the_demo_day_is_assessed_and_booked_once(db: None) -> None:
    create_demo_clinic()
    today = dt.date(2026, 11, 25)

    fill_demo_day(today)
    fill_demo_day(today)

    levels = dict(Assessment.objects.values_list("patient__given_name", "triage_level"))
    assert set(levels) == {"Maria", "John", "Aisha"}
    assert Assessment.objects.count() == 3
    assert Appointment.objects.filter(starts_at__date=today).count() == 3
    aisha = Assessment.objects.get(patient__given_name="Aisha").result
    removed = {row["point"] for row in aisha["safety"]["removed"]}
    assert "SP6" not in {p["code"] for p in aisha["safety"]["prescription"]["points"]}
    assert removed <= {"LI4", "SP6", "BL60", "BL67", "GB21", "CV3", "CV4", "CV5", "CV6", "CV7"}


def test_the_demo_ages_follow_the_date_of_birth(db: None) -> None:
    create_demo_clinic()

    fill_demo_day(dt.date(2026, 11, 25))

    john = Assessment.objects.get(patient__given_name="John").intake.answers
    assert john["age"] == 68
