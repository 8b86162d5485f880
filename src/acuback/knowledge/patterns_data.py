"""TCM patterns for back and neck pain (``data/patterns.yaml``) as frozen, validated records."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Self

from pydantic import Field, model_validator

from acuback.knowledge.conditions import Condition, Identifier, PointCode
from acuback.knowledge.errors import DataFileError
from acuback.knowledge.loading import (
    parse_record,
    parse_records,
    read_yaml,
    require_mapping,
    unique,
)
from acuback.knowledge.models import Record, Source, SourceId

PATTERNS_FILE = "patterns.yaml"


class PatternStatus(StrEnum):
    """``contested``: a standard TCM pattern whose place among back-pain patterns is disputed."""

    ESTABLISHED = "established"
    CONTESTED = "contested"


class Moxibustion(StrEnum):
    SUGGESTED = "suggested"
    AVOID = "avoid"
    NEUTRAL = "neutral"


class Finding(Record):
    """One sign for or against a pattern: a condition on the intake with its weight and source."""

    id: Identifier
    label: str = Field(min_length=3)
    when: Condition
    weight: int = Field(ge=1, le=5)
    source: SourceId


class Tm1Code(Record):
    """An ICD-11 Chapter 26 (Traditional Medicine Module I) pattern code."""

    code: str = Field(pattern=r"^S[A-Z][0-9][0-9A-Z]$")
    title: str
    source: SourceId


class Cited(Record):
    text: str = Field(min_length=5)
    source: SourceId


class PatternPoint(Record):
    code: PointCode
    rationale: str = Field(min_length=5)
    source: SourceId


class Pattern(Record):
    """A TCM pattern: names, status, where it applies, its signs, its treatment principle and points."""

    id: Identifier
    name: str
    pinyin: str
    hanzi: str
    status: PatternStatus
    status_note: str | None = None
    source: SourceId
    applies_to: tuple[str, ...] = Field(min_length=1)  # intake pain regions; checked in core.facts
    tm1: Tm1Code | None = None
    tm1_note: str | None = None
    treatment_principle: Cited
    moxibustion: Moxibustion = Moxibustion.NEUTRAL
    points: tuple[PatternPoint, ...] = ()
    for_: tuple[Finding, ...] = Field(alias="for", min_length=1)
    against: tuple[Finding, ...] = ()

    @model_validator(mode="after")
    def _distinct_findings(self) -> Self:
        ids = [f.id for f in (*self.for_, *self.against)]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"finding ids must be unique within a pattern: {', '.join(twice)}")
        return self

    @property
    def sources(self) -> tuple[tuple[str, str], ...]:
        """Every (field, source id) the pattern cites, for the reference check."""
        cited = [
            ("source", self.source),
            ("treatment_principle.source", self.treatment_principle.source),
        ]
        if self.tm1 is not None:
            cited.append(("tm1.source", self.tm1.source))
        cited += [(f"points.{i}.source", p.source) for i, p in enumerate(self.points)]
        cited += [(f"for.{i}.source", f.source) for i, f in enumerate(self.for_)]
        cited += [(f"against.{i}.source", f.source) for i, f in enumerate(self.against)]
        return tuple(cited)


class Scoring(Record):
    """How findings become a score and when the ranking is called inconclusive."""

    half_weight: float = Field(gt=0)
    inconclusive_below: float = Field(gt=0, lt=1)
    pattern_points_from: float = Field(gt=0, lt=1)
    close_margin: float = Field(ge=0, lt=1)
    source: SourceId
    note: str | None = None


class PatternBook(Record):
    scoring: Scoring
    patterns: tuple[Pattern, ...]

    def pattern(self, pattern_id: str) -> Pattern:
        for pattern in self.patterns:
            if pattern.id == pattern_id:
                return pattern
        raise KeyError(pattern_id)


def load_patterns(root: Path, sources: Mapping[str, Source]) -> PatternBook:
    """Load ``patterns.yaml`` from ``root``; every cited source must be known. Raises DataFileError."""
    path = root / PATTERNS_FILE
    doc = require_mapping(path, read_yaml(path), "scoring", "patterns")
    scoring = parse_record(path, Scoring, doc["scoring"], "scoring")
    patterns = parse_records(path, Pattern, doc["patterns"], "patterns")
    unique(path, (p.id for p in patterns), "pattern")
    if scoring.source not in sources:
        raise DataFileError(path, "scoring", "source", f"cites unknown source {scoring.source!r}")
    for pattern in patterns:
        for field_name, source_id in pattern.sources:
            if source_id not in sources:
                raise DataFileError(
                    path, pattern.id, field_name, f"cites unknown source {source_id!r}"
                )
    return PatternBook(scoring=scoring, patterns=tuple(patterns))
