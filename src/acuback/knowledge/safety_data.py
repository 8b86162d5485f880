"""Safety rules for needling (``data/safety_rules.yaml``) as frozen, validated records."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Self

from pydantic import Field, field_validator, model_validator

from acuback.knowledge.conditions import Condition, Identifier, PointCode, expand_codes
from acuback.knowledge.errors import DataFileError
from acuback.knowledge.loading import parse_records, read_yaml, require_mapping, unique
from acuback.knowledge.models import CautionKind, Record, Region, Source, SourceId

SAFETY_FILE = "safety_rules.yaml"


class SafetyLevel(StrEnum):
    """How strongly a rule speaks, from ``stop`` (do not treat now) down to ``info``."""

    STOP = "stop"
    AVOID = "avoid"
    CAUTION = "caution"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SAFETY_RANK[self]


_SAFETY_RANK = {
    SafetyLevel.STOP: 3,
    SafetyLevel.AVOID: 2,
    SafetyLevel.CAUTION: 1,
    SafetyLevel.INFO: 0,
}


class RuleStatus(StrEnum):
    AGREED = "agreed"
    CONTESTED = "contested"
    EXPERT_OPINION = "expert_opinion"


class Restriction(StrEnum):
    NO_ELECTROACUPUNCTURE = "no_electroacupuncture"
    NO_MOXIBUSTION_ON_NUMB_AREAS = "no_moxibustion_on_numb_areas"
    TREAT_LYING_DOWN = "treat_lying_down"


class Withhold(Record):
    """Points a rule removes: every point, listed points, or the points at the painful site."""

    all: bool = False
    points: tuple[PointCode, ...] = ()
    at_site: bool = False

    _expand = field_validator("points", mode="before")(expand_codes)

    @model_validator(mode="after")
    def _something(self) -> Self:
        if not (self.all or self.points or self.at_site):
            raise ValueError("withhold needs 'all', 'points' or 'at_site'")
        return self


class PointAlertSpec(Record):
    """Which prescribed points a rule alerts on: listed, in an atlas region, or with an atlas caution."""

    caution_kinds: tuple[CautionKind, ...] = ()
    points: tuple[PointCode, ...] = ()
    regions: tuple[Region, ...] = ()
    # Ashi points lie wherever palpation finds them: alert on them when the pain is in these regions.
    ashi_in_regions: tuple[str, ...] = ()
    message: str = Field(min_length=5)

    _expand = field_validator("points", mode="before")(expand_codes)

    @model_validator(mode="after")
    def _something(self) -> Self:
        if not (self.caution_kinds or self.points or self.regions):
            raise ValueError("point_alerts needs 'caution_kinds', 'points' or 'regions'")
        return self


class SafetyRule(Record):
    id: Identifier
    level: SafetyLevel
    when: Condition | None = None
    message: str = Field(min_length=10)
    source: SourceId
    also_sources: tuple[SourceId, ...] = ()
    status: RuleStatus
    status_note: str | None = None
    withhold: Withhold | None = None
    point_alerts: PointAlertSpec | None = None
    restrictions: tuple[Restriction, ...] = ()
    ask_if_unknown: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _unconditional_rules_only_alert(self) -> Self:
        if self.when is None and (self.point_alerts is None or self.withhold or self.restrictions):
            raise ValueError("a rule without 'when' may only raise point_alerts")
        return self


def load_safety_rules(root: Path, sources: Mapping[str, Source]) -> tuple[SafetyRule, ...]:
    """Load ``safety_rules.yaml``. Raises DataFileError naming the file, the item and the field."""
    path = root / SAFETY_FILE
    doc = require_mapping(path, read_yaml(path), "rules")
    rules = parse_records(path, SafetyRule, doc["rules"], "rules")
    unique(path, (r.id for r in rules), "rule")
    for rule in rules:
        cited = [("source", rule.source)] + [
            (f"also_sources.{i}", s) for i, s in enumerate(rule.also_sources)
        ]
        for field_name, source_id in cited:
            if source_id not in sources:
                raise DataFileError(
                    path, rule.id, field_name, f"cites unknown source {source_id!r}"
                )
    return tuple(rules)
