"""/api/appointments: a clinic's schedule by day or practitioner; book, move and cancel (staff).

The no-double-booking rule is the schedule service's (web/schedule/services.py); a clash is a 409.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from acuback.web.accounts.models import Role, User
from acuback.web.api.access import caller, fetch_patient, require
from acuback.web.api.audit_trail import audit
from acuback.web.api.errors import ApiError
from acuback.web.api.pagination import filter_by_days, paginate
from acuback.web.api.schemas.appointments import AppointmentFilters, AppointmentOut, BookIn, MoveIn
from acuback.web.api.schemas.errors import ErrorOut
from acuback.web.api.schemas.pages import DateRange, Page, PageParams
from acuback.web.audit.models import Action
from acuback.web.schedule import services as schedule
from acuback.web.schedule.models import Appointment, AppointmentStatus

router = Router(tags=["appointments"])
REFUSALS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def as_out(a: Appointment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "patient_id": a.patient_id,
        "patient_name": str(a.patient),
        "practitioner_id": a.practitioner_id,
        "practitioner_name": str(a.practitioner),
        "starts_at": a.starts_at,
        "ends_at": a.ends_at,
        "status": a.status,
        "reason": a.reason,
    }


def visible_appointments(user: Any) -> QuerySet[Appointment]:
    found = Appointment.objects.select_related("patient", "practitioner")
    if user.role == Role.PATIENT:
        return found.filter(patient__user_id=user.id)
    if user.clinic_id and user.has_perm("clinics.view_schedule"):
        return found.filter(clinic_id=user.clinic_id)
    return found.none()


def fetch_appointment(request: HttpRequest, pk: int) -> Appointment:
    appointment = visible_appointments(caller(request)).filter(pk=pk).first()
    if appointment is None:
        raise ApiError(404, "not_found", _("No such appointment."))
    return appointment


def practitioner_of_clinic(user: Any, pk: int, field: str) -> User:
    found = schedule.practitioners_of(user.clinic_id).filter(pk=pk).first()
    if found is None:
        message = _("is not a practitioner of this clinic")
        raise ApiError(
            422,
            "invalid",
            _("Field '%(f)s' %(m)s.") % {"f": field, "m": message},
            [{"field": field, "message": message}],
        )
    return found


def schedule_refusal(exc: schedule.ScheduleError) -> ApiError:
    status = 409 if isinstance(exc, schedule.DoubleBooking) else 422
    fields = [{"field": exc.field, "message": exc.message}] if exc.field else []
    return ApiError(status, exc.code, exc.message, fields)


def still_booked(appointment: Appointment) -> None:
    if appointment.status != AppointmentStatus.BOOKED:
        raise ApiError(
            409,
            "not_booked",
            _("Only a booked appointment can be changed; this one is %s.")
            % appointment.get_status_display().lower(),
        )


@router.get("/", response={200: Page[AppointmentOut], **REFUSALS}, summary="List appointments")
def list_appointments(
    request: HttpRequest, page: Query[PageParams], filters: Query[AppointmentFilters]
) -> dict[str, Any]:
    """The clinic's appointments in time order, by day, range, practitioner, patient or status.

    A patient sees only their own appointments.
    """
    user = caller(request)
    if user.role != Role.PATIENT:
        require(request, "clinics.view_schedule")
    found = visible_appointments(user)
    days = DateRange(date_from=filters.day, date_to=filters.day) if filters.day else filters
    found = filter_by_days(found, "starts_at", days)
    if filters.practitioner:
        found = found.filter(practitioner_id=filters.practitioner)
    if filters.patient:
        found = found.filter(patient_id=filters.patient)
    if filters.status:
        found = found.filter(status=filters.status)
    result = paginate(found.order_by("starts_at", "id"), page, as_out)
    audit(
        request,
        Action.VIEW,
        summary=f"listed {len(result['items'])} appointments from {page.offset}",
    )
    return result


@router.get(
    "/{int:appointment_id}",
    response={200: AppointmentOut, **REFUSALS},
    summary="Read an appointment",
)
def read_appointment(request: HttpRequest, appointment_id: int) -> dict[str, Any]:
    appointment = fetch_appointment(request, appointment_id)
    audit(request, Action.VIEW, appointment, patient=appointment.patient)
    return as_out(appointment)


@router.post("/", response={201: AppointmentOut, **REFUSALS}, summary="Book an appointment")
def book_appointment(request: HttpRequest, payload: BookIn) -> Status[dict[str, Any]]:
    """Book a patient with a practitioner of the clinic (staff). A clash is refused with 409."""
    user = caller(request)
    patient = fetch_patient(request, payload.patient_id, "patients.change_demographics")
    practitioner = practitioner_of_clinic(user, payload.practitioner_id, "practitioner_id")
    try:
        appointment = schedule.book(
            practitioner=practitioner,
            patient=patient,
            starts_at=payload.starts_at,
            minutes=payload.minutes,
            reason=payload.reason,
            by=user,
            request=request,
        )
    except schedule.ScheduleError as exc:
        raise schedule_refusal(exc) from exc
    return Status(201, as_out(appointment))


@router.patch(
    "/{int:appointment_id}",
    response={200: AppointmentOut, **REFUSALS},
    summary="Move an appointment",
)
def move_appointment(request: HttpRequest, appointment_id: int, payload: MoveIn) -> dict[str, Any]:
    user = caller(request)
    appointment = fetch_appointment(request, appointment_id)
    require(request, "patients.change_demographics", appointment.patient)
    still_booked(appointment)
    practitioner = (
        practitioner_of_clinic(user, payload.practitioner_id, "practitioner_id")
        if payload.practitioner_id is not None
        else appointment.practitioner
    )
    length = (appointment.ends_at - appointment.starts_at) // dt.timedelta(minutes=1)
    try:
        moved = schedule.move(
            appointment,
            starts_at=payload.starts_at or appointment.starts_at,
            minutes=payload.minutes or length,
            practitioner=practitioner,
            by=user,
            request=request,
        )
    except schedule.ScheduleError as exc:
        raise schedule_refusal(exc) from exc
    return as_out(moved)


@router.post(
    "/{int:appointment_id}/cancel",
    response={200: AppointmentOut, **REFUSALS},
    summary="Cancel an appointment",
)
def cancel_appointment(request: HttpRequest, appointment_id: int) -> dict[str, Any]:
    appointment = fetch_appointment(request, appointment_id)
    require(request, "patients.change_demographics", appointment.patient)
    still_booked(appointment)
    try:
        cancelled = schedule.cancel(appointment, by=caller(request), request=request)
    except schedule.ScheduleError as exc:
        raise schedule_refusal(exc) from exc
    return as_out(cancelled)
