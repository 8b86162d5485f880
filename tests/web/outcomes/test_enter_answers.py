"""The practitioner enters a questionnaire at the visit, including licensed paper forms."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from acuback.web.outcomes.models import OutcomeScore, QuestionnaireResponse
from tests.web.conftest import client_for


def test_choosing_a_follow_up_without_a_week_is_refused(world: Any, episode: Any) -> None:
    url = reverse("outcomes:enter", args=[world.paula.pk])

    response = client_for(world.alice).get(url, {"episode": episode.pk, "kind": "follow_up"})

    assert "Choose the follow-up week." in response.content.decode()


def test_structure_only_questionnaires_are_offered_to_staff_with_a_licence_note(
    world: Any, episode: Any
) -> None:
    url = reverse("outcomes:enter", args=[world.paula.pk])

    page = (
        client_for(world.alice)
        .get(url, {"episode": episode.pk, "kind": "baseline"})
        .content.decode()
    )

    assert "Roland-Morris Disability Questionnaire" in page
    assert "Statement 24" in page
    assert "Acuback does not include the wording of this questionnaire" in page


def test_the_practitioner_enters_an_rmdq_and_odi_from_paper(world: Any, episode: Any) -> None:
    url = reverse("outcomes:enter", args=[world.paula.pk]) + f"?episode={episode.pk}&kind=baseline"
    post = (
        {f"rmdq__s{i}": "on" for i in range(1, 13)}
        | {f"odi__q{i}": "2" for i in range(1, 10)}
        | {"action": "draft"}
    )

    response = client_for(world.alice).post(url, post)

    assert response.status_code == 200
    assert QuestionnaireResponse.objects.get(instrument="rmdq").entered_by == world.alice
    scores = dict(OutcomeScore.objects.filter(episode=episode).values_list("measure", "value"))
    assert scores == {"rmdq": 12.0, "odi": 40.0}


def test_front_desk_may_not_enter_answers(world: Any, episode: Any) -> None:
    response = client_for(world.fiona).get(reverse("outcomes:enter", args=[world.paula.pk]))

    assert response.status_code == 403
