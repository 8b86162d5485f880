"""The portal's rules: invitations that open an account once, consents given and withdrawn, the home page.

Invitation links carry a random secret signed with a timestamp; only its SHA-256 hash is stored, so a
copy of the database cannot be turned back into working links. A link works once, within
``INVITATION_DAYS``, and only while the patient has no account.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from acuback.web.accounts.models import Role, User
from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.intake.models import IntakeForm
from acuback.web.patients.models import Patient
from acuback.web.portal import consent_texts
from acuback.web.portal.models import Consent, Invitation, Technique
from acuback.web.schedule.models import Appointment, AppointmentStatus

INVITATION_DAYS = 7
_SALT = "acuback.portal.invitation"


class InvitationRefused(Exception):
    """An invitation link that cannot be used. ``reason``: invalid, expired, used or has_account."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class ConsentError(Exception):
    """A consent that cannot be given (one is already active for the technique)."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_invitation(
    patient: Patient,
    *,
    by: Any,
    request: HttpRequest | None = None,
    email: bool = False,
    link_for: Any = None,
) -> tuple[Invitation, str]:
    """Make an invitation for ``patient`` and return it with its token (for the link; shown once).

    Earlier invitations still open for the patient are revoked, so only the newest link works.
    ``link_for(token)`` builds the absolute link when ``email`` asks for it to be sent to the
    patient's address.
    """
    secret = secrets.token_urlsafe(32)
    token = signing.TimestampSigner(salt=_SALT).sign(secret)
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(patient=patient, used_at=None, revoked_at=None).update(
            revoked_at=now
        )
        invitation = Invitation.objects.create(
            clinic_id=patient.clinic_id,
            patient=patient,
            token_hash=_hash(secret),
            created_by=by,
            expires_at=now + dt.timedelta(days=INVITATION_DAYS),
            sent_to=patient.email if email and patient.email else "",
        )
        record(
            request, Action.CREATE, invitation, patient=patient, summary="portal invitation made"
        )
    if invitation.sent_to and link_for is not None:
        send_mail(
            _("Your invitation to %(clinic)s's patient portal") % {"clinic": patient.clinic},
            _(
                "Hello %(name)s,\n\n%(clinic)s invites you to its patient portal, where you can fill "
                "in your questionnaire before your first visit.\n\nOpen this link to choose a user "
                "name and a password (it works once, for %(days)s days):\n%(link)s\n"
            )
            % {
                "name": patient.given_name,
                "clinic": patient.clinic,
                "days": INVITATION_DAYS,
                "link": link_for(token),
            },
            settings.DEFAULT_FROM_EMAIL,
            [invitation.sent_to],
        )
    return invitation, token


def read_invitation(token: str) -> Invitation:
    """The invitation a link's token stands for, if it can still be used.

    Raises :class:`InvitationRefused` with the reason: ``invalid`` (tampered or unknown), ``expired``,
    ``used`` (or replaced by a newer one) or ``has_account``.
    """
    try:
        secret = signing.TimestampSigner(salt=_SALT).unsign(
            token, max_age=dt.timedelta(days=INVITATION_DAYS)
        )
    except signing.SignatureExpired as exc:
        raise InvitationRefused("expired") from exc
    except signing.BadSignature as exc:
        raise InvitationRefused("invalid") from exc
    invitation = (
        Invitation.objects.select_related("patient__clinic")
        .filter(token_hash=_hash(secret))
        .first()
    )
    if invitation is None:
        raise InvitationRefused("invalid")
    if invitation.used_at is not None or invitation.revoked_at is not None:
        raise InvitationRefused("used")
    if invitation.expires_at <= timezone.now():
        raise InvitationRefused("expired")
    if invitation.patient.user_id is not None:
        raise InvitationRefused("has_account")
    return invitation


def accept_invitation(
    invitation: Invitation, *, username: str, password: str, request: HttpRequest | None = None
) -> User:
    """Open the patient's account and use up the invitation, in one transaction.

    Claiming the invitation is a single conditional update, so two people opening the same link at
    once cannot both succeed. Raises :class:`InvitationRefused` when the link was used meanwhile or
    the patient already has an account.
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk, used_at=None, revoked_at=None, expires_at__gt=now
        ).update(used_at=now)
        if claimed != 1:
            raise InvitationRefused("used")
        patient = Patient.objects.select_for_update().get(pk=invitation.patient_id)
        if patient.user_id is not None:
            raise InvitationRefused("has_account")
        user = User(
            username=username,
            clinic_id=patient.clinic_id,
            role=Role.PATIENT,
            first_name=patient.given_name,
            last_name=patient.family_name,
            email=patient.email,
        )
        user.set_password(password)
        user.save()
        patient.user = user
        patient.save(update_fields=["user"])
        Invitation.objects.filter(pk=invitation.pk).update(used_by=user)
        record(
            request,
            Action.UPDATE,
            patient,
            patient=patient,
            actor=user,
            summary="portal account opened from an invitation",
        )
    return user


def give_consent(
    patient: Patient,
    technique: str,
    *,
    signed_name: str,
    by: Any,
    request: HttpRequest | None = None,
) -> Consent:
    """Record the patient's consent to ``technique`` with the text they read.

    Raises :class:`ConsentError` when a consent to that technique is already in force.
    """
    text = consent_texts.TEXTS[Technique(technique)]
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                patient=patient,
                technique=technique,
                text_version=consent_texts.VERSION,
                text_shown=text.as_text(),
                signed_name=signed_name,
                signed_on=timezone.localdate(),
                given_by=by,
            )
            record(
                request,
                Action.SIGN,
                consent,
                patient=patient,
                summary=f"consent to {technique} given (text {consent_texts.VERSION})",
            )
    except IntegrityError as exc:
        raise ConsentError(_("You have already given this consent.")) from exc
    return consent


def withdraw_consent(consent: Consent, *, by: Any, request: HttpRequest | None = None) -> None:
    """Withdraw a consent: the time and the person are recorded, the consent itself is kept."""
    with transaction.atomic():
        changed = Consent.objects.filter(pk=consent.pk, withdrawn_at=None).update(
            withdrawn_at=timezone.now(), withdrawn_by=by
        )
        if changed:
            record(
                request,
                Action.UPDATE,
                consent,
                patient=consent.patient,
                summary=f"consent to {consent.technique} withdrawn",
            )
    consent.refresh_from_db(fields=["withdrawn_at", "withdrawn_by"])


@dataclass(frozen=True)
class ConsentStatus:
    technique: str
    label: str
    active: Consent | None


def consent_statuses(patient: Patient) -> list[ConsentStatus]:
    """Each technique with the consent in force for it, if any (one query)."""
    active = {c.technique: c for c in patient.consents.filter(withdrawn_at=None)}
    return [ConsentStatus(t.value, str(t.label), active.get(t.value)) for t in Technique]


def latest_intake(patient: Patient) -> IntakeForm | None:
    """The patient's newest questionnaire, with its newest assessment prefetched."""
    return patient.intakes.prefetch_related("assessments").first()


def next_appointment(patient: Patient) -> Appointment | None:
    return (
        Appointment.objects.filter(
            patient=patient, status=AppointmentStatus.BOOKED, starts_at__gte=timezone.now()
        )
        .select_related("practitioner")
        .order_by("starts_at")
        .first()
    )
