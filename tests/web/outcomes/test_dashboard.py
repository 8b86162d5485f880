"""The clinic outcomes dashboard: responder rates by group with Wilson intervals, at risk,
completeness and the trials beside them; filters; access; a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from acuback.web.outcomes.dashboard import DashboardFilters, build_dashboard
from tests.factories import make_patient, make_user
from tests.web.conftest import client_for
from tests.web.outcomes.conftest import answer, make_episode


def pain(now: int, average: int, worst: int) -> dict[str, dict[str, object]]:
    return {"pain_nrs": {"now": now, "average": average, "worst": worst}}


@pytest.fixture
def clinic_data(world: Any) -> dict[str, Any]:
    """Six episodes at risk for week 12: 4 followed up (3 responders), 2 without a follow-up."""
    carl = make_user(world.clinic_a, "practitioner", "carl")
    started = timezone.localdate() - dt.timedelta(weeks=13)
    alice = world.alice
    outcomes = [(alice, 8, 4), (alice, 6, 4), (alice, 5, 4), (carl, 7, 3)]
    for practitioner, before, after in outcomes:
        episode = make_episode(
            make_patient(world.clinic_a), practitioner, started=started, pattern="kidney_yang"
        )
        answer(episode, "baseline", pain(before, before, before))
        answer(episode, "follow_up", pain(after, after, after), week=12)
    for _ in range(2):
        make_episode(make_patient(world.clinic_a), carl, started=started, pattern="cold_damp")
    make_episode(
        make_patient(world.clinic_a), carl, started=timezone.localdate() - dt.timedelta(weeks=2)
    )  # not due
    return {"carl": carl}


def test_overall_rate_with_wilson_interval_and_completeness(world: Any, clinic_data: Any) -> None:
    board = build_dashboard(world.clinic_a, DashboardFilters(rule="pain_30pct_or_2pt", week=12))

    overall = board.overall
    assert (overall.due, overall.judged, overall.responders) == (6, 4, 3)
    assert overall.rate == 0.75
    assert overall.low == pytest.approx(0.3006, abs=1e-4)
    assert overall.high == pytest.approx(0.9544, abs=1e-4)
    assert overall.completeness == pytest.approx(4 / 6)
    assert overall.worst_case == 0.5


def test_rates_by_pattern_and_practitioner(world: Any, clinic_data: Any) -> None:
    names = {world.alice.pk: "Alice", clinic_data["carl"].pk: "Carl"}
    board = build_dashboard(
        world.clinic_a,
        DashboardFilters(rule="pain_30pct_or_2pt", week=12),
        practitioner_names=names,
    )

    tables = {
        t.key: {r.label: (r.rate.due, r.rate.judged, r.rate.responders) for r in t.rows}
        for t in board.groups
    }
    assert tables["pattern"] == {"cold damp": (2, 0, 0), "kidney yang": (4, 4, 3)}
    assert tables["practitioner"] == {"Alice": (3, 3, 2), "Carl": (3, 1, 1)}
    assert tables["classification"] == {"chronic": (6, 4, 3)}


def test_filter_by_practitioner(world: Any, clinic_data: Any) -> None:
    board = build_dashboard(
        world.clinic_a,
        DashboardFilters(rule="pain_30pct_or_2pt", week=12, practitioner_id=world.alice.pk),
    )

    assert (board.overall.due, board.overall.judged, board.overall.responders) == (3, 3, 2)


def test_filter_by_date_range_leaves_nothing_outside_it(world: Any, clinic_data: Any) -> None:
    later = timezone.localdate() - dt.timedelta(weeks=12)
    board = build_dashboard(
        world.clinic_a, DashboardFilters(rule="pain_30pct_or_2pt", week=12, started_from=later)
    )

    assert (board.overall.due, board.overall.judged) == (0, 0)


def test_trials_are_shown_beside_the_clinic(world: Any, clinic_data: Any) -> None:
    board = build_dashboard(world.clinic_a, DashboardFilters(rule="pain_30pct_or_2pt", week=12))

    rows = {row.trial.id: row for row in board.trials}
    assert rows["gerac"].week == 26
    assert rows["cherkin"].week == 12
    art = rows["art"]
    assert art.mean is not None
    assert (art.mean.n, art.mean.mean) == (4, -2.75)  # changes -4, -2, -1, -4


def test_the_page_shows_the_figures_and_says_definitions_differ(
    world: Any, clinic_data: Any
) -> None:
    response = client_for(world.alice).get(
        reverse("outcomes:dashboard"), {"rule": "pain_30pct_or_2pt", "week": 12}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "75.0 %" in page
    assert "[30.1 %–95.4 %]" in page
    assert "GERAC (Haake 2007)" in page
    assert "47.6 %" in page
    assert "Definitions differ" in page
    assert "Ostelo" in page


def test_a_bad_filter_is_refused_with_a_reason(world: Any) -> None:
    response = client_for(world.alice).get(
        reverse("outcomes:dashboard"),
        {
            "rule": "pain_30pct_or_2pt",
            "week": 12,
            "started_from": "2026-05-01",
            "started_to": "2026-01-01",
        },
    )

    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()


@pytest.mark.parametrize("who", ["fiona", "paula_user"])
def test_non_clinicians_are_refused(world: Any, who: str) -> None:
    response = client_for(getattr(world, who)).get(reverse("outcomes:dashboard"))

    assert response.status_code == 403


def test_another_clinic_sees_none_of_it(world: Any, clinic_data: Any) -> None:
    response = client_for(world.bruno).get(reverse("outcomes:dashboard"))

    assert response.status_code == 200
    assert "Carl" not in response.content.decode()


def test_queries_are_a_fixed_number(
    world: Any, clinic_data: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.alice)

    with django_assert_max_num_queries(12):
        client.get(reverse("outcomes:dashboard"))


def test_a_changed_episode_pattern_moves_its_results_to_the_new_group(
    world: Any, clinic_data: Any
) -> None:
    from acuback.web.care.models import Episode

    episode = Episode.objects.filter(pattern="kidney_yang").first()
    assert episode is not None
    episode.pattern = "blood_stasis"
    episode.save()

    board = build_dashboard(world.clinic_a, DashboardFilters(rule="pain_30pct_or_2pt", week=12))

    tables = {t.key: {r.label: (r.rate.due, r.rate.judged) for r in t.rows} for t in board.groups}
    assert tables["pattern"] == {"blood stasis": (1, 1), "cold damp": (2, 0), "kidney yang": (3, 3)}
