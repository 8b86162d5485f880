"""The scheduled job: ask for follow-up questionnaires when an episode reaches its follow-up weeks,
and for a short pre-visit questionnaire before each booked appointment of an open episode.

Run by the clinic's scheduler (cron, a systemd timer) as ``acuback outcomes send-followups`` or
``manage.py acuback_send_followups``. Safe to run twice, even at the same time: the database holds
one request per episode and week (a unique constraint), and each email is claimed with a
conditional UPDATE before it is sent, so a second run finds nothing left to do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from acuback.web.audit.services import record
from acuback.web.care.models import Episode
from acuback.web.clinics.models import Clinic
from acuback.web.outcomes.links import DEFAULT_VALID_DAYS, issue_link
from acuback.web.outcomes.models import OutcomeRequest, TimepointKind

# An episode that passed a follow-up week long ago (say, before the job was first run) is not asked
# any more: answers about "the last 7 days" months late would mislead.
LATE_LIMIT = dt.timedelta(weeks=4)
# Pre-visit questionnaires go out for appointments in the next two days; the link lasts until then.
PRE_VISIT_AHEAD = dt.timedelta(hours=48)
PRE_VISIT_LINK_DAYS = 3


@dataclass
class FollowUpReport:
    created: int = 0
    emailed: int = 0
    without_email: int = 0
    failed: list[str] = field(default_factory=list)


def create_due_requests(today: dt.date, clinic: Clinic) -> int:
    """Create the follow-up requests that have come due in ``clinic``; returns how many are new."""
    created = 0
    for week in sorted({int(w) for w in clinic.follow_up_weeks or []}):
        due_start = today - dt.timedelta(weeks=week)
        existing = OutcomeRequest.objects.filter(
            episode=OuterRef("pk"), kind=TimepointKind.FOLLOW_UP, week=week
        )
        episodes = (
            Episode.objects.filter(
                clinic=clinic, started_on__lte=due_start, started_on__gt=due_start - LATE_LIMIT
            )
            .exclude(Exists(existing))
            .values_list("pk", "patient_id", "started_on")
        )
        rows = [
            OutcomeRequest(
                clinic=clinic,
                patient_id=patient_id,
                episode_id=episode_id,
                kind=TimepointKind.FOLLOW_UP,
                week=week,
                due_on=started + dt.timedelta(weeks=week),
            )
            for episode_id, patient_id, started in episodes
        ]
        # ignore_conflicts: a concurrent run may have created the same request a moment ago.
        before = OutcomeRequest.objects.filter(
            clinic=clinic, kind=TimepointKind.FOLLOW_UP, week=week
        ).count()
        OutcomeRequest.objects.bulk_create(rows, ignore_conflicts=True)
        created += (
            OutcomeRequest.objects.filter(
                clinic=clinic, kind=TimepointKind.FOLLOW_UP, week=week
            ).count()
            - before
        )
    return created


def create_pre_visit_requests(now: dt.datetime) -> int:
    """One pre-visit request per booked appointment in the next two days whose patient has an open
    episode in that clinic. Returns how many are new."""
    from acuback.web.schedule.models import Appointment, AppointmentStatus

    asked = OutcomeRequest.objects.filter(appointment=OuterRef("pk"), kind=TimepointKind.PRE_VISIT)
    appointments = (
        Appointment.objects.filter(
            status=AppointmentStatus.BOOKED, starts_at__gt=now, starts_at__lte=now + PRE_VISIT_AHEAD
        )
        .exclude(Exists(asked))
        .values_list("pk", "clinic_id", "patient_id", "starts_at")
    )
    rows = []
    for appointment_id, clinic_id, patient_id, starts_at in appointments:
        episode = (
            Episode.objects.filter(
                clinic_id=clinic_id, patient_id=patient_id, ended_on__isnull=True
            )
            .order_by("-started_on")
            .values_list("pk", flat=True)
            .first()
        )
        if episode is None:
            continue
        rows.append(
            OutcomeRequest(
                clinic_id=clinic_id,
                patient_id=patient_id,
                episode_id=episode,
                kind=TimepointKind.PRE_VISIT,
                appointment_id=appointment_id,
                due_on=timezone.localdate(starts_at),
            )
        )
    before = OutcomeRequest.objects.filter(kind=TimepointKind.PRE_VISIT).count()
    OutcomeRequest.objects.bulk_create(rows, ignore_conflicts=True)
    return OutcomeRequest.objects.filter(kind=TimepointKind.PRE_VISIT).count() - before


def link_url(token: str, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("outcomes:link", args=[token])


def send_request_email(
    req: OutcomeRequest,
    base_url: str,
    *,
    days: int = DEFAULT_VALID_DAYS,
    now: dt.datetime | None = None,
) -> bool:
    """Email a fresh one-time link for ``req``. Returns False when the patient has no email."""
    email = req.patient.email
    if not email:
        return False
    token = issue_link(req, days=days, now=now)
    context = {
        "req": req,
        "patient": req.patient,
        "clinic": req.clinic,
        "url": link_url(token, base_url),
        "days": days,
    }
    send_mail(
        subject=render_to_string("outcomes/email_subject.txt", context).strip(),
        message=render_to_string("outcomes/email_body.txt", context),
        from_email=req.clinic.email or settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
    return True


def send_followups(
    *, now: dt.datetime | None = None, base_url: str = "http://localhost:8000"
) -> FollowUpReport:
    """Create due follow-up requests in every clinic, then email each unsent one once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = FollowUpReport()
    for clinic in Clinic.objects.all():
        report.created += create_due_requests(today, clinic)
    report.created += create_pre_visit_requests(now)
    pending = (
        OutcomeRequest.objects.filter(
            sent_at__isnull=True, used_at__isnull=True, due_on__gte=today - LATE_LIMIT
        )
        .filter(
            Q(kind=TimepointKind.FOLLOW_UP)
            | Q(kind=TimepointKind.PRE_VISIT, appointment__isnull=False)
        )
        .select_related("patient", "clinic", "episode")
    )
    for req in pending.iterator(chunk_size=200):
        # Claim it: only one run gets rowcount 1 for this request.
        claimed = OutcomeRequest.objects.filter(pk=req.pk, sent_at__isnull=True).update(sent_at=now)
        if not claimed:
            continue
        days = PRE_VISIT_LINK_DAYS if req.kind == TimepointKind.PRE_VISIT else DEFAULT_VALID_DAYS
        try:
            sent = send_request_email(req, base_url, days=days, now=now)
        except Exception as exc:  # the mail server said no: release the claim and try next run
            OutcomeRequest.objects.filter(pk=req.pk).update(sent_at=None)
            report.failed.append(f"request {req.pk}: {exc}")
            continue
        if sent:
            report.emailed += 1
            record(
                None,
                "create",
                req,
                patient=req.patient,
                summary=f"link emailed: {req.timepoint_label}",
                via="cli",
            )
        else:
            report.without_email += 1
    return report
