"""Each step form reads its part of the saved answers and writes back what the core expects."""

from __future__ import annotations

from acuback.web.intake.forms import (
    AboutForm,
    GeneralForm,
    IntensityForm,
    OnsetForm,
    RedFlagsForm,
    SpreadingForm,
    TreatmentsForm,
    WhereForm,
    cells_to_sites,
    sites_to_cells,
)


def test_left_and_right_of_a_region_are_stored_as_both() -> None:
    sites = cells_to_sites(["knee:right", "lower_back:central", "knee:left", "neck:left"])

    assert sites == [
        {"region": "neck", "side": "left"},
        {"region": "lower_back", "side": "central"},
        {"region": "knee", "side": "both"},
    ]
    assert sorted(sites_to_cells(sites)) == [
        "knee:left",
        "knee:right",
        "lower_back:central",
        "neck:left",
    ]


def test_the_where_form_round_trips() -> None:
    form = WhereForm({"sites": ["buttock:left", "buttock:right", "sacral:central"]}, answers={})

    assert form.is_valid()
    assert form.to_answers() == {
        "pain_sites": [
            {"region": "sacral", "side": "central"},
            {"region": "buttock", "side": "both"},
        ]
    }
    assert WhereForm(answers=form.to_answers()).summary() == (
        [("Where does it hurt?", "Base of the spine (sacrum) (middle); Buttock (left, right)")],
        0,
    )


def test_an_unknown_site_is_refused() -> None:
    form = WhereForm({"sites": ["tail:left"]}, answers={})

    assert not form.is_valid()
    assert form.errors["sites"] == [
        "Select a valid choice. tail:left is not one of the available choices."
    ]


def test_scores_are_stored_as_numbers_and_blank_is_left_out() -> None:
    form = IntensityForm({"now": "0", "worst": "9"}, answers={})

    assert form.is_valid()
    assert form.to_answers() == {"intensity": {"now": 0, "worst": 9}}
    assert IntensityForm(answers=form.to_answers()).initial == {"now": "0", "worst": "9"}


def test_not_sure_is_stored_as_unknown_and_unanswered_is_left_out() -> None:
    form = SpreadingForm({"areas": ["calf"], "numbness": "unknown", "side": ""}, answers={})

    assert form.is_valid()
    assert form.to_answers() == {"radiation": {"areas": ["calf"], "numbness": "unknown"}}


def test_treatments_and_medicines_split_into_the_intake_fields() -> None:
    form = TreatmentsForm(
        {
            "treatments": ["massage", "acupuncture"],
            "other_treatments": "tai chi\n\n  yoga  ",
            "opioid": "no",
            "other_medicines": "metformin 500 mg",
        },
        answers={},
    )

    assert form.is_valid()
    answers = form.to_answers()
    assert answers == {
        "treatments_tried": ["massage", "acupuncture", "tai chi", "yoga"],
        "medicines": {"opioid": "no", "other": ["metformin 500 mg"]},
    }
    again = TreatmentsForm(answers=answers)
    assert (again.initial["treatments"], again.initial["other_treatments"]) == (
        ["massage", "acupuncture"],
        "tai chi\nyoga",
    )


def test_the_onset_date_is_stored_as_an_iso_date_and_shown_in_words() -> None:
    form = OnsetForm({"date": "2026-03-04", "how": "fall"}, answers={})

    assert form.is_valid()
    assert form.to_answers() == {"onset": {"date": "2026-03-04", "how": "fall"}}
    assert OnsetForm(answers=form.to_answers()).summary()[0][0] == (
        "When did this bout of pain start?",
        "4 March 2026",
    )


def test_pregnancy_questions_are_not_put_to_someone_who_cannot_be_pregnant() -> None:
    assert "vaginal_bleeding" not in RedFlagsForm(answers={"pregnant": "no"}).fields
    assert "vaginal_bleeding" in RedFlagsForm(answers={"pregnant": "unknown"}).fields
    assert "painful_periods" not in GeneralForm(answers={"sex": "male"}).fields


def test_the_age_offered_from_the_record_gives_way_to_the_saved_one() -> None:
    assert AboutForm(answers={}, defaults={"age": 46}).initial == {"age": 46}
    assert AboutForm(answers={"age": 47}, defaults={"age": 46}).initial == {"age": 47}
