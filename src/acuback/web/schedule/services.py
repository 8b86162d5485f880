"""Booking, moving and cancelling appointments, and reading a practitioner's day or week.

A practitioner is never booked twice at once. The check runs inside a transaction that first locks the
practitioner's row (``select_for_update``), so two desks booking the same slot at the same moment are
served one after the other and the second sees the first's appointment. SQLite ignores row locks, but
its writers are serialised anyway (the settings open every write transaction IMMEDIATE).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from acuback.web.accounts.models import Role, User
from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.patients.models import Patient
from acuback.web.schedule.models import Appointment, AppointmentStatus

# Appointments that hold their slot; a cancelled or missed one frees it.
HOLDING = (AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED)
MIN_MINUTES, MAX_MINUTES = 5, 240


class ScheduleError(Exception):
    """A booking the schedule refuses, with a sentence for the person booking."""

    code = "schedule_error"
    field: str | None = None

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class DoubleBooking(ScheduleError):
    code = "double_booking"
    field = "starts_at"

    def __init__(self, clash: Appointment) -> None:
        self.clash = clash
        start, end = timezone.localtime(clash.starts_at), timezone.localtime(clash.ends_at)
        super().__init__(
            _(
                "%(practitioner)s already has an appointment from %(start)s to %(end)s "
                "(%(patient)s, %(day)s). Choose another time or practitioner."
            )
            % {
                "practitioner": clash.practitioner,
                "start": start.strftime("%H:%M"),
                "end": end.strftime("%H:%M"),
                "patient": clash.patient,
                "day": start.strftime("%a %d %b %Y"),
            }
        )


class NotBookable(ScheduleError):
    code = "not_bookable"


def practitioners_of(clinic_id: Any) -> QuerySet[User]:
    """The people appointments can be booked with: the clinic's practitioners."""
    return User.objects.filter(
        clinic_id=clinic_id, role=Role.PRACTITIONER, is_active=True
    ).order_by("last_name", "first_name", "username")


def _clash(
    practitioner_id: int, start: dt.datetime, end: dt.datetime, exclude: int | None
) -> Appointment | None:
    # Half-open intervals: an appointment ending at 10:00 leaves 10:00 free for the next.
    overlapping = Appointment.objects.filter(
        practitioner_id=practitioner_id, status__in=HOLDING, starts_at__lt=end, ends_at__gt=start
    ).select_related("patient", "practitioner")
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude)
    return overlapping.order_by("starts_at").first()


def _lock(practitioner_ids: Iterable[int]) -> None:
    # Always lock in id order so that two moves between the same practitioners cannot deadlock.
    list(
        User.objects.select_for_update().filter(pk__in=sorted(set(practitioner_ids))).order_by("pk")
    )


def _check(
    clinic_id: int, practitioner: User, patient: Patient, start: dt.datetime, minutes: int
) -> None:
    if practitioner.clinic_id != clinic_id or practitioner.role != Role.PRACTITIONER:
        raise NotBookable(_("Appointments can only be booked with a practitioner of this clinic."))
    if patient.clinic_id != clinic_id:
        raise NotBookable(_("This patient is not registered with this clinic."))
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise NotBookable(
            _("An appointment lasts between %(low)d and %(high)d minutes.")
            % {"low": MIN_MINUTES, "high": MAX_MINUTES}
        )
    if timezone.is_naive(start):
        raise NotBookable(_("The start time needs a time zone."))


def book(
    *,
    practitioner: User,
    patient: Patient,
    starts_at: dt.datetime,
    minutes: int,
    reason: str = "",
    by: Any,
    request: HttpRequest | None = None,
) -> Appointment:
    """Book ``patient`` with ``practitioner``. Raises DoubleBooking or NotBookable; audited."""
    clinic_id = by.clinic_id
    _check(clinic_id, practitioner, patient, starts_at, minutes)
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    with transaction.atomic():
        _lock([practitioner.pk])
        clash = _clash(practitioner.pk, starts_at, ends_at, exclude=None)
        if clash is not None:
            raise DoubleBooking(clash)
        appointment = Appointment.objects.create(
            clinic_id=clinic_id,
            practitioner=practitioner,
            patient=patient,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        record(
            request,
            Action.CREATE,
            appointment,
            patient=patient,
            summary=f"booked {_when(appointment)} with {practitioner}",
            actor=by,
        )
    return appointment


def move(
    appointment: Appointment,
    *,
    starts_at: dt.datetime,
    minutes: int,
    practitioner: User,
    by: Any,
    request: HttpRequest | None = None,
) -> Appointment:
    """Move a booked appointment to another time and/or practitioner. Raises ScheduleError; audited."""
    if appointment.status != AppointmentStatus.BOOKED:
        raise NotBookable(
            _("Only a booked appointment can be moved; this one is %(status)s.")
            % {"status": appointment.get_status_display().lower()}
        )
    _check(appointment.clinic_id, practitioner, appointment.patient, starts_at, minutes)
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    before = _when(appointment)
    with transaction.atomic():
        _lock([practitioner.pk, appointment.practitioner_id])
        clash = _clash(practitioner.pk, starts_at, ends_at, exclude=appointment.pk)
        if clash is not None:
            raise DoubleBooking(clash)
        appointment.starts_at, appointment.ends_at = starts_at, ends_at
        appointment.practitioner = practitioner
        appointment.save(update_fields=["starts_at", "ends_at", "practitioner"])
        record(
            request,
            Action.UPDATE,
            appointment,
            patient=appointment.patient,
            summary=f"moved from {before} to {_when(appointment)} with {practitioner}",
            actor=by,
        )
    return appointment


def cancel(appointment: Appointment, *, by: Any, request: HttpRequest | None = None) -> Appointment:
    """Cancel a booked appointment; its slot is free again. Audited."""
    if appointment.status != AppointmentStatus.BOOKED:
        raise NotBookable(
            _("Only a booked appointment can be cancelled; this one is %(status)s.")
            % {"status": appointment.get_status_display().lower()}
        )
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save(update_fields=["status"])
    record(
        request,
        Action.UPDATE,
        appointment,
        patient=appointment.patient,
        summary=f"cancelled {_when(appointment)}",
        actor=by,
    )
    return appointment


def mark_attended(appointment: Appointment) -> None:
    """The visit took place (a session note was started for it)."""
    if appointment.status == AppointmentStatus.BOOKED:
        appointment.status = AppointmentStatus.ATTENDED
        appointment.save(update_fields=["status"])


def _when(appointment: Appointment) -> str:
    return timezone.localtime(appointment.starts_at).strftime("%Y-%m-%d %H:%M")


# --- reading ---------------------------------------------------------------------------------------


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def appointments_between(
    clinic_id: int, start: dt.date, days: int, practitioner_id: int | None = None
) -> QuerySet[Appointment]:
    """Appointments of the clinic from local midnight of ``start`` for ``days`` days, in time order."""
    begin = local_midnight(start)
    end = local_midnight(start + dt.timedelta(days=days))
    return appointments_from(clinic_id, begin, end, practitioner_id)


def appointments_from(
    clinic_id: int, begin: dt.datetime, end: dt.datetime, practitioner_id: int | None = None
) -> QuerySet[Appointment]:
    """Appointments of the clinic starting from ``begin`` up to ``end``, in time order."""
    found = Appointment.objects.filter(clinic_id=clinic_id, starts_at__gte=begin, starts_at__lt=end)
    if practitioner_id is not None:
        found = found.filter(practitioner_id=practitioner_id)
    return found.select_related("patient", "practitioner").order_by("starts_at", "pk")


@dataclass(frozen=True)
class Slot:
    """An appointment placed on a day column: top and height as percentages of the visible hours."""

    appointment: Appointment
    top: float
    height: float


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    day: dt.date
    practitioner: User | None
    slots: tuple[Slot, ...]


DAY_START_HOUR, DAY_END_HOUR = 7, 20


def visible_hours(appointments: Iterable[Appointment]) -> tuple[int, int]:
    """The hours the grid shows: the working day, stretched to fit any appointment outside it."""
    first, last = DAY_START_HOUR, DAY_END_HOUR
    for a in appointments:
        start, end = timezone.localtime(a.starts_at), timezone.localtime(a.ends_at)
        first = min(first, start.hour)
        last = max(last, end.hour + (1 if end.minute else 0) if end.date() == start.date() else 24)
    return first, last


def place(appointments: Iterable[Appointment], hours: tuple[int, int]) -> tuple[Slot, ...]:
    first, last = hours
    span = (last - first) * 60
    slots = []
    for a in appointments:
        start = timezone.localtime(a.starts_at)
        minutes = (start.hour - first) * 60 + start.minute
        length = (a.ends_at - a.starts_at).total_seconds() / 60
        top = max(0.0, minutes / span * 100)
        slots.append(Slot(a, round(top, 3), round(min(length / span * 100, 100 - top), 3)))
    return tuple(slots)
