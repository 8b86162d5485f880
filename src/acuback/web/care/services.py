"""Episodes of care and visits: a visit is recorded when a session note is started, and it opens an
episode when the patient has none open."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.care.models import Episode, Visit
from acuback.web.intake.models import Assessment
from acuback.web.patients.models import Patient
from acuback.web.schedule.models import Appointment


def open_episode(patient: Patient) -> Episode | None:
    """The patient's open episode (not ended), the latest if several."""
    return patient.episodes.filter(ended_on__isnull=True).order_by("-started_on", "-pk").first()


def start_episode(
    patient: Patient, practitioner: Any, *, on: dt.date, request: HttpRequest | None = None
) -> Episode:
    """Open a new episode, copying the latest assessment's summary for reports. Audited."""
    assessment = Assessment.objects.filter(patient=patient).order_by("-created_at", "-pk").first()
    episode = Episode.objects.create(
        patient=patient,
        clinic_id=patient.clinic_id,
        practitioner=practitioner,
        started_on=on,
        assessment=assessment,
        region=_main_region(assessment),
        duration_class=assessment.duration_class if assessment else "",
        pattern=assessment.top_pattern if assessment else "",
        protocol=assessment.protocol if assessment else "",
    )
    record(
        request,
        Action.CREATE,
        episode,
        patient=patient,
        summary="episode started",
        actor=practitioner,
    )
    return episode


def _main_region(assessment: Assessment | None) -> str:
    if assessment is None:
        return ""
    regions = (assessment.result.get("classification") or {}).get("regions") or []
    first = regions[0] if regions else ""
    return str(first.get("region", "") if isinstance(first, dict) else first)[:20]


@transaction.atomic
def record_visit(
    patient: Patient,
    practitioner: Any,
    *,
    at: dt.datetime | None = None,
    appointment: Appointment | None = None,
    request: HttpRequest | None = None,
) -> Visit:
    """Record that a session took place, in the open episode (started now if there is none). Audited."""
    when = at or timezone.now()
    episode = open_episode(patient) or start_episode(
        patient, practitioner, on=timezone.localtime(when).date(), request=request
    )
    # Lock the episode row so two notes started at once cannot take the same visit number.
    Episode.objects.select_for_update().filter(pk=episode.pk).first()
    number = (episode.visits.aggregate(n=Max("number"))["n"] or 0) + 1
    visit = Visit.objects.create(
        episode=episode,
        patient=patient,
        practitioner=practitioner,
        appointment=appointment,
        happened_at=when,
        number=number,
    )
    record(
        request,
        Action.CREATE,
        visit,
        patient=patient,
        summary=f"visit {number}",
        actor=practitioner,
    )
    return visit


def end_episode(
    episode: Episode, *, on: dt.date, by: Any, request: HttpRequest | None = None
) -> Episode:
    """Discharge: the episode ends; the next note starts a new one. Audited."""
    episode.ended_on = on
    episode.save(update_fields=["ended_on"])
    record(
        request, Action.UPDATE, episode, patient=episode.patient, summary="episode ended", actor=by
    )
    return episode
