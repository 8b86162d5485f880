"""The OpenAPI schema is served, lists every API route, and the docs load nothing from outside."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.web.conftest import World


def api_routes() -> set[str]:
    """Every ninja operation path under /api/, from Django's URL resolver."""
    resolver = get_resolver()
    found: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif (
                p.name
                and prefix.startswith("api/")
                and p.name not in {"openapi-json", "openapi-view", "api-root", "index"}
            ):
                found.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", prefix + str(p.pattern)))

    walk(resolver.url_patterns, "")
    return found


def test_the_schema_is_served_and_lists_every_route(db: None) -> None:
    response = Client().get("/api/openapi.json")

    schema = response.json()
    assert response.status_code == 200
    assert set(schema["paths"]) == api_routes()
    assert {
        "/api/patients/",
        "/api/patients/{patient_id}",
        "/api/patients/{patient_id}/intakes",
        "/api/patients/{patient_id}/assessments",
        "/api/patients/{patient_id}/visits",
        "/api/intakes/{intake_id}",
        "/api/assessments/{assessment_id}",
        "/api/assessments/preview",
        "/api/appointments/",
        "/api/appointments/{appointment_id}",
        "/api/appointments/{appointment_id}/cancel",
        "/api/visits/",
        "/api/visits/{visit_id}",
    } <= set(schema["paths"])


def test_the_intake_body_refers_to_the_cores_intake_schema(db: None) -> None:
    schema = Client().get("/api/openapi.json").json()

    body = schema["paths"]["/api/patients/{patient_id}/intakes"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Intake"}
    assert "red_flags" in schema["components"]["schemas"]["Intake"]["properties"]
    assert "RedFlags" in schema["components"]["schemas"]


def test_both_ways_to_authenticate_are_declared(db: None) -> None:
    schemes = Client().get("/api/openapi.json").json()["components"]["securitySchemes"]

    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}


def test_the_interactive_docs_use_only_bundled_files(world: World) -> None:
    response = Client().get("/api/docs")

    page = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui-bundle.js" in page
    assert re.findall(r"""(?:src|href)=["']https?://""", page) == []


def test_the_api_root_says_where_the_reference_is(db: None) -> None:
    body = Client().get("/api/").json()

    assert (body["docs"], body["openapi"]) == ("/api/docs", "/api/openapi.json")
