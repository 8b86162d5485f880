"""Screen a prescription against the safety rules of ``data/safety_rules.yaml``.

For each rule whose condition holds: a patient alert, the points it withholds (every point, listed
points, or the points at the painful site), its restrictions (no electro-acupuncture ...) and its
alerts on single points. Rules without a condition (depth over the lung, the spinal canal or an
organ) only alert on the points that carry the matching caution in the atlas, passing on the atlas's
safe depth. An unknown answer never clears a rule: the answers a rule depends on that are unknown are
listed under ``ask_before_needling``. See ``docs/clinical/safety.md``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from acuback.core.facts import evaluate, read_field
from acuback.core.intake import Answer, Intake
from acuback.core.prescribe import PrescribedPoint, Prescription
from acuback.knowledge.atlas import Atlas
from acuback.knowledge.engine_data import ASHI, EngineData, atlas_has, load_engine_data
from acuback.knowledge.models import Point
from acuback.knowledge.safety_data import (
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


def _withheld(rule: SafetyRule, point: PrescribedPoint) -> bool:
    spec = rule.withhold
    if spec is None:
        return False
    return spec.all or point.code in spec.points or (spec.at_site and point.at_site)


def _atlas_point(atlas: Atlas, code: str) -> Point | None:
    return atlas.point(code) if atlas_has(atlas, code) else None


def _point_alert(
    rule: SafetyRule,
    spec: PointAlertSpec,
    point: PrescribedPoint,
    atlas_point: Point | None,
    regions: set[str],
) -> PointAlert | None:
    if point.code == ASHI:
        if regions & set(spec.ashi_in_regions):
            return PointAlert(
                point=ASHI, code=rule.id, level=rule.level, message=spec.message, source=rule.source
            )
        return None
    cautions = (
        [c for c in atlas_point.cautions if c.kind in spec.caution_kinds] if atlas_point else []
    )
    in_region = atlas_point is not None and atlas_point.region in spec.regions
    if not (cautions or in_region or point.code in spec.points):
        return None
    depths = [c.max_depth_cun for c in cautions if c.max_depth_cun is not None]
    message = spec.message + (f" Atlas: {cautions[0].text}" if cautions else "")
    return PointAlert(
        point=point.code,
        code=rule.id,
        level=rule.level,
        message=message,
        max_depth_cun=min(depths) if depths else None,
        source=cautions[0].source if cautions else rule.source,
    )


def _asks(rule: SafetyRule, intake: Intake) -> list[AskItem]:
    return [
        AskItem(field=path, why=rule.message)
        for path in rule.ask_if_unknown
        if read_field(intake, path) is Answer.UNKNOWN
    ]


def screen(
    intake: Intake, prescription: Prescription, atlas: Atlas, *, knowledge: EngineData | None = None
) -> SafetyReport:
    """Screen ``prescription`` for this patient.

    Takes the intake, the prescription from :func:`acuback.core.prescribe.prescribe` and the atlas
    (each point's cautions, safe depths and region). Returns the report: alerts on the patient and on
    single points, the points removed with the reason, restrictions, the answers to ask before
    needling, and the prescription after removals. Raises DataFileError if the data files are invalid.
    """
    data = knowledge or load_engine_data()
    regions = {region.value for region in intake.regions}
    fired: list[SafetyRule] = []
    point_rules: list[SafetyRule] = []
    asks: dict[str, AskItem] = {}
    for rule in data.safety_rules:
        if rule.when is None:
            point_rules.append(rule)
            continue
        if evaluate(rule.when, intake) is True:
            fired.append(rule)
            point_rules.append(rule)
        for item in _asks(rule, intake):
            asks.setdefault(item.field, item)

    kept: list[PrescribedPoint] = []
    removed: list[RemovedPoint] = []
    for point in prescription.points:
        withholding = next((r for r in fired if _withheld(r, point)), None)
        if withholding is None:
            kept.append(point)
        else:
            removed.append(
                RemovedPoint(
                    point=point.code,
                    side=point.side.value,
                    reason=withholding.message,
                    rule=withholding.id,
                    source=withholding.source,
                )
            )

    point_alerts: list[PointAlert] = []
    for point in kept:
        atlas_point = _atlas_point(atlas, point.code)
        if atlas_point is None and point.code != ASHI:
            point_alerts.append(
                PointAlert(
                    point=point.code,
                    code=NOT_IN_ATLAS,
                    level=SafetyLevel.INFO,
                    message="Not in the atlas yet: its cautions and safe depth could not be checked.",
                    source="expert_opinion",
                )
            )
        for rule in point_rules:
            if rule.point_alerts is not None:
                alert = _point_alert(rule, rule.point_alerts, point, atlas_point, regions)
                if alert is not None:
                    point_alerts.append(alert)

    patient_alerts = tuple(
        PatientAlert(
            code=r.id,
            level=r.level,
            message=r.message,
            source=r.source,
            also_sources=r.also_sources,
            status=r.status,
            status_note=r.status_note,
        )
        for r in sorted(fired, key=lambda r: -r.level.rank)
    )
    restrictions = tuple(dict.fromkeys(x for r in fired for x in r.restrictions))
    notes = prescription.notes
    if removed:
        notes += (f"Withheld for safety: {', '.join(r.point for r in removed)}.",)
    return SafetyReport(
        level=max((a.level for a in patient_alerts), key=lambda level: level.rank, default=None),
        patient_alerts=patient_alerts,
        point_alerts=tuple(point_alerts),
        removed=tuple(removed),
        restrictions=restrictions,
        ask_before_needling=tuple(asks.values()),
        prescription=prescription.model_copy(update={"points": tuple(kept), "notes": notes}),
    )
