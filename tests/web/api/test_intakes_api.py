"""/api/patients/{id}/intakes: a whole intake is validated by the core, stored, assessed; refusals store nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from acuback.web.audit.models import AuditEvent
from acuback.web.intake.models import Assessment, ClinicAlert, IntakeForm
from tests.web.api.conftest import api_as, assert_error
from tests.web.conftest import World

VIGNETTES = Path(__file__).resolve().parents[2] / "vignettes"


def vignette(name: str) -> dict[str, Any]:
    return json.loads((VIGNETTES / f"{name}.json").read_text(encoding="utf-8"))["intake"]  # type: ignore[no-any-return]


def test_a_practitioner_submits_an_intake_and_gets_its_assessment(world: World) -> None:
    response = api_as(world.alice).post(
        f"/api/patients/{world.paula.pk}/intakes", vignette("pattern_cold_damp")
    )

    assert response.status_code == 201, response.content
    body = response.json()
    stored = IntakeForm.objects.get(pk=body["intake"]["id"])
    assessment = Assessment.objects.get(intake=stored)
    assert (stored.status, stored.patient, stored.entered_by) == (
        "submitted",
        world.paula,
        world.alice,
    )
    assert stored.answers == vignette("pattern_cold_damp")
    assert body["assessment"]["id"] == assessment.pk
    assert body["triage_level"] == assessment.triage_level == "none"


def test_submitting_is_audited_via_the_api(world: World) -> None:
    api_as(world.alice).post(
        f"/api/patients/{world.paula.pk}/intakes", vignette("pattern_cold_damp")
    )

    events = AuditEvent.objects.filter(patient=world.paula).order_by("id")
    assert [(e.action, e.object_type, e.via) for e in events] == [
        ("create", "IntakeForm", "api"),
        ("sign", "IntakeForm", "api"),
        ("create", "Assessment", "api"),
    ]


def test_an_emergency_intake_raises_a_clinic_alert(world: World) -> None:
    response = api_as(world.alice).post(
        f"/api/patients/{world.paula.pk}/intakes", vignette("ces_saddle_numbness")
    )

    assert response.json()["triage_level"] == "emergency"
    assert ClinicAlert.objects.get().patient == world.paula


def test_a_patient_submits_their_own_intake_and_sees_only_the_triage(world: World) -> None:
    response = api_as(world.paula_user).post(
        f"/api/patients/{world.paula.pk}/intakes", vignette("pattern_cold_damp")
    )

    assert response.status_code == 201, response.content
    assert (response.json()["triage_level"], response.json()["assessment"]) == ("none", None)


def test_front_desk_may_not_submit_clinical_intakes(world: World) -> None:
    response = api_as(world.fiona).post(
        f"/api/patients/{world.paula.pk}/intakes", vignette("pattern_cold_damp")
    )

    assert_error(response, 403, "forbidden")
    assert IntakeForm.objects.count() == 0


def test_another_clinic_cannot_submit_for_a_patient(world: World) -> None:
    response = api_as(world.bruno).post(
        f"/api/patients/{world.paula.pk}/intakes", vignette("pattern_cold_damp")
    )

    assert_error(response, 404, "not_found")
    assert IntakeForm.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"age": 140}, ["age"]),
        ({"intensity": {"now": 14}}, ["intensity.now"]),
        ({"favourite_colour": "blue"}, ["favourite_colour"]),
        ({"age": -1, "sex": "robot"}, ["age", "sex"]),
    ],
)
def test_an_invalid_intake_names_every_field_and_stores_nothing(
    world: World, change: dict[str, Any], fields: list[str]
) -> None:
    body = {**vignette("pattern_cold_damp"), **change}

    response = api_as(world.alice).post(f"/api/patients/{world.paula.pk}/intakes", body)

    assert_error(response, 422, "invalid_intake", fields)
    assert (IntakeForm.objects.count(), Assessment.objects.count()) == (0, 0)


def test_an_onset_after_today_is_refused_and_nothing_is_kept(world: World) -> None:
    body = {**vignette("pattern_cold_damp"), "onset": {"date": "2999-01-01"}}

    response = api_as(world.alice).post(f"/api/patients/{world.paula.pk}/intakes", body)

    assert_error(response, 422, "invalid_intake", ["onset.date"])
    assert (IntakeForm.objects.count(), AuditEvent.objects.filter(action="create").count()) == (
        0,
        0,
    )


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", ""])
def test_a_body_that_is_not_a_json_object_is_a_400(world: World, raw: str) -> None:
    response = api_as(world.alice).post(f"/api/patients/{world.paula.pk}/intakes", raw=raw)

    assert_error(response, 400, "unreadable_intake", [])


def test_intakes_are_listed_newest_first_and_read_whole(world: World) -> None:
    client = api_as(world.alice)
    first = client.post(
        f"/api/patients/{world.paula.pk}/intakes", vignette("pattern_cold_damp")
    ).json()
    second = client.post(
        f"/api/patients/{world.paula.pk}/intakes", vignette("pattern_liver_qi")
    ).json()

    listed = client.get(f"/api/patients/{world.paula.pk}/intakes").json()
    read = client.get(f"/api/intakes/{first['intake']['id']}").json()

    assert [i["id"] for i in listed["items"]] == [second["intake"]["id"], first["intake"]["id"]]
    assert read["answers"] == vignette("pattern_cold_damp")


def test_a_patient_reads_their_own_intakes_but_front_desk_does_not(world: World) -> None:
    made = (
        api_as(world.alice)
        .post(f"/api/patients/{world.paula.pk}/intakes", vignette("pattern_cold_damp"))
        .json()
    )

    own = api_as(world.paula_user).get(f"/api/intakes/{made['intake']['id']}")
    desk = api_as(world.fiona).get(f"/api/intakes/{made['intake']['id']}")
    other = api_as(world.bruno).get(f"/api/intakes/{made['intake']['id']}")

    assert own.status_code == 200
    assert_error(desk, 403, "forbidden")
    assert_error(other, 404, "not_found")
