"""Classification of the pain: spinal regions, duration class, radicular pattern, suggested codes.

The content (duration thresholds, which body-map regions are spinal, dermatome/myotome/reflex
roots, the codes of each situation in each code system) lives in ``data/classification.yaml``;
this module applies it. See docs/clinical/classification.md for the algorithm with worked cases.

Everything here *suggests*: a radicular pattern is "suggested by" the answers and findings, a code is
offered for the practitioner's record with the reason it fits, and nothing is a diagnosis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from functools import cache, lru_cache

from pydantic import BaseModel, ConfigDict

from acuback.core.intake import (
    ARM_AREAS,
    LEG_AREAS,
    Answer,
    Intake,
    LimbSide,
    Movement,
    PainRegion,
    RadiationArea,
    Reflex,
    SlrResult,
)
from acuback.core.records import derive, trusted
from acuback.core.triage import episode_weeks
from acuback.knowledge.classification_data import (
    ClassificationData,
    CodeEntry,
    CodeSide,
    CodeSystem,
    load_classification_data,
)
from acuback.knowledge.errors import DataFileError

LEG_MOVEMENTS = frozenset(
    {
        Movement.HIP_FLEXION,
        Movement.KNEE_EXTENSION,
        Movement.ANKLE_DORSIFLEXION,
        Movement.BIG_TOE_EXTENSION,
        Movement.ANKLE_PLANTARFLEXION,
    }
)
LEG_REFLEXES = frozenset({Reflex.KNEE, Reflex.ANKLE})
BEYOND_SHOULDER = frozenset(ARM_AREAS - {RadiationArea.SHOULDER, RadiationArea.UPPER_ARM})
ARM_MOVEMENTS = frozenset(Movement) - LEG_MOVEMENTS
ARM_REFLEXES = frozenset(Reflex) - LEG_REFLEXES
_LEG_AREAS = frozenset(LEG_AREAS)
_ARM_AREAS = frozenset(ARM_AREAS)
_SLR_POSITIVE = frozenset({SlrResult.LEFT, SlrResult.RIGHT, SlrResult.BOTH})
PAIN_REGIONS = tuple(PainRegion)  # body-map order
SPINAL_ORDER = ("cervical", "thoracic", "lumbar", "sacral")
ROOT_ORDER = ("C5", "C6", "C7", "C8", "L2", "L3", "L4", "L5", "S1")
SITUATIONS = (
    "pregnancy",
    "low_back",
    "low_back_with_sciatica",
    "sciatica",
    "lumbar_radiculopathy",
    "cervical",
    "cervicobrachial",
    "cervical_radiculopathy",
    "thoracic",
)


class DurationClass(StrEnum):
    ACUTE = "acute"
    SUBACUTE = "subacute"
    CHRONIC = "chronic"
    UNKNOWN = "unknown"


class SpinalRegion(StrEnum):
    CERVICAL = "cervical"
    THORACIC = "thoracic"
    LUMBAR = "lumbar"
    SACRAL = "sacral"


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EpisodeDuration(_Result):
    """How long this episode has lasted, and its class under two common definitions."""

    category: DurationClass
    weeks: float | None
    definition: str
    source: str
    alternative_category: DurationClass  # under the alternative definition (ACP 2017)
    alternative_definition: str
    alternative_source: str


class RootEvidence(_Result):
    """A nerve root suggested by the distribution of symptoms and signs."""

    root: str
    score: int
    reasons: tuple[str, ...]
    sources: tuple[str, ...]


_root_evidence = trusted(RootEvidence)  # for values the engine built itself (records.trusted)


class Radicular(_Result):
    """Whether the answers and findings suggest radicular (nerve root) pain, and which roots."""

    present: bool
    region: str | None  # lumbar | cervical | cervical_and_lumbar
    side: LimbSide | None
    basis: tuple[str, ...]  # the answers and findings that suggest it
    objective_signs: bool  # root signs found on examination (not only reported symptoms)
    likely_roots: tuple[RootEvidence, ...]  # highest score first
    sources: tuple[str, ...]


_radicular_record = trusted(Radicular)  # for values the engine built itself (records.trusted)


class DiagnosisCode(_Result):
    system: CodeSystem
    code: str
    title: str
    why: str
    source: str
    verified: bool  # false: not checked against the official browser; check before use


class Classification(_Result):
    """The outcome of :func:`classify`."""

    regions: tuple[PainRegion, ...]  # body-map regions marked, in body-map order
    spinal_regions: tuple[SpinalRegion, ...]
    duration: DurationClass  # the class under the main definition (NICE/European)
    duration_detail: EpisodeDuration  # weeks, both definitions and their sources
    radicular: Radicular
    codes: tuple[DiagnosisCode, ...]
    notes: tuple[str, ...]
    data_version: str


_classification = trusted(Classification)  # for values the engine built itself (records.trusted)


# --- checking the data against the intake model ----------------------------------------------


@cache
def _checked(data: ClassificationData) -> ClassificationData:
    """Refuse data that names an area, movement, reflex, region or situation the engine lacks."""
    areas = {a.value for a in RadiationArea}
    checks: list[tuple[str, str, Iterable[str], set[str]]] = [
        ("dermatomes", "area", (d.area for d in data.dermatomes), areas),
        ("myotomes", "movement", (m.movement for m in data.myotomes), {m.value for m in Movement}),
        ("reflexes", "reflex", (r.reflex for r in data.reflexes), {r.value for r in Reflex}),
        (
            "spinal_regions",
            "body_map",
            (region for rule in data.spinal_regions for region in rule.body_map),
            {r.value for r in PainRegion},
        ),
    ]
    for section, field, used, known in checks:
        for value in used:
            if value not in known:
                raise DataFileError(
                    data.path, f"{section} {value}", field, "is not an intake value"
                )
    for situation in SITUATIONS:
        if situation not in data.codes:
            raise DataFileError(data.path, "codes", situation, "is missing")
    for situation in data.codes:
        if situation not in SITUATIONS:
            raise DataFileError(
                data.path, "codes", situation, "is not a situation the classifier knows"
            )
    return data


# --- duration --------------------------------------------------------------------------------


def _category(weeks: float | None, acute_below: float, chronic_above: float) -> DurationClass:
    if weeks is None:
        return DurationClass.UNKNOWN
    if weeks < acute_below:
        return DurationClass.ACUTE
    if weeks > chronic_above:
        return DurationClass.CHRONIC
    return DurationClass.SUBACUTE


def _definition(acute_below: float, chronic_above: float, name: str | None = None) -> str:
    prefix = f"{name}: " if name else ""
    return (
        f"{prefix}acute under {acute_below:g} weeks, subacute {acute_below:g} to {chronic_above:g} "
        f"weeks, chronic over {chronic_above:g} weeks"
    )


@lru_cache(maxsize=8)  # ClassificationData is hashed by identity: once per loaded data set
def _duration_template(data: ClassificationData) -> EpisodeDuration:
    """The definitions and sources every episode's duration cites, validated once."""
    main = data.duration
    alt = main.alternative or main
    return EpisodeDuration(
        category=DurationClass.UNKNOWN,
        weeks=None,
        definition=_definition(main.acute_below_weeks, main.chronic_above_weeks),
        source=main.source,
        alternative_category=DurationClass.UNKNOWN,
        alternative_definition=_definition(
            alt.acute_below_weeks, alt.chronic_above_weeks, alt.name
        ),
        alternative_source=alt.source,
    )


def _duration(data: ClassificationData, weeks: float | None) -> EpisodeDuration:
    main = data.duration
    alt = main.alternative or main
    return derive(
        _duration_template(data),
        category=_category(weeks, main.acute_below_weeks, main.chronic_above_weeks),
        weeks=round(weeks, 1) if weeks is not None else None,
        alternative_category=_category(weeks, alt.acute_below_weeks, alt.chronic_above_weeks),
    )


# --- radicular pattern -----------------------------------------------------------------------


def _words(values: Iterable[StrEnum]) -> str:
    return ", ".join(v.value.replace("_", " ") for v in sorted(values, key=lambda v: v.value))


class _Evidence:
    """Basis sentences and root scores gathered for one limb (leg or arm)."""

    def __init__(self) -> None:
        self.basis: list[str] = []
        self.objective = False
        self.roots: dict[str, tuple[int, list[str], list[str]]] = {}

    def add_root(self, root: str, weight: int, reason: str, source: str) -> None:
        score, reasons, sources = self.roots.get(root, (0, [], []))
        reasons.append(reason)
        if source not in sources:
            sources.append(source)
        self.roots[root] = (score + weight, reasons, sources)


def _limb_evidence(
    intake: Intake,
    data: ClassificationData,
    *,
    areas: frozenset[RadiationArea],
    movements: frozenset[Movement],
    reflexes: frozenset[Reflex],
) -> _Evidence:
    evidence = _Evidence()
    weights = data.radicular.weights
    findings = intake.findings
    reported = [a for a in intake.radiation.areas if a in areas]
    sensory = [a for a in findings.sensory_loss if a in areas] if findings else []
    weak = [m for m in findings.strength_deficit if m in movements] if findings else []
    reduced = [r for r in findings.reflexes_reduced if r in reflexes] if findings else []
    if not (reported or sensory or weak or reduced):  # nothing in this limb (most intakes)
        return evidence
    for rule in data.dermatomes:
        if rule.area in reported:
            where = rule.area.replace("_", " ")
            evidence.add_root(
                rule.root,
                weights.reported_area,
                f"symptoms felt in the {where} ({rule.root} dermatome)",
                rule.source,
            )
        if rule.area in sensory:
            where = rule.area.replace("_", " ")
            evidence.add_root(
                rule.root,
                weights.sensory_loss,
                f"sensory loss in the {where} ({rule.root} dermatome)",
                rule.source,
            )
    for myotome in data.myotomes:
        if myotome.movement in weak:
            what = myotome.movement.replace("_", " ")
            evidence.add_root(
                myotome.root,
                weights.strength_deficit,
                f"weak {what} ({myotome.root} myotome)",
                myotome.source,
            )
    for reflex_rule in data.reflexes:
        if reflex_rule.reflex in reduced:
            evidence.add_root(
                reflex_rule.root,
                weights.reflex,
                f"reduced {reflex_rule.reflex} reflex ({reflex_rule.root})",
                reflex_rule.source,
            )
    if sensory:
        evidence.basis.append(f"sensory loss on examination: {_words(sensory)}")
    if weak:
        evidence.basis.append(f"weakness on examination: {_words(weak)}")
    if reduced:
        evidence.basis.append(f"reduced reflexes: {_words(reduced)}")
    evidence.objective = bool(sensory or weak or reduced)
    return evidence


def _paraesthesia(intake: Intake) -> bool:
    return intake.radiation.numbness is Answer.YES or intake.radiation.tingling is Answer.YES


def _lumbar(intake: Intake, data: ClassificationData) -> _Evidence:
    evidence = _limb_evidence(
        intake, data, areas=_LEG_AREAS, movements=LEG_MOVEMENTS, reflexes=LEG_REFLEXES
    )
    radiation = intake.radiation
    reported: list[str] = []
    if radiation.below_knee:
        reported.append("pain spreads below the knee")
    elif radiation.into_leg and _paraesthesia(intake):
        reported.append("pain spreads into the leg with numbness or tingling")
    slr = intake.findings.straight_leg_raise_positive if intake.findings else SlrResult.UNKNOWN
    if slr in (SlrResult.LEFT, SlrResult.RIGHT, SlrResult.BOTH):
        reported.append(f"positive straight-leg raise ({slr.value})")
    evidence.basis[:0] = reported
    return evidence


def _cervical(intake: Intake, data: ClassificationData) -> _Evidence:
    evidence = _limb_evidence(
        intake,
        data,
        areas=_ARM_AREAS,
        movements=ARM_MOVEMENTS,
        reflexes=ARM_REFLEXES,
    )
    areas = set(intake.radiation.areas)
    if areas & BEYOND_SHOULDER:
        evidence.basis.insert(0, "pain spreads beyond the shoulder into the forearm or hand")
    elif areas & ARM_AREAS and _paraesthesia(intake):
        evidence.basis.insert(0, "pain spreads into the arm with numbness or tingling")
    return evidence


def _side(intake: Intake) -> LimbSide | None:
    if intake.radiation.side is not None:
        return intake.radiation.side
    slr = intake.findings.straight_leg_raise_positive if intake.findings else SlrResult.UNKNOWN
    if slr in (SlrResult.LEFT, SlrResult.RIGHT, SlrResult.BOTH):
        return LimbSide(slr.value)
    return None


# Without leg or arm symptoms or signs (most intakes) the verdict is always the same.
_NOT_RADICULAR = Radicular(
    present=False,
    region=None,
    side=None,
    basis=(),
    objective_signs=False,
    likely_roots=(),
    sources=(),
)


def _no_limb_signs(intake: Intake) -> bool:
    """Nothing spreads into a limb and no root sign was examined: no radicular evidence can follow
    (what :func:`_lumbar` and :func:`_cervical` read, checked at once; most intakes)."""
    if intake.radiation.areas:
        return False
    findings = intake.findings
    return findings is None or not (
        findings.straight_leg_raise_positive in _SLR_POSITIVE
        or findings.sensory_loss
        or findings.strength_deficit
        or findings.reflexes_reduced
    )


def _radicular(intake: Intake, data: ClassificationData) -> tuple[Radicular, _Evidence, _Evidence]:
    if _no_limb_signs(intake):
        return _NOT_RADICULAR, _Evidence(), _Evidence()
    lumbar, cervical = _lumbar(intake, data), _cervical(intake, data)
    if not (lumbar.basis or cervical.basis):
        return _NOT_RADICULAR, lumbar, cervical
    regions = [name for name, ev in (("cervical", cervical), ("lumbar", lumbar)) if ev.basis]
    roots: dict[str, tuple[int, list[str], list[str]]] = {}
    for evidence in (cervical, lumbar):
        if evidence.basis:
            roots.update(evidence.roots)
    ranked = sorted(
        roots.items(),
        key=lambda item: (-item[1][0], ROOT_ORDER.index(item[0]) if item[0] in ROOT_ORDER else 99),
    )
    sources = []
    if lumbar.basis:
        sources.append(data.radicular.lumbar_source)
    if cervical.basis:
        sources.append(data.radicular.cervical_source)
    if roots:
        sources.append(data.radicular.weights_source)
    radicular = _radicular_record(
        present=bool(regions),
        region="_and_".join(regions) if regions else None,
        side=_side(intake) if regions else None,
        basis=tuple(cervical.basis + lumbar.basis),
        objective_signs=(lumbar.objective and bool(lumbar.basis))
        or (cervical.objective and bool(cervical.basis)),
        likely_roots=tuple(
            _root_evidence(root=root, score=score, reasons=tuple(reasons), sources=tuple(srcs))
            for root, (score, reasons, srcs) in ranked
        ),
        sources=tuple(dict.fromkeys(sources)),
    )
    return radicular, lumbar, cervical


# --- codes -----------------------------------------------------------------------------------


def _trimester(weeks: int | None) -> int:
    if weeks is None:
        return 0
    if weeks < 14:
        return 1
    return 2 if weeks < 28 else 3


def _sides(side: LimbSide | None) -> set[CodeSide]:
    if side is LimbSide.BOTH:
        return {CodeSide.LEFT, CodeSide.RIGHT}
    if side is None:
        return {CodeSide.UNSPECIFIED}
    return {CodeSide(side.value)}


def _pick(entries: Iterable[CodeEntry], sides: set[CodeSide], trimester: int) -> list[CodeEntry]:
    return [
        entry
        for entry in entries
        if (entry.side is None or entry.side in sides)
        and (entry.trimester is None or entry.trimester == trimester)
    ]


def _situations(
    intake: Intake,
    spinal: frozenset[SpinalRegion],
    radicular: Radicular,
    lumbar: _Evidence,
    cervical: _Evidence,
) -> list[tuple[str, str]]:
    """(situation, why it applies) in the order the codes are listed."""
    chosen: list[tuple[str, str]] = []
    if intake.pregnant is Answer.YES:
        chosen.append(("pregnancy", "The patient is pregnant."))
    low_back = bool(spinal & {SpinalRegion.LUMBAR, SpinalRegion.SACRAL})
    if lumbar.basis:
        basis = "; ".join(lumbar.basis)
        if lumbar.objective:
            chosen.append(("lumbar_radiculopathy", f"Leg symptoms and root signs: {basis}."))
            if low_back:
                chosen.append(("low_back", "Low back pain marked on the body map."))
        elif low_back:
            chosen.append(("low_back_with_sciatica", f"Low back pain with leg symptoms: {basis}."))
        else:
            chosen.append(("sciatica", f"Leg symptoms without low back pain marked: {basis}."))
    elif low_back:
        chosen.append(("low_back", "Low back pain marked on the body map, without sciatica."))
    if cervical.basis:
        basis = "; ".join(cervical.basis)
        if cervical.objective:
            chosen.append(("cervical_radiculopathy", f"Arm symptoms and root signs: {basis}."))
        else:
            chosen.append(("cervicobrachial", f"Neck-to-arm symptoms without root signs: {basis}."))
    elif SpinalRegion.CERVICAL in spinal:
        chosen.append(("cervical", "Neck pain marked on the body map."))
    if SpinalRegion.THORACIC in spinal:
        chosen.append(("thoracic", "Upper or mid-back pain marked on the body map."))
    return chosen


def _codes(
    data: ClassificationData,
    situations: Iterable[tuple[str, str]],
    side: LimbSide | None,
    trimester: int,
) -> tuple[DiagnosisCode, ...]:
    codes: tuple[DiagnosisCode, ...] = ()
    for situation, context in situations:
        codes += _situation_codes(data, situation, context, side, trimester)
    return codes


# Most situations give the same reason to every patient ("Low back pain marked on the body map"),
# so their codes recur; a radicular one names the patient's symptoms and recurs less. Each
# situation is kept on its own, so that a new wording rebuilds only its own codes, from templates.
@lru_cache(maxsize=4096)
def _situation_codes(
    data: ClassificationData, situation: str, context: str, side: LimbSide | None, trimester: int
) -> tuple[DiagnosisCode, ...]:
    return tuple(
        derive(template, why=f"{context} {template.why}")
        for template in _code_templates(data, situation, side, trimester)
    )


@lru_cache(maxsize=512)
def _code_templates(
    data: ClassificationData, situation: str, side: LimbSide | None, trimester: int
) -> tuple[DiagnosisCode, ...]:
    """A situation's codes for a side and trimester, validated once; ``why`` is the entry's own."""
    return tuple(
        DiagnosisCode(
            system=entry.system,
            code=entry.code,
            title=entry.title,
            why=entry.why,
            source=entry.source,
            verified=entry.verified,
        )
        for entry in _pick(data.codes[situation], _sides(side), trimester)
    )


# --- the classifier --------------------------------------------------------------------------


@lru_cache(maxsize=1024)  # a few hundred combinations of marked regions recur
def _marked(
    data: ClassificationData, marked: frozenset[PainRegion]
) -> tuple[tuple[PainRegion, ...], frozenset[SpinalRegion], tuple[SpinalRegion, ...]]:
    """The marked regions in body-map order, the spinal regions they cover, and those in spinal
    order (as the classification lists them)."""
    regions = tuple(region for region in PAIN_REGIONS if region in marked)
    spinal = frozenset(
        SpinalRegion(rule.region)
        for rule in data.spinal_regions
        if any(name in marked for name in rule.body_map)
    )
    return regions, spinal, tuple(SpinalRegion(name) for name in SPINAL_ORDER if name in spinal)


def classify(
    intake: Intake, *, as_of: dt.date, data: ClassificationData | None = None
) -> Classification:
    """Classify the pain described by an intake.

    Takes the intake, the assessment date ``as_of`` (for the episode's duration) and optionally the
    classification data (default: the bundled ``classification.yaml``). Returns the
    :class:`Classification`: regions, duration class, radicular pattern with likely roots, and
    suggested codes in each code system with the reason each fits. Raises :class:`InvalidIntake`
    when the onset date is after ``as_of`` and :class:`DataFileError` for a broken data file.
    """
    data = _checked(data or load_classification_data())
    weeks = episode_weeks(intake, as_of)
    regions, spinal, spinal_ordered = _marked(data, intake.regions)
    radicular, lumbar, cervical = _radicular(intake, data)
    situations = _situations(intake, spinal, radicular, lumbar, cervical)
    duration = _duration(data, weeks)
    notes = ["Codes are suggestions for the practitioner's record; the software does not diagnose."]
    if not spinal and not radicular.present:
        notes.append("No spinal region is marked on the body map, so no spinal code is suggested.")
    if duration.category is DurationClass.UNKNOWN:
        notes.append("The onset date is missing, so the duration class is unknown.")
    elif duration.alternative_category is not duration.category:
        notes.append(
            f"By the alternative definition ({duration.alternative_definition}) this episode is "
            f"{duration.alternative_category.value}."
        )
    codes = _codes(data, situations, radicular.side, _trimester(intake.pregnancy_weeks))
    if any(not code.verified for code in codes):
        notes.append(
            "Codes marked unverified were not checked against the official browser; check them "
            "before use."
        )
    return _classification(
        regions=regions,
        spinal_regions=spinal_ordered,
        duration=duration.category,
        duration_detail=duration,
        radicular=radicular,
        codes=codes,
        notes=tuple(notes),
        data_version=data.version,
    )
