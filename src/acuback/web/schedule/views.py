"""The clinic's schedule: a day (a column per practitioner) and a week (a column per day), booking,
moving and cancelling. Staff only; patients book through the clinic."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.patients.access import patients_for
from acuback.web.schedule import services
from acuback.web.schedule.forms import BookingForm, MoveForm
from acuback.web.schedule.models import Appointment
from acuback.web.workspace.decorators import staff_required
from acuback.web.workspace.requests import WorkspaceRequest
from acuback.web.workspace.search import search_patients

CHANGED = "scheduleChanged"


def _day(request: WorkspaceRequest) -> dt.date:
    return parse_date(request.GET.get("date", "") or "") or timezone.localdate()


def _practitioner_id(request: WorkspaceRequest, practitioners: list[Any]) -> int | None:
    """The practitioner asked for, else the user if a practitioner, else the first one."""
    wanted = request.GET.get("practitioner", "")
    ids: list[int] = [int(p.pk) for p in practitioners]
    if wanted.isdigit() and int(wanted) in ids:
        return int(wanted)
    if request.user.pk in ids:
        return int(request.user.pk)
    return ids[0] if ids else None


@require_GET
@staff_required
def day_view(request: WorkspaceRequest) -> HttpResponse:
    day = _day(request)
    clinic_id = request.user.clinic_id
    practitioners = list(services.practitioners_of(clinic_id))
    appointments = list(services.appointments_between(clinic_id, day, 1))
    hours = services.visible_hours(appointments)
    columns = [
        services.Column(
            key=str(p.pk),
            title=str(p),
            day=day,
            practitioner=p,
            slots=services.place([a for a in appointments if a.practitioner_id == p.pk], hours),
        )
        for p in practitioners
    ]
    return render(
        request,
        "schedule/day.html",
        {
            "day": day,
            "columns": columns,
            "hours": range(*hours),
            "span": hours[1] - hours[0],
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "today": timezone.localdate(),
            "booked": sum(1 for a in appointments if a.status == "booked"),
        },
    )


@require_GET
@staff_required
def week_view(request: WorkspaceRequest) -> HttpResponse:
    day = _day(request)
    monday = day - dt.timedelta(days=day.weekday())
    clinic_id = request.user.clinic_id
    practitioners = list(services.practitioners_of(clinic_id))
    chosen = _practitioner_id(request, practitioners)
    appointments = (
        list(services.appointments_between(clinic_id, monday, 7, chosen)) if chosen else []
    )
    hours = services.visible_hours(appointments)
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    columns = [
        services.Column(
            key=d.isoformat(),
            title=d.strftime("%a %d"),
            day=d,
            practitioner=None,
            slots=services.place(
                [a for a in appointments if timezone.localtime(a.starts_at).date() == d], hours
            ),
        )
        for d in days
    ]
    return render(
        request,
        "schedule/week.html",
        {
            "day": day,
            "monday": monday,
            "sunday": days[-1],
            "columns": columns,
            "hours": range(*hours),
            "span": hours[1] - hours[0],
            "practitioners": practitioners,
            "chosen": chosen,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "today": timezone.localdate(),
        },
    )


def _booking_initial(request: WorkspaceRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    if request.GET.get("practitioner", "").isdigit():
        initial["practitioner"] = int(request.GET["practitioner"])
    elif request.user.role == "practitioner":
        initial["practitioner"] = request.user.pk
    start = request.GET.get("start", "")
    if start:
        initial["starts_at"] = start
    if request.GET.get("patient", "").isdigit():
        initial["patient"] = int(request.GET["patient"])
    return initial


@staff_required
def book(request: WorkspaceRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = BookingForm(request.POST, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                appointment = services.book(
                    practitioner=data["practitioner"],
                    patient=data["patient"],
                    starts_at=data["starts_at"],
                    minutes=data["minutes"],
                    reason=data["reason"],
                    by=user,
                    request=request,
                )
            except services.ScheduleError as exc:
                form.add_error(exc.field, exc.message)
            else:
                day = timezone.localtime(appointment.starts_at).date()
                return redirect(
                    f"{reverse('schedule:day')}?date={day.isoformat()}#appointment-{appointment.pk}"
                )
    else:
        form = BookingForm(initial=_booking_initial(request), user=user)
    query = request.GET.get("q", "").strip()[:100]
    chosen_pk = form["patient"].value()
    chosen = (
        patients_for(user).filter(pk=chosen_pk).first() if str(chosen_pk or "").isdigit() else None
    )
    return render(
        request,
        "schedule/book.html",
        {
            "form": form,
            "query": query,
            "results": search_patients(user, query, limit=8) if query else [],
            "chosen": chosen,
        },
    )


@require_GET
@staff_required
def patient_search(request: WorkspaceRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "schedule/_patient_results.html",
        {
            "query": query,
            "results": search_patients(request.user, query, limit=8) if query else [],
        },
    )


def _appointment(request: WorkspaceRequest, pk: int) -> Appointment:
    found = (
        Appointment.objects.filter(pk=pk, clinic_id=request.user.clinic_id)
        .select_related("patient", "practitioner", "created_by")
        .first()
    )
    if found is None:
        raise Http404("No such appointment.")
    return found


def _panel(
    request: WorkspaceRequest,
    appointment: Appointment,
    form: MoveForm | None = None,
    done: str = "",
    status: int = 200,
) -> HttpResponse:
    if form is None:
        local = timezone.localtime(appointment.starts_at)
        form = MoveForm(
            user=request.user,
            initial={
                "practitioner": appointment.practitioner_id,
                "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
                "minutes": int((appointment.ends_at - appointment.starts_at).total_seconds() // 60),
            },
        )
    template = "schedule/_appointment_panel.html" if request.htmx else "schedule/appointment.html"
    response = render(
        request, template, {"appointment": appointment, "form": form, "done": done}, status=status
    )
    if done and request.htmx:
        response["HX-Trigger"] = CHANGED
    return response


@require_GET
@staff_required
def appointment_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    appointment = _appointment(request, pk)
    record(request, Action.VIEW, appointment, patient=appointment.patient, summary="appointment")
    return _panel(request, appointment)


def _back_to_day(appointment: Appointment) -> HttpResponse:
    day = timezone.localtime(appointment.starts_at).date()
    return redirect(f"{reverse('schedule:day')}?date={day.isoformat()}")


@require_POST
@staff_required
def move(request: WorkspaceRequest, pk: int) -> HttpResponse:
    appointment = _appointment(request, pk)
    form = MoveForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.move(
                appointment,
                starts_at=data["starts_at"],
                minutes=data["minutes"],
                practitioner=data["practitioner"],
                by=request.user,
                request=request,
            )
        except services.ScheduleError as exc:
            form.add_error(exc.field, exc.message)
            appointment.refresh_from_db()
        else:
            if not request.htmx:
                return _back_to_day(appointment)
            return _panel(request, appointment, done=_("Moved."))
    return _panel(request, appointment, form=form, status=200 if request.htmx else 400)


@require_POST
@staff_required
def cancel(request: WorkspaceRequest, pk: int) -> HttpResponse:
    appointment = _appointment(request, pk)
    try:
        services.cancel(appointment, by=request.user, request=request)
    except services.ScheduleError as exc:
        return _panel(request, appointment, done=exc.message)
    if not request.htmx:
        return _back_to_day(appointment)
    return _panel(request, appointment, done=_("Cancelled: the slot is free again."))
