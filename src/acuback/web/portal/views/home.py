"""The signed-in patient's page: their questionnaire, consents, next appointment and (later) outcomes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.intake.steps import STEP_BY_SLUG, STEPS
from acuback.web.portal import services
from acuback.web.portal.access import own_patient


@login_required
def home(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request)
    intake_form = services.latest_intake(patient)
    step_number = None
    if intake_form is not None and intake_form.current_step in STEP_BY_SLUG:
        step_number = STEPS.index(STEP_BY_SLUG[intake_form.current_step]) + 1
    assessments = list(intake_form.assessments.all()) if intake_form is not None else []
    record(request, Action.VIEW, patient, patient=patient, summary="portal home viewed")
    context = {
        "patient": patient,
        "intake_form": intake_form,
        "assessment": assessments[0] if assessments else None,
        "step_number": step_number,
        "total_steps": len(STEPS),
        "consents": services.consent_statuses(patient),
        "appointment": services.next_appointment(patient),
    }
    return render(request, "portal/home.html", context)
