"""The practitioner's workspace: today's list, the patient list and the patient chart."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.charting.records import latest_assessment, latest_intake
from acuback.web.charting.services import active_plan
from acuback.web.intake.models import ClinicAlert
from acuback.web.patients.access import get_patient
from acuback.web.workspace import services
from acuback.web.workspace.chart_sections import clinical_sections
from acuback.web.workspace.decorators import clinician_required, staff_required
from acuback.web.workspace.requests import WorkspaceRequest
from acuback.web.workspace.search import matching

PAGE_SIZE = 50


def _is_clinical(request: WorkspaceRequest) -> bool:
    return bool(request.user.has_perm("clinics.view_dashboard"))


@require_GET
@staff_required
def today(request: WorkspaceRequest) -> HttpResponse:
    user = request.user
    clinical = _is_clinical(request)
    is_practitioner = user.role == "practitioner"
    mine = request.GET.get("who", "mine" if is_practitioner else "all") == "mine"
    day = timezone.localdate()
    appointments = services.today_appointments(user, day, mine=mine, clinical=clinical)
    alerts: list[ClinicAlert] = []
    alert_count = 0
    if clinical:
        alerts, alert_count = services.first_open_alerts(user)
    return render(
        request,
        "workspace/today.html",
        {
            "day": day,
            "appointments": appointments,
            "mine": mine,
            "clinical": clinical,
            "is_practitioner": is_practitioner,
            "alerts": alerts,
            "alert_count": alert_count,
            "now": timezone.now(),
        },
    )


@require_GET
@clinician_required
def alerts(request: WorkspaceRequest) -> HttpResponse:
    """Every open alert of the clinic, most serious first, a page at a time."""
    page = Paginator(services.open_alerts(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "workspace/alerts.html", {"page": page, "now": timezone.now()})


@require_POST
@clinician_required
def acknowledge_alert(request: WorkspaceRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        alert = (
            ClinicAlert.objects.select_for_update()
            .filter(pk=pk, clinic_id=request.user.clinic_id)
            .select_related("patient")
            .first()
        )
        if alert is None:
            raise Http404("No such alert.")
        if alert.acknowledged_at is None:
            alert.acknowledged_at = timezone.now()
            alert.acknowledged_by = request.user
            alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
            record(
                request,
                Action.UPDATE,
                alert,
                patient=alert.patient,
                summary=f"acknowledged {alert.level} alert",
            )
    if request.htmx:
        return HttpResponse("")  # the row disappears from the list
    if request.POST.get("back") == "alerts":
        return redirect("workspace:alerts")
    return redirect("workspace:today")


@require_GET
@staff_required
def patient_list(request: WorkspaceRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    clinical = _is_clinical(request)
    rows = services.patient_rows(matching(request.user, query), clinical=clinical)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "clinical": clinical}
    template = "workspace/_patient_rows.html" if request.htmx else "workspace/patients.html"
    return render(request, template, context)


@require_GET
@staff_required  # get_patient refuses (and audits) a role without clinical access
def chart(request: WorkspaceRequest, pk: int) -> HttpResponse:
    patient = get_patient(
        request.user, pk, "patients.view_clinical", request, related=("primary_practitioner",)
    )
    intake_row = latest_intake(patient)
    assessment_row = latest_assessment(patient)
    history = services.care_history(patient)
    plan = active_plan(patient)
    record(request, Action.VIEW, patient, summary="patient chart")
    return render(
        request,
        "workspace/chart.html",
        {
            "patient": patient,
            "age": patient.age_on(timezone.localdate()),
            "today": timezone.localdate(),
            "clinical_sections": clinical_sections(request, patient, intake_row, assessment_row),
            "history": history,
            "plan": plan,
            "drafts": services.draft_notes(patient),
            "can_chart": request.user.has_perm("patients.change_clinical", patient),
            "emergency": assessment_row is not None and assessment_row.triage_level == "emergency",
        },
    )


def landing(request: WorkspaceRequest) -> HttpResponse:
    """Where staff land after signing in (today's list); anyone else goes to the home page."""
    if request.user.is_authenticated and request.user.has_perm("clinics.view_schedule"):
        return redirect("workspace:today")
    return redirect("home")
