"""Clinical records for workspace, schedule and charting tests: intakes assessed by the real engine,
alerts, appointments and notes. Plain functions, like tests/factories.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from acuback.core.assess import assess
from acuback.core.intake import parse_intake
from acuback.knowledge import load_atlas
from acuback.web.charting.records import dump
from acuback.web.intake.models import Assessment, ClinicAlert, IntakeForm
from acuback.web.schedule.models import Appointment

LOW_BACK = {
    "age": 45,
    "sex": "female",
    "pregnant": "no",
    "pain_sites": [{"region": "lower_back", "side": "both"}],
    "intensity": {"now": 6, "average": 5, "worst": 8},
    "onset": {"how": "lifting", "sudden": "yes"},
}
PREGNANT = {**LOW_BACK, "age": 31, "pregnant": "yes", "pregnancy_weeks": 22}
PACEMAKER = {**LOW_BACK, "age": 70, "sex": "male", "conditions": {"pacemaker_or_icd": "yes"}}


def submit_intake(patient: Any, answers: dict[str, Any]) -> IntakeForm:
    return IntakeForm.objects.create(
        patient=patient, status="submitted", answers=answers, submitted_at=timezone.now()
    )


def assess_patient(
    patient: Any, answers: dict[str, Any] | None = None, protocol: str | None = None
) -> Assessment:
    """Submit an intake and store the real engine's assessment of it."""
    intake_row = submit_intake(patient, answers or LOW_BACK)
    result = assess(
        parse_intake(intake_row.answers),
        load_atlas(),
        as_of=timezone.localdate(),
        protocol=protocol,
    )
    return Assessment.objects.create(
        patient=patient,
        intake=intake_row,
        as_of=result.as_of,
        knowledge_version=result.knowledge_version,
        triage_level=result.triage.level.value,
        duration_class=result.classification.duration.value,
        top_pattern=result.patterns[0].pattern_id if result.patterns else "",
        protocol=protocol or "",
        result=dump(result),
    )


def raise_alert(
    patient: Any, level: str = "urgent", message: str = "New urgent red flag"
) -> ClinicAlert:
    return ClinicAlert.objects.create(
        clinic_id=patient.clinic_id, patient=patient, level=level, message=message
    )


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def appointment(
    practitioner: Any, patient: Any, start: dt.datetime, minutes: int = 30, **fields: Any
) -> Appointment:
    return Appointment.objects.create(
        clinic_id=patient.clinic_id,
        practitioner=practitioner,
        patient=patient,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        **fields,
    )
