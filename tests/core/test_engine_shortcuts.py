"""The engine's shortcuts answer as the plain code they replace, on generated intakes: each pattern's
generated scorer equals its reference reading, and an intake with nothing in a limb skips the
radicular reading without changing what it would have found; the insertion cap and the region
points built once give what the plain loops give."""

from __future__ import annotations

import importlib
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from acuback.core.intake import parse_intake
from acuback.knowledge import load_atlas
from acuback.knowledge.classification_data import load_classification_data
from acuback.knowledge.engine_data import load_engine_data
from tests.core.test_properties import PROPERTY_SETTINGS, intake_data

# The modules, not the functions the package re-exports under the same names.
patterns = importlib.import_module("acuback.core.patterns")
classify = importlib.import_module("acuback.core.classify")


@PROPERTY_SETTINGS
@given(data=intake_data(), duration=st.sampled_from([None, "acute", "subacute", "chronic"]))
def test_each_generated_scorer_equals_the_reference_score(
    data: dict[str, Any], duration: str | None
) -> None:
    book = patterns._compile(load_engine_data())
    truths = book.program(parse_intake(data), duration)
    for pattern in book.patterns:
        fast, plain = pattern.score(truths), pattern.reference_score(truths)
        assert fast == plain
        assert fast.model_fields_set == plain.model_fields_set
        assert fast.model_dump_json() == plain.model_dump_json()


def test_the_scorer_source_holds_positions_not_data() -> None:
    book = patterns._compile(load_engine_data())
    for pattern in book.patterns:
        source = pattern.score.__doc__
        assert source is not None
        assert "truths[" in source
        for _, evidence in (*pattern.for_, *pattern.against):
            assert evidence.finding not in source
            assert evidence.source not in source


@PROPERTY_SETTINGS
@given(data=intake_data())
def test_skipping_the_radicular_reading_loses_nothing(data: dict[str, Any]) -> None:
    intake = parse_intake(data)
    table = classify._checked(load_classification_data())
    if not classify._no_limb_signs(intake):
        return
    lumbar, cervical = classify._lumbar(intake, table), classify._cervical(intake, table)
    assert not lumbar.basis
    assert not cervical.basis
    assert not lumbar.roots
    assert not cervical.roots
    assert classify._radicular(intake, table)[0] == classify._NOT_RADICULAR


def test_a_leg_sign_on_examination_is_not_skipped() -> None:
    intake = parse_intake({"age": 40, "findings": {"reflexes_reduced": ["ankle"]}})
    table = classify._checked(load_classification_data())
    assert not classify._no_limb_signs(intake)
    radicular = classify._radicular(intake, table)[0]
    assert radicular.present
    assert radicular.likely_roots[0].root == "S1"


# --- prescription: the insertion cap and the region points built once -----------------------

prescribe = importlib.import_module("acuback.core.prescribe")


def _reference_cap(builder: Any, limit: int) -> tuple[list[Any], list[str]]:
    """The cap read plainly: drop the lowest-priority, latest-added point until within the limit,
    stopping at ashi."""
    kept = list(builder.points)
    dropped: list[str] = []
    while sum(p.insertions for p in kept) > limit:
        victim = max(range(len(kept)), key=lambda i: (builder.priority[kept[i].code], i))
        if kept[victim].code == prescribe.ASHI:
            break
        dropped.append(kept.pop(victim).code)
    return kept, dropped


@given(
    points=st.lists(
        st.tuples(
            st.sampled_from(["BL23", "BL25", "GV4", "KI3", "BL40", "GB30", "SI3", prescribe.ASHI]),
            st.sampled_from(list(prescribe.PointSide)),
            st.integers(-1, 120),
        ),
        max_size=14,
    ),
    limit=st.integers(0, 24),
)
def test_the_cap_drops_what_the_plain_loop_drops(
    points: list[tuple[str, Any, int]], limit: int
) -> None:
    builder = prescribe._Builder(load_atlas())
    for code, side, priority in points:
        builder.add(code, side, prescribe.PointRole.LOCAL, "why", "source", True, priority)
    assert prescribe._cap(builder, limit) == _reference_cap(builder, limit)


@PROPERTY_SETTINGS
@given(data=intake_data(), duration=st.sampled_from([None, "acute", "subacute", "chronic"]))
def test_region_points_built_once_equal_those_added_one_by_one(
    data: dict[str, Any], duration: str | None
) -> None:
    intake = parse_intake(data)
    knowledge = load_engine_data()
    for region, side in prescribe._regions(intake):
        rule = knowledge.region_rules.rule_for(region.value)
        if rule is None:
            continue
        kept, plain = prescribe._Builder(load_atlas()), prescribe._Builder(load_atlas())
        prescribe._apply_region(kept, rule, side, duration)
        for code, role, rationale, source, at_site, priority in prescribe._entries(
            rule, side, duration
        ):
            plain.add(code, side, role, rationale, source, at_site, priority)
        assert kept.points == plain.points
        assert kept.priority == plain.priority
