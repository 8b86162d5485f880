"""The request the workspace views receive: signed in (checked by the decorators) and marked by
django-htmx's middleware, so views may read ``request.htmx`` and the user's clinic and role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class WorkspaceRequest(HttpRequest):
    htmx: HtmxDetails
    user: Any  # accounts.User once the staff decorators have let the request through
