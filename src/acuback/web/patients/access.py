"""Fetch records for a user or refuse: 404 outside the user's clinic (no hint it exists), 403 inside it
when the role lacks the permission. Views call these instead of querying patients directly."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.patients.models import Patient
from acuback.web.prepared import Prepared

# Every page about a patient starts here: the query is compiled once for each set of related rows.
_BY_PK: dict[tuple[str, ...], Prepared[Patient]] = {}


def _by_pk(related: tuple[str, ...]) -> Prepared[Patient]:
    query = _BY_PK.get(related)
    if query is None:
        query = _BY_PK[related] = Prepared(
            lambda pk: Patient.objects.filter(pk=pk).select_related("clinic", *related)[:1]
        )
    return query


def patients_for(user: Any) -> QuerySet[Patient]:
    """The patients a staff member may list: those of their own clinic. Nobody else lists patients."""
    if not user.is_authenticated or not user.clinic_id or user.role == "patient":
        return Patient.objects.none()
    return Patient.objects.filter(clinic_id=user.clinic_id)


def get_patient(
    user: Any, pk: int, perm: str, request: Any = None, *, related: tuple[str, ...] = ()
) -> Patient:
    """The patient ``pk`` if ``user`` has ``perm`` on them (with the ``related`` rows the page shows
    read in the same query).

    Raises Http404 when the patient does not exist or belongs to another clinic, and PermissionDenied
    (403) when the user's role in the same clinic lacks ``perm``; a refusal is written to the audit trail.
    """
    patient = _by_pk(related).first(pk=pk)
    own_portal = patient is not None and patient.user_id == user.id
    if patient is None or (patient.clinic_id != user.clinic_id and not own_portal):
        raise Http404("No such patient.")
    if getattr(user, "role", None) == "patient" and not own_portal:
        # A patient learns nothing about other people's records, not even that they exist.
        raise Http404("No such patient.")
    if not user.has_perm(perm, patient):
        record(request, Action.DENIED, patient, summary=f"lacks {perm}", actor=user)
        raise PermissionDenied(f"Your role may not use {perm}.")
    return patient
