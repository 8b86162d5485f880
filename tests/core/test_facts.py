"""Conditions of the data files read the intake in three-valued logic; unknown is never "no"."""

from __future__ import annotations

from typing import Any

import pytest

from acuback.core.facts import condition_problems, evaluate
from acuback.core.intake import Intake, parse_intake
from acuback.knowledge.conditions import Condition


def _intake(**fields: Any) -> Intake:
    return parse_intake({"age": 40, **fields})


def _c(**raw: Any) -> Condition:
    return Condition.model_validate(raw)


def test_a_yes_answer_matches_is_yes() -> None:
    intake = _intake(other_complaints={"cold_limbs": "yes"})

    assert evaluate(_c(field="other_complaints.cold_limbs", **{"is": "yes"}), intake) is True


def test_a_no_answer_does_not_match_is_yes() -> None:
    intake = _intake(other_complaints={"cold_limbs": "no"})

    assert evaluate(_c(field="other_complaints.cold_limbs", **{"is": "yes"}), intake) is False


def test_an_unknown_answer_is_unknown_not_no() -> None:
    intake = _intake()

    assert evaluate(_c(field="other_complaints.cold_limbs", **{"is": "yes"}), intake) is None


def test_unknown_can_be_asked_for_literally() -> None:
    intake = _intake(sex="female")

    assert evaluate(_c(field="pregnant", **{"is": "unknown"}), intake) is True


def test_an_unticked_factor_is_no() -> None:
    intake = _intake(worse=["damp"])

    assert evaluate(_c(field="worse", has="cold"), intake) is False
    assert evaluate(_c(field="worse", has_any=["cold", "damp"]), intake) is True


def test_an_examination_not_recorded_is_unknown() -> None:
    assert evaluate(_c(field="findings.pulse", has="deep"), _intake()) is None
    assert (
        evaluate(_c(field="findings.tongue.body", **{"is": "pale"}), _intake(findings={})) is None
    )


def test_an_empty_examination_list_is_unknown_but_a_recorded_one_answers() -> None:
    no_pulse = _intake(findings={"pulse": []})
    wiry = _intake(findings={"pulse": ["wiry"]})

    assert evaluate(_c(field="findings.pulse", has="deep"), no_pulse) is None
    assert evaluate(_c(field="findings.pulse", has="deep"), wiry) is False


def test_between_is_inclusive() -> None:
    condition = _c(field="age", between=[12, 55])

    assert evaluate(condition, _intake()) is True
    assert evaluate(condition, parse_intake({"age": 55})) is True
    assert evaluate(condition, parse_intake({"age": 56})) is False


def test_duration_is_unknown_without_a_class() -> None:
    condition = _c(duration=["chronic"])

    assert evaluate(condition, _intake()) is None
    assert evaluate(condition, _intake(), "chronic") is True
    assert evaluate(condition, _intake(), "acute") is False


@pytest.mark.parametrize(
    ("answers", "expected"),
    [(("yes", "no"), False), (("yes", "unknown"), None), (("yes", "yes"), True)],
)
def test_all_is_false_on_any_no_and_unknown_on_any_unknown(
    answers: tuple[str, str], expected: bool | None
) -> None:
    intake = _intake(other_complaints={"sighing": answers[0], "low_mood": answers[1]})
    condition = _c(
        all=[
            {"field": "other_complaints.sighing", "is": "yes"},
            {"field": "other_complaints.low_mood", "is": "yes"},
        ]
    )

    assert evaluate(condition, intake) is expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [(("no", "yes"), True), (("no", "unknown"), None), (("no", "no"), False)],
)
def test_any_is_true_on_any_yes_and_unknown_on_any_unknown(
    answers: tuple[str, str], expected: bool | None
) -> None:
    intake = _intake(other_complaints={"sighing": answers[0], "low_mood": answers[1]})
    condition = _c(
        any=[
            {"field": "other_complaints.sighing", "is": "yes"},
            {"field": "other_complaints.low_mood", "is": "yes"},
        ]
    )

    assert evaluate(condition, intake) is expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (
            {"field": "other_complaints.cold_hands", "is": "yes"},
            "'other_complaints.cold_hands' is not an intake field",
        ),
        ({"field": "worse", "has": "drizzle"}, "'worse' has no value 'drizzle'"),
        ({"field": "worse", "is": "cold"}, "'worse' is a list; is/in does not apply"),
        (
            {"field": "onset.how", "has": "fall"},
            "'onset.how' is a single answer; has/has_any does not apply",
        ),
        ({"field": "findings", "is": "yes"}, "'findings' is a section, not an answer"),
        ({"field": "sex", "between": [1, 2]}, "'sex' is not a number"),
        (
            {"duration": ["chronicle"]},
            "duration 'chronicle' is not one of acute, subacute, chronic",
        ),
    ],
)
def test_condition_problems_name_the_mistake(raw: dict[str, Any], problem: str) -> None:
    assert condition_problems(_c(**raw)) == [problem]
