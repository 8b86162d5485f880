"""/healthz answers monitoring with one cheap query, and 503 when the database is gone."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client


def test_it_says_ok_when_the_database_answers(db: None) -> None:
    response = Client().get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert "no-cache" in response["Cache-Control"]


class GoneDatabase:
    def cursor(self) -> None:
        raise DatabaseError("connection refused")


def test_it_says_503_when_the_database_does_not(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("acuback.web.health.connection", GoneDatabase())

    response = Client().get("/healthz")

    assert (response.status_code, response.json()["database"]) == (503, "unreachable")
