"""The audit trail, as the API writes it: the web's ``record`` with ``via="api"``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from acuback.web.audit.models import Action, AuditEvent
from acuback.web.audit.services import record


def audit(
    request: HttpRequest,
    action: Action | str,
    obj: Any = None,
    *,
    patient: Any = None,
    summary: str = "",
) -> AuditEvent:
    return record(request, action, obj, patient=patient, summary=summary, via="api")
