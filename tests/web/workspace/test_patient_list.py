"""The patient list: own clinic only, searchable by name; clinical columns for clinicians only."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_patient
from tests.web.charting.builders import assess_patient, raise_alert
from tests.web.conftest import World, client_for


def test_search_matches_every_word_in_given_or_family_name(world: World) -> None:
    ann = make_patient(world.clinic_a, given_name="Ann", family_name="Lee")
    make_patient(world.clinic_a, given_name="Ann", family_name="Moore")
    make_patient(world.clinic_b, given_name="Ann", family_name="Lee")

    response = client_for(world.fiona).get("/workspace/patients/", {"q": "ann lee"})

    assert list(response.context["page"].object_list) == [ann]


def test_front_desk_sees_demographics_only(world: World) -> None:
    assess_patient(world.paula)
    raise_alert(world.paula)

    page = client_for(world.fiona).get("/workspace/patients/").content.decode()

    assert str(world.paula.family_name) in page
    assert "Triage" not in page
    assert f"/workspace/patients/{world.paula.pk}/" not in page


def test_clinicians_see_triage_and_alerts_and_a_link_to_the_chart(world: World) -> None:
    assess_patient(world.paula)
    raise_alert(world.paula)

    response = client_for(world.adam).get("/workspace/patients/")

    row = response.context["page"].object_list[0]
    assert (row.triage_level, row.open_alerts) == ("none", 1)
    assert f"/workspace/patients/{world.paula.pk}/" in response.content.decode()


def test_htmx_search_returns_only_the_rows(world: World) -> None:
    response = client_for(world.alice).get(
        "/workspace/patients/", {"q": "Paula"}, HTTP_HX_REQUEST="true"
    )

    assert next(t.name for t in response.templates) == "workspace/_patient_rows.html"


def test_a_patient_cannot_list_patients(world: World) -> None:
    assert client_for(world.paula_user).get("/workspace/patients/").status_code == 403


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/workspace/patients/").status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_patients(world: World) -> None:
    client = client_for(world.alice)
    for _ in range(4):
        raise_alert(make_patient(world.clinic_a))
    few = _queries(client)
    for _ in range(45):
        raise_alert(make_patient(world.clinic_a))

    many = _queries(client)

    assert many == few


def test_staff_can_invite_a_patient_without_a_portal_account_from_the_list(world: World) -> None:
    nora = make_patient(world.clinic_a, given_name="Nora", family_name="Quist")

    page = client_for(world.fiona).get("/workspace/patients/").content.decode()

    assert f'<a href="/portal/invite/{nora.pk}/">Invite' in page
    assert f'href="/portal/invite/{world.paula.pk}/"' not in page  # Paula has an account
    assert "Has an account" in page
