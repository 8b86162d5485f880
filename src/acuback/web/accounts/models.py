"""People who sign in, each with one role in one clinic."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PATIENT = "patient", _("Patient")
    PRACTITIONER = "practitioner", _("Practitioner")
    FRONT_DESK = "front_desk", _("Front desk")
    CLINIC_ADMIN = "clinic_admin", _("Clinic admin")


CLINICAL_ROLES = frozenset({Role.PRACTITIONER, Role.CLINIC_ADMIN})
STAFF_ROLES = frozenset({Role.PRACTITIONER, Role.FRONT_DESK, Role.CLINIC_ADMIN})


class User(AbstractUser):
    clinic = models.ForeignKey(
        "clinics.Clinic", on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PATIENT)
    display_name = models.CharField(_("name shown to others"), max_length=150, blank=True)

    @property
    def is_clinical(self) -> bool:
        """May read clinical notes (practitioners and clinic admins of a clinic)."""
        return self.clinic_id is not None and self.role in CLINICAL_ROLES

    @property
    def is_staff_member(self) -> bool:
        return self.clinic_id is not None and self.role in STAFF_ROLES

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username
