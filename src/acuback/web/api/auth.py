"""Who is calling: a signed-in browser session (CSRF checked on writes) or a personal API token.

Either way the caller becomes ``request.user``, so the same permission rules and audit trail apply
as on the web pages; ``request.audit_via = "api"`` makes every audit row written while serving the
request (by the API or by a service it calls) say it came through the API.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from acuback.web.apitokens.services import user_for_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer acb_…``: a token made on the API tokens page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = user_for_token(token.strip())
        if user is None:
            return None
        request.user = user
        request.audit_via = "api"  # type: ignore[attr-defined]
        return user


class ActiveSessionAuth(SessionAuth):
    """The browser's session cookie; ninja checks the CSRF token on unsafe methods."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            request.audit_via = "api"  # type: ignore[attr-defined]
            return user
        return None


API_AUTH = [TokenAuth(), ActiveSessionAuth()]
