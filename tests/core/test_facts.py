"""Conditions of the data files read the intake in three-valued logic; unknown is never "no"."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
from hypothesis import given

from acuback.core.fact_program import compile_program
from acuback.core.facts import (
    compile_condition,
    condition_problems,
    evaluate,
    field_reader,
    read_field,
)
from acuback.core.intake import Intake, parse_intake
from acuback.knowledge.conditions import Condition
from acuback.knowledge.engine_data import load_engine_data
from tests.core.test_properties import PROPERTY_SETTINGS, intake_data


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


def test_what_the_pain_feels_like_is_unknown_until_the_patient_ticks_something() -> None:
    stabbing = _c(field="pain_quality", has="stabbing")
    assert evaluate(stabbing, _intake()) is None
    assert evaluate(stabbing, _intake(pain_quality=["dull_ache"])) is False
    assert evaluate(stabbing, _intake(pain_quality=["stabbing", "stiff"])) is True


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


# --- compiled conditions ------------------------------------------------------------------------


def _text(value: Any) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)


def _reference(condition: Condition, intake: Intake, duration: str | None) -> bool | None:
    """The three-valued reading spelt out plainly, field by field, to check the compiled one against."""
    if condition.all_ is not None:
        results = [_reference(c, intake, duration) for c in condition.all_]
        return False if False in results else (None if None in results else True)
    if condition.any_ is not None:
        results = [_reference(c, intake, duration) for c in condition.any_]
        return True if True in results else (None if None in results else False)
    if condition.duration is not None:
        return None if duration is None else duration in condition.duration
    assert condition.field is not None
    value = read_field(intake, condition.field)
    if value is None:
        return None
    if condition.between is not None:
        return condition.between[0] <= int(value) <= condition.between[1]
    if condition.is_ is not None or condition.in_ is not None:
        wanted = (condition.is_,) if condition.is_ is not None else condition.in_ or ()
        return (
            None
            if _text(value) == "unknown" and "unknown" not in wanted
            else _text(value) in wanted
        )
    wanted = (condition.has,) if condition.has is not None else condition.has_any or ()
    held = {_text(item) for item in value}
    if held & set(wanted):
        return True
    unasked = condition.field.startswith("findings.") or condition.field == "pain_quality"
    return None if not held and unasked else False


def _data_conditions() -> list[Condition]:
    data = load_engine_data()
    found = [f.when for p in data.patterns.patterns for f in (*p.for_, *p.against)]
    found += [rule.when for rule in data.safety_rules if rule.when is not None]
    return found


DATA_CONDITIONS = _data_conditions()
COMPILED = [compile_condition(c) for c in DATA_CONDITIONS]
PROGRAM = compile_program(DATA_CONDITIONS)


@PROPERTY_SETTINGS
@given(data=intake_data())
def test_compiled_data_conditions_read_every_intake_as_the_plain_reading_does(
    data: dict[str, Any],
) -> None:
    intake = parse_intake(data)

    for duration in (None, "acute", "chronic"):
        truths = PROGRAM(intake, duration)
        for condition, compiled, truth in zip(DATA_CONDITIONS, COMPILED, truths, strict=True):
            expected = _reference(condition, intake, duration)
            assert compiled(intake, duration) is expected, condition
            assert truth is expected, condition  # the whole-list program answers the same


def test_a_compiled_condition_is_reused_across_intakes() -> None:
    compiled = compile_condition(_c(field="findings.pulse", has_any=["deep", "weak"]))

    assert compiled(_intake(), None) is None  # no examination recorded
    assert compiled(_intake(findings={"pulse": []}), None) is None
    assert compiled(_intake(findings={"pulse": ["wiry"]}), None) is False
    assert compiled(_intake(findings={"pulse": ["weak"]}), None) is True


def test_a_compiled_number_test_and_a_literal_unknown() -> None:
    adult = compile_condition(_c(field="age", between=[18, 65]))
    asks_unknown = compile_condition(_c(field="pregnant", **{"in": ["unknown", "yes"]}))

    assert [adult(parse_intake({"age": a}), None) for a in (17, 18, 65, 66)] == [
        False,
        True,
        True,
        False,
    ]
    assert asks_unknown(_intake(), None) is True
    assert asks_unknown(_intake(pregnant="no"), None) is False


@pytest.mark.parametrize(
    "path",
    ["age", "red_flags.saddle_numbness", "onset.date", "radiation.areas", "findings.pulse",
     "findings.tongue.body", "findings.tongue.coating", "findings.range_of_motion"],
)  # fmt: skip
def test_field_reader_reads_as_read_field_through_absent_sections(path: str) -> None:
    intakes = [
        _intake(),
        _intake(findings={}),
        _intake(findings={"tongue": {"body": "pale"}, "pulse": ["deep"]}),
        _intake(onset={"date": "2024-05-01"}, radiation={"areas": ["calf"]}),
    ]
    read = field_reader(path)

    assert [read(i) for i in intakes] == [read_field(i, path) for i in intakes]


def test_field_reader_refuses_a_field_the_intake_lacks_when_read() -> None:
    read = field_reader("other_complaints.cold_hands")

    with pytest.raises(AttributeError):
        read(_intake())
