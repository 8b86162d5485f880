"""/api/: the ninja routes, then a JSON 404 for any other path under /api/ (never an HTML page).

ninja answers a wrong method with a bare text 405; each route is wrapped so that it too has the one
error shape.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path
from django.utils.translation import gettext as _

from acuback.web.api.api import api
from acuback.web.api.errors import error_body

JSON = "application/json; charset=utf-8"


def unknown_route(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse(
        error_body("not_found", _("No such API route.")), status=404, content_type=JSON
    )


def index(request: HttpRequest) -> JsonResponse:
    """/api/ itself: where the reference is."""
    return JsonResponse(
        {
            "name": api.title,
            "version": api.version,
            "docs": "/api/docs",
            "openapi": "/api/openapi.json",
        },
        content_type=JSON,
    )


def json_method_refusal(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        allowed = response.get("Allow", "")
        message = _("This route does not accept %(method)s; it accepts %(allowed)s.") % {
            "method": request.method,
            "allowed": allowed,
        }
        refusal = JsonResponse(
            error_body("method_not_allowed", message), status=405, content_type=JSON
        )
        refusal["Allow"] = allowed
        return refusal

    return wrapper


def with_json_405(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    wrapped: list[URLPattern | URLResolver] = []
    for p in patterns:
        if isinstance(p, URLPattern):
            p = URLPattern(p.pattern, json_method_refusal(p.callback), p.default_args, p.name)
        wrapped.append(p)
    return wrapped


patterns, _app_name, namespace = api.urls
app_name = "api"
urlpatterns = [
    path("", index, name="index"),
    *with_json_405(patterns),
    re_path(r"^(?P<rest>.*)$", unknown_route),
]
