from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class IntakeSummaryOut(Schema):
    id: int
    patient_id: int
    status: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None


class IntakeOut(IntakeSummaryOut):
    answers: dict[str, Any] = Field(
        description="the intake as the core reads it (see the Intake schema)"
    )
    current_step: str
    updated_at: dt.datetime


class AssessmentSummaryOut(Schema):
    id: int
    patient_id: int
    intake_id: int
    created_at: dt.datetime
    as_of: dt.date
    knowledge_version: str
    triage_level: str
    duration_class: str
    top_pattern: str
    protocol: str


class AssessmentOut(AssessmentSummaryOut):
    result: dict[str, Any] = Field(description="the core's assessment, whole")


class SubmittedOut(Schema):
    """What submitting an intake made: the stored intake and, for clinicians, its assessment."""

    intake: IntakeSummaryOut
    triage_level: str | None = Field(description="how urgently a physician should see the patient")
    assessment: AssessmentSummaryOut | None = Field(
        None,
        description="for practitioners and clinic admins; the patient is shown the triage only",
    )


class PreviewParams(Schema):
    as_of: dt.date | None = Field(None, description="the assessment date (default: today)")
    protocol: str | None = Field(None, max_length=60, description="a protocol id to prescribe from")
