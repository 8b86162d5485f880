"""Consent per technique: read the benefits and risks, sign with a typed name, withdraw; all recorded."""

from __future__ import annotations

from django.http import HttpResponse

from acuback.web.audit.models import AuditEvent
from acuback.web.portal import consent_texts
from acuback.web.portal.models import Consent, Technique
from tests.web.conftest import World, client_for


def _sign(world: World, technique: str = "electro", name: str | None = None) -> HttpResponse:
    name = name if name is not None else f"{world.paula.given_name} {world.paula.family_name}"
    return client_for(world.paula_user).post(
        f"/portal/consents/{technique}/", {"understood": "on", "signed_name": name}
    )


def test_the_information_names_benefits_risks_and_sources(world: World) -> None:
    page = client_for(world.paula_user).get("/portal/consents/electro/").content.decode()

    assert "Common, mild effects" in page
    assert "the same rare risks as needling" in page
    assert "pacemaker" in page
    assert (
        "World Health Organization. Guidelines on Basic Training and Safety in Acupuncture" in page
    )
    assert "Sierpina VS, Frenkel MA. Acupuncture: a clinical review." in page
    assert "no side effects" not in page.lower()


def test_a_patient_gives_consent_with_their_typed_name(world: World) -> None:
    response = _sign(world, name=f"  {world.paula.given_name.upper()}   {world.paula.family_name} ")

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.patient, consent.technique, consent.given_by) == (
        world.paula,
        "electro",
        world.paula_user,
    )
    assert consent.signed_name == f"{world.paula.given_name.upper()} {world.paula.family_name}"
    assert consent.text_version == consent_texts.VERSION
    assert "pacemaker" in consent.text_shown
    assert (
        AuditEvent.objects.filter(action="sign", object_type="Consent", patient=world.paula).count()
        == 1
    )


def test_another_name_does_not_sign(world: World) -> None:
    response = _sign(world, name="Someone Else")

    assert response.status_code == 422
    assert "Please type your name as the clinic has it" in response.content.decode()
    assert Consent.objects.count() == 0


def test_withdrawing_records_it_and_keeps_the_consent(world: World) -> None:
    _sign(world)
    consent = Consent.objects.get()
    client = client_for(world.paula_user)

    confirm = client.get(f"/portal/consents/{consent.pk}/withdraw/")
    client.post(f"/portal/consents/{consent.pk}/withdraw/")

    assert "Withdraw your consent to Electro-acupuncture?" in confirm.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == world.paula_user
    assert Consent.objects.count() == 1
    summaries = list(
        AuditEvent.objects.filter(object_type="Consent").values_list("summary", flat=True)
    )
    assert "consent to electro withdrawn" in summaries
    page = client.get("/portal/consents/").content.decode()
    assert "Withdrawn consents" in page


def test_consent_can_be_given_again_after_withdrawal_but_not_twice_at_once(world: World) -> None:
    _sign(world)
    _sign(world)
    first = Consent.objects.get()
    client_for(world.paula_user).post(f"/portal/consents/{first.pk}/withdraw/")

    _sign(world)

    assert Consent.objects.filter(technique="electro").count() == 2
    assert Consent.objects.filter(technique="electro", withdrawn_at=None).count() == 1


def test_a_patient_cannot_withdraw_anothers_consent(world: World) -> None:
    theirs = Consent.objects.create(
        patient=world.patient_b,
        technique="cupping",
        text_version="x",
        text_shown="x",
        signed_name="Bea",
        signed_on="2026-01-01",
        given_by=world.bruno,
    )

    response = client_for(world.paula_user).post(f"/portal/consents/{theirs.pk}/withdraw/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None


def test_an_unknown_technique_is_not_found(world: World) -> None:
    assert client_for(world.paula_user).get("/portal/consents/bloodletting/").status_code == 404


def test_every_technique_has_its_text() -> None:
    assert set(consent_texts.TEXTS) == set(Technique.values)
