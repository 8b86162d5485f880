"""Visits are numbered within an episode; a visit opens an episode when none is open."""

from __future__ import annotations

import datetime as dt

from acuback.web.audit.models import AuditEvent
from acuback.web.care.models import Episode
from acuback.web.care.services import end_episode, open_episode, record_visit
from tests.web.charting.builders import assess_patient
from tests.web.conftest import World


def test_the_first_visit_opens_an_episode_from_the_latest_assessment(world: World) -> None:
    assessment = assess_patient(world.paula)

    visit = record_visit(world.paula, world.alice)

    episode = visit.episode
    assert (visit.number, episode.patient, episode.practitioner) == (1, world.paula, world.alice)
    assert (episode.assessment, episode.region, episode.duration_class) == (
        assessment,
        "lower_back",
        assessment.duration_class,
    )
    assert [e.summary for e in AuditEvent.objects.order_by("pk")] == ["episode started", "visit 1"]


def test_later_visits_join_the_open_episode_with_the_next_number(world: World) -> None:
    first = record_visit(world.paula, world.alice)

    second = record_visit(world.paula, world.alice)

    assert (second.episode, second.number) == (first.episode, 2)
    assert Episode.objects.count() == 1


def test_after_an_episode_ends_the_next_visit_starts_a_new_one(world: World) -> None:
    first = record_visit(world.paula, world.alice)
    end_episode(first.episode, on=dt.date(2030, 1, 1), by=world.alice)

    again = record_visit(world.paula, world.alice)

    assert again.episode != first.episode
    assert again.number == 1
    assert open_episode(world.paula) == again.episode
