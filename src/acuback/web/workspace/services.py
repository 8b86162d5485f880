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
from acuback.web.schedule.models import Appointment, AppointmentStatus
from acuback.web.schedule.services import appointments_between

# Alert levels, most serious first (what the triage can raise an alert for).


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


def today_appointments(
    user: Any, day: dt.date, *, mine: bool, clinical: bool
) -> QuerySet[Appointment]:
    """The clinic's appointments on ``day`` (only ``user``'s when ``mine``); with the latest triage level
    and the number of open alerts of each patient when ``clinical``."""
    found = appointments_between(user.clinic_id, day, 1, user.pk if mine else None)
    if clinical:
        found = found.annotate(
            triage_level=_latest_level("patient"), open_alerts=_open_alerts("patient")
        )
    return found


def open_alerts(user: Any) -> QuerySet[ClinicAlert]:
    """Unacknowledged alerts of the user's clinic, most serious first, then newest.

    Ordered in the database, so that a page of them never hides an older emergency behind newer
    routine alerts."""
    return (
        ClinicAlert.objects.filter(clinic_id=user.clinic_id, acknowledged_at__isnull=True)
        .select_related("patient")
        .order_by("severity", "-created_at", "-pk")  # read in this order from an index
    )


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
    episodes = list(
        Episode.objects.filter(patient=patient)
        .select_related("practitioner")
        .order_by("-started_on", "-pk")
    )
    by_episode: dict[int, list[Visit]] = {episode.pk: [] for episode in episodes}
    visits = (
        Visit.objects.filter(patient=patient)
        .select_related("practitioner", "note")
        .order_by("-happened_at", "-pk")
    )
    count = 0
    for visit in visits:
        by_episode.setdefault(visit.episode_id, []).append(visit)
        count += 1
    for episode in episodes:
        episode.visit_list = by_episode[episode.pk]  # type: ignore[attr-defined]
    return CareHistory(episodes, count)


def draft_notes(patient: Patient) -> list[SessionNote]:
    return list(
        SessionNote.objects.filter(patient=patient, status="draft").select_related(
            "practitioner", "visit"
        )
    )
