"""/account/tokens/: a signed-in user makes a token (shown once) and revokes their own."""

from __future__ import annotations

from django.test import Client

from acuback.web.apitokens.models import ApiToken
from acuback.web.apitokens.services import create_token, digest_of
from acuback.web.audit.models import AuditEvent
from tests.web.conftest import World, client_for


def test_making_a_token_shows_it_once_and_stores_its_digest(world: World) -> None:
    client = client_for(world.alice)

    made = client.post("/account/tokens/", {"name": "Booking system"})
    later = client.get("/account/tokens/")

    token = ApiToken.objects.get()
    plain = made.context["new_plain"]
    assert (token.user, token.name, token.digest) == (
        world.alice,
        "Booking system",
        digest_of(plain),
    )
    assert plain in made.content.decode()
    assert made["Cache-Control"] == "no-store"
    assert plain not in later.content.decode()
    assert AuditEvent.objects.get(object_type="ApiToken").action == "create"


def test_a_token_needs_a_name(world: World) -> None:
    response = client_for(world.alice).post("/account/tokens/", {"name": ""})

    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert ApiToken.objects.count() == 0


def test_nobody_revokes_anothers_token(world: World) -> None:
    theirs = create_token(world.bruno, "x").token

    client_for(world.alice).post(f"/account/tokens/{theirs.pk}/revoke/")

    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_page_needs_a_signed_in_user() -> None:
    response = Client().get("/account/tokens/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
