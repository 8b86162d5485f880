"""TCM pattern differentiation: rank the patterns of ``data/patterns.yaml`` by the intake's findings.

Each pattern's findings for and against it are read from the intake (see :mod:`acuback.core.facts`).
``net`` is the weight of the findings for it that hold, less the weight of those against it that
hold (never below zero); the score is ``net / (net + half_weight)``, between 0 and 1. An unknown
answer counts neither way; the findings for a pattern that could not be assessed are listed as
``unanswered`` so the practitioner knows what to ask or examine.

The ranking supports, and never replaces, the practitioner's judgement: Maciocia notes that the
treatment of backache rests more on its acute or chronic character and on local and distal points
than on the pattern (see ``docs/clinical/patterns.md``).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from acuback.core.facts import evaluate
from acuback.core.intake import Intake
from acuback.knowledge.engine_data import EngineData, load_engine_data
from acuback.knowledge.patterns_data import Finding, Moxibustion, Pattern, PatternStatus

CAVEAT = (
    "Decision support, not a diagnosis. The treatment of backache rests more on whether it is acute "
    "or chronic and on local and distal points than on the pattern (Maciocia), so the ranking informs "
    "the prescription but does not decide it alone."
)


class PatternResult(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(PatternResult):
    """One finding that held: its label, weight and source id."""

    finding: str
    id: str
    weight: int
    source: str


class PatternScore(PatternResult):
    """How well the intake fits one pattern, with the evidence for and against it."""

    pattern_id: str
    name: str
    pinyin: str
    hanzi: str
    score: float
    net_weight: int
    evidence_for: tuple[Evidence, ...]
    evidence_against: tuple[Evidence, ...]
    unanswered: tuple[str, ...]
    status: PatternStatus
    status_note: str | None
    tm1_code: str | None
    tm1_title: str | None
    tm1_note: str | None
    treatment_principle: str
    moxibustion: Moxibustion
    source: str


class PatternSummary(PatternResult):
    """The ranking in one sentence: conclusive or not, and which patterns lead."""

    conclusive: bool
    leading: tuple[str, ...]
    message: str
    caveat: str


def _evidence(finding: Finding) -> Evidence:
    return Evidence(
        finding=finding.label, id=finding.id, weight=finding.weight, source=finding.source
    )


def _applies(pattern: Pattern, intake: Intake) -> bool:
    regions = {region.value for region in intake.regions}
    return not regions or bool(regions & set(pattern.applies_to))


def score_pattern(
    pattern: Pattern, intake: Intake, half_weight: float, duration: str | None
) -> PatternScore:
    """Score one pattern. Takes the pattern, the intake, the half weight and the duration class."""
    held_for: list[Evidence] = []
    unanswered: list[str] = []
    for finding in pattern.for_:
        truth = evaluate(finding.when, intake, duration)
        if truth is True:
            held_for.append(_evidence(finding))
        elif truth is None:
            unanswered.append(finding.label)
    held_against = [
        _evidence(f) for f in pattern.against if evaluate(f.when, intake, duration) is True
    ]
    net = max(0, sum(e.weight for e in held_for) - sum(e.weight for e in held_against))
    return PatternScore(
        pattern_id=pattern.id,
        name=pattern.name,
        pinyin=pattern.pinyin,
        hanzi=pattern.hanzi,
        score=round(net / (net + half_weight), 3),
        net_weight=net,
        evidence_for=tuple(held_for),
        evidence_against=tuple(held_against),
        unanswered=tuple(unanswered),
        status=pattern.status,
        status_note=pattern.status_note,
        tm1_code=pattern.tm1.code if pattern.tm1 else None,
        tm1_title=pattern.tm1.title if pattern.tm1 else None,
        tm1_note=pattern.tm1_note,
        treatment_principle=pattern.treatment_principle.text,
        moxibustion=pattern.moxibustion,
        source=pattern.source,
    )


def differentiate(
    intake: Intake, *, duration: str | None = None, knowledge: EngineData | None = None
) -> tuple[PatternScore, ...]:
    """Rank the patterns that apply to the painful regions, best first.

    Takes the intake; ``duration`` is the episode's class from classification (``acute``,
    ``subacute``, ``chronic``) or None when unknown, and ``knowledge`` the loaded engine data (the
    bundled data by default). Patterns whose regions do not include any painful region are left out
    (all apply when no region is marked). Returns the scores, highest first; ties go to established
    patterns, then to the order of the data file. Raises DataFileError if the data files are invalid.
    """
    data = knowledge or load_engine_data()
    half = data.patterns.scoring.half_weight
    order = {p.id: i for i, p in enumerate(data.patterns.patterns)}
    scores = [
        score_pattern(p, intake, half, duration)
        for p in data.patterns.patterns
        if _applies(p, intake)
    ]
    return tuple(
        sorted(
            scores,
            key=lambda s: (
                -s.score,
                s.status is not PatternStatus.ESTABLISHED,
                order[s.pattern_id],
            ),
        )
    )


def summarise(
    scores: tuple[PatternScore, ...], *, knowledge: EngineData | None = None
) -> PatternSummary:
    """Say whether the differentiation is conclusive and which patterns lead.

    Takes the ranked scores from :func:`differentiate`. Conclusive when the top score reaches the
    data's ``inconclusive_below``; the leading patterns are those within ``close_margin`` of the top.
    Returns the summary with the standing caveat. Raises DataFileError if the data files are invalid.
    """
    scoring = (knowledge or load_engine_data()).patterns.scoring
    top = scores[0].score if scores else 0.0
    if top < scoring.inconclusive_below:
        asks = sorted({label for s in scores[:3] for label in s.unanswered})[:6]
        hint = f" Unanswered: {'; '.join(asks)}." if asks else ""
        return PatternSummary(
            conclusive=False,
            leading=(),
            message=(
                f"Pattern differentiation is inconclusive: no pattern reaches {scoring.inconclusive_below:.2f}."
                f" Examine the tongue and pulse and ask the unanswered questions before choosing pattern points.{hint}"
            ),
            caveat=CAVEAT,
        )
    leading = tuple(
        s
        for s in scores
        if s.score >= scoring.inconclusive_below and top - s.score <= scoring.close_margin
    )
    named = ", ".join(
        f"{s.name} ({s.score:.2f}{', contested' if s.status is PatternStatus.CONTESTED else ''})"
        for s in leading
    )
    mixed = " a mixed picture of" if len(leading) > 1 else ""
    return PatternSummary(
        conclusive=True,
        leading=tuple(s.pattern_id for s in leading),
        message=f"The findings suggest{mixed} {named}.",
        caveat=CAVEAT,
    )
