"""The questionnaire behind a one-time link: no login, validated like every input, single use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acuback.web.audit.models import AuditEvent
from acuback.web.outcomes import services
from acuback.web.outcomes.links import issue_link
from acuback.web.outcomes.models import OutcomeScore, QuestionnaireResponse
from tests.web.outcomes.conftest import BASELINE, answer

FULL_POST = {
    "pain_nrs__now": "3",
    "pain_nrs__average": "4",
    "pain_nrs__worst": "5",
    "psfs__activity_1": "Gardening",
    "psfs__rating_1": "6",
    "pgic__change": "2",
    "sleep__disturbance": "2",
    "sleep__nights_woken": "1",
    "mood__low_mood": "2",
    "medicine__days": "1",
    "medicine__kinds": ["paracetamol"],
    "action": "submit",
}


def follow_up_link(episode: Any, week: int = 12, days: int = 14) -> tuple[Any, str]:
    req = services.get_or_create_request(episode, "follow_up", week=week)
    return req, issue_link(req, days=days)


def test_it_shows_the_questionnaire_without_login(episode: Any) -> None:
    _, token = follow_up_link(episode)

    response = Client().get(reverse("outcomes:link", args=[token]))

    assert response.status_code == 200
    assert "How strong is your back pain right now?" in response.content.decode()
    assert "Week 12 follow-up" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_it_hides_licensed_questionnaires_the_clinic_has_not_pasted(episode: Any) -> None:
    _, token = follow_up_link(episode)

    page = Client().get(reverse("outcomes:link", args=[token])).content.decode()

    assert "Roland-Morris" not in page
    assert "Oswestry" not in page
    assert "Patient-Specific Functional Scale" in page


def test_a_complete_submission_is_scored_and_uses_up_the_link(episode: Any) -> None:
    answer(episode, "baseline", BASELINE)
    req, token = follow_up_link(episode)

    response = Client().post(reverse("outcomes:link", args=[token]), FULL_POST)

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    req.refresh_from_db()
    assert req.used_at is not None
    assert QuestionnaireResponse.objects.filter(request=req, status="complete").count() == 6
    scores = dict(
        OutcomeScore.objects.filter(episode=episode, kind="follow_up").values_list(
            "measure", "value"
        )
    )
    assert scores["pain_average"] == 4.0
    assert scores["psfs"] == 6.0
    assert scores["pgic"] == 2.0
    assert episode.outcome_results.get(rule="pain_30pct_or_2pt", week=12).responder is True
    assert (
        AuditEvent.objects.filter(patient=episode.patient, via="link", action="create").count() == 1
    )


def test_a_reused_link_is_refused_with_a_clear_page(episode: Any) -> None:
    _, token = follow_up_link(episode)
    Client().post(reverse("outcomes:link", args=[token]), FULL_POST)

    response = Client().get(reverse("outcomes:link", args=[token]))

    assert response.status_code == 410
    assert "This questionnaire has already been completed" in response.content.decode()
    assert 'data-refusal="used"' in response.content.decode()


def test_an_expired_link_is_refused_with_a_clear_page(episode: Any) -> None:
    req, token = follow_up_link(episode)
    req.expires_at = timezone.now() - dt.timedelta(minutes=1)
    req.save()

    response = Client().post(reverse("outcomes:link", args=[token]), FULL_POST)

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert not QuestionnaireResponse.objects.filter(request=req).exists()


def test_a_tampered_link_is_refused(episode: Any) -> None:
    _, token = follow_up_link(episode)

    response = Client().get(reverse("outcomes:link", args=[token[:-2] + "xx"]))

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_a_new_link_replaces_the_old_one(episode: Any) -> None:
    req, old = follow_up_link(episode)
    issue_link(req)

    response = Client().get(reverse("outcomes:link", args=[old]))

    assert response.status_code == 404


def test_an_out_of_range_answer_gets_a_clear_message_and_nothing_is_lost(episode: Any) -> None:
    req, token = follow_up_link(episode)
    post = {**FULL_POST, "pain_nrs__average": "11"}

    response = Client().post(reverse("outcomes:link", args=[token]), post)

    assert response.status_code == 422
    assert "must be between 0 and 10 (got 11)" in response.content.decode()
    saved = QuestionnaireResponse.objects.get(request=req, instrument="pain_nrs")
    assert saved.status == "draft"
    assert saved.answers == {"now": 3, "worst": 5}
    assert QuestionnaireResponse.objects.get(request=req, instrument="pgic").status == "complete"
    req.refresh_from_db()
    assert req.used_at is None


def test_a_partial_questionnaire_is_kept_as_a_draft_and_the_link_still_works(episode: Any) -> None:
    req, token = follow_up_link(episode)

    response = Client().post(
        reverse("outcomes:link", args=[token]), {"pain_nrs__now": "4", "action": "draft"}
    )

    assert response.status_code == 200
    assert "Saved as a draft" in response.content.decode()
    assert QuestionnaireResponse.objects.get(request=req, instrument="pain_nrs").status == "draft"
    again = Client().get(reverse("outcomes:link", args=[token]))
    assert again.status_code == 200
    assert 'value="4" id="id_pain_nrs__now_4" checked' in again.content.decode()


def test_follow_up_asks_again_about_the_baseline_activities(episode: Any) -> None:
    answer(episode, "baseline", BASELINE)
    _, token = follow_up_link(episode)

    page = Client().get(reverse("outcomes:link", args=[token])).content.decode()

    assert 'value="Gardening"' in page
