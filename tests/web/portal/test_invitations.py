"""Staff invite a patient; the link opens an account once, within its time, and is stored only as a hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from acuback.web.audit.models import AuditEvent
from acuback.web.patients.models import Patient
from acuback.web.portal.models import Invitation
from acuback.web.portal.services import create_invitation
from tests.factories import make_patient, make_user
from tests.web.conftest import World, client_for

PASSWORD = "lantern-orchard-93"


@pytest.fixture
def newcomer(world: World) -> Patient:
    return make_patient(
        world.clinic_a, given_name="Nora", family_name="Quist", email="nora@example.org"
    )


def _token(world: World, patient: Patient) -> str:
    _invitation, token = create_invitation(patient, by=world.fiona)
    return token


def _join(
    client: Client, token: str, username: str = "nora", password: str = PASSWORD
) -> HttpResponse:
    return client.post(
        f"/portal/join/{token}/",
        {"username": username, "password1": password, "password2": password},
    )


def test_front_desk_makes_a_link_shown_once_and_stored_as_a_hash(
    world: World, newcomer: Patient
) -> None:
    staff = client_for(world.fiona)

    made = staff.post(f"/portal/invite/{newcomer.pk}/")
    shown = staff.get(made["Location"]).content.decode()
    again = staff.get(made["Location"]).content.decode()

    link = re.search(r'value="http://testserver/portal/join/([^"]+)/"', shown)
    assert link is not None
    token = link.group(1)
    secret = token.split(":")[0]
    invitation = Invitation.objects.get(patient=newcomer)
    assert invitation.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in invitation.token_hash
    assert token not in again
    assert mail.outbox == []
    assert (
        AuditEvent.objects.filter(
            action="create", object_type="Invitation", patient=newcomer
        ).count()
        == 1
    )


def test_a_new_invitation_replaces_the_open_one(world: World, newcomer: Patient) -> None:
    first = _token(world, newcomer)
    second = _token(world, newcomer)

    refused = Client().get(f"/portal/join/{first}/")

    assert refused.status_code == 410
    assert Client().get(f"/portal/join/{second}/").status_code == 200


def test_the_link_opens_an_account_linked_to_the_patient(world: World, newcomer: Patient) -> None:
    token = _token(world, newcomer)
    client = Client()

    response = _join(client, token)

    assert response["Location"] == "/portal/"
    newcomer.refresh_from_db()
    user = newcomer.user
    assert (user.username, user.role, user.clinic, user.email) == (
        "nora",
        "patient",
        world.clinic_a,
        "nora@example.org",
    )
    assert user.check_password(PASSWORD)
    assert client.get("/portal/").status_code == 200
    assert Invitation.objects.get(patient=newcomer).used_by == user


def test_a_used_link_is_refused_with_a_clear_page(world: World, newcomer: Patient) -> None:
    token = _token(world, newcomer)
    _join(Client(), token)

    response = Client().get(f"/portal/join/{token}/")

    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_an_expired_link_is_refused(world: World, newcomer: Patient) -> None:
    token = _token(world, newcomer)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    response = _join(Client(), token)

    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_a_tampered_link_is_not_found(world: World, newcomer: Patient) -> None:
    token = _token(world, newcomer)

    response = Client().get(f"/portal/join/{token[:-2]}xx/")

    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_weak_or_mismatched_passwords_are_refused_and_nothing_is_used(
    world: World, newcomer: Patient
) -> None:
    token = _token(world, newcomer)
    client = Client()

    weak = _join(client, token, password="password")
    mismatch = client.post(
        f"/portal/join/{token}/",
        {"username": "nora", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )

    assert weak.status_code == 422
    assert "This password is too common." in weak.content.decode()
    assert "The two passwords are not the same." in mismatch.content.decode()
    assert Invitation.objects.get(patient=newcomer).used_at is None


def test_a_taken_user_name_is_refused(world: World, newcomer: Patient) -> None:
    token = _token(world, newcomer)

    response = _join(Client(), token, username="ALICE")

    assert response.status_code == 422
    assert "This user name is taken" in response.content.decode()


def test_staff_of_another_clinic_cannot_invite(world: World, newcomer: Patient) -> None:
    response = client_for(world.bruno).post(f"/portal/invite/{newcomer.pk}/")

    assert response.status_code == 404
    assert Invitation.objects.count() == 0


def test_a_patient_cannot_invite_even_themself(world: World) -> None:
    response = client_for(world.paula_user).post(f"/portal/invite/{world.paula.pk}/")

    assert response.status_code == 403
    assert Invitation.objects.count() == 0


def test_a_patient_with_an_account_is_not_invited_again(world: World) -> None:
    response = client_for(world.alice).post(f"/portal/invite/{world.paula.pk}/", follow=True)

    assert "already has a portal account" in response.content.decode()
    assert Invitation.objects.count() == 0


def test_the_link_can_be_emailed_to_the_patient(world: World, newcomer: Patient) -> None:
    client_for(world.alice).post(f"/portal/invite/{newcomer.pk}/", {"send_email": "on"})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nora@example.org"]
    assert re.search(r"http://testserver/portal/join/\S+/", mail.outbox[0].body)
    assert Invitation.objects.get().sent_to == "nora@example.org"


def test_someone_signed_in_is_not_given_a_second_account(world: World, newcomer: Patient) -> None:
    token = _token(world, newcomer)

    response = _join(client_for(world.paula_user), token)

    assert response.status_code == 409
    assert "You are signed in already." in response.content.decode()
    assert Invitation.objects.get(patient=newcomer).used_at is None


def test_a_patient_linked_meanwhile_is_told_to_sign_in(world: World, newcomer: Patient) -> None:
    token = _token(world, newcomer)
    newcomer.user = make_user(world.clinic_a, "patient", "nora-by-desk")
    newcomer.save()

    response = Client().get(f"/portal/join/{token}/")

    assert response.status_code == 410
    assert "You already have an account." in response.content.decode()


def test_the_invitation_page_is_in_the_staff_workspace(world: World, newcomer: Patient) -> None:
    page = client_for(world.fiona).get(f"/portal/invite/{newcomer.pk}/").content.decode()

    assert 'href="/workspace/patients/">Patients</a>' in page  # the workspace menu and crumbs
    assert "My care" not in page  # not the patient portal's menu
