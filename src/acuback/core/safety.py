"""Screen a prescription against the safety rules of ``data/safety_rules.yaml``.

For each rule whose condition holds: a patient alert, the points it withholds (every point, listed
points, or the points at the painful site), its restrictions (no electro-acupuncture ...) and its
alerts on single points. Rules without a condition (depth over the lung, the spinal canal or an
organ) only alert on the points that carry the matching caution in the atlas, passing on the atlas's
safe depth. An unknown answer never clears a rule: the answers a rule depends on that are unknown are
listed under ``ask_before_needling``. See ``docs/clinical/safety.md``.

The rules are compiled once per loaded data set (conditions into functions, the fixed alerts built
once). Prescribed points are looked up in the atlas by their exact WHO code (:meth:`Atlas.get`);
ashi points, tender points found by palpation, have no place in the atlas: they are screened by the
painful region alone, never looked up.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from acuback.core.fact_program import compile_program
from acuback.core.facts import check_conditions, compile_condition, field_reader
from acuback.core.intake import Answer, Intake
from acuback.core.prescribe import PrescribedPoint, Prescription
from acuback.core.records import derive, trusted
from acuback.knowledge.atlas import Atlas
from acuback.knowledge.engine_data import ASHI, EngineData, load_engine_data
from acuback.knowledge.models import Point
from acuback.knowledge.safety_data import (
    SAFETY_FILE,
    PointAlertSpec,
    Restriction,
    RuleStatus,
    SafetyLevel,
    SafetyRule,
)

NOT_IN_ATLAS = "not_in_atlas"


class SafetyModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PatientAlert(SafetyModel):
    code: str
    level: SafetyLevel
    message: str
    source: str
    also_sources: tuple[str, ...] = ()
    status: RuleStatus
    status_note: str | None = None


class PointAlert(SafetyModel):
    point: str
    code: str
    level: SafetyLevel
    message: str
    max_depth_cun: float | None = None
    source: str


class RemovedPoint(SafetyModel):
    point: str
    side: str
    reason: str
    rule: str
    source: str


_removed_point = trusted(RemovedPoint)  # for values the engine built itself (records.trusted)


class AskItem(SafetyModel):
    field: str
    why: str


class SafetyReport(SafetyModel):
    """The screen's verdict. ``prescription`` is the prescription after the removals."""

    level: SafetyLevel | None
    patient_alerts: tuple[PatientAlert, ...]
    point_alerts: tuple[PointAlert, ...]
    removed: tuple[RemovedPoint, ...]
    restrictions: tuple[Restriction, ...]
    ask_before_needling: tuple[AskItem, ...]
    prescription: Prescription


_report = trusted(SafetyReport)  # for values the engine built itself (records.trusted)


def _point_alert(
    rule: SafetyRule, spec: PointAlertSpec, code: str, atlas_point: Point | None
) -> PointAlert | None:
    """The alert ``rule`` raises on the atlas point ``code`` (not ASHI), or None."""
    cautions = (
        [c for c in atlas_point.cautions if c.kind in spec.caution_kinds] if atlas_point else []
    )
    in_region = atlas_point is not None and atlas_point.region in spec.regions
    if not (cautions or in_region or code in spec.points):
        return None
    depths = [c.max_depth_cun for c in cautions if c.max_depth_cun is not None]
    message = spec.message + (f" Atlas: {cautions[0].text}" if cautions else "")
    return PointAlert(
        point=code,
        code=rule.id,
        level=rule.level,
        message=message,
        max_depth_cun=min(depths) if depths else None,
        source=cautions[0].source if cautions else rule.source,
    )


def _not_in_atlas(code: str) -> PointAlert:
    return PointAlert(
        point=code,
        code=NOT_IN_ATLAS,
        level=SafetyLevel.INFO,
        message="Not in the atlas yet: its cautions and safe depth could not be checked.",
        source="expert_opinion",
    )


class _Rule:
    """One safety rule compiled: its condition, the answers it asks about, its fixed outputs."""

    __slots__ = (
        "ashi_alert",
        "ashi_regions",
        "asks",
        "index",
        "patient_alert",
        "rule",
        "when",
        "withhold_all",
        "withhold_at_site",
        "withhold_points",
        "withholds_any",
    )

    def __init__(self, index: int, rule: SafetyRule) -> None:
        self.index = index
        self.rule = rule
        self.when = compile_condition(rule.when) if rule.when is not None else None
        self.asks = tuple(
            (field_reader(path), AskItem(field=path, why=rule.message))
            for path in rule.ask_if_unknown
        )
        self.patient_alert = PatientAlert(
            code=rule.id,
            level=rule.level,
            message=rule.message,
            source=rule.source,
            also_sources=rule.also_sources,
            status=rule.status,
            status_note=rule.status_note,
        )
        spec = rule.withhold
        self.withhold_all = spec is not None and spec.all
        self.withhold_points = frozenset(spec.points) if spec is not None else frozenset()
        self.withhold_at_site = spec is not None and spec.at_site
        self.withholds_any = (
            self.withhold_all or bool(self.withhold_points) or self.withhold_at_site
        )
        alerts = rule.point_alerts
        # Ashi points lie wherever palpation finds them: a rule alerts on them by the painful region.
        self.ashi_regions = frozenset(alerts.ashi_in_regions) if alerts is not None else frozenset()
        self.ashi_alert = (
            PointAlert(
                point=ASHI,
                code=rule.id,
                level=rule.level,
                message=alerts.message,
                source=rule.source,
            )
            if alerts is not None
            else None
        )

    def withholds(self, point: PrescribedPoint) -> bool:
        return (
            self.withhold_all
            or point.code in self.withhold_points
            or (self.withhold_at_site and point.at_site)
        )


class _Screen:
    """The safety rules of one loaded data set, compiled once, with each atlas point's alerts kept."""

    def __init__(self, rules: tuple[SafetyRule, ...]) -> None:
        check_conditions(SAFETY_FILE, ((r.id, r.when) for r in rules if r.when is not None))
        self.rules = tuple(_Rule(index, rule) for index, rule in enumerate(rules))
        self.conditional = tuple(r for r in self.rules if r.when is not None)
        # The answers the conditional rules ask about when unknown, in rule order.
        self.asks = tuple(ask for r in self.conditional for ask in r.asks)
        # Every condition in one program (each answer read once): the rules' truths on an intake.
        self.program = compile_program(
            [r.rule.when for r in self.conditional if r.rule.when is not None]
        )
        # Rules without a condition apply to every prescription (and only alert on points).
        self.always = frozenset(r.index for r in self.rules if r.when is None)
        self.alerting = tuple(r for r in self.rules if r.rule.point_alerts is not None)
        # code -> (the atlas point the alerts were read from, the alerts by rule index, in rule order)
        self._point_alerts: dict[str, tuple[Point | None, tuple[tuple[int, PointAlert], ...]]] = {}

    def point_alerts(
        self, code: str, atlas_point: Point | None
    ) -> tuple[tuple[int, PointAlert], ...]:
        """Every alert any rule would raise on this (non-ashi) point: fixed for a given atlas point."""
        kept = self._point_alerts.get(code)
        if kept is not None and kept[0] is atlas_point:
            return kept[1]
        alerts = []
        for compiled in self.alerting:
            rule = compiled.rule
            assert rule.point_alerts is not None
            alert = _point_alert(rule, rule.point_alerts, code, atlas_point)
            if alert is not None:
                alerts.append((compiled.index, alert))
        found = tuple(alerts)
        if atlas_point is not None:  # kept for the atlas's own points only: a bounded set
            self._point_alerts[code] = (atlas_point, found)
        return found


@lru_cache(maxsize=8)  # EngineData is hashed by identity: once per loaded data set
def _compile(data: EngineData) -> _Screen:
    return _Screen(data.safety_rules)


def _level_rank(alert: PatientAlert) -> int:
    return -alert.level.rank


def screen(
    intake: Intake, prescription: Prescription, atlas: Atlas, *, knowledge: EngineData | None = None
) -> SafetyReport:
    """Screen ``prescription`` for this patient.

    Takes the intake, the prescription from :func:`acuback.core.prescribe.prescribe` and the atlas
    (each point's cautions, safe depths and region). Returns the report: alerts on the patient and on
    single points, the points removed with the reason, restrictions, the answers to ask before
    needling, and the prescription after removals. Raises DataFileError if the data files are invalid.
    """
    compiled = _compile(knowledge or load_engine_data())
    fired: list[_Rule] = []
    asks: dict[str, AskItem] = {}
    for rule, truth in zip(compiled.conditional, compiled.program(intake, None), strict=True):
        if truth is True:
            fired.append(rule)
    for read, item in compiled.asks:
        if read(intake) is Answer.UNKNOWN:
            asks.setdefault(item.field, item)
    alerting = compiled.always.union(r.index for r in fired)

    kept: list[PrescribedPoint] = []
    removed: list[RemovedPoint] = []
    withholding_rules = [r for r in fired if r.withholds_any]
    if not withholding_rules:  # most intakes: every point is kept
        kept = list(prescription.points)
    for point in prescription.points if withholding_rules else ():
        withholding = next((r.rule for r in withholding_rules if r.withholds(point)), None)
        if withholding is None:
            kept.append(point)
        else:
            removed.append(
                _removed_point(
                    point=point.code,
                    side=point.side.value,
                    reason=withholding.message,
                    rule=withholding.id,
                    source=withholding.source,
                )
            )

    point_alerts: list[PointAlert] = []
    regions: frozenset[str] | None = None
    for point in kept:
        if point.code == ASHI:
            if regions is None:
                regions = frozenset(region.value for region in intake.regions)
            point_alerts += [
                r.ashi_alert
                for r in compiled.alerting
                if r.ashi_alert is not None
                and r.index in alerting
                and not r.ashi_regions.isdisjoint(regions)
            ]
            continue
        atlas_point = atlas.get(point.code)
        if atlas_point is None:
            point_alerts.append(_not_in_atlas(point.code))
        point_alerts += [
            alert
            for index, alert in compiled.point_alerts(point.code, atlas_point)
            if index in alerting
        ]

    patient_alerts = tuple(sorted((r.patient_alert for r in fired), key=_level_rank))
    restrictions = tuple(dict.fromkeys(x for r in fired for x in r.rule.restrictions))
    if removed:
        notes = (
            *prescription.notes,
            f"Withheld for safety: {', '.join(r.point for r in removed)}.",
        )
        prescription = derive(prescription, points=tuple(kept), notes=notes)
    return _report(
        level=max((a.level for a in patient_alerts), key=_rank_of, default=None),
        patient_alerts=patient_alerts,
        point_alerts=tuple(point_alerts),
        removed=tuple(removed),
        restrictions=restrictions,
        ask_before_needling=tuple(asks.values()),
        prescription=prescription,
    )


def _rank_of(level: SafetyLevel) -> int:
    return level.rank
