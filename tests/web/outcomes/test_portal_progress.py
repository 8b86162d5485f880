"""The patient's own progress in the portal, and filling in an open questionnaire there."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from acuback.web.outcomes import services
from acuback.web.outcomes.models import QuestionnaireResponse
from tests.web.conftest import client_for
from tests.web.outcomes.conftest import BASELINE, WEEK_12, answer


def test_the_patient_sees_their_own_charts(world: Any, episode: Any) -> None:
    answer(episode, "baseline", BASELINE)
    answer(episode, "follow_up", WEEK_12, week=12)

    response = client_for(world.paula_user).get(reverse("outcomes:mine"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "My progress" in page
    assert "<svg" in page
    assert "✓ Met" in page


def test_staff_have_no_portal_page(world: Any) -> None:
    response = client_for(world.alice).get(reverse("outcomes:mine"))

    assert response.status_code == 403


def test_the_patient_fills_an_open_questionnaire_in_the_portal(world: Any, episode: Any) -> None:
    req = services.get_or_create_request(episode, "follow_up", week=4)
    client = client_for(world.paula_user)
    assert (
        f'href="/outcomes/mine/{req.pk}/"' in client.get(reverse("outcomes:mine")).content.decode()
    )

    response = client.post(
        reverse("outcomes:mine_fill", args=[req.pk]),
        {
            "pain_nrs__now": "2",
            "pain_nrs__average": "3",
            "pain_nrs__worst": "4",
            "pgic__change": "3",
            "sleep__disturbance": "1",
            "sleep__nights_woken": "0",
            "mood__low_mood": "1",
            "medicine__days": "0",
            "psfs__activity_1": "Walking",
            "psfs__rating_1": "7",
        },
    )

    assert response.status_code == 302
    assert (
        QuestionnaireResponse.objects.filter(request=req, via="portal", status="complete").count()
        == 6
    )


def test_a_patient_cannot_open_another_patients_questionnaire(world: Any) -> None:
    from tests.web.outcomes.conftest import make_episode

    other = make_episode(world.patient_b, world.bruno)
    req = services.get_or_create_request(other, "follow_up", week=4)

    response = client_for(world.paula_user).get(reverse("outcomes:mine_fill", args=[req.pk]))

    assert response.status_code == 404
