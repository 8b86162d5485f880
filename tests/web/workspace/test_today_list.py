"""Today's list: the day's appointments with triage and open alerts for clinicians only; alerts on top
with acknowledge (audited); queries bounded however many patients there are."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from acuback.web.audit.models import AuditEvent
from acuback.web.intake.models import ClinicAlert
from tests.factories import make_patient, make_user
from tests.web.charting.builders import LOW_BACK, appointment, assess_patient, local, raise_alert
from tests.web.conftest import World, client_for


@pytest.fixture
def today_world(world: World) -> World:
    today = timezone.localdate()
    assess_patient(world.paula)
    raise_alert(world.paula, "urgent", "Night pain with weight loss")
    appointment(world.alice, world.paula, local(today, 9))
    olga = make_user(world.clinic_a, "practitioner", "olga")
    appointment(
        olga, make_patient(world.clinic_a, given_name="Otto", family_name="Olsen"), local(today, 9)
    )
    appointment(world.bruno, world.patient_b, local(today, 9))
    return world


def test_a_practitioner_sees_their_own_appointments_with_triage_and_alerts(
    today_world: World,
) -> None:
    response = client_for(today_world.alice).get("/workspace/today/")

    rows = response.context["appointments"]
    assert [(a.patient, a.triage_level, a.open_alerts) for a in rows] == [
        (today_world.paula, "none", 1)
    ]
    page = response.content.decode()
    assert 'title="Latest triage level"' in page
    assert "Night pain with weight loss" in page


def test_whole_clinic_shows_every_practitioner_of_this_clinic_only(today_world: World) -> None:
    response = client_for(today_world.alice).get("/workspace/today/", {"who": "all"})

    names = sorted(a.patient.given_name for a in response.context["appointments"])
    assert names == ["Otto", "Paula"]


def test_front_desk_sees_the_day_without_clinical_columns(today_world: World) -> None:
    response = client_for(today_world.fiona).get("/workspace/today/")

    page = response.content.decode()
    assert len(response.context["appointments"]) == 2
    assert response.context["alerts"] == []
    assert "Triage" not in page
    assert "Night pain with weight loss" not in page
    assert not hasattr(response.context["appointments"][0], "triage_level")


def test_a_patient_cannot_see_the_list(today_world: World) -> None:
    assert client_for(today_world.paula_user).get("/workspace/today/").status_code == 403


def test_acknowledging_an_alert_removes_it_and_is_audited(today_world: World) -> None:
    alert = ClinicAlert.objects.get()

    response = client_for(today_world.alice).post(
        f"/workspace/alerts/{alert.pk}/acknowledge/", HTTP_HX_REQUEST="true"
    )

    alert.refresh_from_db()
    assert (response.status_code, response.content) == (200, b"")
    assert alert.acknowledged_by == today_world.alice
    event = AuditEvent.objects.get(action="update", object_type="ClinicAlert")
    assert (event.actor, event.patient, event.summary) == (
        today_world.alice,
        today_world.paula,
        "acknowledged urgent alert",
    )
    assert client_for(today_world.alice).get("/workspace/today/").context["alerts"] == []


def test_front_desk_cannot_acknowledge_and_another_clinic_gets_404(today_world: World) -> None:
    alert = ClinicAlert.objects.get()

    assert (
        client_for(today_world.fiona).post(f"/workspace/alerts/{alert.pk}/acknowledge/").status_code
        == 403
    )
    assert (
        client_for(today_world.bruno).post(f"/workspace/alerts/{alert.pk}/acknowledge/").status_code
        == 404
    )
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/workspace/today/", {"who": "all"}).status_code == 200
    return len(captured)


def _add_patients(world: World, count: int) -> None:
    today = timezone.localdate()
    for n in range(count):
        patient = make_patient(world.clinic_a)
        raise_alert(patient, "routine_review", f"Alert {n}")
        practitioner = world.alice if n % 2 else make_user(world.clinic_a, "practitioner")
        appointment(
            practitioner, patient, local(today, 7) + dt.timedelta(minutes=10 * n), minutes=10
        )


def test_the_number_of_queries_does_not_grow_with_patients(world: World) -> None:
    assess_patient(world.paula)
    client = client_for(world.alice)
    _add_patients(world, 5)
    few = _queries(client)
    _add_patients(world, 45)

    many = _queries(client)

    assert many == few


def test_the_workspace_landing_sends_staff_to_today_and_others_home(world: World) -> None:
    assert client_for(world.fiona).get("/workspace/")["Location"] == "/workspace/today/"
    assert client_for(world.paula_user).get("/workspace/")["Location"] == "/"


def test_an_emergency_triage_replaces_start_note_with_a_warning_and_the_chart(
    world: World,
) -> None:
    stored = assess_patient(world.paula, {**LOW_BACK, "red_flags": {"saddle_numbness": "yes"}})
    booked = appointment(world.alice, world.paula, local(timezone.localdate(), 9))

    page = client_for(world.alice).get("/workspace/today/").content.decode()

    assert stored.triage_level == "emergency"
    assert "Emergency triage: refer before treating" in page
    assert f"/charting/patients/{world.paula.pk}/notes/new/?appointment={booked.pk}" not in page
    assert f'href="/workspace/patients/{world.paula.pk}/">Chart</a>' in page


def test_without_an_emergency_the_note_is_started_from_the_list(world: World) -> None:
    assess_patient(world.paula)
    booked = appointment(world.alice, world.paula, local(timezone.localdate(), 9))

    page = client_for(world.alice).get("/workspace/today/").content.decode()

    assert f"/notes/new/?appointment={booked.pk}" in page
    assert "Emergency triage" not in page


def _many_alerts(world: World, routine: int) -> ClinicAlert:
    """An old emergency alert, then ``routine`` newer routine ones; returns the emergency."""
    emergency = raise_alert(world.paula, "emergency", "Saddle numbness reported")
    ClinicAlert.objects.filter(pk=emergency.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    for n in range(routine):
        raise_alert(make_patient(world.clinic_a), "routine_review", f"Routine {n}")
    return emergency


def test_today_shows_the_ten_most_serious_alerts_and_links_to_the_rest(world: World) -> None:
    emergency = _many_alerts(world, 14)

    response = client_for(world.alice).get("/workspace/today/")

    shown = response.context["alerts"]
    assert len(shown) == 10
    assert shown[0] == emergency  # older than every routine alert, still first
    assert response.context["alert_count"] == 15
    page = response.content.decode()
    assert "15 open alerts" in page
    assert 'href="/workspace/alerts/">See all 15 open alerts</a>' in page


def test_with_few_alerts_today_shows_them_all_without_a_link(world: World) -> None:
    _many_alerts(world, 2)

    response = client_for(world.alice).get("/workspace/today/")

    assert response.context["alert_count"] == 3
    assert 'href="/workspace/alerts/"' not in response.content.decode()


def test_the_alerts_page_lists_every_open_alert_most_serious_first_by_pages(world: World) -> None:
    emergency = _many_alerts(world, 55)
    raise_alert(make_patient(world.clinic_b), "emergency", "Other clinic's alert")
    client = client_for(world.alice)

    first = client.get("/workspace/alerts/")
    second = client.get("/workspace/alerts/", {"page": 2})

    assert first.status_code == second.status_code == 200
    assert first.context["page"].paginator.count == 56
    assert first.context["page"].object_list[0] == emergency
    assert len(second.context["page"].object_list) == 6
    assert "Other clinic" not in first.content.decode() + second.content.decode()
    assert "56 alerts not yet acknowledged" in first.content.decode()


def test_acknowledging_from_the_alerts_page_returns_there(world: World) -> None:
    alert = raise_alert(world.paula, "urgent", "Night pain")

    response = client_for(world.alice).post(
        f"/workspace/alerts/{alert.pk}/acknowledge/", {"back": "alerts"}
    )

    assert response["Location"] == "/workspace/alerts/"
    alert.refresh_from_db()
    assert alert.acknowledged_by == world.alice


def test_the_front_desk_and_patients_cannot_open_the_alerts_page(world: World) -> None:
    assert client_for(world.fiona).get("/workspace/alerts/").status_code == 403
    assert client_for(world.paula_user).get("/workspace/alerts/").status_code == 403


def test_the_workspace_menu_leads_to_the_api_tokens(world: World) -> None:
    page = client_for(world.alice).get("/workspace/today/").content.decode()

    assert re.search(r'<a href="/account/tokens/"[^>]*>API tokens</a>', page)


def test_each_alert_s_form_carries_a_token_the_csrf_check_accepts(today_world: World) -> None:
    raise_alert(today_world.paula, "emergency", "Saddle numbness")
    client = Client(enforce_csrf_checks=True)
    client.force_login(today_world.alice)
    page = client.get("/workspace/today/").content.decode()

    forms = re.findall(
        r'<form method="post" action="(/workspace/alerts/\d+/acknowledge/)".*?'
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        page,
        re.S,
    )
    assert len(forms) == 2
    assert forms[0][1] == forms[1][1]  # rendered once for the page
    action, token = forms[1]
    assert client.post(action, {}).status_code == 403  # without the token: refused
    assert client.post(action, {"csrfmiddlewaretoken": token}).status_code == 302
    assert ClinicAlert.objects.filter(acknowledged_at__isnull=False).count() == 1
