"""Session notes: started from the plan, the last note or a saved combination; saved as drafts with the
safety screen applied to every point; signed once the needle count balances; corrected only by
amendments. Every step is audited. The safety verdicts are the core's (see ``services``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from acuback.core.assess import knowledge_version
from acuback.core.intake import Intake
from acuback.core.safety import SafetyReport
from acuback.knowledge import load_atlas
from acuback.knowledge.safety_data import Restriction
from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.care.services import record_visit
from acuback.web.charting import services
from acuback.web.charting.models import (
    AdverseEvent,
    Amendment,
    NotePoint,
    NoteSource,
    NoteStatus,
    SavedCombination,
    SessionNote,
    Stimulation,
)
from acuback.web.charting.records import dump, screening_intake
from acuback.web.patients.models import Patient
from acuback.web.schedule.models import Appointment
from acuback.web.schedule.services import mark_attended

# The session-level fields a practitioner writes; what an amendment may correct besides the points.
NOTE_FIELDS = (
    "style",
    "rationale",
    "presentation",
    "needle_maker",
    "needle_material",
    "needle_diameter_mm",
    "needle_length_mm",
    "retention_minutes",
    "needles_inserted",
    "needles_removed",
    "moxibustion",
    "cupping",
    "heat",
    "other_interventions",
    "advice",
)
# Carried over from the last note: how this practitioner usually needles this patient.
CARRIED_FIELDS = (
    "style",
    "needle_maker",
    "needle_material",
    "needle_diameter_mm",
    "needle_length_mm",
    "retention_minutes",
)
POINT_FIELDS = (
    "code",
    "side",
    "depth_mm",
    "deqi_sought",
    "deqi_obtained",
    "stimulation",
    "frequency_hz",
    "intensity",
)


class NoteError(Exception):
    """The note cannot be saved or signed as it stands. ``errors`` maps a field to its problems; point
    problems are keyed by the point's row index then field."""

    def __init__(
        self,
        message: str,
        errors: dict[str, list[str]] | None = None,
        point_errors: dict[int, dict[str, str]] | None = None,
    ) -> None:
        self.message = message
        self.errors = errors or {}
        self.point_errors = point_errors or {}
        super().__init__(message)


@dataclass
class Started:
    note: SessionNote
    refused: list[tuple[str, str]] = field(default_factory=list)


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def point_rows(note: SessionNote) -> list[dict[str, Any]]:
    return [{name: _json(getattr(p, name)) for name in POINT_FIELDS} for p in note.points.all()]


def note_values(note: SessionNote) -> dict[str, Any]:
    return {name: _json(getattr(note, name)) for name in NOTE_FIELDS}


def effective(note: SessionNote) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The note as it reads after its amendments, in order: (fields, points)."""
    values, points = note_values(note), point_rows(note)
    for amendment in note.amendments.all():
        for name, change in amendment.changes.items():
            if name == "points":
                points = change["to"]
            else:
                values[name] = change["to"]
    return values, points


def last_note(patient: Patient, before: SessionNote | None = None) -> SessionNote | None:
    notes = SessionNote.objects.filter(patient=patient).order_by("-created_at", "-pk")
    if before is not None:
        notes = notes.exclude(pk=before.pk)
    return notes.prefetch_related("points", "amendments").first()


def _candidates(rows: list[dict[str, Any]], intake: Intake) -> list[services.Candidate]:
    found = []
    for row in rows:
        code, point = services.resolve_point(str(row["code"]))
        found.append(services.candidate(code, point, intake, side=str(row.get("side", ""))))
    return found


def _screen(
    rows: list[dict[str, Any]], intake: Intake
) -> tuple[SafetyReport, dict[int, dict[str, str]]]:
    """Screen the rows; problems per row: a withheld point, electro where it is not allowed."""
    report = services.screen_points(intake, _candidates(rows, intake))
    problems: dict[int, dict[str, str]] = {}
    electro_block = services.restriction_reason(report, Restriction.NO_ELECTROACUPUNCTURE)
    for index, row in enumerate(rows):
        reason = services.refusal(report, str(row["code"]))
        if reason is not None:
            problems.setdefault(index, {})["code"] = _("%(code)s is withheld: %(reason)s") % {
                "code": row["code"],
                "reason": reason,
            }
        if row.get("stimulation") == Stimulation.ELECTRO and electro_block is not None:
            problems.setdefault(index, {})["stimulation"] = _(
                "Electro-acupuncture is blocked: %(reason)s"
            ) % {"reason": electro_block}
    return report, problems


def _store_points(note: SessionNote, rows: list[dict[str, Any]]) -> None:
    note.points.all().delete()
    NotePoint.objects.bulk_create(
        NotePoint(
            note=note, position=n, **{k: row.get(k) for k in POINT_FIELDS if row.get(k) is not None}
        )
        for n, row in enumerate(rows)
    )


def _rows_from(
    source: str,
    patient: Patient,
    by: Any,
    combination: SavedCombination | None,
) -> tuple[list[dict[str, Any]], dict[str, Any], Any]:
    if source == NoteSource.PLAN:
        plan = services.active_plan(patient)
        if plan is None:
            raise NoteError(
                _("This patient has no treatment plan yet."),
                {"source": [_("No plan to start from.")]},
            )
        return [{"code": p.code, "side": p.side} for p in plan.points.all()], {}, plan
    if source == NoteSource.LAST_NOTE:
        previous = last_note(patient)
        if previous is None:
            raise NoteError(
                _("This patient has no earlier note."), {"source": [_("No earlier note.")]}
            )
        values, rows = effective(previous)
        return rows, {k: values[k] for k in CARRIED_FIELDS}, previous.plan
    if source == NoteSource.COMBINATION:
        if combination is None:
            raise NoteError(
                _("Choose one of your saved combinations."), {"combination": [_("Choose one.")]}
            )
        return [dict(p) for p in combination.points], {}, services.active_plan(patient)
    if source == NoteSource.BLANK:
        return [], {}, services.active_plan(patient)
    raise NoteError(_("Choose where the note starts from."), {"source": [_("Choose one.")]})


@transaction.atomic
def start_note(
    patient: Patient,
    *,
    source: str,
    by: Any,
    combination: SavedCombination | None = None,
    appointment: Appointment | None = None,
    request: HttpRequest | None = None,
) -> Started:
    """Start a draft note for a session now: records a visit (opening an episode if none is open),
    copies the points of the chosen source and drops those the safety screen withholds. Audited."""
    rows, carried, plan = _rows_from(source, patient, by, combination)
    intake = screening_intake(patient)
    refused: list[tuple[str, str]] = []
    kept: list[dict[str, Any]] = []
    for row in rows:
        try:
            code, _point = services.resolve_point(str(row.get("code", "")))
        except services.ChartingError as exc:
            refused.append((str(row.get("code", "")), exc.message))
            continue
        kept.append({k: v for k, v in row.items() if k in POINT_FIELDS} | {"code": code})
    report, problems = _screen(kept, intake)
    for index in sorted(problems, reverse=True):
        row = kept[index]
        if "code" in problems[index]:
            refused.append((row["code"], problems[index]["code"]))
            kept.pop(index)
        else:  # electro no longer allowed: keep the point, needled by hand
            refused.append((row["code"], problems[index]["stimulation"]))
            row.update(stimulation=Stimulation.MANUAL, frequency_hz=None, intensity="")
    if refused:
        report, _problems = _screen(kept, intake)

    visit = record_visit(patient, by, appointment=appointment, request=request)
    if appointment is not None:
        mark_attended(appointment)
    note = SessionNote.objects.create(
        patient=patient,
        clinic_id=patient.clinic_id,
        visit=visit,
        plan=plan,
        practitioner=by,
        started_from=source,
        safety=dump(report),
        knowledge_version=knowledge_version(load_atlas()),
        **carried,
    )
    _store_points(note, kept)
    record(
        request,
        Action.CREATE,
        note,
        patient=patient,
        actor=by,
        summary=f"session note started from {source} (visit {visit.number})",
    )
    return Started(note, refused)


def _require_draft(note: SessionNote) -> None:
    if note.status != NoteStatus.DRAFT:
        raise NoteError(
            _("This note is signed and can no longer be changed: add an amendment instead.")
        )


@transaction.atomic
def save_draft(
    note: SessionNote,
    values: dict[str, Any],
    rows: list[dict[str, Any]],
    *,
    by: Any,
    request: HttpRequest | None = None,
) -> SafetyReport:
    """Save a draft's fields and points after the safety screen; refuse withheld points and electro
    where it is not allowed (nothing is saved then). Audited."""
    _require_draft(note)
    intake = screening_intake(note.patient)
    report, problems = _screen(rows, intake)
    if problems:
        raise NoteError(
            _("Some points cannot be used for this patient; see the reasons below."),
            point_errors=problems,
        )
    for name in NOTE_FIELDS:
        if name in values:
            setattr(note, name, values[name])
    note.safety = dump(report)
    note.save()
    _store_points(note, rows)
    record(
        request, Action.UPDATE, note, patient=note.patient, actor=by, summary="session note saved"
    )
    return report


def needle_count_problem(inserted: Any, removed: Any) -> str | None:
    """Why the needle count does not allow signing, or None when it balances."""
    if inserted is None or removed is None:
        return _("Record how many needles were inserted and how many were removed.")
    if int(inserted) != int(removed):
        return _(
            "%(inserted)s needles were inserted but %(removed)s removed: find and account for every needle "
            "before signing."
        ) % {"inserted": inserted, "removed": removed}
    return None


@transaction.atomic
def sign(note: SessionNote, *, by: Any, request: HttpRequest | None = None) -> SessionNote:
    """Sign a draft: the needle count must balance and every point pass the screen. From then on the
    note is read-only. Audited."""
    _require_draft(note)
    if note.practitioner_id != by.pk:
        raise NoteError(_("Only the practitioner who gave the treatment signs the note."))
    problem = needle_count_problem(note.needles_inserted, note.needles_removed)
    if problem is not None:
        raise NoteError(problem, {"needles_removed": [problem]})
    _report, problems = _screen(point_rows(note), screening_intake(note.patient))
    if problems:
        raise NoteError(
            _("Some points cannot be used for this patient; change them before signing."),
            point_errors=problems,
        )
    note.status = NoteStatus.SIGNED
    note.signed_at = timezone.now()
    note.signed_by = by
    note.save()
    record(
        request, Action.SIGN, note, patient=note.patient, actor=by, summary="session note signed"
    )
    return note


@transaction.atomic
def amend(
    note: SessionNote,
    values: dict[str, Any],
    rows: list[dict[str, Any]],
    *,
    reason: str,
    by: Any,
    request: HttpRequest | None = None,
) -> Amendment:
    """Correct a signed note: the original stays; the amendment records what changed, who, when and
    why. A correction records what really happened, so the screen does not refuse it; the verdict is
    shown beside it. Audited."""
    if note.status != NoteStatus.SIGNED:
        raise NoteError(_("A draft is changed directly; only a signed note is amended."))
    if not reason.strip():
        raise NoteError(
            _("Say why the note is corrected."), {"reason": [_("Say why the note is corrected.")]}
        )
    current, current_rows = effective(note)
    changes: dict[str, Any] = {}
    for name in NOTE_FIELDS:
        new = _json(values.get(name))
        if name in values and new != current.get(name):
            changes[name] = {"from": current.get(name), "to": new}
    new_rows = [{k: _json(row.get(k)) for k in POINT_FIELDS} for row in rows]
    if new_rows != current_rows:
        changes["points"] = {"from": current_rows, "to": new_rows}
    if not changes:
        raise NoteError(_("Nothing was changed."))
    problem = needle_count_problem(
        changes.get("needles_inserted", {}).get("to", current.get("needles_inserted")),
        changes.get("needles_removed", {}).get("to", current.get("needles_removed")),
    )
    if problem is not None and ("needles_inserted" in changes or "needles_removed" in changes):
        raise NoteError(problem, {"needles_removed": [problem]})
    amendment = Amendment.objects.create(
        note=note, created_by=by, reason=reason.strip(), changes=changes
    )
    record(
        request,
        Action.AMEND,
        note,
        patient=note.patient,
        actor=by,
        summary=f"amended {', '.join(changes)}: {reason.strip()}"[:300],
    )
    return amendment


def add_adverse_event(
    note: SessionNote,
    *,
    kind: str,
    severity: str,
    action_taken: str,
    description: str = "",
    by: Any,
    request: HttpRequest | None = None,
) -> AdverseEvent:
    """Record an adverse event of the session; allowed on drafts and signed notes alike. Audited."""
    event = AdverseEvent.objects.create(
        note=note,
        kind=kind,
        severity=severity,
        action_taken=action_taken,
        description=description,
        recorded_by=by,
    )
    record(
        request,
        Action.CREATE,
        event,
        patient=note.patient,
        actor=by,
        summary=f"adverse event: {kind} ({severity})",
    )
    return event


def insertions(rows: list[dict[str, Any]]) -> int:
    """Needles the points imply: two for a point needled on both sides."""
    return sum(2 if row.get("side") == "both" else 1 for row in rows)
