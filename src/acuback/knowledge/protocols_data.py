"""Region rules (``data/region_rules.yaml``) and named protocols (``data/protocols.yaml``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, field_validator, model_validator

from acuback.knowledge.conditions import Identifier, PointCode, expand_codes
from acuback.knowledge.errors import DataFileError
from acuback.knowledge.loading import (
    parse_record,
    parse_records,
    read_yaml,
    require_mapping,
    unique,
)
from acuback.knowledge.models import Record, Source, SourceId

REGION_RULES_FILE = "region_rules.yaml"
PROTOCOLS_FILE = "protocols.yaml"


class PainSideFilter(StrEnum):
    """Which pain a local point suits: ``central`` (midline or both sides), ``lateral`` (one side)."""

    ANY = "any"
    CENTRAL = "central"
    LATERAL = "lateral"


class DurationFilter(StrEnum):
    ANY = "any"
    ACUTE = "acute"
    CHRONIC = "chronic"


class RulePoint(Record):
    code: PointCode
    rationale: str = Field(min_length=5)
    source: SourceId
    pain_side: PainSideFilter = PainSideFilter.ANY
    duration: DurationFilter = DurationFilter.ANY


class RegionRule(Record):
    """Points for one painful region of the body map, in order of preference."""

    region: str  # an intake pain region; checked in core.facts
    label: str
    max_local: int = Field(ge=0, le=10)
    max_adjacent: int = Field(default=0, ge=0, le=10)
    max_distal: int = Field(ge=0, le=10)
    local: tuple[RulePoint, ...] = ()
    adjacent: tuple[RulePoint, ...] = ()
    distal: tuple[RulePoint, ...] = ()

    def entries(self) -> Iterable[tuple[str, RulePoint]]:
        for group in ("local", "adjacent", "distal"):
            for entry in getattr(self, group):
                yield group, entry


class ChannelPoint(Record):
    code: PointCode
    areas: tuple[str, ...] = Field(min_length=1)  # intake radiation areas
    rationale: str = Field(min_length=5)
    source: SourceId


class SciaticChannel(Record):
    channel: str = Field(pattern=r"^[A-Z]{2}$")
    label: str
    areas: tuple[str, ...] = Field(min_length=1)  # the radiation areas that point to this channel
    points: tuple[ChannelPoint, ...] = Field(min_length=1)


class SciaticaRules(Record):
    max_points: int = Field(ge=1, le=10)
    source: SourceId
    note: str | None = None
    channels: tuple[SciaticChannel, ...] = Field(min_length=1)


class Limits(Record):
    max_insertions: int = Field(ge=1, le=60)
    max_pattern_points: int = Field(ge=0, le=10)
    source: SourceId
    note: str | None = None


class Ashi(Record):
    rationale: str = Field(min_length=5)
    source: SourceId


class RegionRules(Record):
    limits: Limits
    ashi: Ashi
    regions: tuple[RegionRule, ...]
    sciatica: SciaticaRules

    def rule_for(self, region: str) -> RegionRule | None:
        for rule in self.regions:
            if rule.region == region:
                return rule
        return None


class Population(Record):
    duration: Literal["acute", "chronic", "any"]
    regions: tuple[str, ...] = Field(min_length=1)


class Selection(Record):
    """One step of a protocol's point choice: ``pick`` points (or all) from ``pool``."""

    role: Literal["local", "distal", "fixed"]
    pick: int | Literal["all"]
    side: Literal["bilateral", "painful_side"]
    pool: tuple[PointCode, ...] = Field(min_length=1)
    note: str | None = None

    _expand = field_validator("pool", mode="before")(expand_codes)

    @model_validator(mode="after")
    def _pick_fits(self) -> Self:
        if isinstance(self.pick, int) and not 1 <= self.pick <= len(self.pool):
            raise ValueError(f"pick must be between 1 and the pool size ({len(self.pool)})")
        return self


class Protocol(Record):
    """A named protocol from a trial or a consensus, with its regimen and the rule for its points."""

    id: Identifier
    name: str
    source: SourceId
    population: Population
    sessions: int | None = Field(default=None, ge=1, le=100)
    frequency: str | None = None
    retention_minutes: int | None = Field(default=None, ge=1, le=120)
    needles: str | None = None
    selection: tuple[Selection, ...] = ()
    ashi: bool = False
    individual_points: bool = False
    points_sourced: bool
    verified: str = Field(min_length=10)
    notes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _sourced_has_points(self) -> Self:
        if self.points_sourced and not self.selection and not self.ashi:
            raise ValueError("a protocol whose points are sourced needs a selection")
        if not self.points_sourced and self.selection:
            raise ValueError("a protocol whose points were not found must not list a selection")
        return self

    @property
    def regimen(self) -> str:
        """The dose in one line: sessions, frequency, retention, needles."""
        parts = []
        if self.sessions:
            parts.append(f"{self.sessions} sessions")
        if self.frequency:
            parts.append(self.frequency)
        if self.retention_minutes:
            parts.append(f"{self.retention_minutes} min per session")
        if self.needles:
            parts.append(f"{self.needles} needles")
        return "; ".join(parts)


def _check_sources(
    path: Path, item: str, cited: Iterable[tuple[str, str]], sources: Mapping[str, Source]
) -> None:
    for field_name, source_id in cited:
        if source_id not in sources:
            raise DataFileError(path, item, field_name, f"cites unknown source {source_id!r}")


def load_region_rules(root: Path, sources: Mapping[str, Source]) -> RegionRules:
    """Load ``region_rules.yaml``. Raises DataFileError naming the file, the item and the field."""
    path = root / REGION_RULES_FILE
    doc = require_mapping(path, read_yaml(path), "limits", "ashi", "regions", "sciatica")
    limits = parse_record(path, Limits, doc["limits"], "limits")
    ashi = parse_record(path, Ashi, doc["ashi"], "ashi")
    regions = parse_records(path, RegionRule, doc["regions"], "regions", label_field="region")
    unique(path, (r.region for r in regions), "region")
    sciatica = parse_record(path, SciaticaRules, doc["sciatica"], "sciatica")
    _check_sources(path, "limits", [("source", limits.source)], sources)
    _check_sources(path, "ashi", [("source", ashi.source)], sources)
    for rule in regions:
        cited = [(f"{group}.{entry.code}.source", entry.source) for group, entry in rule.entries()]
        _check_sources(path, rule.region, cited, sources)
    cited = [("source", sciatica.source)]
    for channel in sciatica.channels:
        cited += [(f"channels.{channel.channel}.{p.code}.source", p.source) for p in channel.points]
    _check_sources(path, "sciatica", cited, sources)
    return RegionRules(limits=limits, ashi=ashi, regions=tuple(regions), sciatica=sciatica)


def load_protocols(root: Path, sources: Mapping[str, Source]) -> tuple[Protocol, ...]:
    """Load ``protocols.yaml``. Raises DataFileError naming the file, the item and the field."""
    path = root / PROTOCOLS_FILE
    doc = require_mapping(path, read_yaml(path), "protocols")
    protocols = parse_records(path, Protocol, doc["protocols"], "protocols")
    unique(path, (p.id for p in protocols), "protocol")
    for protocol in protocols:
        _check_sources(path, protocol.id, [("source", protocol.source)], sources)
    return tuple(protocols)
