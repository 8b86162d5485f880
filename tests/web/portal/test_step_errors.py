"""Bad input on a step shows the field error, keeps what was typed, and loses nothing saved before."""

from __future__ import annotations

import datetime as dt

from acuback.web.intake.models import IntakeForm
from tests.web.conftest import World, client_for
from tests.web.portal.conftest import step_posts


def test_a_bad_age_shows_the_field_error_and_keeps_earlier_answers(
    world: World, draft: IntakeForm
) -> None:
    client = client_for(world.paula_user)
    posts = step_posts()
    for slug in ("where", "intensity"):
        client.post(
            f"/portal/questionnaire/{draft.pk}/step/{slug}/", {**posts[slug], "nav": "next"}
        )

    response = client.post(
        f"/portal/questionnaire/{draft.pk}/step/about/",
        {"age": "230", "sex": "female", "pregnant": "no", "nav": "next"},
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "Ensure this value is less than or equal to 120." in body
    assert 'name="age" value="230"' in body
    assert '<input type="radio" name="sex" value="female" id="id_sex_0" checked>' in body
    assert '<span class="field-error" id="id_age_error">' in body
    draft.refresh_from_db()
    assert draft.answers == {
        "pain_sites": [
            {"region": "lower_back", "side": "left"},
            {"region": "lower_back", "side": "central"},
            {"region": "buttock", "side": "left"},
        ],
        "intensity": {"now": 4, "average": 5, "worst": 7},
    }


def test_a_tampered_score_is_refused_with_the_field_named(world: World, draft: IntakeForm) -> None:
    client = client_for(world.paula_user)
    client.post(f"/portal/questionnaire/{draft.pk}/step/intensity/", {"now": "3", "nav": "next"})

    response = client.post(
        f"/portal/questionnaire/{draft.pk}/step/intensity/", {"now": "14", "nav": "next"}
    )

    assert response.status_code == 422
    assert (
        "Select a valid choice. 14 is not one of the available choices."
        in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.answers == {"intensity": {"now": 3}}


def test_an_onset_in_the_future_is_refused(world: World, draft: IntakeForm) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=2)

    response = client_for(world.paula_user).post(
        f"/portal/questionnaire/{draft.pk}/step/onset/",
        {"date": tomorrow.isoformat(), "nav": "next"},
    )

    assert response.status_code == 422
    assert "The date cannot be in the future." in response.content.decode()


def test_pregnancy_weeks_need_a_yes_to_pregnancy(world: World, draft: IntakeForm) -> None:
    response = client_for(world.paula_user).post(
        f"/portal/questionnaire/{draft.pk}/step/about/",
        {"age": "30", "pregnant": "unknown", "pregnancy_weeks": "20", "nav": "next"},
    )

    assert response.status_code == 422
    assert (
        "Please leave the weeks empty unless you answered Yes to being pregnant."
        in response.content.decode()
    )


def test_every_important_question_needs_an_answer_and_not_sure_is_one(
    world: World, draft: IntakeForm
) -> None:
    client = client_for(world.paula_user)
    answers = step_posts()["safety"]
    del answers["saddle_numbness"]

    missing = client.post(
        f"/portal/questionnaire/{draft.pk}/step/safety/", {**answers, "nav": "next"}
    )
    not_sure = client.post(
        f"/portal/questionnaire/{draft.pk}/step/safety/",
        {**answers, "saddle_numbness": "unknown", "nav": "next"},
    )

    assert missing.status_code == 422
    assert missing.content.decode().count("Please choose Yes, No or Not sure.") == 1
    assert not_sure.status_code == 302
    draft.refresh_from_db()
    assert draft.answers["red_flags"]["saddle_numbness"] == "unknown"


def test_an_overlong_medicine_line_is_refused(world: World, draft: IntakeForm) -> None:
    response = client_for(world.paula_user).post(
        f"/portal/questionnaire/{draft.pk}/step/treatments/",
        {"other_medicines": "ok\n" + "x" * 201, "nav": "next"},
    )

    assert response.status_code == 422
    assert "Line 2 is longer than 200 characters" in response.content.decode()


def test_submitting_without_an_age_sends_the_patient_back_to_the_first_step(
    world: World, draft: IntakeForm
) -> None:
    client = client_for(world.paula_user)
    client.post(f"/portal/questionnaire/{draft.pk}/step/intensity/", {"now": "3", "nav": "next"})

    response = client.post(f"/portal/questionnaire/{draft.pk}/submit/")

    body = response.content.decode()
    assert response.status_code == 422
    assert "How old are you?: Please answer this question." in body
    assert f'href="/portal/questionnaire/{draft.pk}/step/about/?return=review&amp;check=1"' in body
    draft.refresh_from_db()
    assert (draft.status, draft.answers) == ("draft", {"intensity": {"now": 3}})
    checked = client.get(
        f"/portal/questionnaire/{draft.pk}/step/about/?return=review&check=1"
    ).content.decode()
    assert "How old are you?: Please answer this question." in checked
