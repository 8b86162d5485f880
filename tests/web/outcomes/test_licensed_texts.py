"""A clinic admin pastes the licensed wording of a structure-only questionnaire; patients then see it."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from acuback.web.outcomes import services
from acuback.web.outcomes.links import issue_link
from acuback.web.outcomes.models import LicensedText
from tests.web.conftest import client_for


def peg_post() -> dict[str, str]:
    post = {
        "licence_reference": "Permission letter 2026-03-02",
        "instructions": "Clinic's PEG instructions",
    }
    for item in ("p", "e", "g"):
        post[f"item__{item}"] = f"Licensed wording of PEG item {item}"
    return post


def test_the_admin_pastes_wording_and_patients_then_answer_online(world: Any, episode: Any) -> None:
    response = client_for(world.adam).post(reverse("outcomes:text_edit", args=["peg"]), peg_post())
    req = services.get_or_create_request(episode, "baseline")
    token = issue_link(req)

    page = Client().get(reverse("outcomes:link", args=[token])).content.decode()

    assert response.status_code == 302
    assert (
        LicensedText.objects.get(clinic=world.clinic_a, instrument="peg").licence_reference
        == "Permission letter 2026-03-02"
    )
    assert "Licensed wording of PEG item e" in page
    assert "Wording supplied by your clinic under its licence." in page


def test_the_licence_reference_is_required(world: Any) -> None:
    post = peg_post() | {"licence_reference": ""}

    response = client_for(world.adam).post(reverse("outcomes:text_edit", args=["peg"]), post)

    assert response.status_code == 422
    assert not LicensedText.objects.exists()


def test_only_structure_only_instruments_take_wording(world: Any) -> None:
    response = client_for(world.adam).get(reverse("outcomes:text_edit", args=["pain_nrs"]))

    assert response.status_code == 404


def test_practitioners_may_not_paste_wording(world: Any) -> None:
    response = client_for(world.alice).get(reverse("outcomes:texts"))

    assert response.status_code == 403


def test_the_list_says_what_is_pasted(world: Any) -> None:
    client = client_for(world.adam)
    client.post(reverse("outcomes:text_edit", args=["peg"]), peg_post())

    page = client.get(reverse("outcomes:texts")).content.decode()

    assert "Pasted (licence: Permission letter 2026-03-02)" in page
    assert page.count("Not yet") == 3
