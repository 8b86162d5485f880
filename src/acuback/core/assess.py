"""The assessment pipeline every face calls: triage, classify, differentiate, prescribe, screen.

``assess`` runs the engine's steps in order on one intake and gathers their results with the
version of the knowledge they used, the evidence on acupuncture for back pain (which the sources
dispute, so both sides are stated) and the disclaimer. When the triage finds an emergency the
prescription is withheld and the reason given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache

from pydantic import BaseModel, ConfigDict

from acuback.core.classify import Classification, classify
from acuback.core.errors import UnknownProtocol
from acuback.core.intake import Intake
from acuback.core.patterns import PatternScore, PatternSummary, differentiate, summarise
from acuback.core.prescribe import Prescription, prescribe
from acuback.core.records import trusted
from acuback.core.safety import SafetyReport, screen
from acuback.core.triage import TriageLevel, TriageVerdict, triage
from acuback.knowledge.assessment_data import load_assessment_texts
from acuback.knowledge.atlas import Atlas
from acuback.knowledge.classification_data import load_classification_data
from acuback.knowledge.engine_data import EngineData, load_engine_data
from acuback.knowledge.red_flags import load_red_flag_rules


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EvidenceNote(_Result):
    text: str
    sources: tuple[str, ...]


class Assessment(_Result):
    """Everything the engine concludes about one intake on one date."""

    as_of: dt.date
    triage: TriageVerdict
    classification: Classification
    patterns: tuple[PatternScore, ...]
    pattern_summary: PatternSummary
    prescription: Prescription | None  # None when withheld (see ``withheld``)
    safety: SafetyReport | None
    withheld: str | None  # why no prescription is given
    notes: tuple[str, ...]
    evidence: tuple[EvidenceNote, ...]
    disclaimer: str
    knowledge_version: str

    @property
    def level(self) -> TriageLevel:
        return self.triage.level


_assessment = trusted(Assessment)  # for values the engine built itself (records.trusted)


@cache
def _engine_data() -> EngineData:
    # Loaded once here and handed to each step, so that no step looks the data folder up again.
    return load_engine_data()


@cache
def _evidence() -> tuple[EvidenceNote, ...]:
    # The same notes close every assessment: built once.
    return tuple(
        EvidenceNote(text=e.text, sources=e.sources) for e in load_assessment_texts().evidence
    )


@cache
def _engine_fingerprint() -> str:
    parts = (
        _engine_data().fingerprint,
        load_red_flag_rules().version,
        load_classification_data().version,
        hashlib.sha256(load_assessment_texts().path.read_bytes()).hexdigest(),
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def knowledge_version(atlas: Atlas) -> str:
    """``<atlas version>-<engine data fingerprint>``: changes whenever any data file changes."""
    return f"{atlas.version}-{_engine_fingerprint()}"


def assess(
    intake: Intake, atlas: Atlas, *, as_of: dt.date, protocol: str | None = None
) -> Assessment:
    """Assess one intake.

    Takes the intake, the atlas (``acuback.knowledge.load_atlas()``), the assessment date ``as_of``
    (durations are counted to it; the engine never reads the clock) and optionally a protocol id.
    Returns the :class:`Assessment`. When the triage level is emergency the prescription and safety
    screen are withheld, with the reason. Raises :class:`InvalidIntake` when the onset date is after
    ``as_of``, :class:`UnknownProtocol` for an unknown protocol, and ``DataFileError`` when a data
    file is broken.
    """
    texts = load_assessment_texts()
    verdict = triage(intake, as_of=as_of)
    classification = classify(intake, as_of=as_of)
    duration = classification.duration.value if classification.duration.value != "unknown" else None
    engine = _engine_data()
    patterns = differentiate(intake, duration=duration, knowledge=engine)
    summary = summarise(patterns, knowledge=engine)
    notes: list[str] = []
    prescription: Prescription | None = None
    report: SafetyReport | None = None
    withheld: str | None = None
    if verdict.level is TriageLevel.EMERGENCY:
        withheld = f"{texts.withheld} {verdict.summary}"
        if protocol is not None:
            _check_protocol(protocol)
    else:
        if verdict.level is TriageLevel.URGENT:
            notes.append(texts.urgent_note)
        draft = prescribe(intake, classification, patterns, atlas, protocol, knowledge=engine)
        report = screen(intake, draft, atlas, knowledge=engine)
        prescription = report.prescription
    return _assessment(
        as_of=as_of,
        triage=verdict,
        classification=classification,
        patterns=patterns,
        pattern_summary=summary,
        prescription=prescription,
        safety=report,
        withheld=withheld,
        notes=tuple(notes),
        evidence=_evidence(),
        disclaimer=texts.disclaimer,
        knowledge_version=knowledge_version(atlas),
    )


def _check_protocol(protocol: str) -> None:
    """Refuse an unknown protocol name even when no prescription is made."""
    data = _engine_data()
    if data.protocol(protocol) is None:
        raise UnknownProtocol(protocol, tuple(p.id for p in data.protocols))
