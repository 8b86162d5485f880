"""Loading red_flags.yaml: the bundled rules load, and a broken file is refused with a clear message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from acuback.core.triage import compile_rules
from acuback.knowledge.errors import DataFileError
from acuback.knowledge.red_flags import (
    AllOf,
    AnyOf,
    CountOf,
    FieldTest,
    FlagLevel,
    build_red_flag_rules,
    load_red_flag_rules,
)


def _rewrite(root: Path, change: str, to: str) -> None:
    path = root / "red_flags.yaml"
    text = path.read_text(encoding="utf-8")
    assert change in text, change
    path.write_text(text.replace(change, to, 1), encoding="utf-8")


def _add_rule(root: Path, rule: dict[str, object]) -> None:
    path = root / "red_flags.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["rules"].append(rule)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


RULE = {
    "code": "test_rule",
    "condition": "Test condition",
    "level": "urgent",
    "when": "red_flags.vomiting",
    "reason": "A reason long enough.",
    "action": "An action long enough.",
    "sources": ["nice_cks_lbp"],
}


def test_the_bundled_rules_load_and_compile() -> None:
    rules = load_red_flag_rules()

    compile_rules(rules)

    assert len(rules.rules) == 26
    assert {rule.level for rule in rules.rules} == set(FlagLevel)
    assert all(rule.sources for rule in rules.rules)


def test_shorthand_definitions_and_counts_parse_into_a_condition_tree() -> None:
    rules = load_red_flag_rules()

    axspa = rules.rule("axspa_referral").when
    ces = rules.rule("cauda_equina").when

    assert isinstance(axspa, AllOf)
    assert isinstance(axspa.conditions[2], CountOf)
    assert axspa.conditions[2].min_count == 4
    assert isinstance(ces, AnyOf)
    assert ces.conditions[0] == FieldTest(field="red_flags.saddle_numbness", is_="yes")


def test_every_contested_rule_chooses_the_higher_level() -> None:
    for rule in load_red_flag_rules().rules:
        if rule.contested is not None:
            assert rule.level is max(rule.contested.levels, key=lambda level: level.rank), rule.code


def test_an_unknown_source_is_refused(data_copy: Path) -> None:
    _add_rule(data_copy, {**RULE, "sources": ["nobody2020"]})

    with pytest.raises(
        DataFileError, match="item test_rule: field 'sources': cites unknown source 'nobody2020'"
    ):
        build_red_flag_rules(data_copy)


def test_an_unknown_key_in_a_condition_is_refused(data_copy: Path) -> None:
    _add_rule(data_copy, {**RULE, "when": {"field": "age", "over": 50}})

    with pytest.raises(
        DataFileError, match=r"item test_rule: field 'when': has unknown keys \['over'\]"
    ):
        build_red_flag_rules(data_copy)


def test_a_reference_to_a_missing_definition_is_refused(data_copy: Path) -> None:
    _add_rule(data_copy, {**RULE, "when": {"ref": "nowhere"}})

    with pytest.raises(DataFileError, match="refers to 'nowhere', which is not in definitions"):
        build_red_flag_rules(data_copy)


def test_a_count_larger_than_its_list_is_refused(data_copy: Path) -> None:
    _add_rule(
        data_copy,
        {**RULE, "when": {"min_count": 3, "of": ["red_flags.vomiting", "red_flags.night_sweats"]}},
    )

    with pytest.raises(DataFileError, match="asks for 3 of 2 conditions"):
        build_red_flag_rules(data_copy)


def test_a_rule_may_not_supersede_a_higher_level_rule(data_copy: Path) -> None:
    _add_rule(data_copy, {**RULE, "supersedes": ["cauda_equina"]})

    with pytest.raises(
        DataFileError, match="may not replace 'cauda_equina', which has a higher level"
    ):
        build_red_flag_rules(data_copy)


def test_a_contested_choice_must_be_the_rule_level(data_copy: Path) -> None:
    contested = {
        "levels": ["urgent", "emergency"],
        "chosen": "emergency",
        "why": "A reason that is long enough.",
    }
    _add_rule(data_copy, {**RULE, "contested": contested})

    with pytest.raises(
        DataFileError, match=re.escape("field 'contested.chosen': must equal the rule's level")
    ):
        build_red_flag_rules(data_copy)


def test_a_field_that_the_intake_lacks_is_refused_when_compiled(data_copy: Path) -> None:
    _add_rule(data_copy, {**RULE, "when": "red_flags.headache"})

    with pytest.raises(
        DataFileError,
        match=re.escape("item test_rule: field 'red_flags.headache': is not an intake field"),
    ):
        compile_rules(build_red_flag_rules(data_copy))


def test_a_value_the_field_cannot_hold_is_refused_when_compiled(data_copy: Path) -> None:
    _add_rule(data_copy, {**RULE, "when": {"field": "onset.how", "in": ["skiing"]}})

    with pytest.raises(DataFileError, match=re.escape("field 'onset.how': has no value 'skiing'")):
        compile_rules(build_red_flag_rules(data_copy))


def test_a_red_flag_tested_for_no_is_refused_to_keep_the_rules_monotone(data_copy: Path) -> None:
    _add_rule(data_copy, {**RULE, "when": {"field": "red_flags.vomiting", "is": "no"}})

    with pytest.raises(DataFileError, match="may only be tested for 'yes'"):
        compile_rules(build_red_flag_rules(data_copy))


def test_an_answer_asked_about_needs_a_question_text(data_copy: Path) -> None:
    _rewrite(data_copy, '  red_flags.vomiting: "Any vomiting?"\n', "")

    with pytest.raises(
        DataFileError,
        match=re.escape("needs a question under 'questions' for 'red_flags.vomiting'"),
    ):
        compile_rules(build_red_flag_rules(data_copy))
