"""Find patients of the user's own clinic by name (every word must match a given or family name)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from acuback.web.patients.access import patients_for
from acuback.web.patients.models import Patient

MAX_WORDS = 4


def matching(user: Any, query: str) -> QuerySet[Patient]:
    """Patients of ``user``'s clinic whose names contain every word of ``query``; all of them if empty."""
    found = patients_for(user)
    for word in query.split()[:MAX_WORDS]:
        found = found.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    return found.order_by("family_name", "given_name", "pk")


def search_patients(user: Any, query: str, *, limit: int) -> list[Patient]:
    return list(matching(user, query)[:limit])
