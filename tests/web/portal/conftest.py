"""Questionnaire answers as a patient posts them, step by step, and a helper that fills them all in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from acuback.web.intake.forms import RED_FLAG_GROUPS
from acuback.web.intake.models import IntakeForm

ALL_RED_FLAGS = [name for _title, names in RED_FLAG_GROUPS for name in names]


def red_flags(**yes: str) -> dict[str, str]:
    """Every red-flag question answered No, except those given."""
    answers = dict.fromkeys(ALL_RED_FLAGS, "no")
    answers.update(yes)
    return answers


def step_posts(**red: str) -> dict[str, dict[str, Any]]:
    """One plausible POST per step: a woman of 46 with one-sided low back pain for three months."""
    onset = (dt.date.today() - dt.timedelta(days=90)).isoformat()
    return {
        "about": {"age": "46", "sex": "female", "pregnant": "no"},
        "where": {"sites": ["lower_back:left", "lower_back:central", "buttock:left"]},
        "spreading": {
            "areas": ["buttock", "thigh_back"],
            "side": "left",
            "numbness": "no",
            "tingling": "unknown",
        },
        "intensity": {"now": "4", "average": "5", "worst": "7"},
        "onset": {"date": onset, "how": "lifting", "sudden": "yes"},
        "factors": {"better": ["warmth", "movement"], "worse": ["cold", "sitting"]},
        "treatments": {
            "previous_episodes": "yes",
            "treatments": ["physiotherapy", "painkillers"],
            "other_treatments": "yoga",
            "nsaid": "yes",
            "anticoagulant": "no",
            "other_medicines": "levothyroxine 50 micrograms",
        },
        "health": {"diabetes": "no", "pacemaker_or_icd": "no", "needle_phobia": "unknown"},
        "safety": red_flags(**red),
        "general": {"sleep": "poor", "tiredness": "yes", "feels_cold": "yes"},
    }


def fill_questionnaire(client: Client, intake_form: IntakeForm, **red: str) -> None:
    """Post every step, as a patient pressing "Save and continue" on each."""
    for slug, data in step_posts(**red).items():
        response = client.post(
            f"/portal/questionnaire/{intake_form.pk}/step/{slug}/", {**data, "nav": "next"}
        )
        assert response.status_code == 302, (slug, response.content.decode()[:2000])


@pytest.fixture
def draft(world: Any) -> IntakeForm:
    return IntakeForm.objects.create(
        patient=world.paula, entered_by=world.paula_user, current_step="about"
    )
