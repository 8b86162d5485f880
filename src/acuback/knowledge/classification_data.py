"""Load ``data/classification.yaml``: duration classes, spinal regions, root rules and codes.

The records here only hold content; :mod:`acuback.core.classify` applies them and checks, when it
first uses them, that every area, movement, reflex and situation names something the intake and
the classifier know.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from pydantic import Field, model_validator

from acuback.knowledge.errors import DataFileError
from acuback.knowledge.loading import (
    data_root,
    parse_record,
    parse_records,
    read_yaml,
    require_mapping,
)
from acuback.knowledge.models import Record, Source, SourceId
from acuback.knowledge.red_flags import fingerprint, load_engine_sources

CLASSIFICATION_FILE = "classification.yaml"

Root = str  # "L4", "S1", "C6"...
ROOT_PATTERN = r"^(C[1-8]|T(?:[1-9]|1[0-2])|L[1-5]|S[1-5])$"


class CodeSystem(StrEnum):
    ICD10 = "icd10"  # WHO ICD-10
    ICD10CM = "icd10cm"  # US clinical modification
    ICD11 = "icd11"  # WHO ICD-11 MMS
    ICD11_TM1 = "icd11_tm1"  # ICD-11 chapter 26, traditional medicine module 1


class CodeSide(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    UNSPECIFIED = "unspecified"


class DurationScheme(Record):
    acute_below_weeks: float = Field(gt=0)
    chronic_above_weeks: float = Field(gt=0)
    source: SourceId
    name: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> DurationScheme:
        if self.acute_below_weeks > self.chronic_above_weeks:
            raise ValueError("acute_below_weeks must not exceed chronic_above_weeks")
        return self


class Duration(DurationScheme):
    alternative: DurationScheme | None = None


class SpinalRegionRule(Record):
    region: str = Field(pattern=r"^(cervical|thoracic|lumbar|sacral)$")
    body_map: tuple[str, ...] = Field(min_length=1)
    source: SourceId


class RadicularWeights(Record):
    reported_area: int = Field(ge=0, le=10)
    sensory_loss: int = Field(ge=0, le=10)
    strength_deficit: int = Field(ge=0, le=10)
    reflex: int = Field(ge=0, le=10)


class RadicularSettings(Record):
    weights: RadicularWeights
    weights_source: SourceId
    lumbar_source: SourceId
    cervical_source: SourceId


class DermatomeRule(Record):
    area: str
    root: Root = Field(pattern=ROOT_PATTERN)
    source: SourceId
    note: str | None = None


class MyotomeRule(Record):
    movement: str
    root: Root = Field(pattern=ROOT_PATTERN)
    source: SourceId
    note: str | None = None


class ReflexRule(Record):
    reflex: str
    root: Root = Field(pattern=ROOT_PATTERN)
    source: SourceId
    note: str | None = None


class CodeEntry(Record):
    """One code suggested for a situation, in one code system."""

    system: CodeSystem
    code: str = Field(pattern=r"^[A-Z0-9][A-Z0-9.]{1,9}$")
    title: str = Field(min_length=3)
    why: str = Field(min_length=5)
    source: SourceId
    side: CodeSide | None = None
    trimester: int | None = Field(default=None, ge=0, le=3)
    verified: bool = True  # false: not checked against the official browser (shown as a warning)


@dataclass(frozen=True, eq=False)
class ClassificationData:
    duration: Duration
    spinal_regions: tuple[SpinalRegionRule, ...]
    radicular: RadicularSettings
    dermatomes: tuple[DermatomeRule, ...]
    myotomes: tuple[MyotomeRule, ...]
    reflexes: tuple[ReflexRule, ...]
    codes: Mapping[str, tuple[CodeEntry, ...]]
    sources: Mapping[str, Source]
    path: Path
    version: str


def _cited(data: ClassificationData) -> list[tuple[str, str, str]]:
    """(item, field, source id) for every citation in the file."""
    cited = [("duration", "source", data.duration.source)]
    if data.duration.alternative is not None:
        cited.append(("duration", "alternative.source", data.duration.alternative.source))
    cited += [(f"spinal_regions {r.region}", "source", r.source) for r in data.spinal_regions]
    settings = data.radicular
    cited += [
        ("radicular", name, getattr(settings, name))
        for name in ("weights_source", "lumbar_source", "cervical_source")
    ]
    cited += [(f"dermatome {d.area}", "source", d.source) for d in data.dermatomes]
    cited += [(f"myotome {m.movement}", "source", m.source) for m in data.myotomes]
    cited += [(f"reflex {r.reflex}", "source", r.source) for r in data.reflexes]
    cited += [
        (f"codes {situation} {entry.code}", "source", entry.source)
        for situation, entries in data.codes.items()
        for entry in entries
    ]
    return cited


def build_classification_data(root: Path) -> ClassificationData:
    """Load and check ``classification.yaml`` from a data folder. Raises :class:`DataFileError`."""
    sources = load_engine_sources(root)
    path = root / CLASSIFICATION_FILE
    doc = require_mapping(
        path,
        read_yaml(path),
        "duration",
        "spinal_regions",
        "radicular",
        "dermatomes",
        "myotomes",
        "reflexes",
        "codes",
    )
    raw_codes = doc["codes"]
    if not isinstance(raw_codes, Mapping) or not raw_codes:
        raise DataFileError(path, None, "codes", "must map situations to lists of codes")
    codes = {
        str(situation): tuple(parse_records(path, CodeEntry, entries, f"codes.{situation}", "code"))
        for situation, entries in raw_codes.items()
    }
    data = ClassificationData(
        duration=parse_record(path, Duration, doc["duration"], "duration"),
        spinal_regions=tuple(
            parse_records(path, SpinalRegionRule, doc["spinal_regions"], "spinal_regions", "region")
        ),
        radicular=parse_record(path, RadicularSettings, doc["radicular"], "radicular"),
        dermatomes=tuple(
            parse_records(path, DermatomeRule, doc["dermatomes"], "dermatomes", "area")
        ),
        myotomes=tuple(parse_records(path, MyotomeRule, doc["myotomes"], "myotomes", "movement")),
        reflexes=tuple(parse_records(path, ReflexRule, doc["reflexes"], "reflexes", "reflex")),
        codes=codes,
        sources=sources,
        path=path,
        version=fingerprint([root / "sources.yaml", root / "sources_engine.yaml", path]),
    )
    for item, field, source_id in _cited(data):
        if source_id not in sources:
            raise DataFileError(path, item, field, f"cites unknown source {source_id!r}")
    return data


@cache
def load_classification_data(root: Path | None = None) -> ClassificationData:
    """The bundled classification data (or that under ``root``), loaded once per process."""
    return build_classification_data(root or data_root())
