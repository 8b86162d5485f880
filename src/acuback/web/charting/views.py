"""The plan editor and the session note. Clinicians read; practitioners change. Each page view and each
change is audited (changes by the services, page views here). Patients are fetched through
``get_patient``, which answers 404 across clinics and refuses (and audits) a role without the right."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from acuback.knowledge import load_atlas
from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.charting import display, notes, services
from acuback.web.charting.body_chart import chart_svg
from acuback.web.charting.forms import (
    AddPointForm,
    AdverseEventForm,
    AmendmentForm,
    ApplyCombinationForm,
    CombinationNameForm,
    NewNoteForm,
    NoteForm,
    PlanStartForm,
    PointFormSet,
    point_initial,
)
from acuback.web.charting.models import NoteSource, SessionNote, TreatmentPlan
from acuback.web.charting.records import is_emergency, latest_assessment, parsed_assessment
from acuback.web.patients.access import get_patient
from acuback.web.patients.models import Patient
from acuback.web.schedule.models import Appointment, AppointmentStatus
from acuback.web.workspace.decorators import staff_required
from acuback.web.workspace.requests import WorkspaceRequest

CHART = "patients.change_clinical"


def _patient(request: WorkspaceRequest, pk: int, perm: str = "patients.view_clinical") -> Patient:
    return get_patient(request.user, pk, perm, request)


# --- the treatment plan ---------------------------------------------------------------------------


def _plan_for(request: WorkspaceRequest, plan_pk: int) -> TreatmentPlan:
    plan = TreatmentPlan.objects.filter(pk=plan_pk).select_related("patient").first()
    if plan is None:
        raise Http404("No such plan.")
    _patient(request, plan.patient_id, CHART)  # 404 across clinics, 403 without the right
    if not plan.is_active:
        raise Http404("This plan has been replaced.")
    return plan


def _proposed_missing(plan: TreatmentPlan | None, patient: Patient) -> list[Any]:
    """Points of the latest proposed prescription that the plan lacks: one click adds them back."""
    result = parsed_assessment(latest_assessment(patient))
    if result is None or result.prescription is None or plan is None:
        return []
    held = {p.code for p in plan.points.all()}
    return [p for p in result.prescription.points if p.code not in held]


def _plan_context(
    request: WorkspaceRequest, patient: Patient, plan: TreatmentPlan | None, **extra: Any
) -> dict[str, Any]:
    points = list(plan.points.all()) if plan else []
    report = services.stored_report(plan.safety) if plan else None
    alerts: dict[str, list[Any]] = {}
    for alert in report.point_alerts if report else ():
        alerts.setdefault(alert.point, []).append(alert)
    can_edit = request.user.has_perm(CHART, patient)
    return {
        "patient": patient,
        "plan": plan,
        "points": points,
        "report": report,
        "point_alerts": alerts,
        "chart_svg": chart_svg([(p.code, p.side) for p in points], f"{patient} · plan"),
        "insertions": sum(2 if p.side == "both" else 1 for p in points),
        "add_form": extra.pop("add_form", None) or AddPointForm(),
        "save_form": extra.pop("save_form", None) or CombinationNameForm(),
        "apply_form": ApplyCombinationForm(user=request.user),
        "start_form": extra.pop("start_form", None)
        or PlanStartForm(user=request.user, initial={"origin": "proposed"}),
        "missing": _proposed_missing(plan, patient),
        "can_edit": can_edit,
        "combinations": services.combinations_of(request.user) if can_edit else [],
        **extra,
    }


def _plan_response(request: WorkspaceRequest, plan: TreatmentPlan, **extra: Any) -> HttpResponse:
    context = _plan_context(request, plan.patient, plan, **extra)
    if request.htmx:
        return render(request, "charting/_plan_panel.html", context)
    return render(request, "charting/plan.html", context)


@require_GET
@staff_required
def plan(request: WorkspaceRequest, pk: int) -> HttpResponse:
    patient = _patient(request, pk)
    current = services.active_plan(patient)
    record(request, Action.VIEW, current or patient, patient=patient, summary="treatment plan")
    return render(request, "charting/plan.html", _plan_context(request, patient, current))


@require_POST
@staff_required
def plan_start(request: WorkspaceRequest, pk: int) -> HttpResponse:
    patient = _patient(request, pk, CHART)
    form = PlanStartForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            _plan, outcome = services.start_plan(
                patient,
                origin=form.cleaned_data["origin"],
                protocol=form.cleaned_data["protocol"],
                combination=form.cleaned_data["combination"],
                by=request.user,
                request=request,
            )
        except services.ChartingError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            for code, reason in outcome.refused:
                messages.warning(
                    request,
                    _("%(code)s was not added: %(reason)s") % {"code": code, "reason": reason},
                )
            return redirect("charting:plan", pk=patient.pk)
    context = _plan_context(request, patient, services.active_plan(patient), start_form=form)
    return render(request, "charting/plan.html", context, status=400)


@require_POST
@staff_required
def plan_add(request: WorkspaceRequest, plan_pk: int) -> HttpResponse:
    current = _plan_for(request, plan_pk)
    form = AddPointForm(request.POST)
    extra: dict[str, Any] = {}
    if form.is_valid():
        try:
            outcome = services.add_plan_point(
                current,
                form.cleaned_data["point"],
                side=form.cleaned_data["side"],
                by=request.user,
                request=request,
            )
        except services.ChartingError as exc:
            form.add_error("point", exc.message)
            extra["add_form"] = form
        else:
            extra["flash"] = _("Added %(codes)s.") % {"codes": ", ".join(outcome.added)}
            extra["flash_alerts"] = outcome.alerts
    else:
        extra["add_form"] = form
    status = 200 if request.htmx or "add_form" not in extra else 400
    response = _plan_response(request, current, **extra)
    response.status_code = status
    return response


@require_POST
@staff_required
def plan_remove(request: WorkspaceRequest, plan_pk: int, point_pk: int) -> HttpResponse:
    current = _plan_for(request, plan_pk)
    try:
        code = services.remove_plan_point(current, point_pk, by=request.user, request=request)
    except services.ChartingError as exc:
        return _plan_response(request, current, flash=exc.message)
    return _plan_response(request, current, flash=_("Removed %(code)s.") % {"code": code})


@require_POST
@staff_required
def plan_apply(request: WorkspaceRequest, plan_pk: int) -> HttpResponse:
    current = _plan_for(request, plan_pk)
    form = ApplyCombinationForm(request.POST, user=request.user)
    if not form.is_valid():
        return _plan_response(request, current, flash=_("Choose one of your saved combinations."))
    outcome = services.apply_combination_to_plan(
        current, form.cleaned_data["combination"], by=request.user, request=request
    )
    return _plan_response(
        request,
        current,
        flash=_("Added %(codes)s.") % {"codes": ", ".join(outcome.added) or "—"},
        flash_refused=outcome.refused,
        flash_alerts=outcome.alerts,
    )


@require_POST
@staff_required
def plan_save_combination(request: WorkspaceRequest, plan_pk: int) -> HttpResponse:
    current = _plan_for(request, plan_pk)
    form = CombinationNameForm(request.POST)
    if form.is_valid():
        try:
            saved = services.save_combination(
                request.user,
                form.cleaned_data["name"],
                [(p.code, p.side) for p in current.points.all()],
            )
        except services.ChartingError as exc:
            form.add_error("name", exc.message)
        else:
            return _plan_response(
                request, current, flash=_("Saved as “%(name)s”.") % {"name": saved.name}
            )
    return _plan_response(request, current, save_form=form)


@require_GET
@staff_required
def point_suggestions(request: WorkspaceRequest) -> HttpResponse:
    text = (request.GET.get("point") or request.GET.get("add-point") or "").strip()[:60]
    found = load_atlas().search(text)[:8] if len(text) >= 2 else []
    return render(
        request,
        "charting/_suggestions.html",
        {"found": found, "target": request.GET.get("target", "")},
    )


# --- session notes --------------------------------------------------------------------------------


def _note_for(
    request: WorkspaceRequest, note_pk: int, perm: str = "patients.view_clinical"
) -> SessionNote:
    note = (
        SessionNote.objects.filter(pk=note_pk)
        .select_related("patient", "practitioner", "signed_by", "visit", "plan")
        .prefetch_related("points", "amendments__created_by", "adverse_events__recorded_by")
        .first()
    )
    if note is None:
        raise Http404("No such note.")
    _patient(request, note.patient_id, perm)
    return note


def _appointment(request: WorkspaceRequest, patient: Patient) -> Appointment | None:
    pk = request.GET.get("appointment") or request.POST.get("appointment") or ""
    if not str(pk).isdigit():
        return None
    return Appointment.objects.filter(
        pk=int(pk), patient=patient, status=AppointmentStatus.BOOKED
    ).first()


@staff_required
def new_note(request: WorkspaceRequest, pk: int) -> HttpResponse:
    patient = _patient(request, pk, CHART)
    appointment = _appointment(request, patient)
    plan_now = services.active_plan(patient)
    previous = notes.last_note(patient)
    combinations = services.combinations_of(request.user)
    available = tuple(
        source
        for source, present in (
            (NoteSource.PLAN, plan_now is not None),
            (NoteSource.LAST_NOTE, previous is not None),
            (NoteSource.COMBINATION, bool(combinations)),
            (NoteSource.BLANK, True),
        )
        if present
    )
    if request.method == "POST":
        form = NewNoteForm(request.POST, user=request.user, available=available)
        if form.is_valid():
            try:
                started = notes.start_note(
                    patient,
                    source=form.cleaned_data["source"],
                    by=request.user,
                    combination=form.cleaned_data["combination"],
                    appointment=appointment,
                    request=request,
                )
            except notes.NoteError as exc:
                for name, problems in exc.errors.items():
                    for problem in problems:
                        form.add_error(name if name in form.fields else None, problem)
                if not exc.errors:
                    form.add_error(None, exc.message)
            else:
                for code, reason in started.refused:
                    messages.warning(
                        request, _("%(code)s: %(reason)s") % {"code": code, "reason": reason}
                    )
                return redirect("charting:note", pk=started.note.pk)
    else:
        default = (
            NoteSource.LAST_NOTE if previous else NoteSource.PLAN if plan_now else NoteSource.BLANK
        )
        form = NewNoteForm(user=request.user, available=available, initial={"source": default})
    return render(
        request,
        "charting/new_note.html",
        {
            "patient": patient,
            "form": form,
            "plan": plan_now,
            "previous": previous,
            "appointment": appointment,
            "previous_points": notes.effective(previous)[1] if previous else [],
            "emergency": is_emergency(patient),
            "combinations": combinations,
        },
    )


def _note_context(request: WorkspaceRequest, note: SessionNote, **extra: Any) -> dict[str, Any]:
    values, rows = notes.effective(note)
    report = services.stored_report(note.safety)
    editable = note.status == "draft" and note.practitioner_id == request.user.pk
    amendments = list(note.amendments.all())
    changed = {name for a in amendments for name in a.changes}
    context = {
        "note": note,
        "patient": note.patient,
        "values": values,
        "rows": rows,
        "report": report,
        "fields": display.fields(values, changed),
        "points_amended": "points" in changed,
        "original_fields": display.fields(notes.note_values(note)),
        "amendments": [(a, display.changes(a.changes)) for a in amendments],
        "editable": editable,
        "amended": bool(note.amendments.all()),
        "original_rows": notes.point_rows(note),
        "original": notes.note_values(note),
        "insertions": notes.insertions(rows),
        "chart_svg": chart_svg([(r["code"], r["side"]) for r in rows], str(note.patient)),
        "event_form": extra.pop("event_form", None) or AdverseEventForm(),
        "can_amend": note.status == "signed" and request.user.has_perm(CHART, note.patient),
        "combinations": services.combinations_of(request.user) if editable else [],
        "emergency": is_emergency(note.patient),
    }
    if editable and "form" not in extra:
        extra["form"] = NoteForm(instance=note, prefix="note")
        extra["points"] = PointFormSet(initial=point_initial(rows), prefix="points")
        extra["add_form"] = AddPointForm(prefix="add")
    return {**context, **extra}


@require_GET
@staff_required
def note(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = _note_for(request, pk)
    record(request, Action.VIEW, found, patient=found.patient, summary="session note")
    return render(request, "charting/note.html", _note_context(request, found))


def _rows(formset: Any) -> list[dict[str, Any]]:
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def _attach(exc: notes.NoteError, form: Any, formset: Any) -> None:
    kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    for index, row_problems in exc.point_errors.items():
        for name, problem in row_problems.items():
            kept[index].add_error(name, problem)
    for name, field_problems in exc.errors.items():
        for problem in field_problems:
            form.add_error(name if name in form.fields else None, problem)
    if not exc.errors and not exc.point_errors:
        form.add_error(None, exc.message)


def _add_form(request: WorkspaceRequest, *, bound: bool) -> AddPointForm:
    """The add-point box, checked only when its own button was pressed; otherwise kept as typed (a
    combination refused is still shown by it)."""
    if bound:
        return AddPointForm(request.POST, prefix="add")
    typed = {"point": request.POST.get("add-point", ""), "side": request.POST.get("add-side", "")}
    form = AddPointForm(prefix="add", initial=typed)
    form.cleaned_data = {}  # lets add_error() report on an unbound form
    return form


@require_POST
@staff_required
def note_save(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Save a draft. The button pressed says what else to do: add a point, apply a combination, sign."""
    found = _note_for(request, pk, CHART)
    if found.status != "draft" or found.practitioner_id != request.user.pk:
        raise PermissionDenied(
            _("Only the treating practitioner changes a draft note; a signed note is amended.")
        )
    form = NoteForm(request.POST, instance=found, prefix="note")
    formset = PointFormSet(request.POST, prefix="points")
    action = request.POST.get("action", "save")
    add_form = _add_form(request, bound=action == "add_point")
    if not (form.is_valid() and formset.is_valid()):
        return _invalid(request, found, form, formset, add_form)
    rows = _rows(formset)
    if action == "add_point":
        if not add_form.is_valid():
            return _invalid(request, found, form, formset, add_form)
        try:
            code, point = services.resolve_point(add_form.cleaned_data["point"])
        except services.ChartingError as exc:
            add_form.add_error("point", exc.message)
            return _invalid(request, found, form, formset, add_form)
        if any(r["code"] == code for r in rows):
            add_form.add_error("point", _("%(code)s is already in the note.") % {"code": code})
            return _invalid(request, found, form, formset, add_form)
        rows.append(
            {
                "code": code,
                "side": services.default_side(point, add_form.cleaned_data["side"]),
                "deqi_sought": True,
                "stimulation": "manual",
            }
        )
    if action == "apply_combination":
        try:
            combination = services.combination_for(
                request.user, request.POST.get("combination", "")
            )
        except services.ChartingError as exc:
            add_form.add_error(None, exc.message)
            return _invalid(request, found, form, formset, add_form)
        held = {r["code"] for r in rows}
        rows += [
            {"code": p["code"], "side": p["side"], "deqi_sought": True, "stimulation": "manual"}
            for p in combination.points
            if p["code"] not in held
        ]
    values = {name: form.cleaned_data[name] for name in notes.NOTE_FIELDS}
    try:
        notes.save_draft(found, values, rows, by=request.user, request=request)
    except notes.NoteError as exc:
        if action in ("add_point", "apply_combination"):
            problems = [
                p
                for index, ps in exc.point_errors.items()
                if index >= len(_rows(formset))
                for p in ps.values()
            ]
            if problems:  # the new point is the one refused: say so by the point field
                add_form.add_error("point", " ".join(problems))
                return _invalid(request, found, form, formset, add_form)
        _attach(exc, form, formset)
        return _invalid(request, found, form, formset, add_form)
    if action == "sign":
        found.refresh_from_db()
        try:
            notes.sign(found, by=request.user, request=request)
        except notes.NoteError as exc:
            form = NoteForm(request.POST, instance=found, prefix="note")
            form.is_valid()
            _attach(exc, form, formset)
            return _invalid(request, found, form, formset, add_form, sign_refused=exc.message)
        messages.success(
            request, _("Signed. The note can no longer be changed; corrections are amendments.")
        )
    elif action == "save_combination":
        name = request.POST.get("combination_name", "")
        try:
            services.save_combination(request.user, name, [(r["code"], r["side"]) for r in rows])
        except services.ChartingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved as “%(name)s”.") % {"name": name.strip()})
    else:
        messages.success(request, _("Draft saved."))
    return redirect("charting:note", pk=found.pk)


def _invalid(
    request: WorkspaceRequest,
    found: SessionNote,
    form: Any,
    formset: Any,
    add_form: Any,
    sign_refused: str = "",
) -> HttpResponse:
    context = _note_context(
        request, found, form=form, points=formset, add_form=add_form, sign_refused=sign_refused
    )
    return render(request, "charting/note.html", context, status=400)


@staff_required
def amend(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = _note_for(request, pk, CHART)
    if found.status != "signed":
        return redirect("charting:note", pk=found.pk)
    values, rows = notes.effective(found)
    if request.method == "POST":
        form = AmendmentForm(request.POST, prefix="note")
        formset = PointFormSet(request.POST, prefix="points")
        if form.is_valid() and formset.is_valid():
            new_values = {name: form.cleaned_data[name] for name in notes.NOTE_FIELDS}
            try:
                notes.amend(
                    found,
                    new_values,
                    _rows(formset),
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                    request=request,
                )
            except notes.NoteError as exc:
                _attach(exc, form, formset)
            else:
                messages.success(
                    request, _("Amendment recorded. The original note is kept as it was signed.")
                )
                return redirect("charting:note", pk=found.pk)
    else:
        form = AmendmentForm(initial=values, prefix="note")
        formset = PointFormSet(initial=point_initial(rows), prefix="points")
    return render(
        request,
        "charting/amend.html",
        {"note": found, "patient": found.patient, "form": form, "points": formset},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@staff_required
def adverse_event(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = _note_for(request, pk, CHART)
    form = AdverseEventForm(request.POST)
    if form.is_valid():
        notes.add_adverse_event(found, by=request.user, request=request, **form.cleaned_data)
        messages.success(request, _("Adverse event recorded."))
        return redirect(reverse("charting:note", args=[found.pk]) + "#adverse-events")
    context = _note_context(request, found, event_form=form)
    return render(request, "charting/note.html", context, status=400)
