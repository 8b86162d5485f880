"""Where charting rows meet the core: start a plan from the engine's prescription or a protocol, change
its points with the safety screen re-run every time, and keep saved point combinations.

The web never decides what is safe: every change builds a core ``Prescription`` from the rows and asks
``acuback.core.safety.screen`` for the verdict, which is stored with the plan and shown as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from acuback.core.assess import assess, knowledge_version
from acuback.core.errors import AssessmentError
from acuback.core.intake import Intake
from acuback.core.prescribe import PointRole, PointSide, PrescribedPoint, Prescription
from acuback.core.safety import SafetyReport, screen
from acuback.knowledge import UnknownPoint, load_atlas
from acuback.knowledge.engine_data import ASHI, load_engine_data
from acuback.knowledge.models import Point
from acuback.knowledge.protocols_data import Protocol
from acuback.knowledge.safety_data import Restriction
from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.charting.citations import cited
from acuback.web.charting.models import (
    PlanOrigin,
    PlanPoint,
    PlanPointRole,
    SavedCombination,
    TreatmentPlan,
)
from acuback.web.charting.records import (
    dump,
    latest_assessment,
    parsed_assessment,
    screening_intake,
)
from acuback.web.charting.sites import at_painful_site
from acuback.web.patients.models import Patient

ASHI_WORDS = {"ashi", "a shi", "a-shi", "ah shi", "ahshi"}


class ChartingError(Exception):
    """A change the charting refuses, with a sentence for the practitioner and the field at fault."""

    def __init__(
        self, message: str, *, field: str | None = None, code: str = "charting_error"
    ) -> None:
        self.message, self.field, self.code = message, field, code
        super().__init__(message)


@dataclass(frozen=True)
class Candidate:
    """A point about to be charted: what the core needs to screen it, and what the page shows."""

    code: str
    side: str
    role: str = PlanPointRole.ADDED
    rationale: str = ""
    source: str = ""
    at_site: bool = False


@dataclass
class Outcome:
    """What a change did: points added, points refused with the reason, alerts on the new points."""

    added: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)


# --- points and the safety screen -------------------------------------------------------------


def resolve_point(query: str) -> tuple[str, Point | None]:
    """The WHO code that ``query`` names (any spelling, pinyin, characters, English) and its atlas
    record; ``ASHI`` for an Ashi point. Raises ChartingError listing suggestions when nothing matches."""
    text = query.strip()
    if not text:
        raise ChartingError(
            _("Type a point: a code such as BL23, a pinyin or an English name."), field="point"
        )
    if text.lower() in ASHI_WORDS:
        return ASHI, None
    try:
        point = load_atlas().point(text)
    except UnknownPoint as exc:
        hint = ""
        if exc.suggestions:
            hint = " " + _("Did you mean %(codes)s?") % {"codes": ", ".join(exc.suggestions)}
        raise ChartingError(
            _("No point is called “%(query)s”.") % {"query": text} + hint, field="point"
        ) from exc
    return point.code, point


def default_side(point: Point | None, requested: str = "") -> str:
    """Midline points are needled on the midline; others on the side asked for, or both sides."""
    if point is not None and not point.bilateral:
        return PointSide.MIDLINE.value
    if requested in {PointSide.LEFT.value, PointSide.RIGHT.value, PointSide.BOTH.value}:
        return requested
    return PointSide.BOTH.value


def _core_role(candidate: Candidate) -> PointRole:
    if candidate.role == PlanPointRole.ADDED:
        return PointRole.LOCAL if candidate.at_site else PointRole.DISTAL
    return PointRole(candidate.role)


def as_prescription(points: Iterable[Candidate], base: Prescription | None = None) -> Prescription:
    """The core prescription these rows stand for (keeping the protocol and notes of ``base``)."""
    prescribed = tuple(
        PrescribedPoint(
            code=c.code,
            side=PointSide(c.side),
            role=_core_role(c),
            rationale=c.rationale or "-",
            source=c.source or "expert_opinion",
            at_site=c.at_site,
        )
        for c in points
    )
    if base is None:
        return Prescription(points=prescribed)
    return base.model_copy(update={"points": prescribed})


def screen_points(intake: Intake, points: Sequence[Candidate]) -> SafetyReport:
    """Ask the core's safety screen about these points for this patient."""
    return screen(intake, as_prescription(points), load_atlas())


def candidate(
    code: str,
    point: Point | None,
    intake: Intake,
    *,
    side: str = "",
    role: str = PlanPointRole.ADDED,
    rationale: str = "",
    source: str = "",
) -> Candidate:
    return Candidate(
        code=code,
        side=default_side(point, side),
        role=role,
        rationale=rationale or _("Added by the practitioner."),
        source=source or "expert_opinion",
        at_site=at_painful_site(point, intake),
    )


def refusal(report: SafetyReport, code: str) -> str | None:
    """Why the screen withholds ``code``, or None when it keeps it."""
    for removed in report.removed:
        if removed.point == code:
            return f"{removed.reason} ({cited(removed.source)})"
    return None


def restriction_reason(report: SafetyReport, restriction: Restriction) -> str | None:
    """The patient alert behind a restriction (e.g. no electro-acupuncture), or None when not in force."""
    if restriction not in report.restrictions:
        return None
    rules = {rule.id: rule for rule in load_engine_data().safety_rules}
    for alert in report.patient_alerts:
        rule = rules.get(alert.code)
        if rule is not None and restriction in rule.restrictions:
            return f"{alert.message} ({cited(alert.source)})"
    return restriction.value.replace("_", " ")


def alerts_for(report: SafetyReport, code: str) -> list[str]:
    return [a.message for a in report.point_alerts if a.point == code]


def protocols() -> tuple[Protocol, ...]:
    """The named protocols of the knowledge base (trials and consensus)."""
    return load_engine_data().protocols


# --- plans --------------------------------------------------------------------------------------


def plan_candidates(plan: TreatmentPlan) -> list[Candidate]:
    return [
        Candidate(p.code, p.side, p.role, p.rationale, p.source, p.at_site)
        for p in plan.points.all()
    ]


def active_plan(patient: Patient) -> TreatmentPlan | None:
    return (
        TreatmentPlan.objects.filter(patient=patient, is_active=True)
        .select_related("created_by")
        .prefetch_related("points")
        .order_by("-created_at", "-pk")
        .first()
    )


def _store_screen(plan: TreatmentPlan, intake: Intake) -> SafetyReport:
    report = screen_points(intake, plan_candidates(plan))
    plan.safety = dump(report)
    plan.knowledge_version = knowledge_version(load_atlas())
    plan.save(update_fields=["safety", "knowledge_version", "updated_at"])
    return report


def _proposed(patient: Patient, intake: Intake, protocol: str | None) -> tuple[Prescription, Any]:
    if protocol is None:
        row = latest_assessment(patient)
        result = parsed_assessment(row)
        if result is None:
            raise ChartingError(
                _("This patient has no assessment yet: start from a protocol or an empty plan."),
                field="origin",
            )
    else:
        try:
            result = assess(intake, load_atlas(), as_of=timezone.localdate(), protocol=protocol)
        except AssessmentError as exc:
            raise ChartingError(exc.message, field="protocol") from exc
        row = latest_assessment(patient)
    if result.prescription is None:
        raise ChartingError(
            result.withheld or _("The engine withheld the prescription."), field="origin"
        )
    return result.prescription, row


@transaction.atomic
def start_plan(
    patient: Patient,
    *,
    origin: str,
    by: Any,
    protocol: str = "",
    combination: SavedCombination | None = None,
    request: HttpRequest | None = None,
) -> tuple[TreatmentPlan, Outcome]:
    """Start a new active plan (the previous one is kept, inactive). Audited.

    ``origin`` is proposed (the latest assessment's screened prescription), protocol (the engine's
    prescription under the named protocol, screened), combination or blank. Raises ChartingError.
    """
    intake = screening_intake(patient)
    outcome = Outcome()
    base: Prescription | None = None
    assessment = latest_assessment(patient)
    candidates: list[Candidate] = []
    if origin in (PlanOrigin.PROPOSED, PlanOrigin.PROTOCOL):
        base, assessment = _proposed(
            patient, intake, protocol or None if origin == PlanOrigin.PROTOCOL else None
        )
        candidates = [
            Candidate(p.code, p.side.value, p.role.value, p.rationale, p.source, p.at_site)
            for p in base.points
        ]
    elif origin == PlanOrigin.COMBINATION:
        if combination is None:
            raise ChartingError(_("Choose one of your saved combinations."), field="combination")
    elif origin != PlanOrigin.BLANK:
        raise ChartingError(_("Choose where the plan starts from."), field="origin")

    TreatmentPlan.objects.filter(patient=patient, is_active=True).update(is_active=False)
    plan = TreatmentPlan.objects.create(
        patient=patient,
        clinic_id=patient.clinic_id,
        assessment=assessment,
        origin=origin,
        protocol=(base.protocol or "") if base else "",
        protocol_name=(base.protocol_name or "") if base else "",
        regimen=(base.regimen or "") if base else "",
        notes=list(base.notes) if base else [],
        created_by=by,
    )
    PlanPoint.objects.bulk_create(
        PlanPoint(
            plan=plan,
            position=n,
            code=c.code,
            side=c.side,
            role=c.role,
            rationale=c.rationale[:500],
            source=c.source[:60],
            at_site=c.at_site,
        )
        for n, c in enumerate(candidates)
    )
    if combination is not None and origin == PlanOrigin.COMBINATION:
        outcome = _add_many(
            plan,
            intake,
            combination.points,
            _("From your combination “%(name)s”.") % {"name": combination.name},
        )
    _store_screen(plan, intake)
    record(
        request,
        Action.CREATE,
        plan,
        patient=patient,
        actor=by,
        summary=f"treatment plan started from {origin}{' ' + protocol if protocol else ''}",
    )
    return plan, outcome


def _add_many(
    plan: TreatmentPlan, intake: Intake, wanted: Iterable[dict[str, Any]], rationale: str
) -> Outcome:
    outcome = Outcome()
    current = plan_candidates(plan)
    held = {c.code for c in current}
    position = len(current)
    for item in wanted:
        try:
            code, point = resolve_point(str(item.get("code", "")))
        except ChartingError as exc:
            outcome.refused.append((str(item.get("code", "")), exc.message))
            continue
        if code in held:
            continue
        new = candidate(code, point, intake, side=str(item.get("side", "")), rationale=rationale)
        report = screen_points(intake, [*current, new])
        reason = refusal(report, code)
        if reason is not None:
            outcome.refused.append((code, reason))
            continue
        PlanPoint.objects.create(
            plan=plan,
            position=position,
            code=code,
            side=new.side,
            role=new.role,
            rationale=new.rationale[:500],
            source=new.source,
            at_site=new.at_site,
        )
        position += 1
        current.append(new)
        held.add(code)
        outcome.added.append(code)
        outcome.alerts += [f"{code}: {m}" for m in alerts_for(report, code)]
    return outcome


@transaction.atomic
def add_plan_point(
    plan: TreatmentPlan, query: str, *, side: str = "", by: Any, request: HttpRequest | None = None
) -> Outcome:
    """Add the point ``query`` names (any spelling), unless the safety screen withholds it for this
    patient: then ChartingError says why. Re-screens the plan and stores the verdict. Audited."""
    code, _point = resolve_point(query)
    if plan.points.filter(code=code).exists():
        raise ChartingError(_("%(code)s is already in the plan.") % {"code": code}, field="point")
    intake = screening_intake(plan.patient)
    outcome = _add_many(plan, intake, [{"code": code, "side": side}], "")
    if outcome.refused:
        raise ChartingError(
            _("%(code)s was not added: %(reason)s")
            % {"code": code, "reason": outcome.refused[0][1]},
            field="point",
            code="withheld",
        )
    _store_screen(plan, intake)
    record(
        request, Action.UPDATE, plan, patient=plan.patient, actor=by, summary=f"plan: added {code}"
    )
    return outcome


@transaction.atomic
def remove_plan_point(
    plan: TreatmentPlan, point_id: int, *, by: Any, request: HttpRequest | None = None
) -> str:
    """Take a point off the plan and re-screen. Returns the code removed. Audited."""
    row = plan.points.filter(pk=point_id).first()
    if row is None:
        raise ChartingError(_("That point is no longer in the plan."), field="point")
    row.delete()
    _store_screen(plan, screening_intake(plan.patient))
    record(
        request,
        Action.UPDATE,
        plan,
        patient=plan.patient,
        actor=by,
        summary=f"plan: removed {row.code}",
    )
    return row.code


@transaction.atomic
def apply_combination_to_plan(
    plan: TreatmentPlan,
    combination: SavedCombination,
    *,
    by: Any,
    request: HttpRequest | None = None,
) -> Outcome:
    """Add a saved combination's points; those the screen withholds are refused with the reason."""
    intake = screening_intake(plan.patient)
    outcome = _add_many(
        plan,
        intake,
        combination.points,
        _("From your combination “%(name)s”.") % {"name": combination.name},
    )
    _store_screen(plan, intake)
    record(
        request,
        Action.UPDATE,
        plan,
        patient=plan.patient,
        actor=by,
        summary=f"plan: applied combination {combination.name}: added {', '.join(outcome.added) or 'nothing'}",
    )
    return outcome


def stored_report(data: dict[str, Any]) -> SafetyReport | None:
    """A safety verdict stored as JSON, read back (None when none was stored)."""
    if not data:
        return None
    try:
        return SafetyReport.model_validate(data)
    except ValueError:
        return None


# --- saved combinations ---------------------------------------------------------------------------


def combinations_of(user: Any) -> list[SavedCombination]:
    return list(SavedCombination.objects.filter(practitioner=user).order_by("name"))


def save_combination(user: Any, name: str, points: Sequence[tuple[str, str]]) -> SavedCombination:
    """Save (or replace) the practitioner's combination called ``name``. Raises ChartingError."""
    name = name.strip()
    if not name:
        raise ChartingError(_("Give the combination a name."), field="name")
    if not points:
        raise ChartingError(_("There are no points to save."), field="name")
    combination, _created = SavedCombination.objects.update_or_create(
        practitioner=user,
        name=name[:80],
        defaults={"points": [{"code": code, "side": side} for code, side in points]},
    )
    return combination


def combination_for(user: Any, pk: Any) -> SavedCombination:
    found = (
        SavedCombination.objects.filter(practitioner=user, pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise ChartingError(_("Choose one of your saved combinations."), field="combination")
    return found
