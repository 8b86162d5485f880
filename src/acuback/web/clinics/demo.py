"""The demo clinic created on first run, so a newcomer can sign in and look around at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

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
