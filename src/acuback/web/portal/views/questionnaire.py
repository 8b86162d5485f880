"""The pre-visit questionnaire, one step at a time: every step saves the draft, then a review, then submit.

A step that fails validation saves nothing and shows the form again with what the patient typed and
the field errors; answers saved earlier are untouched. Submitting asks the core to validate and assess
the whole questionnaire; its objections are shown on the review page under the step that asks them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from acuback.core.errors import FieldProblem, InvalidIntake
from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.intake.advice import advice_for
from acuback.web.intake.forms import StepForm, TriStateField
from acuback.web.intake.models import IntakeForm, IntakeStatus
from acuback.web.intake.questions import NO
from acuback.web.intake.services import (
    IntakeClosed,
    problems_by_step,
    save_step,
    start_intake,
    submit_intake,
)
from acuback.web.intake.steps import (
    STEP_BY_SLUG,
    STEPS,
    Step,
    next_step,
    previous_step,
    step_for_field,
)
from acuback.web.patients.models import Patient
from acuback.web.portal import bodymap, bodymap_html
from acuback.web.portal.access import own_intake, own_patient


def _plain(message: str) -> str:
    """The core's message for a field, for a patient."""
    if message == "is required":
        return _("Please answer this question.")
    return _("This answer could not be accepted (%(reason)s).") % {"reason": message}


def _labelled(form: StepForm, problems: list[FieldProblem], step: Step) -> list[tuple[str, str]]:
    """Problems as (question, message) pairs for a notice."""
    pairs = []
    for problem in problems:
        name = form.field_for(problem.field)
        label = form.fields[name].label if name else step.title
        pairs.append((str(label), _plain(problem.message)))
    return pairs


def _defaults(patient: Patient, step: Step) -> dict[str, Any] | None:
    # The clinic knows the date of birth and sex: offer them, the patient confirms.
    if step.slug != "about":
        return None
    return {"age": patient.age_on(timezone.localdate()), "sex": patient.sex}


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request)
    draft = start_intake(patient, user=request.user, request=request)
    return redirect("portal:step", pk=draft.pk, slug=draft.current_step or STEPS[0].slug)


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    patient = own_patient(request)
    intake_form = own_intake(patient, pk)
    current = STEP_BY_SLUG.get(slug)
    if current is None:
        raise Http404("No such step.")
    if intake_form.status != IntakeStatus.DRAFT:
        return redirect("portal:result", pk=pk)
    returning = "review" in (request.GET.get("return"), request.POST.get("return"))
    defaults = _defaults(patient, current)
    notices: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST":
        form = current.form_class(request.POST, answers=intake_form.answers, defaults=defaults)
        if form.is_valid():
            nav = request.POST.get("nav", "next")
            try:
                problems = save_step(
                    intake_form,
                    current,
                    form.to_answers(),
                    resume_at=_resume_at(nav, current, returning),
                    request=request,
                )
            except IntakeClosed:
                return redirect("portal:result", pk=pk)
            if not problems:
                return _after_save(request, intake_form, current, returning)
            for problem in problems:
                form.add_error(form.field_for(problem.field), _plain(problem.message))
        status = 422
    else:
        form = current.form_class(answers=intake_form.answers, defaults=defaults)
        if request.GET.get("check"):
            notices = _labelled(form, problems_by_step(intake_form.answers).get(slug, []), current)
        record(
            request,
            Action.VIEW,
            intake_form,
            patient=patient,
            summary=f"questionnaire step '{slug}' viewed",
        )
    number = STEPS.index(current) + 1
    context = {
        "intake_form": intake_form,
        "step": current,
        "form": form,
        "number": number,
        "total": len(STEPS),
        "is_last": number == len(STEPS),
        "returning": returning,
        "notices": notices,
        "layout": f"portal/questionnaire/steps/{current.layout}.html",
    }
    if current.slug == "where":
        context["figures"] = bodymap.pain_figures()
        context["choices"] = bodymap_html.site_choices()
    elif current.slug == "spreading":
        context["figures"] = bodymap.spreading_figures()
        context["choices"] = bodymap_html.area_choices()
    return render(request, "portal/questionnaire/step.html", context, status=status)


def _resume_at(nav: str, current: Step, returning: bool) -> Step:
    """The step a patient who leaves now should come back to."""
    if nav == "back":
        return previous_step(current) or current
    if nav == "next" and not returning:
        return next_step(current) or current
    return current


def _after_save(
    request: HttpRequest, intake_form: IntakeForm, current: Step, returning: bool
) -> HttpResponse:
    nav = request.POST.get("nav", "next")
    if nav == "later":
        messages.success(
            request, _("Your answers are saved. Come back whenever you like to finish.")
        )
        return redirect("portal:home")
    if nav == "back":
        before = previous_step(current)
        if before is None:
            return redirect("portal:home")
        return redirect("portal:step", pk=intake_form.pk, slug=before.slug)
    following = next_step(current)
    if returning or following is None:
        return redirect("portal:review", pk=intake_form.pk)
    return redirect("portal:step", pk=intake_form.pk, slug=following.slug)


def _answered_no(form: StepForm) -> list[str]:
    """The yes/no questions of a step answered No: the review lists them on one line."""
    return [
        str(bound.label)
        for bound in form
        if isinstance(bound.field, TriStateField) and form.initial.get(bound.name) == NO
    ]


def _review_context(
    intake_form: IntakeForm, problems: dict[str, list[FieldProblem]]
) -> dict[str, Any]:
    sections = []
    for number, each in enumerate(STEPS, start=1):
        form = each.form_class(answers=intake_form.answers)
        rows, unanswered = form.summary()
        answered_no = _answered_no(form)
        sections.append(
            {
                "number": number,
                "step": each,
                "rows": [row for row in rows if row[0] not in answered_no],
                "answered_no": answered_no,
                "unanswered": unanswered,
                "problems": _labelled(form, problems.get(each.slug, []), each),
                "change_url": reverse("portal:step", args=[intake_form.pk, each.slug])
                + "?return=review",
            }
        )
    return {
        "intake_form": intake_form,
        "sections": sections,
        "has_problems": any(section["problems"] for section in sections),
    }


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    patient = own_patient(request)
    intake_form = own_intake(patient, pk)
    if intake_form.status != IntakeStatus.DRAFT:
        return redirect("portal:result", pk=pk)
    record(
        request, Action.VIEW, intake_form, patient=patient, summary="questionnaire review viewed"
    )
    context = _review_context(intake_form, problems_by_step(intake_form.answers))
    return render(request, "portal/questionnaire/review.html", context)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    patient = own_patient(request)
    intake_form = own_intake(patient, pk)
    try:
        submit_intake(intake_form, as_of=timezone.localdate(), request=request)
    except InvalidIntake as exc:
        grouped: dict[str, list[FieldProblem]] = {}
        for problem in exc.problems:
            grouped.setdefault(step_for_field(problem.field).slug, []).append(problem)
        context = _review_context(intake_form, grouped)
        return render(request, "portal/questionnaire/review.html", context, status=422)
    return redirect("portal:result", pk=pk)


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    patient = own_patient(request)
    intake_form = own_intake(patient, pk)
    if intake_form.status == IntakeStatus.DRAFT:
        return redirect("portal:review", pk=pk)
    assessment = intake_form.assessments.first()
    advice = advice_for(assessment.result if assessment is not None else {})
    record(
        request,
        Action.VIEW,
        assessment if assessment is not None else intake_form,
        patient=patient,
        summary="questionnaire result viewed by the patient",
    )
    context = {
        "intake_form": intake_form,
        "advice": advice,
        "clinic": patient.clinic,
        # A clinic sets its country's number; without it the page names the common ones.
        "emergency_number": getattr(settings, "ACUBACK_EMERGENCY_NUMBER", ""),
    }
    return render(request, "portal/questionnaire/result.html", context)
