"""The review page: dates written as in the rest of the app, and the many "No" answers condensed to one
line per section, while Yes and Not sure answers are shown one by one."""

from __future__ import annotations

from django.utils.html import escape

from acuback.web.intake import questions as q
from acuback.web.intake.forms import PREGNANCY_RED_FLAGS
from acuback.web.intake.models import IntakeForm
from tests.web.conftest import World, client_for
from tests.web.portal.conftest import ALL_RED_FLAGS, fill_questionnaire


def _section(response, slug: str) -> dict:
    return next(s for s in response.context["sections"] if s["step"].slug == slug)


def test_the_onset_date_is_written_day_month_year(world: World, draft: IntakeForm) -> None:
    patient = client_for(world.paula_user)
    fill_questionnaire(patient, draft)
    patient.post(
        f"/portal/questionnaire/{draft.pk}/step/onset/",
        {"date": "2025-09-11", "how": "lifting", "sudden": "yes", "nav": "next"},
    )

    page = patient.get(f"/portal/questionnaire/{draft.pk}/review/").content.decode()

    assert "<dd>11 September 2025</dd>" in page
    assert "Sept. 11, 2025" not in page


def test_no_answers_are_one_line_per_section_and_yes_answers_stay_single(
    world: World, draft: IntakeForm
) -> None:
    patient = client_for(world.paula_user)
    fill_questionnaire(patient, draft, unexplained_weight_loss="yes")

    response = patient.get(f"/portal/questionnaire/{draft.pk}/review/")

    page = response.content.decode()
    safety = _section(response, "safety")
    assert len(safety["answered_no"]) == len(ALL_RED_FLAGS) - 1 - len(PREGNANCY_RED_FLAGS)
    weight_loss = str(q.QUESTIONS["red_flags.unexplained_weight_loss"])
    assert weight_loss not in safety["answered_no"]
    assert (weight_loss, "Yes") in safety["rows"]
    assert f"<dt>{escape(weight_loss)}</dt><dd>Yes</dd>" in page
    for question in safety["answered_no"]:
        assert f"<dt>{escape(question)}</dt>" not in page
    assert page.count("You answered No to:") == 5  # about, spreading, treatments, health, safety
    spreading = _section(response, "spreading")
    assert spreading["answered_no"] == [str(q.QUESTIONS["radiation.numbness"])]
    assert (str(q.QUESTIONS["radiation.tingling"]), "Not sure") in spreading["rows"]
