"""Scoring of every instrument against hand-worked examples, with missing items and boundaries."""

from __future__ import annotations

import pytest

from acuback.core.outcomes import (
    InvalidAnswers,
    clean_answers,
    is_complete,
    score_answers,
    score_instrument,
    validate_answers,
)
from acuback.knowledge.instruments import OutcomeCatalogue, load_outcome_catalogue


@pytest.fixture(scope="module")
def cat() -> OutcomeCatalogue:
    return load_outcome_catalogue()


def scores(
    cat: OutcomeCatalogue, instrument: str, answers: dict[str, object]
) -> dict[str, float | None]:
    return score_answers(cat.instrument(instrument), answers)


# Pain NRS: each item is its own score, 0-10, integers only.
def test_pain_items_are_scored_as_given(cat: OutcomeCatalogue) -> None:
    assert scores(cat, "pain_nrs", {"now": "3", "average": 6, "worst": "10"}) == {
        "pain_average": 6.0,
        "pain_now": 3.0,
        "pain_worst": 10.0,
    }


@pytest.mark.parametrize(("value", "ok"), [(0, True), (10, True), (-1, False), (11, False)])
def test_pain_range_boundaries(cat: OutcomeCatalogue, value: int, ok: bool) -> None:
    _clean, problems = clean_answers(cat.instrument("pain_nrs"), {"average": value})

    assert (problems == ()) is ok
    if not ok:
        assert problems[0].item == "average"
        assert problems[0].message == f"must be between 0 and 10 (got {value})"


@pytest.mark.parametrize("value", ["7.5", "seven", True, 7.5])
def test_pain_refuses_what_is_not_a_whole_number(cat: OutcomeCatalogue, value: object) -> None:
    _, problems = clean_answers(cat.instrument("pain_nrs"), {"now": value})

    assert [p.message for p in problems] == ["must be a whole number from 0 to 10"]


def test_a_missing_pain_item_leaves_only_that_score_empty(cat: OutcomeCatalogue) -> None:
    result = score_instrument(cat.instrument("pain_nrs"), {"now": 4, "worst": 8})

    assert result["pain_average"].value is None
    assert result["pain_average"].reason == "no item answered"
    assert result["pain_now"].value == 4.0
    assert not is_complete(result)


# PEG: mean of three, one decimal, rounded half up; all three needed.
@pytest.mark.parametrize(
    ("p", "e", "g", "expected"),
    [
        (5, 6, 6, 5.7),
        (3, 4, 4, 3.7),
        (0, 0, 0, 0.0),
        (10, 10, 10, 10.0),
        (2, 2, 3, 2.3),
        (1, 2, 2, 1.7),
    ],
)
def test_peg_is_the_mean_of_three(
    cat: OutcomeCatalogue, p: int, e: int, g: int, expected: float
) -> None:
    assert scores(cat, "peg", {"p": p, "e": e, "g": g}) == {"peg": expected}


def test_peg_with_an_item_missing_is_not_scored(cat: OutcomeCatalogue) -> None:
    result = score_instrument(cat.instrument("peg"), {"p": 5, "e": 6})

    assert result["peg"].value is None
    assert result["peg"].missing == ("g",)
    assert result["peg"].reason == "1 of 3 items unanswered; at most 0 may be"


# RMDQ: count of ticked statements; unticked = 0.
def test_rmdq_counts_ticked_statements(cat: OutcomeCatalogue) -> None:
    answers = {f"s{i}": True for i in (1, 2, 5, 9, 13, 24)} | {"s3": "no", "s4": False}

    assert scores(cat, "rmdq", answers) == {"rmdq": 6.0}


@pytest.mark.parametrize(("ticked", "expected"), [(0, 0.0), (24, 24.0)])
def test_rmdq_boundaries(cat: OutcomeCatalogue, ticked: int, expected: float) -> None:
    answers = {f"s{i}": True for i in range(1, ticked + 1)}

    assert scores(cat, "rmdq", answers) == {"rmdq": expected}


def test_rmdq_refuses_an_unknown_statement(cat: OutcomeCatalogue) -> None:
    with pytest.raises(InvalidAnswers) as excinfo:
        validate_answers(cat.instrument("rmdq"), {"s25": True})

    assert str(excinfo.value) == "rmdq: item 's25' is not an item of this questionnaire."


# ODI: total / (5 x answered) x 100; one section may be missing.
def test_odi_all_ten_sections(cat: OutcomeCatalogue) -> None:
    answers = {
        f"q{i}": v for i, v in enumerate([2, 1, 3, 2, 1, 2, 1, 0, 2, 2], start=1)
    }  # total 16

    assert scores(cat, "odi", answers) == {"odi": 32.0}


def test_odi_with_one_section_missing_divides_by_45(cat: OutcomeCatalogue) -> None:
    answers = {
        f"q{i}": v for i, v in enumerate([2, 1, 3, 2, 1, 2, 1, 2, 2], start=1)
    }  # q10 missing, total 16

    assert scores(cat, "odi", answers) == {"odi": 35.6}  # 16/45 = 35.56 %


def test_odi_with_two_sections_missing_is_not_scored(cat: OutcomeCatalogue) -> None:
    answers = {f"q{i}": 1 for i in range(1, 9)}

    result = score_instrument(cat.instrument("odi"), answers)

    assert result["odi"].value is None
    assert result["odi"].missing == ("q9", "q10")


@pytest.mark.parametrize(("each", "expected"), [(0, 0.0), (5, 100.0)])
def test_odi_boundaries(cat: OutcomeCatalogue, each: int, expected: float) -> None:
    assert scores(cat, "odi", {f"q{i}": each for i in range(1, 11)}) == {"odi": expected}


def test_odi_refuses_a_value_that_is_not_an_option(cat: OutcomeCatalogue) -> None:
    _, problems = clean_answers(cat.instrument("odi"), {"q1": 6})

    assert problems[0].message == "must be one of 0, 1, 2, 3, 4, 5 (got 6)"


# PSFS: mean of the activities rated; a rating needs its activity.
def test_psfs_mean_of_rated_activities(cat: OutcomeCatalogue) -> None:
    answers = {"activity_1": "Gardening", "rating_1": 3, "activity_2": "Driving", "rating_2": 6}

    assert scores(cat, "psfs", answers) == {"psfs": 4.5}


def test_psfs_one_activity_is_enough(cat: OutcomeCatalogue) -> None:
    assert scores(cat, "psfs", {"activity_1": "Lifting my child", "rating_1": 0}) == {"psfs": 0.0}


def test_psfs_three_activities_rounded_half_up(cat: OutcomeCatalogue) -> None:
    answers = {
        "activity_1": "a",
        "rating_1": 2,
        "activity_2": "b",
        "rating_2": 2,
        "activity_3": "c",
        "rating_3": 3,
    }

    assert scores(cat, "psfs", answers) == {"psfs": 2.3}  # 7/3 = 2.333


def test_psfs_rating_without_activity_is_refused(cat: OutcomeCatalogue) -> None:
    _, problems = clean_answers(cat.instrument("psfs"), {"rating_1": 5})

    assert [(p.item, p.message) for p in problems] == [
        ("rating_1", "needs 'Activity 1' to be filled in first")
    ]


def test_psfs_with_no_rating_is_not_scored(cat: OutcomeCatalogue) -> None:
    result = score_instrument(cat.instrument("psfs"), {"activity_1": "Walking"})

    assert result["psfs"].value is None


# PGIC: one choice, 1 (very much better) to 7 (very much worse).
@pytest.mark.parametrize(("value", "ok"), [(1, True), (7, True), (0, False), (8, False)])
def test_pgic_boundaries(cat: OutcomeCatalogue, value: int, ok: bool) -> None:
    _, problems = clean_answers(cat.instrument("pgic"), {"change": value})

    assert (problems == ()) is ok


def test_pgic_score_is_the_answer(cat: OutcomeCatalogue) -> None:
    assert scores(cat, "pgic", {"change": "2"}) == {"pgic": 2.0}


# PROMIS Global-10: raw sums looked up in the Hays 2009 tables; pain recoded 0-10 -> 5-1.
def test_promis_physical_and_mental_t_scores(cat: OutcomeCatalogue) -> None:
    answers = {
        "global02": 3,
        "global04": 4,
        "global05": 3,
        "global10": 4,  # mental raw 14 -> 48.3
        "global03": 3,
        "global06": 4,
        "global07": 5,
        "global08": 3,  # pain 5 -> 3; physical raw 13 -> 42.3
    }

    assert scores(cat, "promis_gh10", answers) == {"promis_gph": 42.3, "promis_gmh": 48.3}


@pytest.mark.parametrize(
    ("pain", "recoded"), [(0, 5), (1, 4), (3, 4), (4, 3), (6, 3), (7, 2), (9, 2), (10, 1)]
)
def test_promis_pain_recode_boundaries(cat: OutcomeCatalogue, pain: int, recoded: int) -> None:
    table = cat.measure("promis_gph").table
    assert table is not None
    answers = {"global03": 1, "global06": 1, "global08": 1, "global07": pain}

    assert scores(cat, "promis_gh10", answers)["promis_gph"] == table[3 + recoded]


def test_promis_extremes(cat: OutcomeCatalogue) -> None:
    worst = {
        "global02": 1,
        "global04": 1,
        "global05": 1,
        "global10": 1,
        "global03": 1,
        "global06": 1,
        "global07": 10,
        "global08": 1,
    }
    best = {
        "global02": 5,
        "global04": 5,
        "global05": 5,
        "global10": 5,
        "global03": 5,
        "global06": 5,
        "global07": 0,
        "global08": 5,
    }

    assert scores(cat, "promis_gh10", worst) == {"promis_gph": 16.2, "promis_gmh": 21.1}
    assert scores(cat, "promis_gh10", best) == {"promis_gph": 67.7, "promis_gmh": 67.6}


def test_promis_with_one_item_missing_scores_only_the_other_scale(cat: OutcomeCatalogue) -> None:
    answers = {
        "global02": 3,
        "global04": 4,
        "global05": 3,
        "global03": 3,
        "global06": 4,
        "global07": 5,
        "global08": 3,
    }

    result = score_instrument(cat.instrument("promis_gh10"), answers)

    assert result["promis_gmh"].value is None
    assert result["promis_gmh"].missing == ("global10",)
    assert result["promis_gph"].value == 42.3


# Sleep, mood and medicine: single items with their own ranges.
def test_sleep_items(cat: OutcomeCatalogue) -> None:
    assert scores(cat, "sleep", {"disturbance": 6, "nights_woken": 7}) == {
        "sleep_disturbance": 6.0,
        "nights_woken": 7.0,
    }


def test_nights_woken_cannot_exceed_seven(cat: OutcomeCatalogue) -> None:
    _, problems = clean_answers(cat.instrument("sleep"), {"nights_woken": 8})

    assert problems[0].message == "must be between 0 and 7 (got 8)"


def test_mood_item(cat: OutcomeCatalogue) -> None:
    assert scores(cat, "mood", {"low_mood": 0}) == {"mood": 0.0}


def test_medicine_days_scored_and_kinds_kept(cat: OutcomeCatalogue) -> None:
    clean = validate_answers(
        cat.instrument("medicine"), {"days": 3, "kinds": ["opioid", "paracetamol", "opioid"]}
    )

    assert clean == {"days": 3, "kinds": ("opioid", "paracetamol")}
    assert scores(cat, "medicine", {"days": 0}) == {"medicine_days": 0.0}


def test_medicine_refuses_an_unknown_kind(cat: OutcomeCatalogue) -> None:
    _, problems = clean_answers(cat.instrument("medicine"), {"kinds": ["cannabis"]})

    assert problems[0].message == "has an unknown option 'cannabis'"


def test_valid_answers_are_kept_when_another_is_wrong(cat: OutcomeCatalogue) -> None:
    clean, problems = clean_answers(cat.instrument("pain_nrs"), {"now": 4, "average": 12})

    assert clean == {"now": 4}
    assert [p.item for p in problems] == ["average"]


def test_a_text_answer_may_start_with_an_exclamation_mark(cat: OutcomeCatalogue) -> None:
    clean, problems = clean_answers(cat.instrument("psfs"), {"activity_1": "!Run", "rating_1": 4})

    assert problems == ()
    assert clean["activity_1"] == "!Run"
