"""/api/patients: list the clinic's patients, read one, and create or change demographics (staff)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from acuback.web.accounts.models import Role, User
from acuback.web.api.access import caller, fetch_patient, require, visible_patients
from acuback.web.api.audit_trail import audit
from acuback.web.api.errors import ApiError
from acuback.web.api.pagination import filter_by_days, paginate
from acuback.web.api.schemas.errors import ErrorOut
from acuback.web.api.schemas.pages import DateRange, Page, PageParams
from acuback.web.api.schemas.patients import PatientFilters, PatientIn, PatientOut, PatientPatch
from acuback.web.audit.models import Action
from acuback.web.patients.models import Patient

router = Router(tags=["patients"])
REFUSALS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}


def _check_practitioner(clinic_id: int, pk: int | None) -> None:
    if pk is None:
        return
    if not User.objects.filter(
        pk=pk, clinic_id=clinic_id, role=Role.PRACTITIONER, is_active=True
    ).exists():
        message = _("is not a practitioner of this clinic")
        raise ApiError(
            422,
            "invalid",
            _("Field 'primary_practitioner_id' %s.") % message,
            [{"field": "primary_practitioner_id", "message": message}],
        )


@router.get("/", response={200: Page[PatientOut], **REFUSALS}, summary="List patients")
def list_patients(
    request: HttpRequest,
    page: Query[PageParams],
    filters: Query[PatientFilters],
    created: Query[DateRange],
) -> dict[str, Any]:
    """Patients of the caller's clinic by family name (a patient sees only themself)."""
    patients = visible_patients(caller(request))
    if filters.q:
        patients = patients.filter(
            Q(family_name__icontains=filters.q) | Q(given_name__icontains=filters.q)
        )
    patients = filter_by_days(patients, "created_at", created).order_by(
        "family_name", "given_name", "id"
    )
    result = paginate(patients, page, lambda p: p)
    audit(
        request, Action.VIEW, summary=f"listed {len(result['items'])} patients from {page.offset}"
    )
    return result


@router.get("/{int:patient_id}", response={200: PatientOut, **REFUSALS}, summary="Read a patient")
def read_patient(request: HttpRequest, patient_id: int) -> Patient:
    patient = fetch_patient(request, patient_id, "patients.view_demographics")
    audit(request, Action.VIEW, patient, summary="demographics")
    return patient


@router.post("/", response={201: PatientOut, **REFUSALS}, summary="Create a patient")
def create_patient(request: HttpRequest, payload: PatientIn) -> Status[Patient]:
    """A new patient in the caller's clinic (staff only)."""
    user = caller(request)
    require(request, "patients.change_demographics", Patient(clinic_id=user.clinic_id))
    _check_practitioner(user.clinic_id, payload.primary_practitioner_id)
    with transaction.atomic():
        patient = Patient.objects.create(clinic_id=user.clinic_id, **payload.dict())
        audit(request, Action.CREATE, patient, summary="demographics")
    return Status(201, patient)


@router.patch(
    "/{int:patient_id}", response={200: PatientOut, **REFUSALS}, summary="Change demographics"
)
def update_patient(request: HttpRequest, patient_id: int, payload: PatientPatch) -> Patient:
    patient = fetch_patient(request, patient_id, "patients.change_demographics")
    changes = payload.dict(exclude_unset=True)
    for name in ("given_name", "family_name", "date_of_birth", "sex"):
        if name in changes and changes[name] is None:
            raise ApiError(
                422,
                "invalid",
                _("Field '%s' may not be empty.") % name,
                [{"field": name, "message": _("may not be empty")}],
            )
    if "primary_practitioner_id" in changes:
        _check_practitioner(patient.clinic_id, changes["primary_practitioner_id"])
    for name in ("email", "phone", "physician_name", "physician_address"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    if not changes:
        return patient
    with transaction.atomic():
        for name, value in changes.items():
            setattr(patient, name, value)
        patient.save(update_fields=list(changes))
        audit(request, Action.UPDATE, patient, summary="changed " + ", ".join(sorted(changes)))
    return patient
