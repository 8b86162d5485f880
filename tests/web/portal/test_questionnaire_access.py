"""A patient reaches only their own questionnaire; staff and strangers do not use the patient portal."""

from __future__ import annotations

from django.test import Client

from acuback.web.intake.models import IntakeForm
from tests.factories import make_patient, make_user
from tests.web.conftest import World, client_for


def test_a_patient_cannot_open_another_patients_questionnaire(world: World) -> None:
    other_user = make_user(world.clinic_a, "patient", "olga")
    other = make_patient(world.clinic_a, other_user, given_name="Olga")
    theirs = IntakeForm.objects.create(patient=other, answers={"age": 50})
    client = client_for(world.paula_user)

    pages = [
        client.get(f"/portal/questionnaire/{theirs.pk}/step/about/"),
        client.post(f"/portal/questionnaire/{theirs.pk}/step/about/", {"age": "20", "nav": "next"}),
        client.get(f"/portal/questionnaire/{theirs.pk}/review/"),
        client.post(f"/portal/questionnaire/{theirs.pk}/submit/"),
        client.get(f"/portal/questionnaire/{theirs.pk}/result/"),
    ]

    assert [page.status_code for page in pages] == [404] * 5
    theirs.refresh_from_db()
    assert (theirs.answers, theirs.status) == ({"age": 50}, "draft")


def test_staff_have_no_patient_portal(world: World) -> None:
    assert client_for(world.alice).get("/portal/").status_code == 404


def test_signing_in_is_required(world: World, draft: IntakeForm) -> None:
    response = Client().get(f"/portal/questionnaire/{draft.pk}/step/about/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_unknown_step_is_not_found(world: World, draft: IntakeForm) -> None:
    assert (
        client_for(world.paula_user).get(f"/portal/questionnaire/{draft.pk}/step/nope/").status_code
        == 404
    )


def test_a_submitted_questionnaire_cannot_be_changed(world: World, draft: IntakeForm) -> None:
    IntakeForm.objects.filter(pk=draft.pk).update(status="submitted", answers={"age": 40})

    response = client_for(world.paula_user).post(
        f"/portal/questionnaire/{draft.pk}/step/about/", {"age": "20", "nav": "next"}
    )

    assert response["Location"] == f"/portal/questionnaire/{draft.pk}/result/"
    draft.refresh_from_db()
    assert draft.answers == {"age": 40}
