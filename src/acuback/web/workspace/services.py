"""What the workspace pages read: today's appointments with each patient's latest triage level and open
alerts, the patient list, and a patient's chart. Every query is bounded: annotations and prefetches, so
the number of queries does not grow with patients, appointments or visits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from acuback.web.care.models import Episode, Visit
from acuback.web.charting.models import SessionNote
from acuback.web.intake.models import Assessment, ClinicAlert
from acuback.web.patients.models import Patient
from acuback.web.prepared import Prepared
from acuback.web.schedule.models import Appointment, AppointmentStatus
from acuback.web.schedule.services import appointments_from, local_midnight

# Open alerts shown on today's list; the rest are one click away on the alerts page.
FIRST_ALERTS = 10


def _latest_level(patient_ref: str) -> Subquery:
    return Subquery(
        Assessment.objects.filter(patient=OuterRef(patient_ref))
        .order_by("-created_at", "-pk")
        .values("triage_level")[:1]
    )


def _open_alerts(patient_ref: str) -> Coalesce:
    counted = (
        ClinicAlert.objects.filter(patient=OuterRef(patient_ref), acknowledged_at__isnull=True)
        .order_by()
        .values("patient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _appointments(
    clinic_id: int, begin: dt.datetime, end: dt.datetime, practitioner_id: int, *, clinical: bool
) -> QuerySet[Appointment]:
    """Appointments of the clinic from ``begin`` to ``end`` (only ``practitioner_id``'s unless it is 0),
    with each patient's latest triage level and number of open alerts when ``clinical``."""
    found = appointments_from(clinic_id, begin, end, practitioner_id or None)
    if clinical:
        found = found.annotate(
            triage_level=_latest_level("patient"), open_alerts=_open_alerts("patient")
        )
    return found


def _day_query(*, mine: bool, clinical: bool) -> Prepared[Appointment]:
    def practitioner_s(
        clinic_id: int, begin: dt.datetime, end: dt.datetime, practitioner_id: int
    ) -> QuerySet[Appointment]:
        return _appointments(clinic_id, begin, end, practitioner_id, clinical=clinical)

    def whole_clinic_s(
        clinic_id: int, begin: dt.datetime, end: dt.datetime
    ) -> QuerySet[Appointment]:
        return _appointments(clinic_id, begin, end, 0, clinical=clinical)

    if mine:
        return Prepared(practitioner_s, begin=dt.datetime, end=dt.datetime)
    return Prepared(whole_clinic_s, begin=dt.datetime, end=dt.datetime)


# Today's list runs on every visit to the workspace: its four shapes are compiled once.
_DAY_QUERIES = {
    (mine, clinical): _day_query(mine=mine, clinical=clinical)
    for mine in (False, True)
    for clinical in (False, True)
}


def today_appointments(user: Any, day: dt.date, *, mine: bool, clinical: bool) -> list[Appointment]:
    """The clinic's appointments on ``day`` (only ``user``'s when ``mine``); with the latest triage level
    and the number of open alerts of each patient when ``clinical``."""
    begin, end = local_midnight(day), local_midnight(day + dt.timedelta(days=1))
    query = _DAY_QUERIES[mine, clinical]
    if mine:
        return query.all(clinic_id=user.clinic_id, begin=begin, end=end, practitioner_id=user.pk)
    return query.all(clinic_id=user.clinic_id, begin=begin, end=end)


def open_alerts(user: Any) -> QuerySet[ClinicAlert]:
    """Unacknowledged alerts of the user's clinic, most serious first, then newest.

    Ordered in the database, so that a page of them never hides an older emergency behind newer
    routine alerts."""
    return _open_alerts_of(user.clinic_id)


def _open_alerts_of(clinic_id: int) -> QuerySet[ClinicAlert]:
    return (
        ClinicAlert.objects.filter(clinic_id=clinic_id, acknowledged_at__isnull=True)
        .select_related("patient")
        .order_by("severity", "-created_at", "-pk")  # read in this order from an index
    )


_FIRST_ALERTS = Prepared(lambda clinic_id: _open_alerts_of(clinic_id)[:FIRST_ALERTS])
_OPEN_ALERT_COUNT = Prepared(
    lambda clinic_id: (
        _open_alerts_of(clinic_id)
        .order_by()
        .values("clinic_id")
        .annotate(n=Count("pk"))
        .values_list("n")
    )
)


def first_open_alerts(user: Any) -> tuple[list[ClinicAlert], int]:
    """The ``FIRST_ALERTS`` most serious open alerts of the user's clinic, and how many are open."""
    alerts = _FIRST_ALERTS.all(clinic_id=user.clinic_id)
    counted = _OPEN_ALERT_COUNT.rows(clinic_id=user.clinic_id)
    return alerts, (counted[0][0] if counted else 0)


def patient_rows(found: QuerySet[Patient], *, clinical: bool) -> QuerySet[Patient]:
    """Annotate a patient list with the next appointment (and, for clinicians, triage and alerts)."""
    upcoming = Appointment.objects.filter(
        patient=OuterRef("pk"), status=AppointmentStatus.BOOKED, starts_at__gte=timezone.now()
    ).order_by("starts_at")
    found = found.select_related("primary_practitioner").annotate(
        next_visit=Subquery(upcoming.values("starts_at")[:1])
    )
    if clinical:
        found = found.annotate(triage_level=_latest_level("pk"), open_alerts=_open_alerts("pk"))
    return found


@dataclass(frozen=True)
class CareHistory:
    episodes: list[Episode]  # each with ``visit_list``: its visits, newest first
    visit_count: int


def care_history(patient: Patient) -> CareHistory:
    """Episodes, newest first, each with its visits, their practitioner and note (two queries).

    The visits are read in one query by patient and handed to their episodes here: a prefetch did
    the same in Django's generic machinery at about twice the cost, on every chart view."""
    episodes = _EPISODES.all(patient_id=patient.pk)
    by_episode: dict[int, list[Visit]] = {episode.pk: [] for episode in episodes}
    count = 0
    for visit in _VISITS.iterate(patient_id=patient.pk):
        by_episode.setdefault(visit.episode_id, []).append(visit)
        count += 1
    for episode in episodes:
        episode.visit_list = by_episode[episode.pk]  # type: ignore[attr-defined]
    return CareHistory(episodes, count)


def draft_notes(patient: Patient) -> list[SessionNote]:
    return _DRAFTS.all(patient_id=patient.pk)


# The chart's reads, compiled once (see acuback.web.prepared).
_EPISODES = Prepared(
    lambda patient_id: (
        Episode.objects.filter(patient_id=patient_id)
        .select_related("practitioner")
        .order_by("-started_on", "-pk")
    )
)
_VISITS = Prepared(
    lambda patient_id: (
        Visit.objects.filter(patient_id=patient_id)
        .select_related("practitioner", "note")
        .order_by("-happened_at", "-pk")
    )
)
_DRAFTS = Prepared(
    lambda patient_id: SessionNote.objects.filter(
        patient_id=patient_id, status="draft"
    ).select_related("practitioner", "visit")  # in the model's order, as before
)
