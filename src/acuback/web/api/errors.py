"""One error shape for every refusal: ``{"code", "message", "fields": [{"field", "message"}]}``.

Domain exceptions become HTTP statuses here and nowhere else (the cosmicpython edge): Django's 404
and 403, ninja's validation and auth errors, the core's intake errors and the services' conflicts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from acuback.core.errors import AssessmentError, InvalidIntake, UnknownProtocol, UnreadableIntake

logger = logging.getLogger("acuback.api")

CODES_BY_STATUS = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "throttled",
}
# Where ninja says a parameter came from; the client knows, so the field path starts after it.
PARAM_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
# The name every view gives its JSON body parameter; not part of what the client sent.
BODY_PARAM = "payload"


class ApiError(Exception):
    """A refusal raised by an API view or by a service the API maps: status, code, sentence, fields."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: Sequence[Mapping[str, str]] = (),
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.fields = [{"field": f["field"], "message": f["message"]} for f in fields]
        super().__init__(message)


def error_body(code: str, message: str, fields: Iterable[Mapping[str, str]] = ()) -> dict[str, Any]:
    return {"code": code, "message": message, "fields": [dict(f) for f in fields]}


def field_path(loc: Sequence[Any]) -> str:
    parts = list(loc)
    if parts and parts[0] in PARAM_SOURCES:
        source = parts.pop(0)
        if source == "body" and parts and parts[0] == BODY_PARAM:
            parts.pop(0)
    return ".".join(str(p) for p in parts) or "(body)"


def field_message(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("is required")
    if kind == "extra_forbidden":
        return _("is not a known field")
    return str(error.get("msg", _("is not valid"))).removeprefix("Value error, ")


def _respond(
    api: NinjaAPI, request: HttpRequest, status: int, body: dict[str, Any]
) -> HttpResponse:
    response = api.create_response(request, body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="acuback"'
    return response


def install_error_handlers(api: NinjaAPI) -> None:
    """Map every exception an API view can meet to the one error shape."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return _respond(api, request, exc.status, error_body(exc.code, exc.message, exc.fields))

    @api.exception_handler(ValidationError)
    def invalid_params(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields = [
            {"field": field_path(e.get("loc", ())), "message": field_message(e)} for e in exc.errors
        ]
        first = fields[0] if fields else {"field": "(request)", "message": _("is not valid")}
        message = _("Field '%(field)s' %(problem)s.") % {
            "field": first["field"],
            "problem": first["message"],
        }
        return _respond(api, request, 422, error_body("invalid", message, fields))

    @api.exception_handler(InvalidIntake)
    def invalid_intake(request: HttpRequest, exc: InvalidIntake) -> HttpResponse:
        fields = [{"field": p.field, "message": p.message} for p in exc.problems]
        return _respond(api, request, 422, error_body(exc.code, exc.message, fields))

    @api.exception_handler(UnreadableIntake)
    def unreadable_intake(request: HttpRequest, exc: UnreadableIntake) -> HttpResponse:
        return _respond(api, request, 400, error_body(exc.code, exc.message))

    @api.exception_handler(UnknownProtocol)
    def unknown_protocol(request: HttpRequest, exc: UnknownProtocol) -> HttpResponse:
        fields = [{"field": "protocol", "message": exc.message}]
        return _respond(api, request, 422, error_body(exc.code, exc.message, fields))

    @api.exception_handler(AssessmentError)
    def assessment_error(request: HttpRequest, exc: AssessmentError) -> HttpResponse:
        return _respond(api, request, 422, error_body(exc.code, exc.message))

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = _("Sign in, or send an API token as 'Authorization: Bearer <token>'.")
        return _respond(api, request, 401, error_body("not_authenticated", message))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = CODES_BY_STATUS.get(exc.status_code, "error")
        message = str(exc)
        if exc.status_code == 400 and "parse request body" in message:
            code, message = "unreadable_body", _("The request body is not valid JSON.")
        elif exc.status_code == 403 and "CSRF" in message:
            code = "csrf_failed"
            message = _(
                "Send the CSRF token (X-CSRFToken header) with a signed-in browser session."
            )
        return _respond(api, request, exc.status_code, error_body(code, message))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _respond(api, request, 404, error_body("not_found", _("No such record.")))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or _("Your role may not do this.")
        return _respond(api, request, 403, error_body("forbidden", message))

    @api.exception_handler(DjangoValidationError)
    def model_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            fields = [
                {"field": name, "message": str(m)}
                for name, errors in exc.message_dict.items()
                for m in errors
            ]
        else:
            fields = [{"field": "(body)", "message": str(m)} for m in exc.messages]
        message = fields[0]["message"] if fields else _("The request is not valid.")
        return _respond(api, request, 422, error_body("invalid", message, fields))

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A bug, not a refusal: logged with its traceback for us, one plain sentence for the client.
        logger.exception("API error on %s %s", request.method, request.path)
        message = _("Something went wrong on our side. The error is logged; nothing was saved.")
        return _respond(api, request, 500, error_body("server_error", message))
