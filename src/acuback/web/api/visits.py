"""/api/visits: treatment sessions that took place, for clinicians; a patient lists their own."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from acuback.web.accounts.models import Role
from acuback.web.api.access import caller, fetch_patient, require
from acuback.web.api.audit_trail import audit
from acuback.web.api.errors import ApiError
from acuback.web.api.pagination import filter_by_days, paginate
from acuback.web.api.schemas.care import VisitFilters, VisitOut
from acuback.web.api.schemas.errors import ErrorOut
from acuback.web.api.schemas.pages import Page, PageParams
from acuback.web.audit.models import Action
from acuback.web.care.models import Visit

router = Router(tags=["visits"])
nested = Router(tags=["visits"])  # mounted under /api/patients/
REFUSALS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}


def as_out(v: Visit) -> dict[str, Any]:
    return {
        "id": v.pk,
        "patient_id": v.patient_id,
        "episode_id": v.episode_id,
        "practitioner_id": v.practitioner_id,
        "practitioner_name": str(v.practitioner),
        "appointment_id": v.appointment_id,
        "happened_at": v.happened_at,
        "number": v.number,
    }


def record_perm(user: Any) -> str:
    """A patient reads their own visits through the portal right; staff need the clinical right."""
    return "patients.view_own_portal" if user.role == Role.PATIENT else "patients.view_clinical"


@nested.get(
    "/{int:patient_id}/visits",
    response={200: Page[VisitOut], **REFUSALS},
    summary="List a patient's visits",
)
def list_patient_visits(
    request: HttpRequest, patient_id: int, page: Query[PageParams], filters: Query[VisitFilters]
) -> dict[str, Any]:
    """In time order. A patient lists their own."""
    patient = fetch_patient(request, patient_id, record_perm(caller(request)))
    found = filter_by_days(patient.visits.select_related("practitioner"), "happened_at", filters)
    if filters.practitioner:
        found = found.filter(practitioner_id=filters.practitioner)
    result = paginate(found.order_by("happened_at", "id"), page, as_out)
    audit(request, Action.VIEW, patient, summary=f"listed {len(result['items'])} visits")
    return result


@router.get("/", response={200: Page[VisitOut], **REFUSALS}, summary="List the clinic's visits")
def list_visits(
    request: HttpRequest, page: Query[PageParams], filters: Query[VisitFilters]
) -> dict[str, Any]:
    """Visits of the caller's clinic in time order (practitioners and clinic admins)."""
    user = caller(request)
    require(request, "clinics.view_dashboard")
    found = Visit.objects.filter(episode__clinic_id=user.clinic_id).select_related("practitioner")
    found = filter_by_days(found, "happened_at", filters)
    if filters.practitioner:
        found = found.filter(practitioner_id=filters.practitioner)
    result = paginate(found.order_by("happened_at", "id"), page, as_out)
    audit(request, Action.VIEW, summary=f"listed {len(result['items'])} visits from {page.offset}")
    return result


@router.get("/{int:visit_id}", response={200: VisitOut, **REFUSALS}, summary="Read a visit")
def read_visit(request: HttpRequest, visit_id: int) -> dict[str, Any]:
    visit = Visit.objects.filter(pk=visit_id).select_related("practitioner").first()
    if visit is None:
        raise ApiError(404, "not_found", _("No such visit."))
    patient = fetch_patient(request, visit.patient_id, record_perm(caller(request)))
    audit(request, Action.VIEW, visit, patient=patient)
    return as_out(visit)
