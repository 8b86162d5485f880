"""Records the journeys start from, made through the same forms and services the pages use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import QueryDict
from django.utils import timezone

from acuback.web.intake.forms import RED_FLAG_GROUPS
from acuback.web.intake.models import Assessment, IntakeForm
from acuback.web.intake.services import save_step, start_intake, submit_intake
from acuback.web.intake.steps import STEPS, next_step
from acuback.web.schedule.models import Appointment

RED_FLAGS = [name for _title, names in RED_FLAG_GROUPS for name in names]


def step_posts(
    *, red_flags: dict[str, str], medicines: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """What a woman of 46 with left-sided low back pain for ten weeks posts on each step."""
    onset = timezone.localdate() - dt.timedelta(weeks=10)
    return {
        "about": {"age": "46", "sex": "female", "pregnant": "no"},
        "where": {"sites": ["lower_back:left", "lower_back:central", "buttock:left"]},
        "spreading": {"areas": ["buttock", "thigh_back"], "side": "left", "numbness": "no"},
        "intensity": {"now": "5", "average": "6", "worst": "8"},
        "onset": {"date": onset.isoformat(), "how": "lifting", "sudden": "yes"},
        "factors": {"better": ["warmth"], "worse": ["cold", "sitting"]},
        "treatments": {
            "previous_episodes": "yes",
            "treatments": ["physiotherapy"],
            "anticoagulant": "no",
            **medicines,
        },
        "health": {"diabetes": "no", "pacemaker_or_icd": "no"},
        "safety": {**dict.fromkeys(RED_FLAGS, "no"), **red_flags},
        "general": {"sleep": "poor", "tiredness": "yes"},
    }


def answered_draft(
    patient: Any,
    *,
    red_flags: dict[str, str] | None = None,
    medicines: dict[str, str] | None = None,
    until: str | None = None,
) -> IntakeForm:
    """The patient's questionnaire saved step by step as the portal saves it, up to (not including)
    the step ``until``; every step when ``until`` is None."""
    draft = start_intake(patient, user=patient.user)
    for step in STEPS:
        if step.slug == until:
            break
        posted = step_posts(red_flags=red_flags or {}, medicines=medicines or {})[step.slug]
        data = QueryDict(mutable=True)
        for key, value in posted.items():
            data.setlist(key, value if isinstance(value, list) else [value])
        form = step.form_class(data, answers=draft.answers)
        assert form.is_valid(), (step.slug, form.errors)
        assert save_step(draft, step, form.to_answers(), resume_at=next_step(step) or step) == []
    return draft


def submitted_intake(patient: Any, **answers: Any) -> Assessment:
    return submit_intake(answered_draft(patient, **answers), as_of=timezone.localdate())


def booked_today(patient: Any, practitioner: Any, *, reason: str = "") -> Appointment:
    """An appointment within today (the start of the current hour), whatever the time of the run."""
    starts = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    return Appointment.objects.create(
        clinic_id=patient.clinic_id,
        practitioner=practitioner,
        patient=patient,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        reason=reason,
    )
