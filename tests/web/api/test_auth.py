"""Who may call: a personal token (stored hashed, revocable) or a signed-in browser session with CSRF."""

from __future__ import annotations

import json

from django.test import Client

from acuback.web.apitokens.models import ApiToken
from acuback.web.apitokens.services import create_token, digest_of
from acuback.web.audit.models import AuditEvent
from tests.web.api.conftest import assert_error
from tests.web.conftest import World, client_for


def test_a_token_is_stored_only_as_its_digest(world: World) -> None:
    new = create_token(world.alice, "booking system")

    stored = ApiToken.objects.get()
    assert stored.digest == digest_of(new.plain)
    assert new.plain not in (stored.digest, stored.prefix, stored.name)
    assert stored.prefix == new.plain[:12]


def test_a_bearer_token_acts_as_its_user(world: World) -> None:
    token = create_token(world.alice, "x").plain

    response = Client().get("/api/patients/", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert AuditEvent.objects.get(action="view").actor == world.alice


def test_a_revoked_token_is_refused(world: World) -> None:
    new = create_token(world.alice, "x")
    client_for(world.alice).post(f"/account/tokens/{new.token.pk}/revoke/")

    response = Client().get("/api/patients/", headers={"Authorization": f"Bearer {new.plain}"})

    assert_error(response, 401, "not_authenticated")


def test_a_made_up_token_is_refused(world: World) -> None:
    response = Client().get("/api/patients/", headers={"Authorization": "Bearer acb_guessed"})

    assert_error(response, 401, "not_authenticated")


def test_an_inactive_users_token_is_refused(world: World) -> None:
    token = create_token(world.alice, "x").plain
    world.alice.is_active = False
    world.alice.save()

    response = Client().get("/api/patients/", headers={"Authorization": f"Bearer {token}"})

    assert_error(response, 401, "not_authenticated")


def test_a_signed_in_browser_reads_with_its_session(world: World) -> None:
    response = client_for(world.fiona).get("/api/patients/")

    assert response.status_code == 200


def test_a_browser_write_without_the_csrf_token_is_refused(world: World) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.fiona)
    body = {"given_name": "Nia", "family_name": "Okoro", "date_of_birth": "1990-02-03"}

    response = browser.post("/api/patients/", json.dumps(body), content_type="application/json")

    assert_error(response, 403, "csrf_failed")


def test_a_token_write_needs_no_csrf_token(world: World) -> None:
    token = create_token(world.fiona, "x").plain
    client = Client(enforce_csrf_checks=True)
    body = {"given_name": "Nia", "family_name": "Okoro", "date_of_birth": "1990-02-03"}

    response = client.post(
        "/api/patients/",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 201
