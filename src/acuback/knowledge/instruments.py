"""Outcome instruments, minimal important changes, responder rules and trial comparators.

Reads ``data/instruments/*.yaml`` (one instrument a file), ``data/outcome_thresholds.yaml`` and
``data/trials.yaml`` with the sources of every ``data/sources*.yaml`` file into frozen records, and
cross-checks them: every measure a rule names exists, every source cited is known, a structure-only
instrument carries no item wording. :func:`load_outcome_catalogue` is the entry point.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import Field, StringConstraints, model_validator

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

INSTRUMENTS_DIR = "instruments"
THRESHOLDS_FILE = "outcome_thresholds.yaml"
TRIALS_FILE = "trials.yaml"
OUTCOME_SOURCES_FILE = "sources_outcomes.yaml"

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class Licence(StrEnum):
    """Whether Acuback may ship an instrument's wording."""

    OWN_TEXT = "own_text"  # wording written for Acuback (or free of rights): shipped
    STRUCTURE_ONLY = "structure_only"  # items, ranges and scoring only; the clinic pastes the text


class ItemKind(StrEnum):
    SCALE = "scale"  # a whole number from min to max
    CHOICE = "choice"  # one of the options
    CHECK = "check"  # ticked or not (a checklist statement)
    MULTI = "multi"  # any of the options
    TEXT = "text"  # a few words in the patient's own terms


class Scoring(StrEnum):
    ITEM = "item"  # the value of one item
    MEAN = "mean"  # mean of the items answered
    SUM = "sum"  # sum of the items; no proration
    PERCENT_OF_MAX = "percent_of_max"  # sum / (highest possible for the items answered) x 100
    COUNT_CHECKED = "count_checked"  # number of statements ticked
    LOOKUP = "lookup"  # sum of the (recoded) items, looked up in a table


class Better(StrEnum):
    LOWER = "lower"
    HIGHER = "higher"


class CriterionKind(StrEnum):
    IMPROVED_BY = "improved_by"  # points better than baseline
    IMPROVED_BY_FRACTION = "improved_by_fraction"  # fraction of the baseline value better
    AT_MOST = "at_most"  # follow-up value alone
    AT_LEAST = "at_least"


class Option(Record):
    value: int | str
    label: str = Field(min_length=1)


class Item(Record):
    id: Identifier
    label: str = Field(min_length=2)
    text: str | None = None
    kind: ItemKind
    min: int | None = None
    max: int | None = None
    anchors: tuple[str, str] | None = None
    options: tuple[Option, ...] = ()
    recode: dict[int, int] | None = None
    requires: Identifier | None = None

    @model_validator(mode="after")
    def _shape(self) -> Self:
        if self.kind is ItemKind.SCALE:
            if self.min is None or self.max is None or self.min >= self.max:
                raise ValueError("a scale item needs min < max")
        elif self.min is not None or self.max is not None:
            raise ValueError("only scale items have min and max")
        if self.kind in (ItemKind.CHOICE, ItemKind.MULTI):
            if len(self.options) < 2:
                raise ValueError("a choice item needs at least two options")
            values = [o.value for o in self.options]
            if len(set(values)) != len(values):
                raise ValueError("option values must be unique")
        elif self.options:
            raise ValueError("only choice and multi items have options")
        return self

    def allowed_values(self) -> tuple[int | str, ...]:
        """The values an answer may take (scale: every whole number from min to max)."""
        if self.kind is ItemKind.SCALE:
            assert self.min is not None
            assert self.max is not None
            return tuple(range(self.min, self.max + 1))
        if self.kind is ItemKind.CHECK:
            return (0, 1)
        return tuple(o.value for o in self.options)

    def highest(self) -> int:
        """The highest numeric value an answer can score (for percent-of-maximum scoring)."""
        numbers = [v for v in self.allowed_values() if isinstance(v, int)]
        return max(numbers) if numbers else 0


class Measure(Record):
    """One score an instrument yields, with how it is computed and what to do with missing items."""

    id: Identifier
    name: str = Field(min_length=2)
    scoring: Scoring
    items: tuple[Identifier, ...] = Field(min_length=1)
    range: tuple[float, float]
    better: Better
    decimals: int = Field(default=0, ge=0, le=3)
    max_missing: int = Field(default=0, ge=0)
    min_answered: int | None = Field(default=None, ge=1)
    table: dict[int, float] | None = None
    change_from_baseline: bool = True
    missing_rule: str = Field(min_length=10)
    source: SourceId
    also_sources: tuple[SourceId, ...] = ()

    @model_validator(mode="after")
    def _shape(self) -> Self:
        if self.range[0] >= self.range[1]:
            raise ValueError("range must go from low to high")
        if self.scoring is Scoring.ITEM and len(self.items) != 1:
            raise ValueError("an 'item' measure names exactly one item")
        if (self.scoring is Scoring.LOOKUP) != (self.table is not None):
            raise ValueError("a table is given exactly when scoring is 'lookup'")
        return self


class Instrument(Record):
    """A questionnaire: its items, the scores it yields, and whether we may ship its wording."""

    id: Identifier
    name: str = Field(min_length=3)
    abbreviation: str = Field(min_length=2)
    licence: Licence
    licence_note: str = Field(min_length=10)
    licence_source: SourceId | None = None
    source: SourceId
    also_sources: tuple[SourceId, ...] = ()
    instructions: str | None = None
    items: tuple[Item, ...] = Field(min_length=1)
    measures: tuple[Measure, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        ids = [i.id for i in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("item ids must be unique")
        known = set(ids)
        for item in self.items:
            if item.requires is not None and item.requires not in known:
                raise ValueError(f"item {item.id} requires unknown item {item.requires}")
            if self.licence is Licence.OWN_TEXT and not item.text:
                raise ValueError(f"item {item.id} needs text: the instrument ships its wording")
            if self.licence is Licence.STRUCTURE_ONLY and (item.text or item.anchors):
                raise ValueError(
                    f"item {item.id} has wording, but the instrument is structure_only"
                )
        if self.licence is Licence.STRUCTURE_ONLY and self.instructions:
            raise ValueError("a structure_only instrument ships no instructions")
        for measure in self.measures:
            for item_id in measure.items:
                if item_id not in known:
                    raise ValueError(f"measure {measure.id} names unknown item {item_id}")
        return self

    @property
    def ships_text(self) -> bool:
        return self.licence is Licence.OWN_TEXT

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


class MinimalImportantChange(Record):
    measure: Identifier
    absolute: float | None = Field(default=None, gt=0)
    relative: float | None = Field(default=None, gt=0, lt=1)
    source: SourceId
    also_sources: tuple[SourceId, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.absolute is None and self.relative is None:
            raise ValueError("give 'absolute', 'relative' or both")
        return self


class Criterion(Record):
    measure: Identifier
    kind: CriterionKind
    threshold: float


class ResponderRule(Record):
    id: Identifier
    name: str = Field(min_length=5)
    description: str = Field(min_length=10)
    combine: Literal["any", "all"]
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    source: SourceId
    also_sources: tuple[SourceId, ...] = ()

    @property
    def measures(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.measure for c in self.criteria))


class Questionnaires(Record):
    baseline: tuple[Identifier, ...]
    pre_visit: tuple[Identifier, ...]
    follow_up: tuple[Identifier, ...]


class Thresholds(Record):
    mic: tuple[MinimalImportantChange, ...]
    rules: tuple[ResponderRule, ...]
    headline_rule: Identifier
    questionnaires: Questionnaires


class TrialArm(Record):
    name: str
    n: int | None = Field(default=None, ge=1)
    value: float


class Comparison(Record):
    """What the clinic's figure is computed with: a responder rule, or a measure's mean change."""

    rule: Identifier | None = None
    measure: Identifier | None = None
    scale: float = 1.0

    @model_validator(mode="after")
    def _one(self) -> Self:
        if (self.rule is None) == (self.measure is None):
            raise ValueError("compare_with names either a rule or a measure")
        return self


class Trial(Record):
    id: Identifier
    name: str
    source: SourceId
    population: str
    week: int = Field(ge=1, le=260)
    outcome: Literal["responder_rate", "mean_change"]
    unit: str | None = None
    definition: str = Field(min_length=10)
    arms: tuple[TrialArm, ...] = Field(min_length=1)
    compare_with: Comparison
    differences: str = Field(min_length=10)

    @model_validator(mode="after")
    def _matching(self) -> Self:
        if self.outcome == "responder_rate" and self.compare_with.rule is None:
            raise ValueError("a responder-rate trial is compared with a rule")
        if self.outcome == "mean_change" and self.compare_with.measure is None:
            raise ValueError("a mean-change trial is compared with a measure")
        return self


@dataclass(frozen=True)
class OutcomeCatalogue:
    """Everything the outcome scoring and the dashboard read, validated together."""

    instruments: Mapping[str, Instrument]
    measures: Mapping[str, Measure]
    measure_instrument: Mapping[str, str]
    mic: Mapping[str, MinimalImportantChange]
    rules: Mapping[str, ResponderRule]
    headline_rule: str
    questionnaires: Questionnaires
    trials: tuple[Trial, ...]
    sources: Mapping[str, Source]
    version: str

    def instrument(self, instrument_id: str) -> Instrument:
        return self.instruments[instrument_id]

    def measure(self, measure_id: str) -> Measure:
        return self.measures[measure_id]

    def rule(self, rule_id: str) -> ResponderRule:
        return self.rules[rule_id]

    def instruments_for(self, timepoint_kind: str) -> tuple[Instrument, ...]:
        ids: tuple[str, ...] = getattr(self.questionnaires, timepoint_kind)
        return tuple(self.instruments[i] for i in ids)


def _load_sources(root: Path) -> dict[str, Source]:
    found: dict[str, Source] = {}
    for path in sorted(root.glob("sources*.yaml")):
        doc = require_mapping(path, read_yaml(path), "sources")
        records = parse_records(path, Source, doc["sources"], "sources")
        unique(path, [*found, *(s.id for s in records)], "source")
        found.update((s.id, s) for s in records)
    if not (root / OUTCOME_SOURCES_FILE).exists():
        raise DataFileError(root / OUTCOME_SOURCES_FILE, None, None, "is missing")
    return found


def _check_cited(
    path: Path, item: str, cited: Mapping[str, str], sources: Mapping[str, Source]
) -> None:
    for field_name, source_id in cited.items():
        if source_id not in sources:
            raise DataFileError(path, item, field_name, f"cites unknown source {source_id!r}")


def _citations(source: str | None, also: tuple[str, ...]) -> dict[str, str]:
    cited = {"source": source} if source else {}
    cited.update({f"also_sources.{i}": s for i, s in enumerate(also)})
    return cited


def _load_instruments(root: Path, sources: Mapping[str, Source]) -> dict[str, Instrument]:
    folder = root / INSTRUMENTS_DIR
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise DataFileError(folder, None, None, "holds no instrument files")
    instruments: dict[str, Instrument] = {}
    measure_owner: dict[str, str] = {}
    for path in paths:
        instrument = parse_record(path, Instrument, read_yaml(path), path.stem)
        if instrument.id != path.stem:
            raise DataFileError(
                path, instrument.id, "id", f"must match the file name {path.stem!r}"
            )
        cited = _citations(instrument.source, instrument.also_sources)
        if instrument.licence_source:
            cited["licence_source"] = instrument.licence_source
        _check_cited(path, instrument.id, cited, sources)
        for measure in instrument.measures:
            _check_cited(
                path, measure.id, _citations(measure.source, measure.also_sources), sources
            )
            if measure.id in measure_owner:
                raise DataFileError(
                    path, measure.id, None, f"is also a measure of {measure_owner[measure.id]}"
                )
            measure_owner[measure.id] = instrument.id
        instruments[instrument.id] = instrument
    return instruments


def _load_thresholds(
    root: Path,
    sources: Mapping[str, Source],
    instruments: Mapping[str, Instrument],
    measures: Mapping[str, Measure],
) -> Thresholds:
    path = root / THRESHOLDS_FILE
    thresholds = parse_record(path, Thresholds, read_yaml(path), None)
    unique(path, (m.measure for m in thresholds.mic), "minimal important change")
    for mic in thresholds.mic:
        if mic.measure not in measures:
            raise DataFileError(path, mic.measure, "measure", "is not a measure of any instrument")
        _check_cited(path, mic.measure, _citations(mic.source, mic.also_sources), sources)
        if mic.relative is not None and measures[mic.measure].better is Better.HIGHER:
            raise DataFileError(
                path, mic.measure, "relative", "is only defined where lower is better"
            )
    unique(path, (r.id for r in thresholds.rules), "rule")
    for rule in thresholds.rules:
        _check_cited(path, rule.id, _citations(rule.source, rule.also_sources), sources)
        for index, criterion in enumerate(rule.criteria):
            where = f"criteria.{index}.measure"
            measure = measures.get(criterion.measure)
            if measure is None:
                raise DataFileError(
                    path, rule.id, where, f"names unknown measure {criterion.measure!r}"
                )
            relative = criterion.kind is CriterionKind.IMPROVED_BY_FRACTION
            if relative and measure.better is Better.HIGHER:
                raise DataFileError(
                    path, rule.id, where, "a fraction of baseline needs lower-is-better"
                )
            change = criterion.kind in (
                CriterionKind.IMPROVED_BY,
                CriterionKind.IMPROVED_BY_FRACTION,
            )
            if change and not measure.change_from_baseline:
                raise DataFileError(
                    path, rule.id, where, f"{measure.id} is not compared with baseline"
                )
    if thresholds.headline_rule not in {r.id for r in thresholds.rules}:
        raise DataFileError(path, None, "headline_rule", "names no rule of this file")
    for kind in ("baseline", "pre_visit", "follow_up"):
        for instrument_id in getattr(thresholds.questionnaires, kind):
            if instrument_id not in instruments:
                raise DataFileError(
                    path, kind, "questionnaires", f"unknown instrument {instrument_id!r}"
                )
    return thresholds


def _load_trials(
    root: Path,
    sources: Mapping[str, Source],
    rules: Mapping[str, ResponderRule],
    measures: Mapping[str, Measure],
) -> tuple[Trial, ...]:
    path = root / TRIALS_FILE
    doc = require_mapping(path, read_yaml(path), "trials")
    trials = parse_records(path, Trial, doc["trials"], "trials")
    unique(path, (t.id for t in trials), "trial")
    for trial in trials:
        _check_cited(path, trial.id, {"source": trial.source}, sources)
        rule, measure = trial.compare_with.rule, trial.compare_with.measure
        if rule is not None and rule not in rules:
            raise DataFileError(path, trial.id, "compare_with.rule", f"names unknown rule {rule!r}")
        if measure is not None and measure not in measures:
            raise DataFileError(
                path, trial.id, "compare_with.measure", f"unknown measure {measure!r}"
            )
    return tuple(trials)


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in [*sorted((root / INSTRUMENTS_DIR).glob("*.yaml")), root / THRESHOLDS_FILE]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build_outcome_catalogue(root: Path) -> OutcomeCatalogue:
    """Load and cross-check the outcome data under ``root``. Raises DataFileError on any problem."""
    sources = _load_sources(root)
    instruments = _load_instruments(root, sources)
    measures = {m.id: m for i in instruments.values() for m in i.measures}
    thresholds = _load_thresholds(root, sources, instruments, measures)
    rules = {r.id: r for r in thresholds.rules}
    trials = _load_trials(root, sources, rules, measures)
    # Show instruments, and so measures, in the order of the follow-up questionnaire (the fullest).
    order = [
        *thresholds.questionnaires.follow_up,
        *thresholds.questionnaires.baseline,
        *instruments,
    ]
    ordered = {i: instruments[i] for i in dict.fromkeys(order)}
    measures = {m.id: m for i in ordered.values() for m in i.measures}
    owner = {m.id: i.id for i in ordered.values() for m in i.measures}
    return OutcomeCatalogue(
        instruments=ordered,
        measures=measures,
        measure_instrument=owner,
        mic={m.measure: m for m in thresholds.mic},
        rules=rules,
        headline_rule=thresholds.headline_rule,
        questionnaires=thresholds.questionnaires,
        trials=trials,
        sources=sources,
        version=_fingerprint(root),
    )


@cache
def _cached(root: str) -> OutcomeCatalogue:
    return build_outcome_catalogue(Path(root))


def load_outcome_catalogue(root: Path | None = None) -> OutcomeCatalogue:
    """The outcome catalogue of ``root`` (default: the bundled data), loaded once per folder."""
    return _cached(str(root or data_root()))
