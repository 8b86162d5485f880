"""The engine's clinical content for patterns, prescriptions and safety, loaded once and cross-checked.

:func:`load_engine_data` reads ``patterns.yaml``, ``region_rules.yaml``, ``protocols.yaml`` and
``safety_rules.yaml`` with the sources of ``sources.yaml`` and ``sources_protocols.yaml``.
:func:`missing_points` lists every point code these files name that the atlas does not hold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from acuback.knowledge.atlas import Atlas
from acuback.knowledge.loading import data_root, parse_records, read_yaml, require_mapping, unique
from acuback.knowledge.models import Source
from acuback.knowledge.patterns_data import PATTERNS_FILE, PatternBook, load_patterns
from acuback.knowledge.protocols_data import (
    PROTOCOLS_FILE,
    REGION_RULES_FILE,
    Protocol,
    RegionRules,
    load_protocols,
    load_region_rules,
)
from acuback.knowledge.safety_data import SAFETY_FILE, SafetyRule, load_safety_rules

SOURCE_FILES = ("sources.yaml", "sources_protocols.yaml")
ENGINE_FILES = (
    PATTERNS_FILE,
    REGION_RULES_FILE,
    PROTOCOLS_FILE,
    SAFETY_FILE,
    "sources_protocols.yaml",
)
ASHI = "ASHI"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: compiled once per load
class EngineData:
    """Patterns, region rules, protocols and safety rules, with the sources they cite."""

    sources: Mapping[str, Source]
    patterns: PatternBook
    region_rules: RegionRules
    protocols: tuple[Protocol, ...]
    safety_rules: tuple[SafetyRule, ...]
    fingerprint: str

    def protocol(self, protocol_id: str) -> Protocol | None:
        for protocol in self.protocols:
            if protocol.id == protocol_id:
                return protocol
        return None


@dataclass(frozen=True)
class PointReference:
    """Where a data file names a point: ``file``, and ``where`` inside it (item and field)."""

    code: str
    file: str
    where: str


def _load_sources(root: Path) -> dict[str, Source]:
    found: dict[str, Source] = {}
    for name in SOURCE_FILES:
        path = root / name
        doc = require_mapping(path, read_yaml(path), "sources")
        records = parse_records(path, Source, doc["sources"], "sources")
        unique(path, [*found, *(s.id for s in records)], "source")
        found.update((s.id, s) for s in records)
    return found


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for name in ENGINE_FILES:
        digest.update(name.encode())
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:12]


def build_engine_data(root: Path) -> EngineData:
    """Load and validate the engine's files from a data folder. Raises DataFileError."""
    sources = _load_sources(root)
    return EngineData(
        sources=sources,
        patterns=load_patterns(root, sources),
        region_rules=load_region_rules(root, sources),
        protocols=load_protocols(root, sources),
        safety_rules=load_safety_rules(root, sources),
        fingerprint=_fingerprint(root),
    )


def load_engine_data(root: Path | None = None) -> EngineData:
    """The engine data of ``root`` or of :func:`data_root`, loaded once per folder and process."""
    return _load_cached(root or data_root())


@cache
def _load_cached(root: Path) -> EngineData:
    return build_engine_data(root)


def point_references(data: EngineData) -> tuple[PointReference, ...]:
    """Every point code named by the engine's files (ASHI, the palpation concept, excluded)."""
    refs: list[PointReference] = []
    for pattern in data.patterns.patterns:
        refs += [
            PointReference(p.code, PATTERNS_FILE, f"{pattern.id}.points") for p in pattern.points
        ]
    rules = data.region_rules
    for rule in rules.regions:
        refs += [
            PointReference(e.code, REGION_RULES_FILE, f"{rule.region}.{group}")
            for group, e in rule.entries()
        ]
    for channel in rules.sciatica.channels:
        refs += [
            PointReference(p.code, REGION_RULES_FILE, f"sciatica.{channel.channel}")
            for p in channel.points
        ]
    for protocol in data.protocols:
        for index, selection in enumerate(protocol.selection):
            where = f"{protocol.id}.selection.{index}"
            refs += [PointReference(code, PROTOCOLS_FILE, where) for code in selection.pool]
    for safety_rule in data.safety_rules:
        if safety_rule.withhold:
            refs += [
                PointReference(c, SAFETY_FILE, f"{safety_rule.id}.withhold")
                for c in safety_rule.withhold.points
            ]
        if safety_rule.point_alerts:
            where = f"{safety_rule.id}.point_alerts"
            refs += [PointReference(c, SAFETY_FILE, where) for c in safety_rule.point_alerts.points]
    return tuple(ref for ref in refs if ref.code != ASHI)


def atlas_has(atlas: Atlas, code: str) -> bool:
    """True when the atlas holds a point with exactly this WHO code."""
    return atlas.get(code) is not None


def missing_points(data: EngineData, atlas: Atlas) -> tuple[PointReference, ...]:
    """The references whose point the atlas does not hold, in file order."""
    return tuple(ref for ref in point_references(data) if not atlas_has(atlas, ref.code))
