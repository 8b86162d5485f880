"""API test helpers: a client that sends a personal token, and the error shape every refusal has."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from acuback.web.apitokens.services import create_token


class ApiClient:
    """JSON in and out, authenticated with a fresh token of ``user`` (or anonymous)."""

    def __init__(self, user: Any = None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            self.headers["Authorization"] = f"Bearer {create_token(user, 'tests').plain}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: Any = None, raw: str | bytes | None = None) -> Any:
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(path, data, content_type="application/json", headers=self.headers)

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(
            path, json.dumps(body), content_type="application/json", headers=self.headers
        )


def api_as(user: Any = None) -> ApiClient:
    return ApiClient(user)


def assert_error(
    response: Any, status: int, code: str, fields: list[str] | None = None
) -> dict[str, Any]:
    """The one error shape: exactly code, message and fields, with the status and fields expected."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert isinstance(body["message"], str)
    assert body["message"]
    if fields is not None:
        assert [f["field"] for f in body["fields"]] == fields
        assert all(set(f) == {"field", "message"} and f["message"] for f in body["fields"])
    return body  # type: ignore[no-any-return]
