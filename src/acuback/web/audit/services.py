"""Write audit events. Every view and change of a health record goes through :func:`record`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from acuback.web.audit.models import Action, AuditEvent


def client_ip(request: HttpRequest) -> str | None:
    # Behind a reverse proxy the clinic sets REMOTE_ADDR through the WSGI server's forwarded-allow list.
    return request.META.get("REMOTE_ADDR") or None


def record(
    request: HttpRequest | None,
    action: Action | str,
    obj: Any = None,
    *,
    patient: Any = None,
    summary: str = "",
    actor: Any = None,
    via: str | None = None,
) -> AuditEvent:
    """Append one event. ``obj`` is the record concerned; ``patient`` the person it is about.

    ``via`` (web, api, cli) defaults to the request's ``audit_via`` (the API sets "api"), else "web".
    """
    user = actor if actor is not None else getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if patient is None and obj is not None:
        patient = obj if obj.__class__.__name__ == "Patient" else getattr(obj, "patient", None)
    clinic_id = getattr(patient, "clinic_id", None) or getattr(user, "clinic_id", None)
    return AuditEvent.objects.create(
        actor=user,
        actor_role=getattr(user, "role", "") if user else "",
        clinic_id=clinic_id,
        action=str(action),
        object_type=obj.__class__.__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
        patient=patient,
        summary=summary[:300],
        path=(request.get_full_path()[:300] if request is not None else ""),
        ip=client_ip(request) if request is not None else None,
        via=via or getattr(request, "audit_via", None) or "web",
    )
