"""Properties over generated intakes: the engine never fails on a valid intake, red flags only ever
raise the level, an unknown resolved to "no" changes nothing, and a pregnancy never lets a
pregnancy-cautioned point through the safety screen unremoved and unflagged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acuback.core.assess import assess
from acuback.core.intake import (
    Conditions,
    Factor,
    Intake,
    LimbSide,
    Medicines,
    Movement,
    OnsetHow,
    OtherComplaints,
    PainQuality,
    PainRegion,
    PulseQuality,
    RadiationArea,
    RedFlags,
    Reflex,
    Sex,
    Side,
    SlrResult,
    TongueBody,
    TongueCoating,
    TongueFeature,
    parse_intake,
)
from acuback.core.triage import triage
from acuback.knowledge import Atlas, load_atlas
from acuback.knowledge.engine_data import load_engine_data
from acuback.knowledge.models import CautionKind

AS_OF = dt.date(2025, 3, 1)
ANSWERS = st.sampled_from(["yes", "no", "unknown"])
PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]


def _answers(names: list[str]) -> st.SearchStrategy[dict[str, str]]:
    """Any subset of the questions, each answered yes, no or unknown (a missing one is unknown)."""
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, ANSWERS))


def _subset(values: list[str], max_size: int = 4) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), max_size=max_size, unique=True)


SCORES = st.none() | st.integers(0, 10)

findings = st.fixed_dictionaries(
    {},
    optional={
        "tongue": st.fixed_dictionaries(
            {},
            optional={
                "body": st.sampled_from(_values(TongueBody)),
                "coating": _subset(_values(TongueCoating), 3),
                "features": _subset(_values(TongueFeature), 2),
            },
        ),
        "pulse": _subset(_values(PulseQuality), 3),
        "tender_points": st.lists(st.sampled_from(["BL23", "GB30", "left buttock"]), max_size=2),
        "straight_leg_raise_positive": st.sampled_from(_values(SlrResult)),
        "strength_deficit": _subset(_values(Movement), 2),
        "reflexes_reduced": _subset(_values(Reflex), 2),
        "sensory_loss": _subset(_values(RadiationArea), 2),
    },
)


@st.composite
def intake_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid intake as decoded JSON: any mix of answered, unanswered and unknown questions."""
    data: dict[str, Any] = {"age": draw(st.integers(0, 120))}
    optional: dict[str, st.SearchStrategy[Any]] = {
        "sex": st.sampled_from(_values(Sex)),
        "pain_sites": st.lists(
            st.fixed_dictionaries(
                {
                    "region": st.sampled_from(_values(PainRegion)),
                    "side": st.sampled_from(_values(Side)),
                }
            ),
            max_size=3,
        ),
        "radiation": st.fixed_dictionaries(
            {},
            optional={
                "areas": _subset(_values(RadiationArea), 4),
                "side": st.sampled_from(_values(LimbSide)),
                "numbness": ANSWERS,
                "tingling": ANSWERS,
                "weakness": ANSWERS,
            },
        ),
        "intensity": st.fixed_dictionaries(
            {}, optional={"now": SCORES, "average": SCORES, "worst": SCORES}
        ),
        "onset": st.fixed_dictionaries(
            {},
            optional={
                "date": st.dates(AS_OF - dt.timedelta(days=40 * 365), AS_OF).map(dt.date.isoformat),
                "how": st.sampled_from(_values(OnsetHow)),
                "sudden": ANSWERS,
            },
        ),
        "pain_quality": _subset(_values(PainQuality)),
        "better": _subset(_values(Factor)),
        "worse": _subset(_values(Factor)),
        "previous_episodes": ANSWERS,
        "medicines": _answers([n for n in Medicines.model_fields if n != "other"]),
        "conditions": _answers(list(Conditions.model_fields)),
        "red_flags": _answers(list(RedFlags.model_fields)),
        "other_complaints": _answers([n for n in OtherComplaints.model_fields if n != "sleep"]),
        "findings": findings,
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    pregnant = draw(st.sampled_from([None, "yes", "no", "unknown"]))
    if pregnant is not None:
        data["pregnant"] = pregnant
        if pregnant == "yes" and draw(st.booleans()):
            data["pregnancy_weeks"] = draw(st.integers(0, 45))
    return data


@pytest.fixture(scope="module")
def bundled_atlas() -> Atlas:
    return load_atlas()


def _with(data: dict[str, Any], section: str, field: str, value: str) -> Intake:
    changed = {**data, section: {**data.get(section, {}), field: value}}
    return parse_intake(changed)


@PROPERTY_SETTINGS
@given(data=intake_data())
def test_any_valid_intake_assesses_without_error(data: dict[str, Any]) -> None:
    intake = parse_intake(data)

    result = assess(intake, load_atlas(), as_of=AS_OF)

    assert (result.prescription is None) == (result.triage.level.value == "emergency")
    assert result.classification.duration.value in {"acute", "subacute", "chronic", "unknown"}


RISK_FIELDS = (
    [("red_flags", name) for name in RedFlags.model_fields]
    + [("conditions", name) for name in Conditions.model_fields]
    + [("medicines", name) for name in Medicines.model_fields if name != "other"]
)


@PROPERTY_SETTINGS
@given(data=intake_data(), target=st.sampled_from(RISK_FIELDS))
def test_answering_a_red_flag_or_risk_factor_yes_never_lowers_the_level(
    data: dict[str, Any], target: tuple[str, str]
) -> None:
    section, field = target
    before = triage(parse_intake(data), as_of=AS_OF)

    after = triage(_with(data, section, field, "yes"), as_of=AS_OF)

    assert after.level.rank >= before.level.rank


@PROPERTY_SETTINGS
@given(data=intake_data(), field=st.sampled_from(list(RedFlags.model_fields)))
def test_resolving_an_unknown_red_flag_to_no_leaves_the_level_unchanged(
    data: dict[str, Any], field: str
) -> None:
    before_intake = _with(data, "red_flags", field, "unknown")

    before = triage(before_intake, as_of=AS_OF)
    after = triage(_with(data, "red_flags", field, "no"), as_of=AS_OF)

    assert after.level is before.level
    assert f"red_flags.{field}" not in {q.field for q in after.ask_before_treating}


@PROPERTY_SETTINGS
@given(data=intake_data())
def test_only_unanswered_questions_are_asked(data: dict[str, Any]) -> None:
    intake = parse_intake(data)

    verdict = triage(intake, as_of=AS_OF)

    for question in verdict.ask_before_treating:
        value: Any = intake
        for part in question.field.split("."):
            value = getattr(value, part)
        assert value in (None, "unknown"), f"{question.field} is answered ({value}) but asked"


def _forbidden_in_pregnancy() -> set[str]:
    rule = next(r for r in load_engine_data().safety_rules if r.id == "pregnancy_forbidden_points")
    assert rule.withhold is not None
    assert rule.withhold.points
    return set(rule.withhold.points)


@PROPERTY_SETTINGS
@given(data=intake_data(), weeks=st.none() | st.integers(0, 42))
def test_a_pregnancy_never_lets_a_pregnancy_cautioned_point_through(
    data: dict[str, Any], weeks: int | None
) -> None:
    data = {**data, "sex": "female", "pregnant": "yes"}
    data.pop("pregnancy_weeks", None)
    if weeks is not None:
        data["pregnancy_weeks"] = weeks
    atlas = load_atlas()

    result = assess(parse_intake(data), atlas, as_of=AS_OF)

    if result.prescription is None:
        return  # withheld altogether
    assert result.safety is not None
    kept = set(result.prescription.codes)
    assert not kept & _forbidden_in_pregnancy()
    flagged = {alert.point for alert in result.safety.point_alerts}
    for code in kept:
        try:
            point = atlas.point(code)
        except Exception:  # not in the atlas yet (or ASHI): the screen flags it as unchecked
            continue
        if any(caution.kind is CautionKind.PREGNANCY for caution in point.cautions):
            assert code in flagged, (
                f"{code} carries a pregnancy caution but was neither removed nor flagged"
            )
