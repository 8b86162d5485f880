"""/audit/: the clinic admin reads their own clinic's trail, filtered and paginated; nobody else may."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from acuback.web.audit.models import AuditEvent
from acuback.web.audit.services import record
from tests.factories import make_patient
from tests.web.conftest import World, client_for


def shown(response: Any) -> list[int]:
    """The events listed, leaving out the sign-in that ``client_for`` itself records."""
    return [e.pk for e in response.context["page"].object_list if e.action != "login"]


@pytest.fixture
def trail(world: World) -> dict[str, AuditEvent]:
    return {
        "alice_views_paula": record(None, "view", world.paula, actor=world.alice, summary="chart"),
        "fiona_changes_paula": record(
            None, "update", world.paula, actor=world.fiona, summary="phone"
        ),
        "bruno_views_b": record(
            None, "view", world.patient_b, actor=world.bruno, summary="other clinic"
        ),
    }


def test_the_clinic_admin_sees_their_clinics_events_newest_first(
    world: World, trail: dict[str, AuditEvent]
) -> None:
    response = client_for(world.adam).get("/audit/")

    assert response.status_code == 200
    assert shown(response) == [trail["fiona_changes_paula"].pk, trail["alice_views_paula"].pk]
    assert "other clinic" not in response.content.decode()


@pytest.mark.parametrize("who", ["alice", "fiona", "paula_user"])
def test_everybody_else_of_the_clinic_is_refused_and_the_attempt_is_recorded(
    world: World, who: str
) -> None:
    user = getattr(world, who)

    response = client_for(user).get("/audit/")

    assert response.status_code == 403
    denied = AuditEvent.objects.get(action="denied")
    assert (denied.actor, denied.clinic) == (user, world.clinic_a)


def test_another_clinics_admin_sees_only_their_own_clinic(
    world: World, trail: dict[str, AuditEvent]
) -> None:
    from tests.factories import make_user

    bella = make_user(world.clinic_b, "clinic_admin", "bella")

    response = client_for(bella).get("/audit/")

    assert shown(response) == [trail["bruno_views_b"].pk]


def test_a_visitor_is_sent_to_sign_in() -> None:
    response = Client().get("/audit/")

    assert response.status_code == 302


def test_it_filters_by_user_action_and_patient(world: World, trail: dict[str, AuditEvent]) -> None:
    other = make_patient(world.clinic_a, family_name="Quint")
    quint = record(None, "view", other, actor=world.alice)
    client = client_for(world.adam)

    by_user = client.get("/audit/", {"actor": world.fiona.pk})
    by_action = client.get("/audit/", {"action": "view", "actor": world.alice.pk})
    by_name = client.get("/audit/", {"patient": "quin"})
    by_number = client.get("/audit/", {"patient": str(world.paula.pk)})

    assert shown(by_user) == [trail["fiona_changes_paula"].pk]
    assert shown(by_action) == [quint.pk, trail["alice_views_paula"].pk]
    assert shown(by_name) == [quint.pk]
    assert shown(by_number) == [trail["fiona_changes_paula"].pk, trail["alice_views_paula"].pk]


def test_it_filters_by_date_range(world: World, trail: dict[str, AuditEvent]) -> None:
    today = timezone.localdate()
    client = client_for(world.adam)

    today_only = client.get(
        "/audit/", {"date_from": today.isoformat(), "date_to": today.isoformat()}
    )
    yesterday = client.get("/audit/", {"date_to": (today - dt.timedelta(days=1)).isoformat()})

    assert len(shown(today_only)) == 2
    assert shown(yesterday) == []


def test_a_reversed_date_range_is_a_field_error(world: World) -> None:
    response = client_for(world.adam).get(
        "/audit/", {"date_from": "2030-02-02", "date_to": "2030-01-01"}
    )

    assert response.context["form"].errors == {
        "date_to": ["The end date is before the start date."]
    }


def test_a_user_of_another_clinic_cannot_be_chosen_as_a_filter(
    world: World, trail: dict[str, AuditEvent]
) -> None:
    response = client_for(world.adam).get("/audit/", {"actor": world.bruno.pk})

    assert "actor" in response.context["form"].errors
    assert "bruno" not in response.content.decode()


def test_it_is_paginated_fifty_to_a_page(world: World) -> None:
    for _ in range(55):
        record(None, "view", world.paula, actor=world.alice)
    client = client_for(world.adam)

    first = client.get("/audit/", {"actor": world.alice.pk})
    second = client.get("/audit/", {"actor": world.alice.pk, "page": 2})

    assert (len(shown(first)), len(shown(second))) == (50, 5)
    assert set(shown(first)).isdisjoint(shown(second))


def test_htmx_requests_get_only_the_results(world: World, trail: dict[str, AuditEvent]) -> None:
    response = client_for(world.adam).get(
        "/audit/", {"action": "update"}, headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert "<html" not in page
    assert "phone" in page


def test_reading_the_trail_is_itself_recorded(world: World) -> None:
    client_for(world.adam).get("/audit/")

    event = AuditEvent.objects.get(actor=world.adam, action="view")
    assert (event.action, event.summary) == ("view", "audit trail page 1")


def test_queries_do_not_grow_with_the_events_shown(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for i in range(60):
        record(
            None,
            "view",
            make_patient(world.clinic_a) if i % 10 == 0 else world.paula,
            actor=world.alice,
        )
    client = client_for(world.adam)

    with django_assert_max_num_queries(8):
        client.get("/audit/")
