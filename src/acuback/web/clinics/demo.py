"""The demo clinic created on first run, so a newcomer can sign in and look around at once."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from acuback.web.accounts.models import Role, User
from acuback.web.clinics.models import Clinic
from acuback.web.patients.models import Patient, Sex


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str


DEMO_PASSWORD = "acuback-demo"  # printed on first run; a real clinic creates its own users
DEMO_STAFF = [
    (Role.CLINIC_ADMIN, "admin", "Alex", "Morgan"),
    (Role.PRACTITIONER, "practitioner", "Lin", "Chen"),
    (Role.FRONT_DESK, "frontdesk", "Sam", "Okafor"),
]
DEMO_PATIENTS = [
    ("patient", "Maria", "Santos", dt.date(1979, 4, 12), Sex.FEMALE),
    (None, "John", "Miller", dt.date(1958, 9, 3), Sex.MALE),
    (None, "Aisha", "Rahman", dt.date(1991, 1, 27), Sex.FEMALE),
]
# Each demo patient's questionnaire is one of the golden vignettes (tests/vignettes), so the chart
# shows a real assessment: cold-damp low back pain, chronic kidney-yang pattern, sciatica in pregnancy.
DEMO_INTAKES = Path(__file__).with_name("demo_intakes")
DEMO_DAY = [(9, 0, "Maria", "Follow-up, low back pain"), (10, 30, "John", "Chronic low back pain"),
            (14, 0, "Aisha", "Back pain in pregnancy")]  # fmt: skip


def demo_exists() -> bool:
    return Clinic.objects.filter(slug="demo").exists()


@transaction.atomic
def create_demo_clinic() -> list[DemoLogin]:
    """Create the demo clinic with one user per role and three patients. Idempotent."""
    clinic, _ = Clinic.objects.get_or_create(
        slug="demo", defaults={"name": "Riverside Acupuncture (demo)", "phone": "+44 20 0000 0000"}
    )
    logins: list[DemoLogin] = []
    practitioner = None
    for role, username, given, family in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"clinic": clinic, "role": role, "first_name": given, "last_name": family},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if role == Role.PRACTITIONER:
            practitioner = user
        logins.append(DemoLogin(str(role.label), username, DEMO_PASSWORD))
    for portal_name, given, family, born, sex in DEMO_PATIENTS:
        patient, _ = Patient.objects.get_or_create(
            clinic=clinic,
            given_name=given,
            family_name=family,
            defaults={"date_of_birth": born, "sex": sex, "primary_practitioner": practitioner},
        )
        if portal_name and patient.user_id is None:
            user = User.objects.create(
                username=portal_name,
                clinic=clinic,
                role=Role.PATIENT,
                first_name=given,
                last_name=family,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            patient.user = user
            patient.save(update_fields=["user"])
        if portal_name:
            logins.append(DemoLogin(str(Role.PATIENT.label), portal_name, DEMO_PASSWORD))
    return logins


def _demo_answers(patient: Patient, today: dt.date) -> dict[str, Any]:
    """The patient's vignette, with the age and the onset moved so that they fit today."""
    document = json.loads((DEMO_INTAKES / f"{patient.family_name.lower()}.json").read_text("utf-8"))
    answers: dict[str, Any] = document["intake"]
    answers["age"] = patient.age_on(today)
    shift = today - dt.date.fromisoformat(document["as_of"])
    onset = answers.get("onset", {})
    if onset.get("date"):
        onset["date"] = (dt.date.fromisoformat(onset["date"]) + shift).isoformat()
    return answers


def fill_demo_day(today: dt.date | None = None) -> None:
    """Give the demo clinic assessed questionnaires and today's appointments. Safe to run daily."""
    from acuback.web.intake.models import IntakeForm
    from acuback.web.intake.services import submit_intake
    from acuback.web.schedule.models import Appointment
    from acuback.web.schedule.services import book

    clinic = Clinic.objects.filter(slug="demo").first()
    practitioner = User.objects.filter(clinic=clinic, role=Role.PRACTITIONER).first()
    if clinic is None or practitioner is None:
        return
    today = today or timezone.localdate()
    patients = {p.given_name: p for p in clinic.patients.all()}
    for patient in patients.values():
        if not patient.intakes.exists():
            form = IntakeForm.objects.create(
                patient=patient, answers=_demo_answers(patient, today), entered_by=practitioner
            )
            submit_intake(form, as_of=today)
    start_of_day = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    if Appointment.objects.filter(clinic=clinic, starts_at__date=today).exists():
        return
    for hour, minute, given, reason in DEMO_DAY:
        if given in patients:
            book(
                practitioner=practitioner,
                patient=patients[given],
                starts_at=start_of_day + dt.timedelta(hours=hour, minutes=minute),
                minutes=45,
                reason=reason,
                by=practitioner,
            )
