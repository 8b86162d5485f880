"""/api/assessments: stored assessments (clinicians), and an ad-hoc assessment of an intake body.

The ad-hoc assessment is for integrations that want the engine's answer without storing anything:
the core parses and assesses the body exactly as it does a stored intake.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from acuback.core.assess import assess
from acuback.core.intake import parse_intake_json
from acuback.knowledge import load_atlas
from acuback.web.api.access import fetch_patient, require
from acuback.web.api.audit_trail import audit
from acuback.web.api.errors import ApiError
from acuback.web.api.pagination import filter_by_days, paginate
from acuback.web.api.schemas.errors import ErrorOut
from acuback.web.api.schemas.intakes import AssessmentOut, AssessmentSummaryOut, PreviewParams
from acuback.web.api.schemas.pages import DateRange, Page, PageParams
from acuback.web.audit.models import Action
from acuback.web.intake.models import Assessment

router = Router(tags=["assessments"])
nested = Router(tags=["assessments"])  # mounted under /api/patients/
REFUSALS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}
INTAKE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Intake"}}},
    }
}
SUMMARY_FIELDS = (
    "id",
    "patient_id",
    "intake_id",
    "created_at",
    "as_of",
    "knowledge_version",
    "triage_level",
    "duration_class",
    "top_pattern",
    "protocol",
)


@nested.get(
    "/{int:patient_id}/assessments",
    response={200: Page[AssessmentSummaryOut], **REFUSALS},
    summary="List a patient's assessments",
)
def list_assessments(
    request: HttpRequest, patient_id: int, page: Query[PageParams], days: Query[DateRange]
) -> dict[str, Any]:
    """Newest first (practitioners and clinic admins)."""
    patient = fetch_patient(request, patient_id, "patients.view_clinical")
    found = filter_by_days(Assessment.objects.filter(patient=patient), "created_at", days)
    found = found.only(*SUMMARY_FIELDS).order_by("-created_at", "-id")
    result = paginate(found, page, lambda a: a)
    audit(request, Action.VIEW, patient, summary=f"listed {len(result['items'])} assessments")
    return result


@router.get(
    "/{int:assessment_id}", response={200: AssessmentOut, **REFUSALS}, summary="Read an assessment"
)
def read_assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    assessment = Assessment.objects.filter(pk=assessment_id).first()
    if assessment is None:
        raise ApiError(404, "not_found", _("No such assessment."))
    patient = fetch_patient(request, assessment.patient_id, "patients.view_clinical")
    audit(request, Action.VIEW, assessment, patient=patient)
    return assessment


@router.post(
    "/preview",
    response={200: dict[str, Any], **REFUSALS},
    summary="Assess an intake without storing it",
    openapi_extra=INTAKE_BODY,
)
def preview_assessment(request: HttpRequest, params: Query[PreviewParams]) -> dict[str, Any]:
    """Run the assessment engine on the intake in the body and return its result; nothing is stored.

    For practitioners and clinic admins. Send the intake as JSON (see the Intake schema).
    """
    require(request, "clinics.view_dashboard")
    intake = parse_intake_json(request.body)
    as_of: dt.date = params.as_of or timezone.localdate()
    result = assess(intake, load_atlas(), as_of=as_of, protocol=params.protocol)
    return result.model_dump(mode="json")
