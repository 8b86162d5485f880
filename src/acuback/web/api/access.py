"""The API's way to records: the web's access helpers (patients/access.py), plus what a list may hold.

A staff member lists their own clinic; a patient (portal user) reaches only their own record. Nothing
of another clinic is ever listed, and a record of another clinic is "not found".
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from acuback.web.accounts.models import Role
from acuback.web.api.audit_trail import audit
from acuback.web.audit.models import Action
from acuback.web.patients.access import get_patient, patients_for
from acuback.web.patients.models import Patient


def caller(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def visible_patients(user: Any) -> QuerySet[Patient]:
    """Patients whose demographics ``user`` may list: their clinic's if staff, themself if a patient."""
    if user.is_authenticated and user.role == Role.PATIENT:
        return Patient.objects.filter(user_id=user.id)
    return patients_for(user)


def fetch_patient(request: HttpRequest, pk: int, perm: str) -> Patient:
    """The patient ``pk`` if the caller has ``perm`` on them; 404 across clinics, 403 (audited) inside."""
    return get_patient(caller(request), pk, perm, request)


def require(request: HttpRequest, perm: str, obj: Any = None, *, patient: Any = None) -> None:
    """Refuse (403, written to the audit trail) unless the caller has ``perm`` (on ``obj``)."""
    user = caller(request)
    if not user.has_perm(perm, obj):
        target = obj if isinstance(obj, Patient) and obj.pk else None
        audit(request, Action.DENIED, target, patient=patient, summary=f"lacks {perm}")
        raise PermissionDenied(_("Your role may not do this."))
