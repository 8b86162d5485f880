"""Red-flag triage: which serious causes the intake raises, how urgently, and what is still unasked.

The rules are data (``data/red_flags.yaml``, loaded by :mod:`acuback.knowledge.red_flags`); this
module compiles their conditions once into small closures and evaluates them in three-valued
(Kleene) logic:

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
import math
import operator
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, cached_property, lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from acuback.core.errors import InvalidIntake
from acuback.core.intake import (
    ARM_AREAS,
    BELOW_KNEE_AREAS,
    LEG_AREAS,
    Answer,
    Intake,
    PainRegion,
)
from acuback.core.records import derive
from acuback.knowledge.errors import DataFileError
from acuback.knowledge.red_flags import (
    AllOf,
    AnyOf,
    Condition,
    CountOf,
    FieldTest,
    FlagLevel,
    RedFlagRule,
    RedFlagRules,
    field_tests,
    load_red_flag_rules,
)

DAYS_PER_WEEK = 7.0
WEEKS_PER_YEAR = 365.25 / 7.0


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


# --- three-valued evaluation ----------------------------------------------------------------

FALSE, TRUE, UNKNOWN = 0, 1, 2
# (state, fields): for TRUE the fields that made it true; for UNKNOWN those whose answer could.
Outcome = tuple[int, tuple[str, ...]]
_FALSE: Outcome = (FALSE, ())
Evaluator = Callable[["_Facts"], Outcome]


class _Facts:
    """One intake with its derived values, computed once per triage."""

    __slots__ = ("__dict__", "as_of", "intake")

    def __init__(self, intake: Intake, as_of: dt.date | None) -> None:
        self.intake = intake
        self.as_of = as_of

    @cached_property
    def duration_weeks(self) -> tuple[float, float]:
        """Weeks since onset as an interval: exact when known, [0, inf] when not."""
        weeks = episode_weeks(self.intake, self.as_of)
        return (weeks, weeks) if weeks is not None else (0.0, math.inf)

    @cached_property
    def onset_age(self) -> tuple[float, float]:
        low, high = self.duration_weeks
        age = float(self.intake.age)
        return (max(age - high / WEEKS_PER_YEAR, 0.0), age - low / WEEKS_PER_YEAR)

    @cached_property
    def regions(self) -> frozenset[str]:
        return frozenset(site.region.value for site in self.intake.pain_sites)

    @cached_property
    def areas(self) -> frozenset[str]:
        return frozenset(area.value for area in self.intake.radiation.areas)


def episode_weeks(intake: Intake, as_of: dt.date | None) -> float | None:
    """Weeks from ``intake.onset.date`` to ``as_of``; ``None`` when either is missing.

    Raises :class:`InvalidIntake` when the onset lies after ``as_of``.
    """
    onset = intake.onset.date
    if onset is None or as_of is None:
        return None
    days = (as_of - onset).days
    if days < 0:
        raise InvalidIntake.single(
            "onset.date", f"is after the assessment date {as_of.isoformat()}"
        )
    return days / DAYS_PER_WEEK


@dataclass(frozen=True, slots=True)
class _Spec:
    """What kind of value an intake field (or a derived field) holds."""

    kind: str  # answer | choice | number | set | bool | text | date
    values: frozenset[str] | None  # allowed words for choice and set fields
    getter: Callable[[_Facts], Any]
    reported: tuple[str, ...]  # the intake fields named in a flag's answers
    asked: tuple[str, ...] = ()  # the fields to ask about when unknown (default: ``reported``)

    @property
    def unknown(self) -> tuple[str, ...]:
        return self.asked or self.reported


def _unwrap_optional(annotation: Any) -> Any:
    """``X | None`` and ``Annotated[X, ...]`` both read as ``X``."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            annotation = args[0]
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _path_getter(path: str, nullable: bool) -> Callable[[_Facts], Any]:
    """Read a dotted path from the intake; through an optional section (``findings``) a missing
    section reads as ``None``."""
    if not nullable:
        return operator.attrgetter(f"intake.{path}")  # one C call through the facts to the answer
    parts = tuple(path.split("."))

    def get(facts: _Facts) -> Any:
        value: Any = facts.intake
        for part in parts:
            if value is None:
                return None
            value = getattr(value, part)
        return value

    return get


def _walk(
    model: type[BaseModel], prefix: str, specs: dict[str, _Spec], nullable: bool = False
) -> None:
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        annotation = _unwrap_optional(info.annotation)
        origin = typing.get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            optional = annotation is not info.annotation and info.default is None
            _walk(annotation, f"{path}.", specs, nullable or optional)
        elif annotation is Answer:
            specs[path] = _Spec("answer", None, _path_getter(path, nullable), (path,))
        elif isinstance(annotation, type) and issubclass(annotation, StrEnum):
            choices = frozenset(member.value for member in annotation)
            specs[path] = _Spec("choice", choices, _path_getter(path, nullable), (path,))
        elif annotation is int:
            specs[path] = _Spec("number", None, _path_getter(path, nullable), (path,))
        elif origin is tuple:
            item = _unwrap_optional(typing.get_args(annotation)[0])
            values = (
                frozenset(m.value for m in item)
                if isinstance(item, type) and issubclass(item, StrEnum)
                else None
            )
            specs[path] = _Spec("set", values, _path_getter(path, nullable), (path,))
        elif annotation is dt.date:
            specs[path] = _Spec("date", None, _path_getter(path, nullable), (path,))
        else:
            specs[path] = _Spec("text", None, _path_getter(path, nullable), (path,))


@cache
def field_specs() -> dict[str, _Spec]:
    """Every field a rule may test: the intake's own fields by dotted path, and derived ones."""
    specs: dict[str, _Spec] = {}
    _walk(Intake, "", specs)
    regions = frozenset(r.value for r in PainRegion)
    below, leg, arm = (
        frozenset(a.value for a in group) for group in (BELOW_KNEE_AREAS, LEG_AREAS, ARM_AREAS)
    )
    specs["regions"] = _Spec("set", regions, lambda f: f.regions, ("pain_sites",))
    specs["radiation.below_knee"] = _Spec(
        "bool", None, lambda f: not below.isdisjoint(f.areas), ("radiation.areas",)
    )
    specs["radiation.into_leg"] = _Spec(
        "bool", None, lambda f: not leg.isdisjoint(f.areas), ("radiation.areas",)
    )
    specs["radiation.into_arm"] = _Spec(
        "bool", None, lambda f: not arm.isdisjoint(f.areas), ("radiation.areas",)
    )
    specs["duration_weeks"] = _Spec("interval", None, lambda f: f.duration_weeks, ("onset.date",))
    specs["onset_age"] = _Spec(
        "interval", None, lambda f: f.onset_age, ("age", "onset.date"), asked=("onset.date",)
    )
    return specs


# --- compiling conditions -------------------------------------------------------------------


class _Compiler:
    def __init__(self, rules: RedFlagRules) -> None:
        self.rules = rules
        self.specs = field_specs()
        self.rule_code = ""

    def fail(self, test: FieldTest, problem: str) -> DataFileError:
        return DataFileError(self.rules.path, self.rule_code, test.field, problem)

    def compile(self, condition: Condition) -> Evaluator:
        if isinstance(condition, FieldTest):
            return self.leaf(condition)
        children = tuple(self.compile(child) for child in condition.conditions)
        if isinstance(condition, AllOf):
            return _all_of(children)
        if isinstance(condition, AnyOf):
            return _any_of(children)
        assert isinstance(condition, CountOf)
        return _count_of(condition.min_count, children)

    def leaf(self, test: FieldTest) -> Evaluator:
        spec = self.specs.get(test.field)
        if spec is None:
            raise self.fail(test, "is not an intake field")
        if test.bounds:
            if spec.kind not in ("number", "interval"):
                raise self.fail(test, f"holds a {spec.kind}, not a number")
            return _bounds_test(spec, test.bounds)
        if test.is_ is not None:
            if spec.kind == "answer":
                if test.is_ not in ("yes", "no"):
                    raise self.fail(test, "can only be tested for 'yes' or 'no'")
                if test.is_ == "no" and test.field.startswith("red_flags."):
                    raise self.fail(
                        test, "a red-flag answer may only be tested for 'yes' (monotone rules)"
                    )
                return _answer_test(spec, Answer(test.is_))
            if spec.kind == "bool" and isinstance(test.is_, bool):
                return _bool_test(spec, test.is_)
            raise self.fail(
                test, f"holds a {spec.kind}; 'is' needs a yes/no answer or a true/false value"
            )
        if test.in_ is not None:
            if spec.kind != "choice":
                raise self.fail(test, f"holds a {spec.kind}; 'in' needs a single choice")
            self.check_words(test, spec, test.in_)
            return _choice_test(spec, frozenset(test.in_))
        if spec.kind != "set":
            raise self.fail(test, f"holds a {spec.kind}; 'has_any' and 'not_empty' need a list")
        if test.has_any is not None:
            self.check_words(test, spec, test.has_any)
            return _set_test(spec, frozenset(test.has_any))
        return _not_empty_test(spec)

    def check_words(self, test: FieldTest, spec: _Spec, words: Iterable[str]) -> None:
        if spec.values is None:
            return
        bad = sorted(set(words) - spec.values)
        if bad:
            raise self.fail(test, f"has no value {', '.join(map(repr, bad))}")


# Each test below returns one of a few outcomes built once (they are immutable tuples).


def _answer_test(spec: _Spec, wanted: Answer) -> Evaluator:
    get, not_known = spec.getter, Answer.UNKNOWN  # ``wanted`` is yes or no (see leaf)
    true, unknown = (TRUE, spec.reported), (UNKNOWN, spec.reported)

    def test(facts: _Facts) -> Outcome:
        value = get(facts)
        if value is wanted:
            return true
        return unknown if value is not_known else _FALSE

    return test


def _bool_test(spec: _Spec, wanted: bool) -> Evaluator:
    get, true = spec.getter, (TRUE, spec.reported)
    return lambda facts: true if bool(get(facts)) is wanted else _FALSE


def _choice_test(spec: _Spec, wanted: frozenset[str]) -> Evaluator:
    get = spec.getter
    true, unknown = (TRUE, spec.reported), (UNKNOWN, spec.reported)

    def test(facts: _Facts) -> Outcome:
        value = get(facts)
        if value is not None and value in wanted:
            return true
        if value is None or value == "unknown":
            return unknown
        return _FALSE

    return test


def _set_test(spec: _Spec, wanted: frozenset[str]) -> Evaluator:
    get, true = spec.getter, (TRUE, spec.reported)

    def test(facts: _Facts) -> Outcome:
        values = get(facts)
        return true if values and not wanted.isdisjoint(values) else _FALSE

    return test


def _not_empty_test(spec: _Spec) -> Evaluator:
    get, true = spec.getter, (TRUE, spec.reported)
    return lambda facts: true if get(facts) else _FALSE


def _bounds_test(spec: _Spec, bounds: tuple[tuple[str, float], ...]) -> Evaluator:
    get, reported, interval = spec.getter, spec.reported, spec.kind == "interval"
    unknown = spec.unknown

    def test(facts: _Facts) -> Outcome:
        value = get(facts)
        if value is None:
            return (UNKNOWN, unknown)
        low, high = value if interval else (value, value)
        state = TRUE
        for op, limit in bounds:
            if op == "gt":
                holds, fails = low > limit, high <= limit
            elif op == "ge":
                holds, fails = low >= limit, high < limit
            elif op == "lt":
                holds, fails = high < limit, low >= limit
            else:
                holds, fails = high <= limit, low > limit
            if fails:
                return _FALSE
            if not holds:
                state = UNKNOWN
        return (state, reported if state == TRUE else unknown)

    return test


def _merge(groups: list[tuple[str, ...]]) -> tuple[str, ...]:
    # Every group is already free of repeats: one group is its own merge.
    if len(groups) == 1:
        return groups[0]
    return _merge_many(tuple(groups))


@lru_cache(maxsize=1024)  # the groups are the rules' own fields: the same few combinations recur
def _merge_many(groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(field for group in groups for field in group))


def _all_of(children: tuple[Evaluator, ...]) -> Evaluator:
    def test(facts: _Facts) -> Outcome:
        true: list[tuple[str, ...]] = []
        unknown: list[tuple[str, ...]] = []
        for child in children:
            state, fields = child(facts)
            if state == FALSE:
                return _FALSE
            if state == UNKNOWN:
                unknown.append(fields)
            else:
                true.append(fields)
        if unknown:
            return (UNKNOWN, _merge(unknown))
        return (TRUE, _merge(true))

    return test


def _any_of(children: tuple[Evaluator, ...]) -> Evaluator:
    def test(facts: _Facts) -> Outcome:
        true: list[tuple[str, ...]] = []
        unknown: list[tuple[str, ...]] = []
        for child in children:
            state, fields = child(facts)
            if state == TRUE:
                true.append(fields)
            elif state == UNKNOWN:
                unknown.append(fields)
        if true:
            return (TRUE, _merge(true))
        if unknown:
            return (UNKNOWN, _merge(unknown))
        return _FALSE

    return test


def _count_of(needed: int, children: tuple[Evaluator, ...]) -> Evaluator:
    def test(facts: _Facts) -> Outcome:
        true: list[tuple[str, ...]] = []
        unknown: list[tuple[str, ...]] = []
        for child in children:
            state, fields = child(facts)
            if state == TRUE:
                true.append(fields)
            elif state == UNKNOWN:
                unknown.append(fields)
        if len(true) >= needed:
            return (TRUE, _merge(true))
        if len(true) + len(unknown) >= needed:
            return (UNKNOWN, _merge(unknown))
        return _FALSE

    return test


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity (see _question)
class _CompiledRule:
    rule: RedFlagRule
    evaluate: Evaluator
    level: TriageLevel
    flag_template: RedFlag


@cache
def _compile(rules: RedFlagRules) -> tuple[_CompiledRule, ...]:
    compiler = _Compiler(rules)
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
    return tuple(compiled)


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
    facts = _Facts(intake, as_of)
    episode_weeks(intake, as_of)  # refuse an onset after the assessment date, whatever the rules
    fired: list[tuple[_CompiledRule, tuple[str, ...]]] = []
    pending: list[tuple[_CompiledRule, tuple[str, ...]]] = []
    for item in compiled:
        state, fields = item.evaluate(facts)
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
    return TriageVerdict(
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
