"""Red-flag conditions in three-valued (Kleene) logic: the intake's facts, and the compiler.

:class:`RuleCompiler` checks each condition of ``data/red_flags.yaml`` against the intake model
(a misspelt field or value is a :class:`DataFileError` naming the rule) and compiles it two ways:

* :meth:`RuleCompiler.compile` into a tree of small closures, one per node: the reference reading,
  simple enough to check by eye;
* :func:`acuback.core.red_flag_program.compile_rules_program` into the source of one function
  answering every rule of the file, each field read once and each leaf test written inline: what
  :func:`acuback.core.triage.triage` runs on every intake. The tests hold the two to each other.

An outcome is ``(state, fields)``: for TRUE the intake fields that made the condition true; for
UNKNOWN those whose answer could; FALSE carries none. See docs/clinical/triage.md.
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
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel

from acuback.core.errors import InvalidIntake
from acuback.core.intake import (
    ARM_AREAS,
    BELOW_KNEE_AREAS,
    LEG_AREAS,
    Answer,
    Intake,
    PainRegion,
)
from acuback.knowledge.errors import DataFileError
from acuback.knowledge.red_flags import (
    AllOf,
    AnyOf,
    Condition,
    CountOf,
    FieldTest,
    RedFlagRules,
)

DAYS_PER_WEEK = 7.0
WEEKS_PER_YEAR = 365.25 / 7.0

FALSE, TRUE, UNKNOWN = 0, 1, 2
# (state, fields): for TRUE the fields that made it true; for UNKNOWN those whose answer could.
Outcome = tuple[int, tuple[str, ...]]
FALSE_OUTCOME: Outcome = (FALSE, ())
Evaluator = Callable[["Facts"], Outcome]


class Facts:
    """One intake with its derived values, computed at once: the rules read all of them on every
    intake. Raises :class:`InvalidIntake` when the onset lies after ``as_of``.

    ``duration_weeks``: weeks since onset as an interval, exact when known, [0, inf] when not;
    ``onset_age``: the patient's age at onset, as an interval; ``regions`` and ``areas``: the
    painful regions and the areas the pain spreads to, as words.
    """

    __slots__ = ("areas", "as_of", "duration_weeks", "intake", "onset_age", "regions")

    def __init__(self, intake: Intake, as_of: dt.date | None) -> None:
        self.intake = intake
        self.as_of = as_of
        weeks = episode_weeks(intake, as_of)
        low, high = self.duration_weeks = (weeks, weeks) if weeks is not None else (0.0, math.inf)
        age = float(intake.age)
        self.onset_age = (max(age - high / WEEKS_PER_YEAR, 0.0), age - low / WEEKS_PER_YEAR)
        self.regions = frozenset([site.region.value for site in intake.pain_sites])
        self.areas = frozenset([area.value for area in intake.radiation.areas])


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
class FieldSpec:
    """What kind of value an intake field (or a derived field) holds."""

    kind: str  # answer | choice | number | set | bool | text | date
    values: frozenset[str] | None  # allowed words for choice and set fields
    getter: Callable[[Facts], Any]
    reported: tuple[str, ...]  # the intake fields named in a flag's answers
    asked: tuple[str, ...] = ()  # the fields to ask about when unknown (default: ``reported``)
    # The intake's own dotted path when no section on the way may be absent: the program then
    # reads it inline (model field names only, never text from a data file).
    plain_path: str | None = None

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


def _path_getter(path: str, nullable: bool) -> Callable[[Facts], Any]:
    """Read a dotted path from the intake; through an optional section (``findings``) a missing
    section reads as ``None``."""
    if not nullable:
        return operator.attrgetter(f"intake.{path}")  # one C call through the facts to the answer
    parts = tuple(path.split("."))

    def get(facts: Facts) -> Any:
        value: Any = facts.intake
        for part in parts:
            if value is None:
                return None
            value = getattr(value, part)
        return value

    return get


def _walk(
    model: type[BaseModel], prefix: str, specs: dict[str, FieldSpec], nullable: bool = False
) -> None:
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        annotation = _unwrap_optional(info.annotation)
        origin = typing.get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            optional = annotation is not info.annotation and info.default is None
            _walk(annotation, f"{path}.", specs, nullable or optional)
            continue
        values: frozenset[str] | None = None
        if annotation is Answer:
            kind = "answer"
        elif isinstance(annotation, type) and issubclass(annotation, StrEnum):
            kind, values = "choice", frozenset(member.value for member in annotation)
        elif annotation is int:
            kind = "number"
        elif origin is tuple:
            item = _unwrap_optional(typing.get_args(annotation)[0])
            kind = "set"
            if isinstance(item, type) and issubclass(item, StrEnum):
                values = frozenset(m.value for m in item)
        elif annotation is dt.date:
            kind = "date"
        else:
            kind = "text"
        getter = _path_getter(path, nullable)
        specs[path] = FieldSpec(
            kind, values, getter, (path,), plain_path=None if nullable else path
        )


@cache
def field_specs() -> dict[str, FieldSpec]:
    """Every field a rule may test: the intake's own fields by dotted path, and derived ones."""
    specs: dict[str, FieldSpec] = {}
    _walk(Intake, "", specs)
    regions = frozenset(r.value for r in PainRegion)
    below, leg, arm = (
        frozenset(a.value for a in group) for group in (BELOW_KNEE_AREAS, LEG_AREAS, ARM_AREAS)
    )
    specs["regions"] = FieldSpec("set", regions, lambda f: f.regions, ("pain_sites",))
    specs["radiation.below_knee"] = FieldSpec(
        "bool", None, lambda f: not below.isdisjoint(f.areas), ("radiation.areas",)
    )
    specs["radiation.into_leg"] = FieldSpec(
        "bool", None, lambda f: not leg.isdisjoint(f.areas), ("radiation.areas",)
    )
    specs["radiation.into_arm"] = FieldSpec(
        "bool", None, lambda f: not arm.isdisjoint(f.areas), ("radiation.areas",)
    )
    specs["duration_weeks"] = FieldSpec(
        "interval", None, lambda f: f.duration_weeks, ("onset.date",)
    )
    specs["onset_age"] = FieldSpec(
        "interval", None, lambda f: f.onset_age, ("age", "onset.date"), asked=("onset.date",)
    )
    return specs


# --- compiling conditions -------------------------------------------------------------------


class RuleCompiler:
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
        """Check one field test against the intake model and compile it (the reference reading)."""
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

    def check_words(self, test: FieldTest, spec: FieldSpec, words: Iterable[str]) -> None:
        if spec.values is None:
            return
        bad = sorted(set(words) - spec.values)
        if bad:
            raise self.fail(test, f"has no value {', '.join(map(repr, bad))}")


# Each test below returns one of a few outcomes built once (they are immutable tuples).


def _answer_test(spec: FieldSpec, wanted: Answer) -> Evaluator:
    get, not_known = spec.getter, Answer.UNKNOWN  # ``wanted`` is yes or no (see leaf)
    true, unknown = (TRUE, spec.reported), (UNKNOWN, spec.reported)

    def test(facts: Facts) -> Outcome:
        value = get(facts)
        if value is wanted:
            return true
        return unknown if value is not_known else FALSE_OUTCOME

    return test


def _bool_test(spec: FieldSpec, wanted: bool) -> Evaluator:
    get, true = spec.getter, (TRUE, spec.reported)
    return lambda facts: true if bool(get(facts)) is wanted else FALSE_OUTCOME


def _choice_test(spec: FieldSpec, wanted: frozenset[str]) -> Evaluator:
    get = spec.getter
    true, unknown = (TRUE, spec.reported), (UNKNOWN, spec.reported)

    def test(facts: Facts) -> Outcome:
        value = get(facts)
        if value is not None and value in wanted:
            return true
        if value is None or value == "unknown":
            return unknown
        return FALSE_OUTCOME

    return test


def _set_test(spec: FieldSpec, wanted: frozenset[str]) -> Evaluator:
    get, true = spec.getter, (TRUE, spec.reported)

    def test(facts: Facts) -> Outcome:
        values = get(facts)
        return true if values and not wanted.isdisjoint(values) else FALSE_OUTCOME

    return test


def _not_empty_test(spec: FieldSpec) -> Evaluator:
    get, true = spec.getter, (TRUE, spec.reported)
    return lambda facts: true if get(facts) else FALSE_OUTCOME


def _bounds_test(spec: FieldSpec, bounds: tuple[tuple[str, float], ...]) -> Evaluator:
    get, reported, interval = spec.getter, spec.reported, spec.kind == "interval"
    unknown = spec.unknown

    def test(facts: Facts) -> Outcome:
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
                return FALSE_OUTCOME
            if not holds:
                state = UNKNOWN
        return (state, reported if state == TRUE else unknown)

    return test


def merge(groups: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The fields of several outcomes, in order, each once."""
    # Every group is already free of repeats: one group is its own merge.
    if len(groups) == 1:
        return groups[0]
    return _merge_many(tuple(groups))


@lru_cache(maxsize=1024)  # the groups are the rules' own fields: the same few combinations recur
def _merge_many(groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(field for group in groups for field in group))


def _all_of(children: tuple[Evaluator, ...]) -> Evaluator:
    def test(facts: Facts) -> Outcome:
        true: list[tuple[str, ...]] = []
        unknown: list[tuple[str, ...]] = []
        for child in children:
            state, fields = child(facts)
            if state == FALSE:
                return FALSE_OUTCOME
            if state == UNKNOWN:
                unknown.append(fields)
            else:
                true.append(fields)
        if unknown:
            return (UNKNOWN, merge(unknown))
        return (TRUE, merge(true))

    return test


def _split(
    children: tuple[Evaluator, ...], facts: Facts
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The fields of the children that are true, and of those that are unknown."""
    true: list[tuple[str, ...]] = []
    unknown: list[tuple[str, ...]] = []
    for child in children:
        state, fields = child(facts)
        if state == TRUE:
            true.append(fields)
        elif state == UNKNOWN:
            unknown.append(fields)
    return true, unknown


def _any_of(children: tuple[Evaluator, ...]) -> Evaluator:
    def test(facts: Facts) -> Outcome:
        true, unknown = _split(children, facts)
        if true:
            return (TRUE, merge(true))
        if unknown:
            return (UNKNOWN, merge(unknown))
        return FALSE_OUTCOME

    return test


def _count_of(needed: int, children: tuple[Evaluator, ...]) -> Evaluator:
    def test(facts: Facts) -> Outcome:
        true, unknown = _split(children, facts)
        if len(true) >= needed:
            return (TRUE, merge(true))
        if len(true) + len(unknown) >= needed:
            return (UNKNOWN, merge(unknown))
        return FALSE_OUTCOME

    return test
