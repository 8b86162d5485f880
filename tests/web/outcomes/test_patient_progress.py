"""The practitioner's view of a patient's outcomes: charts with visits, change, responder status."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from acuback.web.audit.models import AuditEvent
from tests.web.conftest import client_for
from tests.web.outcomes.conftest import BASELINE, WEEK_12, answer, make_episode, make_visits


def test_practitioner_sees_charts_change_and_responder_status(world: Any, episode: Any) -> None:
    make_visits(episode, 6)
    answer(episode, "baseline", BASELINE)
    answer(episode, "follow_up", WEEK_12, week=12)

    response = client_for(world.alice).get(reverse("outcomes:patient", args=[world.paula.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<svg") == 9  # one chart per measure answered (PGIC at follow-up only)
    assert "Average pain (last 7 days)" in page
    assert "−4.0" in page  # 8 -> 4
    assert "Pain better by 30 % or 2 points" in page
    assert "✓ Responder" in page
    assert page.count("<title>Visit ") == 6 * 9  # every visit marked on every chart
    assert "<script" not in page.split("<main")[1]
    assert (
        AuditEvent.objects.filter(
            patient=world.paula, action="view", summary="outcome progress"
        ).count()
        == 1
    )


def test_a_patient_of_another_clinic_is_not_found(world: Any) -> None:
    response = client_for(world.bruno).get(reverse("outcomes:patient", args=[world.paula.pk]))

    assert response.status_code == 404


def test_front_desk_may_not_see_clinical_outcomes(world: Any) -> None:
    response = client_for(world.fiona).get(reverse("outcomes:patient", args=[world.paula.pk]))

    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="denied", patient=world.paula).count() == 1


def test_queries_do_not_grow_with_episodes_and_visits(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        episode = make_episode(world.paula, world.alice)
        make_visits(episode, 8)
        answer(episode, "baseline", BASELINE)
        answer(episode, "follow_up", WEEK_12, week=12)
    client = client_for(world.alice)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("outcomes:patient", args=[world.paula.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["alice", "adam"])
def test_clinicians_can_open_the_page(world: Any, who: str) -> None:
    response = client_for(getattr(world, who)).get(
        reverse("outcomes:patient", args=[world.paula.pk])
    )

    assert response.status_code == 200
