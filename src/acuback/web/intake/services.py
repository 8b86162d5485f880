"""Where questionnaires meet the core: save a step, check the answers, submit, assess, alert the clinic.

Views call these functions and nothing else touches ``IntakeForm.answers``. The answers are validated
by the core's own model (``parse_intake``), so a draft never holds something the engine would refuse,
and the assessment is the core's ``assess`` stored whole, with the knowledge version it used.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from acuback.core.assess import assess
from acuback.core.errors import FieldProblem, InvalidIntake
from acuback.core.intake import parse_intake
from acuback.knowledge import load_atlas
from acuback.web.accounts.models import CLINICAL_ROLES, User
from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.intake.models import (
    Assessment,
    ClinicAlert,
    IntakeForm,
    IntakeStatus,
    TriageLevel,
)
from acuback.web.intake.steps import STEPS, Step, step_for_field
from acuback.web.patients.models import Patient

log = logging.getLogger(__name__)

# Stands in for the age while a draft is checked step by step: the core requires an age, and the
# first step (which asks it) may not have been answered yet. Never stored.
_PROBE_AGE = 0


class IntakeClosed(Exception):
    """The questionnaire was submitted; its answers can no longer change."""


def start_intake(patient: Patient, *, user: Any, request: HttpRequest | None = None) -> IntakeForm:
    """The patient's questionnaire in progress, or a new one. Returns the draft."""
    draft = patient.intakes.filter(status=IntakeStatus.DRAFT).first()
    if draft is not None:
        return draft
    draft = IntakeForm.objects.create(patient=patient, entered_by=user, current_step=STEPS[0].slug)
    record(request, Action.CREATE, draft, patient=patient, summary="questionnaire started")
    return draft


def problems_by_step(answers: Mapping[str, Any]) -> dict[str, list[FieldProblem]]:
    """What the core refuses in these answers, by the slug of the step that asks each field."""
    try:
        parse_intake(answers)
    except InvalidIntake as exc:
        grouped: dict[str, list[FieldProblem]] = {}
        for problem in exc.problems:
            grouped.setdefault(step_for_field(problem.field).slug, []).append(problem)
        return grouped
    return {}


def step_problems(answers: Mapping[str, Any], step: Step) -> list[FieldProblem]:
    """The core's objections to the fields this step asks (the age may still be missing)."""
    probe = {"age": _PROBE_AGE, **answers}
    return problems_by_step(probe).get(step.slug, [])


def save_step(
    intake_form: IntakeForm,
    step: Step,
    fragment: Mapping[str, Any],
    *,
    resume_at: Step | None = None,
    request: HttpRequest | None = None,
) -> list[FieldProblem]:
    """Replace the answers a step owns with ``fragment`` and save the draft.

    ``resume_at`` is the step the patient goes on to (and comes back to after leaving; default: this
    one). Returns the core's objections to the step's fields; when there are any nothing is saved.
    The answers of other steps are re-read under a row lock, so two open tabs cannot undo each
    other. Raises :class:`IntakeClosed` once the questionnaire is submitted.
    """
    with transaction.atomic():
        locked = IntakeForm.objects.select_for_update().get(pk=intake_form.pk)
        if locked.status != IntakeStatus.DRAFT:
            raise IntakeClosed()
        answers = {key: value for key, value in locked.answers.items() if key not in step.owns}
        answers.update(fragment)
        problems = step_problems(answers, step)
        if problems:
            return problems
        locked.answers = answers
        locked.current_step = (resume_at or step).slug
        locked.save(update_fields=["answers", "current_step", "updated_at"])
        record(
            request,
            Action.UPDATE,
            locked,
            patient=intake_form.patient,
            summary=f"questionnaire step '{step.slug}' saved",
        )
    intake_form.answers, intake_form.current_step = locked.answers, locked.current_step
    intake_form.updated_at = locked.updated_at
    return []


def submit_intake(
    intake_form: IntakeForm, *, as_of: dt.date, request: HttpRequest | None = None
) -> Assessment:
    """Validate the whole questionnaire, assess it with the core and store the assessment.

    Takes a draft and the assessment date. Returns the stored :class:`Assessment` (the existing one
    when the questionnaire was already submitted, so a double tap assesses once). An emergency triage
    also creates a :class:`ClinicAlert` and emails the clinic. Raises :class:`InvalidIntake` with
    every field at fault when the core refuses the answers; nothing is changed then.
    """
    with transaction.atomic():
        locked = IntakeForm.objects.select_for_update().get(pk=intake_form.pk)
        if locked.status == IntakeStatus.SUBMITTED:
            existing = locked.assessments.first()
            if existing is not None:
                return existing
        intake = parse_intake(locked.answers)
        result = assess(intake, load_atlas(), as_of=as_of)
        locked.status = IntakeStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        patient = intake_form.patient
        level = result.triage.level.value
        leading = result.pattern_summary.leading
        assessment = Assessment.objects.create(
            patient=patient,
            intake=locked,
            as_of=as_of,
            knowledge_version=result.knowledge_version,
            triage_level=level,
            duration_class=result.classification.duration.value,
            top_pattern=leading[0] if leading else "",
            protocol=(result.prescription.protocol or "") if result.prescription else "",
            result=result.model_dump(mode="json"),
        )
        record(request, Action.SIGN, locked, patient=patient, summary="questionnaire submitted")
        record(
            request,
            Action.CREATE,
            assessment,
            patient=patient,
            summary=f"assessment made: triage {level}",
        )
        alert = None
        if level == TriageLevel.EMERGENCY:
            alert = _raise_alert(assessment, patient, result.triage.flags[0].condition, request)
    intake_form.status, intake_form.submitted_at = locked.status, locked.submitted_at
    if alert is not None:
        notify_clinic(alert)
    return assessment


def _raise_alert(
    assessment: Assessment, patient: Patient, condition: str, request: HttpRequest | None
) -> ClinicAlert:
    alert = ClinicAlert.objects.create(
        clinic_id=patient.clinic_id,
        patient=patient,
        assessment=assessment,
        level=TriageLevel.EMERGENCY,
        message=(
            f"Emergency triage on the questionnaire of {patient}: suggests {condition.lower()}. "
            "The patient was advised to seek emergency care now; please contact them."
        )[:500],
    )
    record(request, Action.CREATE, alert, patient=patient, summary="emergency alert raised")
    return alert


def clinic_recipients(clinic_id: int) -> list[str]:
    """Where alerts go: the clinic's address, else its practitioners' and admins' addresses."""
    from acuback.web.clinics.models import Clinic

    clinic_email = Clinic.objects.filter(pk=clinic_id).values_list("email", flat=True).first()
    if clinic_email:
        return [clinic_email]
    return list(
        User.objects.filter(clinic_id=clinic_id, role__in=CLINICAL_ROLES, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def notify_clinic(alert: ClinicAlert) -> None:
    """Email the clinic about an alert. The email names the patient but holds no clinical detail.

    A failure to send is logged, never raised: the alert is already stored and shown in the app.
    """
    recipients = clinic_recipients(alert.clinic_id)
    if not recipients:
        log.warning("No address to send alert %s to for clinic %s", alert.pk, alert.clinic_id)
        return
    subject = _("Acuback: urgent attention needed for %(patient)s") % {"patient": alert.patient}
    body = _(
        "%(patient)s has just submitted a pre-visit questionnaire whose answers suggest an "
        "emergency. They have been advised on screen to seek emergency medical care now.\n\n"
        "Please contact them today. Sign in to Acuback to see the reasons (alert %(alert)s)."
    ) % {"patient": alert.patient, "alert": alert.pk}
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # an unreachable mail server must not undo what the patient submitted
        log.exception("Could not email alert %s", alert.pk)
