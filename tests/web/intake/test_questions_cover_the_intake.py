"""Every yes/no/not-sure question of the core's intake is asked, worded for a patient, in one group."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from acuback.core.intake import (
    Answer,
    Conditions,
    Intake,
    Medicines,
    OtherComplaints,
    Radiation,
    RedFlags,
)
from acuback.knowledge.red_flags import load_red_flag_rules
from acuback.web.intake.advice import FLAG_WORDS
from acuback.web.intake.forms import (
    CONDITION_GROUPS,
    MEDICINE_QUESTIONS,
    OTHER_COMPLAINT_GROUPS,
    RED_FLAG_GROUPS,
)
from acuback.web.intake.questions import QUESTIONS
from acuback.web.intake.steps import STEPS


def _answer_fields(model: type[BaseModel], prefix: str) -> set[str]:
    return {
        f"{prefix}{name}" for name, info in model.model_fields.items() if info.annotation is Answer
    }


def test_every_tri_state_answer_of_the_intake_has_a_patient_question() -> None:
    fields = _answer_fields(Intake, "")
    for section, model in (
        ("radiation", Radiation),
        ("medicines", Medicines),
        ("conditions", Conditions),
        ("red_flags", RedFlags),
        ("other_complaints", OtherComplaints),
    ):
        fields |= _answer_fields(model, f"{section}.")
    fields |= {"onset.sudden"}

    assert fields - set(QUESTIONS) == set()


@pytest.mark.parametrize(
    ("model", "names"),
    [
        (Conditions, [n for _t, names in CONDITION_GROUPS for n in names]),
        (RedFlags, [n for _t, names in RED_FLAG_GROUPS for n in names]),
        (OtherComplaints, [n for _t, names in OTHER_COMPLAINT_GROUPS for n in names]),
    ],
)
def test_each_section_question_is_in_exactly_one_group(
    model: type[BaseModel], names: list[str]
) -> None:
    assert sorted(names) == sorted(model.model_fields)


def test_the_medicine_questions_cover_the_medicines_section() -> None:
    assert {*MEDICINE_QUESTIONS, "other"} == set(Medicines.model_fields)


def test_the_steps_own_every_answer_the_patient_gives_and_nothing_twice() -> None:
    owned = [key for step in STEPS for key in step.owns]

    assert len(owned) == len(set(owned))
    assert set(Intake.model_fields) - set(owned) == {"findings"}


def test_every_red_flag_rule_has_plain_words_for_the_patient() -> None:
    codes = {rule.code for rule in load_red_flag_rules().rules}

    assert codes - set(FLAG_WORDS) == set()
