"""Every refusal of the API has one shape, {code, message, fields}, with the right 4xx; never a traceback."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.web.api.conftest import api_as, assert_error
from tests.web.conftest import World


def test_without_credentials_it_is_a_401_with_a_bearer_challenge(world: World) -> None:
    response = api_as(None).get("/api/patients/")

    body = assert_error(response, 401, "not_authenticated", [])
    assert response["WWW-Authenticate"] == 'Bearer realm="acuback"'
    assert "Bearer" in body["message"]


def test_an_unknown_route_is_a_json_404(world: World) -> None:
    response = api_as(world.alice).get("/api/no-such-thing/")

    assert_error(response, 404, "not_found", [])


def test_a_malformed_json_body_is_a_400(world: World) -> None:
    response = api_as(world.fiona).post("/api/patients/", raw="{oops")

    assert_error(response, 400, "unreadable_body", [])


def test_a_missing_required_field_is_named(world: World) -> None:
    response = api_as(world.fiona).post("/api/patients/", {"given_name": "Ann"})

    body = assert_error(response, 422, "invalid", ["family_name", "date_of_birth"])
    assert body["fields"][0]["message"] == "is required"
    assert body["message"] == "Field 'family_name' is required."


def test_a_bad_path_number_is_a_404_not_a_500(world: World) -> None:
    response = api_as(world.alice).get("/api/patients/abc")

    assert_error(response, 404, "not_found")


def test_an_unexpected_error_is_a_plain_500_without_a_traceback(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("acuback.web.api.patients.fetch_patient", broken)

    response = api_as(world.alice).get(f"/api/patients/{world.paula.pk}")

    body = assert_error(response, 500, "server_error", [])
    assert "secret" not in response.content.decode()
    assert "Traceback" not in body["message"]


def test_every_operation_documents_the_error_shape_for_its_refusals(db: None) -> None:
    schema = Client().get("/api/openapi.json").json()

    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status in ("401", "403", "404", "422"):
                ref = operation["responses"][status]["content"]["application/json"]["schema"][
                    "$ref"
                ]
                assert ref == "#/components/schemas/ErrorOut", (path, method, status)


def test_a_wrong_method_is_a_405_in_the_same_shape(world: World) -> None:
    response = api_as(world.alice).client.delete(
        "/api/patients/", headers=api_as(world.alice).headers
    )

    assert_error(response, 405, "method_not_allowed", [])
    assert sorted(response["Allow"].split(", ")) == ["GET", "POST"]
