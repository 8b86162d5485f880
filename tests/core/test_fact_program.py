"""The whole-list condition program: same answers as one condition at a time, repeats run once,
and nothing from the data is pasted into the generated source."""

from __future__ import annotations

from typing import Any

import pytest

from acuback.core.fact_program import compile_program
from acuback.core.facts import evaluate
from acuback.core.intake import Intake, parse_intake
from acuback.knowledge.conditions import Condition


def _c(**raw: Any) -> Condition:
    return Condition.model_validate(raw)


def _intake(**extra: Any) -> Intake:
    return parse_intake({"age": 40, **extra})


def test_answers_each_condition_in_order_and_repeats_share_one_test() -> None:
    cold = _c(field="worse", has_any=["cold"])
    conditions = [
        cold,
        _c(field="findings.pulse", has_any=["deep"]),
        cold,
        _c(all=[{"field": "worse", "has": "cold"}, {"duration": ["chronic"]}]),
        _c(any=[{"field": "age", "between": [60, 120]}, {"field": "pregnant", "is": "yes"}]),
    ]
    program = compile_program(conditions)
    intake = _intake(worse=["cold"], pregnant="unknown")

    assert program(intake, None) == (True, None, True, None, None)
    assert program(intake, "chronic") == (True, None, True, True, None)
    assert program(_intake(worse=["heat"], pregnant="no"), "acute") == (
        False, None, False, False, False,
    )  # fmt: skip
    assert program.__doc__ is not None
    assert program.__doc__.count("k1.isdisjoint") == 1  # the repeated condition is tested once


def test_matches_evaluate_through_absent_and_recorded_sections() -> None:
    conditions = [
        _c(field="findings.tongue.body", **{"in": ["pale", "red"]}),
        _c(field="findings.tongue.coating", has="thick"),
        _c(field="pain_quality", has_any=["stabbing"]),
        _c(field="red_flags.fever_or_chills", **{"is": "yes"}),
        _c(field="pregnant", **{"in": ["unknown"]}),
    ]
    program = compile_program(conditions)
    intakes = [
        _intake(),
        _intake(findings={}),
        _intake(findings={"tongue": {"body": "pale", "coating": ["thick"]}}),
        _intake(pain_quality=["dull_ache"], red_flags={"fever_or_chills": "yes"}, pregnant="no"),
    ]
    for intake in intakes:
        assert program(intake, None) == tuple(evaluate(c, intake) for c in conditions)


def test_words_from_the_data_never_enter_the_source() -> None:
    sneaky = "x'); import os; os.system('true'); ('"
    program = compile_program([_c(field="worse", has_any=[sneaky])])

    assert program.__doc__ is not None
    assert sneaky not in program.__doc__
    assert program(_intake(worse=["cold"]), None) == (False,)


@pytest.mark.parametrize("path", ["worse.if", "__class__", "onset._private", "a-b"])
def test_a_path_that_is_not_plain_identifiers_is_refused(path: str) -> None:
    condition = Condition.model_construct(field=path, has="cold")

    with pytest.raises(ValueError, match="not a field path"):
        compile_program([condition])
