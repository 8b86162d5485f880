"""Who may do what with a patient's records, as django-rules predicates (autodiscovered)."""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from acuback.web.accounts.models import Role


@predicate
def is_practitioner(user: Any) -> bool:
    return bool(user.is_authenticated and user.clinic_id and user.role == Role.PRACTITIONER)


@predicate
def is_clinic_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.clinic_id and user.role == Role.CLINIC_ADMIN)


@predicate
def is_front_desk(user: Any) -> bool:
    return bool(user.is_authenticated and user.clinic_id and user.role == Role.FRONT_DESK)


@predicate
def same_clinic(user: Any, obj: Any) -> bool:
    return obj is not None and user.is_authenticated and user.clinic_id == obj.clinic_id


@predicate
def is_the_patient(user: Any, patient: Any) -> bool:
    return patient is not None and user.is_authenticated and patient.user_id == user.id


is_staff = is_practitioner | is_clinic_admin | is_front_desk
is_clinician = is_practitioner | is_clinic_admin

# Demographics and the schedule: all staff of the clinic, and the patient themself.
add_perm("patients.view_demographics", (is_staff & same_clinic) | is_the_patient)
add_perm("patients.change_demographics", is_staff & same_clinic)
# Clinical records (intake answers, assessments, notes): clinicians of the clinic; the patient sees
# their own questionnaires and outcomes through the portal, never the practitioner's working notes.
add_perm("patients.view_clinical", is_clinician & same_clinic)
add_perm("patients.change_clinical", is_practitioner & same_clinic)
add_perm("patients.view_own_portal", is_the_patient)
add_perm("clinics.view_audit", is_clinic_admin)
add_perm("clinics.view_schedule", is_staff)
add_perm("clinics.view_dashboard", is_clinician)
