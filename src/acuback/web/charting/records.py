"""Read a patient's clinical record as the core's typed values: the latest submitted intake, the latest
assessment, and the intake to screen needling against when no questionnaire was submitted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from acuback.core.assess import Assessment as CoreAssessment
from acuback.core.errors import AssessmentError
from acuback.core.intake import Intake, Sex, parse_intake
from acuback.web.intake.models import Assessment, IntakeForm, IntakeStatus
from acuback.web.patients.models import Patient
from acuback.web.prepared import Prepared

# Read on every chart view: compiled once (see acuback.web.prepared).
_LATEST_INTAKE = Prepared(
    lambda patient_id: IntakeForm.objects.filter(
        patient_id=patient_id, status=IntakeStatus.SUBMITTED
    ).order_by("-submitted_at", "-pk")[:1]
)
_LATEST_ASSESSMENT = Prepared(
    lambda patient_id: Assessment.objects.filter(patient_id=patient_id).order_by(
        "-created_at", "-pk"
    )[:1]
)


def latest_intake(patient: Patient) -> IntakeForm | None:
    return _LATEST_INTAKE.first(patient_id=patient.pk)


def latest_assessment(patient: Patient) -> Assessment | None:
    return _LATEST_ASSESSMENT.first(patient_id=patient.pk)


def is_emergency(patient: Patient) -> bool:
    """Whether the patient's latest assessment triaged them as an emergency (refer before treating)."""
    level = (
        Assessment.objects.filter(patient=patient)
        .order_by("-created_at", "-pk")
        .values_list("triage_level", flat=True)
        .first()
    )
    return level == "emergency"


def parsed_intake(row: IntakeForm | None) -> Intake | None:
    """The stored answers as the core's Intake, or None when absent or no longer valid."""
    if row is None:
        return None
    try:
        return parse_intake(row.answers)
    except AssessmentError:
        return None


def parsed_assessment(row: Assessment | None) -> CoreAssessment | None:
    """The stored result as the core's Assessment, or None when absent or stored in an older shape."""
    if row is None:
        return None
    try:
        return CoreAssessment.model_validate(row.result)
    except ValueError:
        return None


def _sex(patient: Patient) -> Sex:
    try:
        return Sex(patient.sex)
    except ValueError:
        return Sex.UNKNOWN


def screening_intake(patient: Patient, today: dt.date | None = None) -> Intake:
    """What the safety screen reads about ``patient``: the latest submitted intake, or else only age and
    sex from the demographics, every other answer unknown (so the screen asks rather than assumes)."""
    intake = parsed_intake(latest_intake(patient))
    if intake is not None:
        return intake
    day = today or timezone.localdate()
    return Intake(age=max(0, min(120, patient.age_on(day))), sex=_sex(patient))


def has_intake(patient: Patient) -> bool:
    return IntakeForm.objects.filter(patient=patient, status=IntakeStatus.SUBMITTED).exists()


def dump(model: Any) -> dict[str, Any]:
    """A core result as JSON-ready data, for a JSONField."""
    data: dict[str, Any] = model.model_dump(mode="json")
    return data
