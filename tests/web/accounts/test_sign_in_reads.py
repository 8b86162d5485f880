"""The prepared reads of each request (the session, the user) keep Django's rules: an expired or
unknown session signs nobody in, an inactive or deleted user is nobody, and ids that no database
column can hold find nothing rather than failing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.http import Http404
from django.utils import timezone

from acuback.web.accounts.backends import AccountBackend
from acuback.web.accounts.sessions import SessionStore
from acuback.web.patients.access import get_patient
from acuback.web.patients.models import Patient
from tests.web.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_a_signed_in_user_is_read_back_and_an_inactive_one_is_nobody(world: World) -> None:
    assert client_for(world.alice).get("/workspace/today/").status_code == 200
    assert AccountBackend().get_user(world.alice.pk) == world.alice

    world.alice.is_active = False
    world.alice.save(update_fields=["is_active"])
    assert AccountBackend().get_user(world.alice.pk) is None
    assert AccountBackend().get_user(10**6) is None
    assert AccountBackend().get_user(2**70) is None


def test_an_expired_session_signs_nobody_in(world: World) -> None:
    client = client_for(world.alice)
    assert client.get("/workspace/today/").status_code == 200
    key = client.cookies["sessionid"].value
    assert SessionStore(key).load() != {}

    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(1))

    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None  # as Django's own store: a new key at the next save
    response = client.get("/workspace/today/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_session_key_signs_nobody_in(world: World) -> None:
    client = client_for(world.alice)
    client.cookies["sessionid"] = "x" * 32
    assert client.get("/workspace/today/").status_code == 302


def test_a_patient_id_beyond_any_column_is_not_found(world: World) -> None:
    with pytest.raises(Http404):
        get_patient(world.alice, 2**80, "patients.view_clinical")
    assert client_for(world.alice).get(f"/workspace/patients/{2**80}/").status_code == 404
    assert (
        client_for(world.paula_user).get(f"/portal/questionnaire/{2**80}/step/where/").status_code
        == 404
    )
    assert Patient.objects.filter(pk=world.paula.pk).exists()
