"""The red-flag program answers every rule exactly as the reference closures do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given

from acuback.core.intake import parse_intake
from acuback.core.red_flag_logic import Facts, RuleCompiler
from acuback.core.red_flag_program import compile_rules_program
from acuback.knowledge.red_flags import load_red_flag_rules
from tests.core.engine_factories import AS_OF
from tests.core.test_properties import PROPERTY_SETTINGS, intake_data

RULES = load_red_flag_rules()
_COMPILER = RuleCompiler(RULES)
REFERENCE = [_COMPILER.compile(rule.when) for rule in RULES.rules]
PROGRAM = compile_rules_program(_COMPILER, [(rule.code, rule.when) for rule in RULES.rules])


@PROPERTY_SETTINGS
@given(data=intake_data())
def test_the_program_gives_each_rule_the_reference_outcome(data: dict[str, Any]) -> None:
    intake = parse_intake(data)
    onset = intake.onset.date
    for as_of in (None, AS_OF if onset is None or onset <= AS_OF else onset):
        expected = [evaluate(Facts(intake, as_of)) for evaluate in REFERENCE]

        assert list(PROGRAM(Facts(intake, as_of))) == expected


def test_a_blank_intake_leaves_every_asked_rule_unknown_and_fires_none() -> None:
    outcomes = PROGRAM(Facts(parse_intake({"age": 40}), dt.date(2025, 3, 1)))

    assert len(outcomes) == len(RULES.rules)
    assert all(state != 1 for state, _ in outcomes)  # nothing is true on no answers
    assert outcomes == tuple(
        evaluate(Facts(parse_intake({"age": 40}), dt.date(2025, 3, 1))) for evaluate in REFERENCE
    )


def test_the_source_holds_no_text_from_the_rule_file() -> None:
    source = PROGRAM.__doc__ or ""

    assert source.startswith("def program(facts):")
    for rule in RULES.rules:  # field names come from the intake model; the file's words never
        assert rule.reason not in source
        assert rule.action not in source
    for question in RULES.questions.values():
        assert question not in source
