"""Ending an episode from the chart: the practitioner of the clinic only, a valid day only, audited,
and nothing changed when refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from acuback.web.audit.models import AuditEvent
from acuback.web.care.models import Episode
from acuback.web.care.services import record_visit
from tests.web.conftest import World, client_for


@pytest.fixture
def episode(world: World) -> Episode:
    visit = record_visit(world.paula, world.alice, at=timezone.now() - dt.timedelta(days=10))
    return visit.episode


def _end(user, episode: Episode, day: object):
    return client_for(user).post(
        f"/care/episodes/{episode.pk}/end/", {"ended_on": str(day)}, follow=True
    )


def test_the_practitioner_ends_the_episode_and_it_is_audited(
    world: World, episode: Episode
) -> None:
    today = timezone.localdate()

    response = _end(world.alice, episode, today)

    episode.refresh_from_db()
    assert episode.ended_on == today
    assert response.redirect_chain[-1][0] == f"/workspace/patients/{world.paula.pk}/#care"
    assert f"Episode ended on {today.isoformat()}" in response.content.decode()
    assert AuditEvent.objects.filter(summary="episode ended", actor=world.alice).exists()
    # The chart no longer offers to end it; the next visit opens a new episode.
    assert "End this episode" not in response.content.decode()
    assert record_visit(world.paula, world.alice).episode != episode


@pytest.mark.parametrize(
    ("days", "why"),
    [
        (-30, "cannot end before that"),
        (-5, "cannot end before it"),  # after the start, before the last visit
        (1, "a day still to come"),
    ],
)
def test_an_impossible_day_is_refused_with_the_reason(
    world: World, episode: Episode, days: int, why: str
) -> None:
    visit_day = timezone.localdate() - dt.timedelta(days=10)
    Episode.objects.filter(pk=episode.pk).update(started_on=visit_day - dt.timedelta(days=10))
    record_visit(world.paula, world.alice, at=timezone.now() - dt.timedelta(days=2))
    day = timezone.localdate() + dt.timedelta(days=days)

    response = _end(world.alice, episode, day)

    episode.refresh_from_db()
    assert episode.ended_on is None
    assert "The episode was not ended" in response.content.decode()
    assert why in response.content.decode()


def test_a_date_that_is_not_a_date_is_refused(world: World, episode: Episode) -> None:
    response = _end(world.alice, episode, "next tuesday")

    episode.refresh_from_db()
    assert episode.ended_on is None
    assert "Enter a valid date" in response.content.decode()


def test_an_ended_episode_is_not_ended_again(world: World, episode: Episode) -> None:
    first = timezone.localdate() - dt.timedelta(days=1)
    _end(world.alice, episode, first)

    response = _end(world.alice, episode, timezone.localdate())

    episode.refresh_from_db()
    assert episode.ended_on == first
    assert "already ended" in response.content.decode()


def test_only_a_practitioner_of_the_clinic_may_end_it(world: World, episode: Episode) -> None:
    today = timezone.localdate()
    for user, status in [(world.fiona, 403), (world.adam, 403), (world.bruno, 404)]:
        response = client_for(user).post(
            f"/care/episodes/{episode.pk}/end/", {"ended_on": str(today)}
        )
        assert response.status_code == status, user
    assert client_for(world.alice).get(f"/care/episodes/{episode.pk}/end/").status_code == 405
    assert client_for(world.alice).post("/care/episodes/999999/end/").status_code == 404
    episode.refresh_from_db()
    assert episode.ended_on is None
