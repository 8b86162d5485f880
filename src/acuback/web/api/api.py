"""The NinjaAPI instance: routers per resource, the two ways to authenticate, one error shape."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from acuback import __version__
from acuback.core.intake import Intake
from acuback.web.api import appointments, assessments, intakes, patients, visits
from acuback.web.api.auth import API_AUTH
from acuback.web.api.errors import install_error_handlers

DESCRIPTION = """\
The Acuback clinic API. Every call acts as a person: sign in (browser session; send the CSRF token on
writes) or send a personal token made on the *API tokens* page as `Authorization: Bearer <token>`.
Permissions are the web app's: staff reach their own clinic, a patient reaches only their own records,
and every record read or changed is written to the clinic's audit trail.

Every refusal has one shape: `{"code": ..., "message": ..., "fields": [{"field": ..., "message": ...}]}`
with status 400, 401, 403, 404, 409 or 422.

Acuback is decision support for trained practitioners; it does not make a diagnosis.
"""


class AcubackAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        # Intake bodies are read by the core (not by ninja), so its schema is added by hand: the
        # operations that take an intake refer to #/components/schemas/Intake.
        schema = super().get_openapi_schema(*args, **kwargs)
        intake = Intake.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(intake.pop("$defs", {}))
        components["Intake"] = intake
        return schema


def build_api() -> NinjaAPI:
    api = AcubackAPI(
        title="Acuback API",
        version=__version__,
        description=DESCRIPTION,
        auth=API_AUTH,
        urls_namespace="api",
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    install_error_handlers(api)
    api.add_router("/patients/", patients.router)
    api.add_router("/patients/", intakes.nested)
    api.add_router("/patients/", assessments.nested)
    api.add_router("/patients/", visits.nested)
    api.add_router("/intakes/", intakes.router)
    api.add_router("/assessments/", assessments.router)
    api.add_router("/appointments/", appointments.router)
    api.add_router("/visits/", visits.router)
    return api


api = build_api()
