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

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from acuback.core.fact_program import compile_program
from acuback.core.facts import Truth, check_conditions
from acuback.core.generated import define_function
from acuback.core.intake import Intake, PainRegion
from acuback.core.records import derive, maker, trusted
from acuback.knowledge.conditions import Condition
from acuback.knowledge.engine_data import EngineData, load_engine_data
from acuback.knowledge.patterns_data import (
    PATTERNS_FILE,
    Finding,
    Moxibustion,
    Pattern,
    PatternStatus,
)

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


_summary_record = trusted(PatternSummary)  # for values the engine built itself (records.trusted)


def _evidence(finding: Finding) -> Evidence:
    return Evidence(
        finding=finding.label, id=finding.id, weight=finding.weight, source=finding.source
    )


class _CompiledPattern:
    """One pattern with the evidence each finding gives built once; scored on each intake from the
    truths of its findings, which the book's program (see :class:`_CompiledBook`) answers at
    positions ``first`` onwards: its findings for it, then those against it."""

    __slots__ = ("against", "applies_to", "for_", "half_weight", "pattern", "score", "template")

    def __init__(self, pattern: Pattern, half_weight: float, first: int) -> None:
        self.pattern = pattern
        self.half_weight = half_weight
        self.applies_to = frozenset(pattern.applies_to)
        self.for_ = tuple((first + n, _evidence(f)) for n, f in enumerate(pattern.for_))
        after = first + len(pattern.for_)
        self.against = tuple((after + n, _evidence(f)) for n, f in enumerate(pattern.against))
        # What the score says of the pattern itself, validated once; each score copies it and
        # fills in the intake's part.
        self.template = PatternScore(
            pattern_id=pattern.id,
            name=pattern.name,
            pinyin=pattern.pinyin,
            hanzi=pattern.hanzi,
            score=0.0,
            net_weight=0,
            evidence_for=(),
            evidence_against=(),
            unanswered=(),
            status=pattern.status,
            status_note=pattern.status_note,
            tm1_code=pattern.tm1.code if pattern.tm1 else None,
            tm1_title=pattern.tm1.title if pattern.tm1 else None,
            tm1_note=pattern.tm1_note,
            treatment_principle=pattern.treatment_principle.text,
            moxibustion=pattern.moxibustion,
            source=pattern.source,
        )
        self.score = _scorer(self)

    def applies(self, regions: frozenset[PainRegion]) -> bool:
        return not regions or not self.applies_to.isdisjoint(regions)

    @property
    def conditions(self) -> list[Condition]:
        return [f.when for f in (*self.pattern.for_, *self.pattern.against)]

    def reference_score(self, truths: tuple[Truth, ...]) -> PatternScore:
        """The score read plainly from the truths: what :attr:`score` (generated) must equal."""
        held_for = tuple(evidence for index, evidence in self.for_ if truths[index] is True)
        held_against = tuple(evidence for index, evidence in self.against if truths[index] is True)
        unanswered = tuple(
            evidence.finding for index, evidence in self.for_ if truths[index] is None
        )
        net = max(0, sum(e.weight for e in held_for) - sum(e.weight for e in held_against))
        return derive(
            self.template,
            score=round(net / (net + self.half_weight), 3),
            net_weight=net,
            evidence_for=held_for,
            evidence_against=held_against,
            unanswered=unanswered,
        )


def _scorer(pattern: _CompiledPattern) -> Callable[[tuple[Truth, ...]], PatternScore]:
    """The pattern's score as straight-line code: a test per finding at its position in the truths.

    Scoring every applicable pattern of every intake was a loop over each pattern's findings; written
    out, each finding is one test, its evidence and weight constants (``e<n>``, ``w<n>``; positions
    are our own integers, nothing from the data file is pasted as text). Equal to
    :meth:`_CompiledPattern.reference_score` (tested).
    """
    namespace: dict[str, Any] = {
        "make": maker(
            pattern.template,
            "score",
            "net_weight",
            "evidence_for",
            "evidence_against",
            "unanswered",
        ),
        "half": pattern.half_weight,
        "base": pattern.template.__dict__,
    }
    lines = ["net = 0", "held_for = []", "unanswered = []", "held_against = []"]
    for n, (index, evidence) in enumerate(pattern.for_):
        namespace[f"e{n}"], namespace[f"w{n}"] = evidence, evidence.weight
        namespace[f"f{n}"] = evidence.finding
        lines += [
            f"x = truths[{int(index)}]",
            "if x is True:",
            f"    held_for.append(e{n})",
            f"    net += w{n}",
            "elif x is None:",
            f"    unanswered.append(f{n})",
        ]
    for n, (index, evidence) in enumerate(pattern.against):
        namespace[f"a{n}"], namespace[f"v{n}"] = evidence, evidence.weight
        lines += [
            f"if truths[{int(index)}] is True:",
            f"    held_against.append(a{n})",
            f"    net -= v{n}",
        ]
    lines += [
        "if net < 0:",
        "    net = 0",
        "fields = base.copy()",
        "fields['score'] = round(net / (net + half), 3)",
        "fields['net_weight'] = net",
        "fields['evidence_for'] = tuple(held_for)",
        "fields['evidence_against'] = tuple(held_against)",
        "fields['unanswered'] = tuple(unanswered)",
        "return make(fields)",
    ]
    score: Callable[[tuple[Truth, ...]], PatternScore] = define_function(
        "score", "truths", lines, namespace, "pattern score"
    )
    return score


class _CompiledBook:
    """Every pattern of a data set, with one program answering all their findings on an intake
    (each distinct condition once: many patterns read the same answers)."""

    __slots__ = ("_applicable", "patterns", "program")

    def __init__(self, patterns: tuple[Pattern, ...], half_weight: float) -> None:
        check_conditions(
            PATTERNS_FILE,
            ((f"{p.id}.{f.id}", f.when) for p in patterns for f in (*p.for_, *p.against)),
        )
        compiled: list[_CompiledPattern] = []
        first = 0
        for pattern in patterns:
            compiled.append(_CompiledPattern(pattern, half_weight, first))
            first += len(pattern.for_) + len(pattern.against)
        self.patterns = tuple(compiled)
        self.program = compile_program([c for p in compiled for c in p.conditions])
        # The patterns that apply to a set of painful regions, by file order: a few hundred sets.
        self._applicable: dict[frozenset[PainRegion], tuple[tuple[int, _CompiledPattern], ...]] = {}

    def applicable(
        self, regions: frozenset[PainRegion]
    ) -> tuple[tuple[int, _CompiledPattern], ...]:
        """(file order, pattern) of the patterns applying to ``regions`` (all when empty)."""
        found = self._applicable.get(regions)
        if found is None:
            found = tuple((n, p) for n, p in enumerate(self.patterns) if p.applies(regions))
            self._applicable[regions] = found
        return found


@lru_cache(maxsize=8)  # EngineData is hashed by identity: once per loaded data set
def _compile(data: EngineData) -> _CompiledBook:
    return _CompiledBook(data.patterns.patterns, data.patterns.scoring.half_weight)


_ESTABLISHED = PatternStatus.ESTABLISHED


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
    book = _compile(knowledge or load_engine_data())
    truths = book.program(intake, duration)
    ranked = []
    for order, compiled in book.applicable(intake.regions):
        score = compiled.score(truths)
        # Best score first; ties to established patterns, then to the data file's order (unique,
        # so the records themselves are never compared).
        ranked.append((-score.score, score.status is not _ESTABLISHED, order, score))
    ranked.sort()
    return tuple([item[3] for item in ranked])


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
        return _summary_record(
            conclusive=False,
            leading=(),
            message=(
                f"Pattern differentiation is inconclusive: no pattern reaches {scoring.inconclusive_below:.2f}."
                f" Examine the tongue and pulse and ask the unanswered questions before choosing pattern points.{hint}"
            ),
            caveat=CAVEAT,
        )
    below, margin = scoring.inconclusive_below, scoring.close_margin
    return _conclusive(
        tuple(
            (s.pattern_id, s.name, s.score, s.status is PatternStatus.CONTESTED)
            for s in scores
            if s.score >= below and top - s.score <= margin
        )
    )


# A score is net / (net + half weight) for a whole net weight, so the leading patterns and their
# scores come from a bounded set (some hundreds of combinations recur): each summary is worded once.
@lru_cache(maxsize=4096)
def _conclusive(leading: tuple[tuple[str, str, float, bool], ...]) -> PatternSummary:
    """The summary naming the leading patterns: (id, name, score, contested), best first."""
    named = ", ".join(
        f"{name} ({score:.2f}{', contested' if contested else ''})"
        for _, name, score, contested in leading
    )
    mixed = " a mixed picture of" if len(leading) > 1 else ""
    return _summary_record(
        conclusive=True,
        leading=tuple(pattern_id for pattern_id, *_ in leading),
        message=f"The findings suggest{mixed} {named}.",
        caveat=CAVEAT,
    )
