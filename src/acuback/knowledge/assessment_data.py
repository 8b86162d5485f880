"""Load ``data/assessment.yaml``: the evidence notes and the disclaimer every assessment carries."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import Field

from acuback.knowledge.errors import DataFileError
from acuback.knowledge.loading import data_root, parse_records, read_yaml, require_mapping, unique
from acuback.knowledge.models import Record, SourceId
from acuback.knowledge.red_flags import load_engine_sources

ASSESSMENT_FILE = "assessment.yaml"


class EvidenceStatement(Record):
    """One statement about acupuncture's place, with the sources that make it."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str = Field(min_length=20)
    sources: tuple[SourceId, ...] = Field(min_length=1)


@dataclass(frozen=True)
class AssessmentTexts:
    evidence: tuple[EvidenceStatement, ...]
    disclaimer: str
    withheld: str
    urgent_note: str
    path: Path


def build_assessment_texts(root: Path) -> AssessmentTexts:
    """Load and check ``assessment.yaml``. Raises :class:`DataFileError`."""
    sources = load_engine_sources(root)
    path = root / ASSESSMENT_FILE
    doc = require_mapping(
        path, read_yaml(path), "evidence", "disclaimer", "withheld", "urgent_note"
    )
    evidence = parse_records(path, EvidenceStatement, doc["evidence"], "evidence")
    unique(path, (e.id for e in evidence), "statement")
    for statement in evidence:
        for source_id in statement.sources:
            if source_id not in sources:
                raise DataFileError(
                    path, statement.id, "sources", f"cites unknown source {source_id!r}"
                )
    texts = {}
    for key in ("disclaimer", "withheld", "urgent_note"):
        value = doc[key]
        if not isinstance(value, str) or len(value.strip()) < 20:
            raise DataFileError(path, None, key, "must be a sentence")
        texts[key] = " ".join(value.split())
    return AssessmentTexts(tuple(evidence), path=path, **texts)


@cache
def load_assessment_texts(root: Path | None = None) -> AssessmentTexts:
    """The bundled texts (or those under ``root``), loaded once per process."""
    return build_assessment_texts(root or data_root())
