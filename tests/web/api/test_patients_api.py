"""/api/patients: staff list and read their own clinic, create and change demographics; patients see themself."""

from __future__ import annotations

import pytest

from acuback.web.audit.models import AuditEvent
from acuback.web.patients.models import Patient
from tests.factories import make_patient
from tests.web.api.conftest import api_as, assert_error
from tests.web.conftest import World


@pytest.mark.parametrize("who", ["alice", "fiona", "adam"])
def test_staff_list_only_their_own_clinics_patients(world: World, who: str) -> None:
    response = api_as(getattr(world, who)).get("/api/patients/")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], [p["id"] for p in body["items"]]) == (1, [world.paula.pk])


def test_a_patient_lists_only_themself(world: World) -> None:
    make_patient(world.clinic_a, given_name="Other")

    body = api_as(world.paula_user).get("/api/patients/").json()

    assert [p["id"] for p in body["items"]] == [world.paula.pk]


def test_the_list_is_paginated_in_a_stable_name_order(world: World) -> None:
    for family in ["Zed", "Abel", "Moss", "Abel"]:
        make_patient(world.clinic_a, family_name=family, given_name="X")
    client = api_as(world.alice)

    first = client.get("/api/patients/", limit=2).json()
    second = client.get("/api/patients/", limit=2, offset=2).json()
    third = client.get("/api/patients/", limit=2, offset=4).json()

    names = [p["family_name"] for page in (first, second, third) for p in page["items"]]
    assert first["count"] == 5
    assert names == sorted(names)
    assert len({p["id"] for page in (first, second, third) for p in page["items"]}) == 5


def test_the_list_filters_by_name(world: World) -> None:
    make_patient(world.clinic_a, family_name="Moss")

    body = api_as(world.alice).get("/api/patients/", q="mos").json()

    assert [p["family_name"] for p in body["items"]] == ["Moss"]


def test_a_bad_page_size_is_refused_with_the_field_named(world: World) -> None:
    response = api_as(world.alice).get("/api/patients/", limit=0)

    assert_error(response, 422, "invalid", ["limit"])


def test_reading_a_patient_is_audited_via_the_api(world: World) -> None:
    response = api_as(world.fiona).get(f"/api/patients/{world.paula.pk}")

    assert response.status_code == 200
    assert response.json()["given_name"] == "Paula"
    event = AuditEvent.objects.filter(action="view", patient=world.paula).get()
    assert (event.actor, event.via, event.object_type) == (world.fiona, "api", "Patient")


def test_another_clinics_patient_is_not_found(world: World) -> None:
    response = api_as(world.bruno).get(f"/api/patients/{world.paula.pk}")

    assert_error(response, 404, "not_found", [])


def test_a_patient_cannot_read_another_patient_of_their_clinic(world: World) -> None:
    other = make_patient(world.clinic_a)

    response = api_as(world.paula_user).get(f"/api/patients/{other.pk}")

    # As on the web (patients/access.py): a patient is never told another patient's record exists.
    assert_error(response, 404, "not_found")


def test_front_desk_creates_a_patient_in_their_own_clinic(world: World) -> None:
    body = {
        "given_name": "Nia",
        "family_name": "Okoro",
        "date_of_birth": "1990-02-03",
        "sex": "female",
        "primary_practitioner_id": world.alice.pk,
    }

    response = api_as(world.fiona).post("/api/patients/", body)

    assert response.status_code == 201, response.content
    created = Patient.objects.get(pk=response.json()["id"])
    assert (created.clinic, created.family_name, created.primary_practitioner) == (
        world.clinic_a,
        "Okoro",
        world.alice,
    )
    event = AuditEvent.objects.get(action="create", patient=created)
    assert (event.actor, event.via) == (world.fiona, "api")


def test_a_patient_may_not_create_patients(world: World) -> None:
    body = {"given_name": "Nia", "family_name": "Okoro", "date_of_birth": "1990-02-03"}

    response = api_as(world.paula_user).post("/api/patients/", body)

    assert_error(response, 403, "forbidden")
    assert Patient.objects.filter(family_name="Okoro").count() == 0
    assert (
        AuditEvent.objects.filter(action="denied", actor=world.paula_user, via="api").count() == 1
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"sex": "yes"}, "sex"),
        ({"given_name": ""}, "given_name"),
        ({"email": "not-an-address"}, "email"),
        ({"shoe_size": 44}, "shoe_size"),
        ({"primary_practitioner_id": 999999}, "primary_practitioner_id"),
    ],
)
def test_bad_demographics_are_refused_with_the_field_named(
    world: World, change: dict[str, object], field: str
) -> None:
    body = {"given_name": "Nia", "family_name": "Okoro", "date_of_birth": "1990-02-03", **change}

    response = api_as(world.fiona).post("/api/patients/", body)

    assert_error(response, 422, "invalid", [field])
    assert Patient.objects.filter(family_name="Okoro").count() == 0


def test_another_clinics_practitioner_cannot_be_primary(world: World) -> None:
    body = {
        "given_name": "Nia",
        "family_name": "Okoro",
        "date_of_birth": "1990-02-03",
        "primary_practitioner_id": world.bruno.pk,
    }

    response = api_as(world.fiona).post("/api/patients/", body)

    assert_error(response, 422, "invalid", ["primary_practitioner_id"])


def test_staff_change_demographics_and_other_fields_stay(world: World) -> None:
    response = api_as(world.alice).patch(
        f"/api/patients/{world.paula.pk}", {"phone": "+44 1", "family_name": "Lane"}
    )

    assert response.status_code == 200, response.content
    world.paula.refresh_from_db()
    assert (world.paula.phone, world.paula.family_name, world.paula.given_name) == (
        "+44 1",
        "Lane",
        "Paula",
    )
    event = AuditEvent.objects.get(action="update", patient=world.paula)
    assert (event.via, event.summary) == ("api", "changed family_name, phone")


def test_a_bad_change_keeps_what_was_saved(world: World) -> None:
    response = api_as(world.alice).patch(
        f"/api/patients/{world.paula.pk}", {"phone": "+44 1", "date_of_birth": "tomorrow"}
    )

    assert_error(response, 422, "invalid", ["date_of_birth"])
    world.paula.refresh_from_db()
    assert (world.paula.phone, world.paula.given_name) == ("", "Paula")


def test_a_patient_may_not_change_their_demographics_through_the_api(world: World) -> None:
    response = api_as(world.paula_user).patch(f"/api/patients/{world.paula.pk}", {"phone": "1"})

    assert_error(response, 403, "forbidden")


def test_another_clinic_cannot_change_a_patient(world: World) -> None:
    response = api_as(world.bruno).patch(f"/api/patients/{world.paula.pk}", {"phone": "1"})

    assert_error(response, 404, "not_found")
