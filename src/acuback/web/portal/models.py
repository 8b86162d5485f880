"""The portal's own records: invitations to open an account, and consents to acupuncture techniques."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    """A single-use, expiring link that lets a patient open a portal account.

    Only a SHA-256 hash of the link's secret is stored: the link itself is shown once to the staff
    member who made it (and emailed to the patient if asked), and cannot be read back from here.
    """

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    sent_to = models.EmailField(_("emailed to"), blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        indexes = (models.Index(fields=["patient", "-created_at"]),)

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class Technique(models.TextChoices):
    NEEDLING = "needling", _("Acupuncture needling")
    ELECTRO = "electro", _("Electro-acupuncture")
    MOXIBUSTION = "moxibustion", _("Moxibustion")
    CUPPING = "cupping", _("Cupping")


class Consent(models.Model):
    """A patient's consent to one technique, signed with their typed name. Withdrawing it records
    when and by whom; the consent itself is kept, never deleted."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="consents"
    )
    technique = models.CharField(max_length=20, choices=Technique.choices)
    text_version = models.CharField(max_length=20)
    text_shown = models.TextField()
    signed_name = models.CharField(_("typed name"), max_length=200)
    signed_on = models.DateField()
    given_at = models.DateTimeField(auto_now_add=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-given_at",)
        indexes = (models.Index(fields=["patient", "technique"]),)
        constraints = (
            models.UniqueConstraint(
                fields=["patient", "technique"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_technique",
            ),
        )

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
