"""/api/intakes and /api/patients/{id}/intakes: submit a whole intake for a patient, read intakes.

Submitting goes through the same service as the web questionnaire (web/intake/services.py:
``submit_intake``): the core validates the answers, the intake is stored and assessed, and an alert is
raised for the clinic when the triage says so. A refused intake stores nothing.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from acuback.core.errors import UnreadableIntake
from acuback.core.intake import parse_intake_json
from acuback.web.accounts.models import Role
from acuback.web.api.access import caller, fetch_patient
from acuback.web.api.assessments import INTAKE_BODY
from acuback.web.api.audit_trail import audit
from acuback.web.api.errors import ApiError
from acuback.web.api.pagination import filter_by_days, paginate
from acuback.web.api.schemas.errors import ErrorOut
from acuback.web.api.schemas.intakes import IntakeOut, IntakeSummaryOut, SubmittedOut
from acuback.web.api.schemas.pages import DateRange, Page, PageParams
from acuback.web.audit.models import Action
from acuback.web.intake.models import IntakeForm
from acuback.web.intake.services import submit_intake

router = Router(tags=["intakes"])
nested = Router(tags=["intakes"])  # mounted under /api/patients/
REFUSALS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}
SUMMARY_FIELDS = ("id", "patient_id", "status", "created_at", "submitted_at")


def read_perm(user: Any) -> str:
    """A patient reads their own questionnaires; staff need the clinical right."""
    return "patients.view_own_portal" if user.role == Role.PATIENT else "patients.view_clinical"


def submit_perm(user: Any) -> str:
    """A patient answers their own questionnaire; in the clinic a practitioner enters it."""
    return "patients.view_own_portal" if user.role == Role.PATIENT else "patients.change_clinical"


def decode_body(request: HttpRequest) -> dict[str, Any]:
    """The body as a JSON object, checked by the core first so that its errors are the ones given."""
    intake = parse_intake_json(request.body)  # raises UnreadableIntake / InvalidIntake
    del intake
    try:
        data = json.loads(request.body)
    except ValueError as exc:  # pragma: no cover - the core has parsed it already
        raise UnreadableIntake(_("The intake is not valid JSON.")) from exc
    return data  # type: ignore[no-any-return]


@nested.get(
    "/{int:patient_id}/intakes",
    response={200: Page[IntakeSummaryOut], **REFUSALS},
    summary="List a patient's intakes",
)
def list_intakes(
    request: HttpRequest, patient_id: int, page: Query[PageParams], days: Query[DateRange]
) -> dict[str, Any]:
    """Newest first. A patient lists their own."""
    patient = fetch_patient(request, patient_id, read_perm(caller(request)))
    found = filter_by_days(IntakeForm.objects.filter(patient=patient), "created_at", days)
    result = paginate(found.only(*SUMMARY_FIELDS).order_by("-created_at", "-id"), page, lambda i: i)
    audit(request, Action.VIEW, patient, summary=f"listed {len(result['items'])} intakes")
    return result


@router.get("/{int:intake_id}", response={200: IntakeOut, **REFUSALS}, summary="Read an intake")
def read_intake(request: HttpRequest, intake_id: int) -> IntakeForm:
    intake = IntakeForm.objects.filter(pk=intake_id).first()
    if intake is None:
        raise ApiError(404, "not_found", _("No such intake."))
    patient = fetch_patient(request, intake.patient_id, read_perm(caller(request)))
    audit(request, Action.VIEW, intake, patient=patient)
    return intake


@nested.post(
    "/{int:patient_id}/intakes",
    response={201: SubmittedOut, **REFUSALS},
    summary="Submit a whole intake",
    openapi_extra=INTAKE_BODY,
)
def submit_whole_intake(request: HttpRequest, patient_id: int) -> Status[dict[str, Any]]:
    """Store and assess a complete intake (see the Intake schema) for the patient.

    A practitioner enters it for a patient of the clinic; a patient submits their own. The core
    validates the answers first: a refused intake answers 422 with every field at fault, and nothing
    is stored. Practitioners get the assessment's summary back; a patient gets the triage level.
    """
    user = caller(request)
    patient = fetch_patient(request, patient_id, submit_perm(user))
    answers = decode_body(request)
    with transaction.atomic():
        form = IntakeForm.objects.create(
            patient=patient, answers=answers, entered_by=user, current_step=""
        )
        audit(request, Action.CREATE, form, patient=patient, summary="questionnaire received whole")
        assessment = submit_intake(form, as_of=timezone.localdate(), request=request)
    body: dict[str, Any] = {
        "intake": form,
        "triage_level": assessment.triage_level,
        "assessment": None,
    }
    if user.has_perm("patients.view_clinical", patient):
        body["assessment"] = assessment
    return Status(201, body)
