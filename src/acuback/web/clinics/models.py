"""A clinic: the boundary of every record. Clinics never see each other's data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def default_follow_up_weeks() -> list[int]:
    return [4, 12, 26]


class Clinic(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Weeks after an episode starts when patients are asked for follow-up outcomes.
    follow_up_weeks = models.JSONField(_("follow-up weeks"), default=default_follow_up_weeks)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
