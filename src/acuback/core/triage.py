"""Red-flag triage: which serious causes the intake raises, how urgently, and what is still unasked.

The rules are data (``data/red_flags.yaml``, loaded by :mod:`acuback.knowledge.red_flags`); this
module compiles their conditions once (see :mod:`acuback.core.red_flag_logic` and
:mod:`acuback.core.red_flag_program`) and evaluates them in three-valued (Kleene) logic:

* a condition is *true* when the answers given make it hold whatever the unknown answers are,
  *false* when they rule it out, and *unknown* otherwise;
* a true rule raises a flag; its ``answers`` are the intake fields that made it true;
* an unknown rule raises nothing, but the unknown answers that could make it true are listed as
  questions to ask before treating (never read as "no").

The verdict's level is the highest level among the flags (``none`` without flags). Rules only ever
test red-flag answers for "yes", so answering another red-flag question "yes" can never lower it.
See docs/clinical/triage.md for the algorithm in prose with worked cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from pydantic import BaseModel, ConfigDict

from acuback.core.intake import Intake
from acuback.core.records import derive, trusted
from acuback.core.red_flag_logic import (
    FALSE_OUTCOME,
    TRUE,
    UNKNOWN,
    Evaluator,
    Facts,
    RuleCompiler,
    episode_weeks,
)
from acuback.core.red_flag_program import Program, compile_rules_program
from acuback.knowledge.red_flags import (
    FlagLevel,
    RedFlagRule,
    RedFlagRules,
    field_tests,
    load_red_flag_rules,
)

__all__ = ["Question", "RedFlag", "TriageLevel", "TriageVerdict", "episode_weeks", "triage"]


class TriageLevel(StrEnum):
    """The verdict's action level, lowest first. ``none``: no red flag among the answers given."""

    NONE = "none"
    ROUTINE_REVIEW = "routine_review"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {
    TriageLevel.NONE: 0,
    TriageLevel.ROUTINE_REVIEW: 1,
    TriageLevel.URGENT: 2,
    TriageLevel.EMERGENCY: 3,
}


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RedFlag(_Result):
    """One raised red flag."""

    code: str
    condition: str
    level: TriageLevel
    reason: str
    action: str
    answers: tuple[str, ...]  # intake fields (dotted paths) whose answers raised it
    sources: tuple[str, ...]
    contested: str | None = None  # where the sources allow another level: which, and why this one


class Question(_Result):
    """An unanswered question that could raise a red flag: ask it before treating."""

    field: str
    question: str
    why: str
    rules: tuple[str, ...]  # codes of the rules the answer could raise
    level: TriageLevel  # the highest level those rules could reach


class TriageVerdict(_Result):
    """The outcome of :func:`triage`."""

    level: TriageLevel
    flags: tuple[RedFlag, ...]
    ask_before_treating: tuple[Question, ...]
    summary: str
    rules_version: str

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(flag.code for flag in self.flags)


_verdict = trusted(TriageVerdict)  # for values the engine built itself (records.trusted)


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity (see _question)
class _CompiledRule:
    rule: RedFlagRule
    evaluate: Evaluator
    level: TriageLevel
    flag_template: RedFlag


@dataclass(frozen=True, slots=True)
class _CompiledRules:
    rules: tuple[_CompiledRule, ...]
    program: Program  # every rule's outcome on an intake's facts, in file order


@cache
def _compile(rules: RedFlagRules) -> _CompiledRules:
    compiler = RuleCompiler(rules)
    compiled = []
    for rule in rules.rules:
        compiler.rule_code = rule.code
        evaluate = compiler.compile(rule.when)
        if rule.ask_when_unknown:
            for test in field_tests(rule.when):
                spec = compiler.specs[test.field]
                for field in spec.unknown:
                    if spec.kind in ("answer", "choice", "number", "interval") and (
                        field not in rules.questions
                    ):
                        raise compiler.fail(
                            test, f"needs a question under 'questions' for {field!r}"
                        )
        contested = None
        if rule.contested is not None:
            other = [lv.value for lv in rule.contested.levels if lv is not rule.level]
            contested = f"{' or '.join(other)} also defensible; {rule.contested.why}"
        level = TriageLevel(rule.level.value)
        template = RedFlag(
            code=rule.code,
            condition=rule.condition,
            level=level,
            reason=rule.reason,
            action=rule.action,
            answers=(),
            sources=rule.sources,
            contested=contested,
        )
        compiled.append(_CompiledRule(rule, evaluate, level, template))
    program = compile_rules_program(compiler, [(rule.code, rule.when) for rule in rules.rules])
    return _CompiledRules(tuple(compiled), program)


def compile_rules(rules: RedFlagRules | None = None) -> None:
    """Compile (and so check) a rule set against the intake model now rather than at first use.

    Raises :class:`DataFileError` naming the rule and field when a rule tests a field that does not
    exist, a value the field cannot hold, or lacks a question for an answer it may ask about.
    """
    _compile(rules or load_red_flag_rules())


# --- the verdict ----------------------------------------------------------------------------

_LEVEL_WORDS = {
    TriageLevel.EMERGENCY: "Emergency",
    TriageLevel.URGENT: "Urgent",
    TriageLevel.ROUTINE_REVIEW: "Routine medical review suggested",
}


def _summary(level: TriageLevel, flags: list[RedFlag], asks: int) -> str:
    pending = f" {asks} red-flag question{'s' if asks != 1 else ''} still to ask." if asks else ""
    if level is TriageLevel.NONE:
        if asks:
            return f"No red flag among the answers given;{pending[:-1]} before treating."
        return "No red flag among the answers given."
    top = flags[0]
    others = len(flags) - 1
    more = f" (and {others} more flag{'s' if others > 1 else ''})" if others else ""
    return f"{_LEVEL_WORDS[level]}: suggests {top.condition.lower()}{more}. {top.action}{pending}"


def triage(
    intake: Intake, *, as_of: dt.date | None = None, rules: RedFlagRules | None = None
) -> TriageVerdict:
    """Apply the red-flag rules to an intake.

    Takes the intake; ``as_of`` (the assessment date) lets rules use the episode's duration, which
    is otherwise unknown; ``rules`` defaults to the bundled ``red_flags.yaml``. Returns the
    :class:`TriageVerdict`: the highest level raised, the flags (highest level first, then in file
    order), and the unanswered questions that could raise a flag. Raises :class:`InvalidIntake`
    when the onset date lies after ``as_of``, and :class:`DataFileError` for a broken rule file.
    """
    rule_set = rules or load_red_flag_rules()
    compiled = _compile(rule_set)
    facts = Facts(intake, as_of)  # refuses an onset after the assessment date, whatever the rules
    fired: list[tuple[_CompiledRule, tuple[str, ...]]] = []
    pending: list[tuple[_CompiledRule, tuple[str, ...]]] = []
    for item, outcome in zip(compiled.rules, compiled.program(facts), strict=True):
        if outcome is FALSE_OUTCOME:  # most rules on most intakes: the one false outcome
            continue
        state, fields = outcome
        if state == TRUE:
            fired.append((item, fields))
        elif state == UNKNOWN and item.rule.ask_when_unknown:
            pending.append((item, fields))
    superseded = {code for item, _ in fired for code in item.rule.supersedes}
    flags = [
        derive(item.flag_template, answers=fields)
        for item, fields in fired
        if item.rule.code not in superseded
    ]
    flags.sort(key=lambda flag: -flag.level.rank)  # stable: file order within a level
    level = flags[0].level if flags else TriageLevel.NONE
    questions = _questions(rule_set, [(i, f) for i, f in pending if i.rule.code not in superseded])
    return _verdict(
        level=level,
        flags=tuple(flags),
        ask_before_treating=questions,
        summary=_summary(level, flags, len(questions)),
        rules_version=rule_set.version,
    )


def _questions(
    rules: RedFlagRules, pending: list[tuple[_CompiledRule, tuple[str, ...]]]
) -> tuple[Question, ...]:
    by_field: dict[str, list[_CompiledRule]] = {}
    for item, fields in pending:
        for field in fields:
            by_field.setdefault(field, []).append(item)
    questions = [_question(rules, field, tuple(items)) for field, items in by_field.items()]
    questions.sort(key=lambda q: -q.level.rank)
    return tuple(questions)


@cache
def _question(rules: RedFlagRules, field: str, items: tuple[_CompiledRule, ...]) -> Question:
    """One question; the same field asked for the same rules recurs often, so it is built once."""
    level = max((item.level for item in items), key=lambda lv: lv.rank)
    conditions = dict.fromkeys(f"{i.rule.condition.lower()} ({i.level.value})" for i in items)
    return Question(
        field=field,
        question=rules.questions.get(field, field),
        why="Unanswered; the answer could point to " + "; ".join(conditions) + ".",
        rules=tuple(dict.fromkeys(item.rule.code for item in items)),
        level=level,
    )


def level_of(flag_level: FlagLevel) -> TriageLevel:
    """The verdict level matching a rule's level."""
    return TriageLevel(flag_level.value)
