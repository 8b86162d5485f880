"""The engine's shortcuts answer as the plain code they replace, on generated intakes: each pattern's
generated scorer equals its reference reading, and an intake with nothing in a limb skips the
radicular reading without changing what it would have found."""

from __future__ import annotations

import importlib
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from acuback.core.intake import parse_intake
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
