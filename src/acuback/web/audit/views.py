"""The audit viewer: a clinic admin reads who saw or changed which record, filtered and paginated.

Only the clinic admin's own clinic is ever shown; everybody else of the clinic is refused (403, and
the refusal is itself written to the trail). Reading the trail is recorded too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from acuback.web.audit.forms import AuditFilterForm
from acuback.web.audit.models import Action, AuditEvent
from acuback.web.audit.services import record

PER_PAGE = 50


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered_events(clinic_id: int, data: dict[str, Any]) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(clinic_id=clinic_id)
    if data.get("actor"):
        events = events.filter(actor=data["actor"])
    patient = (data.get("patient") or "").strip()
    if patient.isdigit():
        events = events.filter(patient_id=int(patient))
    elif patient:
        for word in patient.split()[:3]:
            events = events.filter(
                Q(patient__family_name__icontains=word) | Q(patient__given_name__icontains=word)
            )
    if data.get("action"):
        events = events.filter(action=data["action"])
    if data.get("date_from"):
        events = events.filter(at__gte=_midnight(data["date_from"]))
    if data.get("date_to"):
        events = events.filter(at__lt=_midnight(data["date_to"] + dt.timedelta(days=1)))
    return events.select_related("actor", "patient").order_by("-at", "-id")


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.clinic_id or not user.has_perm("clinics.view_audit"):
        record(request, Action.DENIED, summary="audit trail: lacks clinics.view_audit")
        raise PermissionDenied(_("Only the clinic admin may read the audit trail."))
    form = AuditFilterForm(request.GET or None, clinic_id=user.clinic_id)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(filtered_events(user.clinic_id, data), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "audit/_results.html" if getattr(request, "htmx", False) else "audit/list.html"
    response = render(request, template, context)
    record(request, Action.VIEW, summary=f"audit trail page {page.number}"[:300])
    return response
