"""Episodes of care and the visits within them. Session notes (STRICTA) hang off a visit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Episode(models.Model):
    """One course of care for one complaint, from the first visit to discharge."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="episodes"
    )
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="episodes")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="episodes"
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    complaint = models.CharField(_("complaint"), max_length=200, blank=True)
    # Copied from the assessment when the episode starts, so clinic reports can group without JSON.
    region = models.CharField(max_length=20, blank=True)
    duration_class = models.CharField(max_length=20, blank=True)
    pattern = models.CharField(max_length=40, blank=True)
    protocol = models.CharField(max_length=60, blank=True)
    assessment = models.ForeignKey(
        "intake.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="episodes",
    )

    class Meta:
        ordering = ["-started_on"]
        indexes = [
            models.Index(fields=["clinic", "started_on"]),
            models.Index(fields=["patient", "-started_on"]),
        ]


class Visit(models.Model):
    """A treatment session that took place."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="visits")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="visits")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits"
    )
    appointment = models.OneToOneField(
        "schedule.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit",
    )
    happened_at = models.DateTimeField()
    number = models.PositiveIntegerField(help_text="1 for the first visit of the episode")

    class Meta:
        ordering = ["happened_at"]
        indexes = [
            models.Index(fields=["episode", "happened_at"]),
            models.Index(fields=["patient", "happened_at"]),
        ]
