"""The intake model: tri-state answers, refusals that name the field, and the published schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from acuback.core.errors import InvalidIntake, UnreadableIntake
from acuback.core.intake import (
    Answer,
    Intake,
    LimbSide,
    PainRegion,
    RadiationArea,
    intake_json_schema,
    parse_intake,
    parse_intake_json,
)


def test_a_minimal_intake_needs_only_the_age() -> None:
    intake = parse_intake({"age": 40})

    assert intake.age == 40
    assert intake.pain_sites == ()
    assert intake.findings is None


def test_unanswered_questions_default_to_unknown_never_no() -> None:
    intake = parse_intake({"age": 40})

    assert intake.red_flags.saddle_numbness is Answer.UNKNOWN
    assert intake.conditions.cancer_history is Answer.UNKNOWN
    assert intake.pregnant is Answer.UNKNOWN
    assert intake.radiation.weakness is Answer.UNKNOWN


def test_a_full_intake_parses_into_typed_values() -> None:
    intake = parse_intake(
        {
            "age": 52,
            "sex": "female",
            "pregnant": "no",
            "pain_sites": [{"region": "lower_back", "side": "left"}],
            "radiation": {"areas": ["calf", "little_toe"], "side": "left", "numbness": "yes"},
            "intensity": {"now": 4, "average": 5, "worst": 8},
            "onset": {"date": "2025-01-06", "how": "lifting", "sudden": "yes"},
            "better": ["warmth"],
            "worse": ["cold", "sitting"],
            "findings": {
                "tongue": {"body": "pale", "coating": ["white"]},
                "pulse": ["deep", "slow"],
                "straight_leg_raise_positive": "left",
                "reflexes_reduced": ["ankle"],
            },
        }
    )

    assert intake.onset.date == dt.date(2025, 1, 6)
    assert intake.regions == frozenset({PainRegion.LOWER_BACK})
    assert intake.radiation.side is LimbSide.LEFT
    assert intake.radiation.below_knee is True
    assert intake.findings is not None
    assert intake.findings.pulse == ("deep", "slow")


def test_the_intake_is_frozen_and_hashable() -> None:
    intake = parse_intake({"age": 40, "worse": ["cold"]})

    with pytest.raises(ValueError, match="frozen"):
        intake.age = 41  # type: ignore[misc]
    assert hash(intake) == hash(parse_intake({"age": 40, "worse": ["cold"]}))


@pytest.mark.parametrize(
    ("areas", "below", "leg", "arm"),
    [
        ([], False, False, False),
        (["buttock", "thigh_back"], False, True, False),
        (["knee"], False, True, False),
        (["calf"], True, True, False),
        (["big_toe"], True, True, False),
        (["thumb_index"], False, False, True),
    ],
)
def test_radiation_flags_are_derived_from_the_areas(
    areas: list[str], below: bool, leg: bool, arm: bool
) -> None:
    radiation = parse_intake({"age": 40, "radiation": {"areas": areas}}).radiation

    assert (radiation.below_knee, radiation.into_leg, radiation.into_arm) == (below, leg, arm)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"age": -1}, "age", "greater than or equal to 0"),
        ({"age": 121}, "age", "less than or equal to 120"),
        ({"age": 40, "intensity": {"now": 14}}, "intensity.now", "less than or equal to 10"),
        ({"age": 40, "intensity": {"worst": -2}}, "intensity.worst", "greater than or equal to 0"),
        (
            {"age": 40, "pregnant": "yes", "pregnancy_weeks": 50},
            "pregnancy_weeks",
            "less than or equal to 45",
        ),
        ({"age": 40, "favourite_colour": "blue"}, "favourite_colour", "is not a known field"),
        (
            {"age": 40, "red_flags": {"saddle_numbess": "yes"}},
            "red_flags.saddle_numbess",
            "is not a known field",
        ),
        (
            {"age": 40, "red_flags": {"saddle_numbness": "maybe"}},
            "red_flags.saddle_numbness",
            "'yes', 'no' or 'unknown'",
        ),
        (
            {"age": 40, "pain_sites": [{"region": "elbow"}]},
            "pain_sites.0.region",
            "Input should be",
        ),
        ({"age": 40, "onset": {"date": "last tuesday"}}, "onset.date", "valid date"),
        ({}, "age", "is required"),
    ],
)
def test_a_bad_value_is_refused_with_the_field_named(
    data: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InvalidIntake) as caught:
        parse_intake(data)

    assert caught.value.problems[0].field == field
    assert message in caught.value.problems[0].message
    assert f"'{field}'" in str(caught.value)
    assert caught.value.code == "invalid_intake"


def test_every_problem_is_listed_not_only_the_first() -> None:
    with pytest.raises(InvalidIntake) as caught:
        parse_intake({"age": -5, "intensity": {"now": 11}, "colour": "red"})

    fields = [problem.field for problem in caught.value.problems]
    assert fields == ["age", "intensity.now", "colour"]
    assert str(caught.value).endswith("(and 2 more problems).")


def test_pregnancy_weeks_need_a_pregnancy() -> None:
    with pytest.raises(InvalidIntake) as caught:
        parse_intake({"age": 30, "pregnant": "no", "pregnancy_weeks": 20})

    assert caught.value.problems[0].field == "pregnancy_weeks"
    assert parse_intake({"age": 30, "pregnant": "yes", "pregnancy_weeks": 20}).pregnancy_weeks == 20


def test_json_text_is_parsed_and_broken_json_is_refused_with_its_position() -> None:
    assert parse_intake_json('{"age": 33}').age == 33

    with pytest.raises(UnreadableIntake, match="not valid JSON at line 1, column 11"):
        parse_intake_json('{"age": 33')


def test_a_json_value_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(UnreadableIntake, match="must be a JSON object"):
        parse_intake_json("[1, 2]")


def test_the_schema_describes_every_section_and_forbids_unknown_fields() -> None:
    schema = intake_json_schema()

    assert schema["title"] == "Acuback intake"
    assert schema["required"] == ["age"]
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == set(Intake.model_fields)
    assert schema["$defs"]["RedFlags"]["additionalProperties"] is False
    assert schema["$defs"]["Intensity"]["properties"]["now"]["anyOf"][0]["maximum"] == 10
    assert schema["$defs"]["RadiationArea"]["enum"] == [a.value for a in RadiationArea]


def test_the_schema_is_a_fresh_copy_each_time() -> None:
    first = intake_json_schema()
    first["title"] = "changed"

    assert intake_json_schema()["title"] == "Acuback intake"
