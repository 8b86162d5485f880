"""Load the red-flag rules (``data/red_flags.yaml``) into frozen records.

The triage condition language is parsed here into a small tree of frozen dataclasses
(:class:`FieldTest`, :class:`AllOf`, :class:`AnyOf`, :class:`CountOf`); named definitions are
inlined. It differs from the pattern/prescription conditions of :mod:`acuback.knowledge.rules`
because triage evaluates in three-valued logic (an unknown answer is neither yes nor no) and needs
counts (``min_count``) and numeric bounds; its spelling (``is``, ``in``, ``has``, ``has_any``,
``between``, ``all``, ``any``) is kept the same where the two overlap.

Which intake fields exist is the core's business: :mod:`acuback.core.triage` checks each field path
and value when it compiles the rules, and reports a bad one as a :class:`DataFileError`.

The engine's own sources (``data/sources_engine.yaml``) are loaded together with ``sources.yaml``
by :func:`load_engine_sources` until the source files are merged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field

from acuback.knowledge.errors import DataFileError
from acuback.knowledge.loading import (
    data_root,
    parse_record,
    parse_records,
    read_yaml,
    require_mapping,
    unique,
)
from acuback.knowledge.models import Record, Source, SourceId

RED_FLAGS_FILE = "red_flags.yaml"
ENGINE_SOURCES_FILE = "sources_engine.yaml"
SOURCE_FILES = ("sources.yaml", ENGINE_SOURCES_FILE)


class FlagLevel(StrEnum):
    """The action level a red-flag rule calls for, lowest first."""

    ROUTINE_REVIEW = "routine_review"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return _FLAG_RANK[self]


_FLAG_RANK = {FlagLevel.ROUTINE_REVIEW: 1, FlagLevel.URGENT: 2, FlagLevel.EMERGENCY: 3}

# --- the condition tree ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldTest:
    """A test of one intake field: ``is``, ``in``, ``has_any``, ``not_empty`` or numeric bounds."""

    field: str
    is_: str | bool | None = None
    in_: tuple[str, ...] | None = None
    has_any: tuple[str, ...] | None = None
    not_empty: bool = False
    bounds: tuple[tuple[str, float], ...] = ()  # ("gt" | "ge" | "lt" | "le", number), all must hold


@dataclass(frozen=True, slots=True)
class AllOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class CountOf:
    min_count: int
    conditions: tuple[Condition, ...]


Condition = FieldTest | AllOf | AnyOf | CountOf


def field_tests(condition: Condition) -> tuple[FieldTest, ...]:
    """Every field test in a condition tree, depth first."""
    if isinstance(condition, FieldTest):
        return (condition,)
    return tuple(test for child in condition.conditions for test in field_tests(child))


# --- records --------------------------------------------------------------------------------


class Contested(Record):
    """Where the sources allow either of two levels: both, the one chosen and why."""

    levels: tuple[FlagLevel, FlagLevel]
    chosen: FlagLevel
    why: str = Field(min_length=20)


class _RawRule(Record):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    condition: str = Field(min_length=3)
    level: FlagLevel
    when: Any
    reason: str = Field(min_length=10)
    action: str = Field(min_length=10)
    sources: tuple[SourceId, ...] = Field(min_length=1)
    supersedes: tuple[str, ...] = ()
    ask_when_unknown: bool = True
    contested: Contested | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RedFlagRule:
    """One red-flag rule: when its condition holds, the triage raises ``level``."""

    code: str
    condition: str
    level: FlagLevel
    when: Condition
    reason: str
    action: str
    sources: tuple[str, ...]
    supersedes: tuple[str, ...]
    ask_when_unknown: bool
    contested: Contested | None
    note: str | None


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: compiled once per load
class RedFlagRules:
    """The whole rule set, with the plain question for each field a rule reads."""

    rules: tuple[RedFlagRule, ...]
    questions: Mapping[str, str]
    sources: Mapping[str, Source]
    path: Path
    version: str

    def rule(self, code: str) -> RedFlagRule:
        """The rule with this code. Raises ``KeyError``."""
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)


# --- parsing the condition language ---------------------------------------------------------

_TEST_KEYS = frozenset(
    {"field", "is", "in", "has", "has_any", "not_empty", "between", "gt", "ge", "lt", "le"}
)
_BOUND_KEYS = ("gt", "ge", "lt", "le")


class _Parser:
    def __init__(self, path: Path, definitions: Mapping[str, Any]) -> None:
        self.path = path
        self.definitions = definitions
        self.rule = "definitions"
        self._resolving: list[str] = []

    def fail(self, where: str, problem: str) -> DataFileError:
        return DataFileError(self.path, self.rule, where, problem)

    def condition(self, raw: Any, where: str) -> Condition:
        if isinstance(raw, str):
            return FieldTest(field=raw, is_="yes")
        if not isinstance(raw, Mapping):
            raise self.fail(where, "must be a field path or a mapping")
        keys = set(raw)
        if keys in ({"all"}, {"any"}):
            kind = "all" if "all" in raw else "any"
            children = self.condition_list(raw[kind], f"{where}.{kind}")
            return AllOf(children) if kind == "all" else AnyOf(children)
        if keys == {"min_count", "of"}:
            count = raw["min_count"]
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise self.fail(f"{where}.min_count", "must be a whole number of at least 1")
            children = self.condition_list(raw["of"], f"{where}.of")
            if count > len(children):
                raise self.fail(
                    f"{where}.min_count", f"asks for {count} of {len(children)} conditions"
                )
            return CountOf(count, children)
        if keys == {"ref"}:
            return self.resolve_condition(raw["ref"], where)
        if "field" in keys:
            return self.field_test(raw, where)
        raise self.fail(where, f"has unknown keys {sorted(keys)}")

    def condition_list(self, raw: Any, where: str) -> tuple[Condition, ...]:
        if isinstance(raw, Mapping) and set(raw) == {"ref_list"}:
            return self.resolve_list(raw["ref_list"], where)
        if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
            raise self.fail(where, "must be a non-empty list of conditions")
        return tuple(self.condition(item, f"{where}.{index}") for index, item in enumerate(raw))

    def _definition(self, name: Any, where: str, *, want_list: bool) -> Any:
        if not isinstance(name, str) or name not in self.definitions:
            raise self.fail(where, f"refers to {name!r}, which is not in definitions")
        if name in self._resolving:
            raise self.fail(where, f"definition {name!r} refers to itself")
        raw = self.definitions[name]
        is_list = isinstance(raw, Sequence) and not isinstance(raw, str)
        if is_list != want_list:
            expected = "a list (use ref_list)" if is_list else "a condition (use ref)"
            raise self.fail(where, f"definition {name!r} is {expected}")
        return raw

    def resolve_condition(self, name: Any, where: str) -> Condition:
        raw = self._definition(name, where, want_list=False)
        self._resolving.append(name)
        try:
            return self.condition(raw, f"definitions.{name}")
        finally:
            self._resolving.pop()

    def resolve_list(self, name: Any, where: str) -> tuple[Condition, ...]:
        raw = self._definition(name, where, want_list=True)
        self._resolving.append(name)
        try:
            return self.condition_list(raw, f"definitions.{name}")
        finally:
            self._resolving.pop()

    def field_test(self, raw: Mapping[str, Any], where: str) -> FieldTest:
        unknown = set(raw) - _TEST_KEYS
        if unknown:
            raise self.fail(where, f"has unknown keys {sorted(unknown)}")
        field = raw["field"]
        if not isinstance(field, str) or not field:
            raise self.fail(f"{where}.field", "must be a dotted field path")
        kinds = [
            key for key in ("is", "in", "has", "has_any", "not_empty", "between") if key in raw
        ]
        has_bounds = any(key in raw for key in _BOUND_KEYS)
        if len(kinds) + has_bounds != 1:
            raise self.fail(
                where,
                "must hold exactly one test: is, in, has, has_any, not_empty, between or bounds",
            )
        if has_bounds or "between" in raw:
            return FieldTest(field=field, bounds=self.bounds(raw, where))
        if "is" in raw:
            value = raw["is"]
            if not isinstance(value, str | bool):
                raise self.fail(f"{where}.is", "must be a word or true/false")
            return FieldTest(field=field, is_=value)
        if "not_empty" in raw:
            if raw["not_empty"] is not True:
                raise self.fail(f"{where}.not_empty", "must be true")
            return FieldTest(field=field, not_empty=True)
        if "has" in raw:
            return FieldTest(field=field, has_any=(str(raw["has"]),))
        key = "in" if "in" in raw else "has_any"
        values = raw[key]
        if not isinstance(values, Sequence) or isinstance(values, str) or not values:
            raise self.fail(f"{where}.{key}", "must be a non-empty list")
        words = tuple(str(v) for v in values)
        return (
            FieldTest(field=field, in_=words)
            if key == "in"
            else FieldTest(field=field, has_any=words)
        )

    def bounds(self, raw: Mapping[str, Any], where: str) -> tuple[tuple[str, float], ...]:
        pairs: list[tuple[str, Any]] = [(key, raw[key]) for key in _BOUND_KEYS if key in raw]
        if "between" in raw:
            between = raw["between"]
            if not isinstance(between, Sequence) or isinstance(between, str) or len(between) != 2:
                raise self.fail(f"{where}.between", "must be [low, high]")
            pairs = [("ge", between[0]), ("le", between[1])]
        for key, value in pairs:
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise self.fail(f"{where}.{key}", "must be a number")
        return tuple((key, float(value)) for key, value in pairs)


# --- loading --------------------------------------------------------------------------------


def load_engine_sources(root: Path) -> dict[str, Source]:
    """Sources from ``sources.yaml`` and ``sources_engine.yaml``; an id defined twice is an error."""
    sources: dict[str, Source] = {}
    for name in SOURCE_FILES:
        path = root / name
        doc = require_mapping(path, read_yaml(path), "sources")
        records = parse_records(path, Source, doc["sources"], "sources")
        unique(path, (s.id for s in records), "source")
        for source in records:
            if source.id in sources:
                raise DataFileError(
                    path, source.id, "id", "is already defined in another source file"
                )
            sources[source.id] = source
    return sources


def fingerprint(paths: Sequence[Path]) -> str:
    """A short hash of the files' names and bytes: changes whenever the data changes."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _parse_rule(path: Path, parser: _Parser, raw: Any, index: int) -> RedFlagRule:
    label = (
        str(raw.get("code")) if isinstance(raw, Mapping) and raw.get("code") else f"rules[{index}]"
    )
    record = parse_record(path, _RawRule, raw, label)
    parser.rule = record.code
    when = parser.condition(record.when, "when")
    if record.contested is not None:
        if record.contested.chosen is not record.level:
            raise DataFileError(
                path, record.code, "contested.chosen", "must equal the rule's level"
            )
        if record.level not in record.contested.levels:
            raise DataFileError(
                path, record.code, "contested.levels", "must include the rule's level"
            )
    return RedFlagRule(
        code=record.code,
        condition=record.condition,
        level=record.level,
        when=when,
        reason=record.reason,
        action=record.action,
        sources=record.sources,
        supersedes=record.supersedes,
        ask_when_unknown=record.ask_when_unknown,
        contested=record.contested,
        note=record.note,
    )


def _questions(path: Path, raw: Any) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise DataFileError(path, None, "questions", "must map field paths to question texts")
    for key, value in raw.items():
        if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
            raise DataFileError(path, str(key), "questions", "must be a non-empty question text")
    return dict(raw)


def build_red_flag_rules(root: Path) -> RedFlagRules:
    """Load and check ``red_flags.yaml`` from a data folder. Raises :class:`DataFileError`."""
    sources = load_engine_sources(root)
    path = root / RED_FLAGS_FILE
    doc = require_mapping(path, read_yaml(path), "rules", "questions")
    definitions = doc.get("definitions") or {}
    if not isinstance(definitions, Mapping):
        raise DataFileError(path, None, "definitions", "must be a mapping")
    raw_rules = doc["rules"]
    if not isinstance(raw_rules, Sequence) or isinstance(raw_rules, str) or not raw_rules:
        raise DataFileError(path, None, "rules", "must be a non-empty list")
    parser = _Parser(path, definitions)
    for name, raw in definitions.items():  # every definition must parse, even an unused one
        if isinstance(raw, Sequence) and not isinstance(raw, str):
            parser.resolve_list(name, f"definitions.{name}")
        else:
            parser.resolve_condition(name, f"definitions.{name}")
    rules = [_parse_rule(path, parser, raw, i) for i, raw in enumerate(raw_rules)]
    unique(path, (r.code for r in rules), "rule")
    by_code = {r.code: r for r in rules}
    for rule in rules:
        for source_id in rule.sources:
            if source_id not in sources:
                raise DataFileError(
                    path, rule.code, "sources", f"cites unknown source {source_id!r}"
                )
        for code in rule.supersedes:
            if code not in by_code or code == rule.code:
                raise DataFileError(path, rule.code, "supersedes", f"names unknown rule {code!r}")
            if by_code[code].level.rank > rule.level.rank:
                raise DataFileError(
                    path,
                    rule.code,
                    "supersedes",
                    f"may not replace {code!r}, which has a higher level",
                )
    return RedFlagRules(
        rules=tuple(rules),
        questions=_questions(path, doc["questions"]),
        sources=sources,
        path=path,
        version=fingerprint([root / name for name in (*SOURCE_FILES, RED_FLAGS_FILE)]),
    )


@cache
def load_red_flag_rules(root: Path | None = None) -> RedFlagRules:
    """The bundled red-flag rules (or those under ``root``), loaded once per process."""
    return build_red_flag_rules(root or data_root())
