"""Role checks that run before a workspace view: signed in, staff of a clinic, clinical where needed.

Patient records themselves are fetched through :mod:`acuback.web.patients.access`; these decorators
only keep people without a staff role away from pages that list many patients.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def _requiring(perm: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user: Any = request.user
            if not user.has_perm(perm):
                raise PermissionDenied(f"Your role may not use {perm}.")
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


staff_required = _requiring("clinics.view_schedule")
"""Practitioners, front desk and clinic admins of a clinic."""

clinician_required = _requiring("clinics.view_dashboard")
"""Practitioners and clinic admins: the people who may read clinical records."""
