"""Outcome pages: the one-time-link questionnaire, the portal, the practitioner's progress charts and
entry form, the clinic dashboard and the licensed-wording editor. Checking and scoring are the
core's (through services); these views fetch, call and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from acuback.web.accounts.models import Role, User
from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.care.models import Episode, Visit
from acuback.web.outcomes import services
from acuback.web.outcomes.dashboard import DashboardFilters, build_dashboard
from acuback.web.outcomes.followups import send_request_email
from acuback.web.outcomes.forms import (
    DashboardFilterForm,
    LicensedTextForm,
    QuestionnaireForm,
    TimepointForm,
)
from acuback.web.outcomes.links import LinkRefused, resolve_link
from acuback.web.outcomes.models import EnteredVia, LicensedText, OutcomeRequest, TimepointKind
from acuback.web.patients.access import get_patient

SAVE_DRAFT = "draft"


def _user(request: HttpRequest) -> Any:
    """The signed-in user (every view here is behind login_required or a one-time link)."""
    return request.user


def _questionnaire(
    request: HttpRequest,
    req: OutcomeRequest,
    *,
    via: str,
    staff: bool,
    done_url: str | None,
    context: dict[str, Any],
) -> HttpResponse:
    """Show and save the questionnaire of ``req``: the same page for the link, portal and staff."""
    shown = services.instruments_for(req, staff=staff)
    saved = services.saved_answers(req)
    answered_before = bool(saved)
    activities = services.baseline_activities(req)
    if activities:
        saved = {**saved, "psfs": {**activities, **saved.get("psfs", {})}}
    form = QuestionnaireForm(shown, request.POST or None, answers=saved)
    if request.method == "POST" and form.is_valid():
        result = services.save_questionnaire(
            req, form.raw_answers(), form.instruments(), via=via, entered_by=request.user
        )
        form.add_problems(result.problems)
        record(
            request,
            Action.UPDATE if answered_before else Action.CREATE,
            req,
            patient=req.patient,
            summary=f"outcome answers {req.kind} {req.week or ''}: {len(result.complete)} complete, {len(result.drafts)} draft",
            via="link" if via == EnteredVia.LINK else "web",
        )
        if result.finished:
            if done_url:
                messages.success(request, _("Thank you: your answers are saved."))
                return redirect(done_url)
            return render(request, "outcomes/thanks.html", {"req": req, **context})
        if result.ok and request.POST.get("action") == SAVE_DRAFT:
            context["notice"] = _(
                "Saved as a draft. You can finish later with the same link or page."
            )
        else:
            context["notice"] = _(
                "Some questions still need an answer or a correction (marked below). What you answered is kept as a draft."
            )
        status = 200 if result.ok else 422
    else:
        status = 200
    context.update({"req": req, "form": form, "sections": form.sections(), "staff": staff})
    return render(request, "outcomes/questionnaire.html", context, status=status)


# ---------------------------------------------------------------------------------------------
# The patient's side: one-time link and portal


@require_http_methods(["GET", "POST"])
def link_form(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire behind a one-time link: no login; refused with a clear page if used,
    expired or not valid."""
    try:
        req = resolve_link(token)
    except LinkRefused as refused:
        clinic = refused.req.clinic if refused.req is not None else None
        return render(
            request,
            "outcomes/link_refused.html",
            {"refusal": refused.refusal, "clinic": clinic},
            status=refused.refusal.status,
        )
    if request.method == "GET":
        record(
            request,
            Action.VIEW,
            req,
            patient=req.patient,
            summary="questionnaire opened by link",
            via="link",
        )
    response = _questionnaire(
        request, req, via=EnteredVia.LINK, staff=False, done_url=None, context={"by_link": True}
    )
    # The token is in the URL: never cached. (The site's same-origin referrer policy already keeps it
    # from other sites; "no-referrer" would make browsers send "Origin: null" and fail the CSRF check.)
    response["Cache-Control"] = "no-store"
    return response


def _own_patient(request: HttpRequest) -> Any:
    patient = getattr(request.user, "patient", None)
    if patient is None or not request.user.has_perm("patients.view_own_portal", patient):
        raise PermissionDenied(_("Only a patient with a portal account has this page."))
    return patient


@login_required
def my_progress(request: HttpRequest) -> HttpResponse:
    patient = _own_patient(request)
    progress = services.progress_for(patient.pk)
    today = timezone.now()
    open_requests = [
        r
        for r in OutcomeRequest.objects.filter(
            patient=patient, used_at__isnull=True
        ).select_related("visit")
        if r.expires_at is None or r.expires_at > today
    ]
    record(request, Action.VIEW, patient, summary="own outcome progress (portal)")
    return render(
        request,
        "outcomes/mine.html",
        {"patient": patient, "progress": progress, "open_requests": open_requests},
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_questionnaire(request: HttpRequest, pk: int) -> HttpResponse:
    patient = _own_patient(request)
    req = get_object_or_404(
        OutcomeRequest.objects.select_related("clinic", "patient", "visit"), pk=pk, patient=patient
    )
    if req.used_at is not None:
        messages.info(request, _("This questionnaire is already complete."))
        return redirect("outcomes:mine")
    return _questionnaire(
        request,
        req,
        via=EnteredVia.PORTAL,
        staff=False,
        done_url=reverse("outcomes:mine"),
        context={"by_link": False},
    )


# ---------------------------------------------------------------------------------------------
# The practitioner's side


@login_required
def patient_progress(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient(request.user, pk, "patients.view_clinical", request)
    progress = services.progress_for(patient.pk)
    record(request, Action.VIEW, patient, summary="outcome progress")
    can_enter = request.user.has_perm("patients.change_clinical", patient)
    return render(
        request,
        "outcomes/patient.html",
        {
            "patient": patient,
            "progress": progress,
            "can_enter": can_enter,
            "cat": services.catalogue(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enter_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """The practitioner enters a questionnaire (at the visit, or from the clinic's paper form)."""
    patient = get_patient(request.user, pk, "patients.change_clinical", request)
    episodes = list(Episode.objects.filter(patient=patient).order_by("-started_on"))
    if not episodes:
        messages.warning(request, _("Start an episode of care before recording outcomes."))
        return redirect("outcomes:patient", pk=patient.pk)
    visits = list(Visit.objects.filter(patient=patient).order_by("-happened_at")[:50])
    weeks = sorted({int(w) for w in patient.clinic.follow_up_weeks or []})
    chooser = TimepointForm(
        request.GET if "kind" in request.GET else None,
        episodes=episodes,
        weeks=weeks,
        visits=visits,
        initial={"episode": episodes[0].pk},
    )
    if not chooser.is_bound or not chooser.is_valid():
        return render(
            request, "outcomes/enter_choose.html", {"patient": patient, "chooser": chooser}
        )
    data = chooser.cleaned_data
    episode = next(e for e in episodes if e.pk == data["episode"])
    visit = next((v for v in visits if v.pk == data.get("visit")), None)
    if visit is not None and visit.episode_id != episode.pk:
        chooser.add_error("visit", _("This visit belongs to another episode."))
        return render(
            request,
            "outcomes/enter_choose.html",
            {"patient": patient, "chooser": chooser},
            status=422,
        )
    req = services.get_or_create_request(
        episode, data["kind"], week=data.get("week"), visit=visit, created_by=request.user
    )
    return _questionnaire(
        request,
        req,
        via=EnteredVia.PRACTITIONER,
        staff=True,
        done_url=reverse("outcomes:patient", args=[patient.pk]),
        context={"patient": patient, "by_link": False},
    )


@login_required
@require_POST
def send_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Email the patient a one-time link for a timepoint of an episode."""
    patient = get_patient(request.user, pk, "patients.change_clinical", request)
    episode = get_object_or_404(Episode, pk=request.POST.get("episode") or 0, patient=patient)
    kind = request.POST.get("kind", "")
    week = request.POST.get("week") or None
    if kind not in (TimepointKind.BASELINE, TimepointKind.FOLLOW_UP) or (
        kind == TimepointKind.FOLLOW_UP and not (week or "").isdigit()
    ):
        messages.error(request, _("Choose a baseline or a follow-up week to send."))
        return redirect("outcomes:patient", pk=patient.pk)
    req = services.get_or_create_request(
        episode, kind, week=int(week) if week else None, created_by=request.user
    )
    if req.used_at is not None:
        messages.info(request, _("That questionnaire is already complete."))
    elif send_request_email(req, request.build_absolute_uri("/")):
        OutcomeRequest.objects.filter(pk=req.pk).update(sent_at=timezone.now())
        record(
            request,
            Action.CREATE,
            req,
            patient=patient,
            summary=f"questionnaire link emailed ({req.timepoint_label})",
        )
        messages.success(request, _("A one-time link was emailed to the patient."))
    else:
        messages.warning(
            request,
            _(
                "The patient has no email address. Enter the answers here, or ask them to use the portal."
            ),
        )
    return redirect("outcomes:patient", pk=patient.pk)


# ---------------------------------------------------------------------------------------------
# The clinic


def _require_clinic_perm(request: HttpRequest, perm: str) -> None:
    if not _user(request).clinic_id or not _user(request).has_perm(perm):
        record(request, Action.DENIED, None, summary=f"lacks {perm}")
        raise PermissionDenied(_("Your role may not see this page."))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_clinic_perm(request, "clinics.view_dashboard")
    clinic = _user(request).clinic
    cat = services.catalogue()
    weeks = sorted({int(w) for w in clinic.follow_up_weeks or []}) or [12]
    practitioners = list(
        User.objects.filter(
            clinic=clinic, role__in=[Role.PRACTITIONER, Role.CLINIC_ADMIN]
        ).order_by("last_name", "username")
    )
    names = {p.pk: str(p) for p in practitioners}
    default_week = 12 if 12 in weeks else weeks[len(weeks) // 2]
    form = DashboardFilterForm(
        request.GET or None,
        rules=[(r.id, r.name) for r in cat.rules.values()],
        weeks=weeks,
        practitioners=list(names.items()),
        initial={"rule": cat.headline_rule, "week": default_week},
    )
    filters = DashboardFilters(rule=cat.headline_rule, week=default_week)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = DashboardFilters(
            rule=data["rule"],
            week=data["week"],
            practitioner_id=data.get("practitioner"),
            started_from=data.get("started_from"),
            started_to=data.get("started_to"),
        )
    elif form.is_bound:
        return render(
            request,
            "outcomes/dashboard.html",
            {"form": form, "board": None, "cat": cat},
            status=400,
        )
    board = build_dashboard(clinic, filters, practitioner_names=names)
    record(request, Action.VIEW, None, summary="outcomes dashboard")
    return render(
        request,
        "outcomes/dashboard.html",
        {"form": form, "board": board, "cat": cat, "rule_sources": _rule_sources(cat, board.rule)},
    )


def _rule_sources(cat: Any, rule: Any) -> list[Any]:
    return [cat.sources[s] for s in (rule.source, *rule.also_sources) if s in cat.sources]


@login_required
def instruments(request: HttpRequest) -> HttpResponse:
    """Every instrument with its scoring, missing-item rule, licence and sources; the thresholds."""
    if not getattr(request.user, "is_staff_member", False):
        raise PermissionDenied(_("Staff only."))
    cat = services.catalogue()
    texts = services.licensed_texts(_user(request).clinic_id)
    return render(request, "outcomes/instruments.html", {"cat": cat, "texts": texts})


@login_required
def licensed_texts(request: HttpRequest) -> HttpResponse:
    _require_clinic_perm(request, "outcomes.manage_texts")
    cat = services.catalogue()
    texts = services.licensed_texts(_user(request).clinic_id)
    rows = [(i, texts.get(i.id)) for i in cat.instruments.values() if not i.ships_text]
    return render(request, "outcomes/texts.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def edit_licensed_text(request: HttpRequest, instrument: str) -> HttpResponse:
    _require_clinic_perm(request, "outcomes.manage_texts")
    cat = services.catalogue()
    found = cat.instruments.get(instrument)
    if found is None or found.ships_text:
        raise Http404(_("No such structure-only questionnaire."))
    existing = LicensedText.objects.filter(
        clinic_id=_user(request).clinic_id, instrument=instrument
    ).first()
    form = LicensedTextForm(
        found,
        request.POST or None,
        texts=existing.texts if existing else None,
        initial={"licence_reference": existing.licence_reference if existing else ""},
    )
    if request.method == "POST" and form.is_valid():
        LicensedText.objects.update_or_create(
            clinic_id=_user(request).clinic_id,
            instrument=instrument,
            defaults={
                "texts": form.texts(),
                "licence_reference": form.cleaned_data["licence_reference"],
                "updated_by": _user(request),
            },
        )
        record(request, Action.UPDATE, None, summary=f"licensed wording of {instrument}")
        messages.success(
            request, _("Saved. Patients now see this questionnaire with your wording.")
        )
        return redirect("outcomes:texts")
    return render(
        request,
        "outcomes/text_edit.html",
        {"instrument": found, "form": form},
        status=422 if form.is_bound else 200,
    )
