"""Who may manage outcome settings, as django-rules predicates (autodiscovered)."""

from __future__ import annotations

import rules

from acuback.web.patients.rules import is_clinic_admin

# Pasting licensed questionnaire wording is the clinic admin's job: it is the clinic's licence.
rules.add_perm("outcomes.manage_texts", is_clinic_admin)  # type: ignore[attr-defined,no-untyped-call]
