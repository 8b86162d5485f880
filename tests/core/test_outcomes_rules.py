"""Responder rules tested at their thresholds, change from baseline and the MIC band."""

from __future__ import annotations

from fractions import Fraction

import pytest

from acuback.core.outcomes import round_half_up
from acuback.core.outcomes_rules import change_between, evaluate_rule, mic_band
from acuback.knowledge.instruments import OutcomeCatalogue, load_outcome_catalogue


@pytest.fixture(scope="module")
def cat() -> OutcomeCatalogue:
    return load_outcome_catalogue()


def judge(
    cat: OutcomeCatalogue, rule: str, baseline: dict[str, float], follow_up: dict[str, float]
) -> bool | None:
    return evaluate_rule(cat.rule(rule), cat.measures, baseline, follow_up).responder


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (10, 7, True),  # exactly 30 % (and 3 points)
        (10, 7.1, True),  # 2.9 points: the 2-point criterion
        (8, 6, True),  # exactly 2 points (25 %)
        (8, 6.1, False),  # 1.9 points, 23.75 %
        (3, 2, True),  # 1 point but 33 %
        (5, 3.5, True),  # exactly 30 % (1.5 points)
        (5, 3.6, False),  # 28 %, 1.4 points
        (4, 5, False),  # worse
        (0, 0, False),  # nothing to improve
    ],
)
def test_pain_30_percent_or_2_points(
    cat: OutcomeCatalogue, before: float, after: float, expected: bool
) -> None:
    assert (
        judge(cat, "pain_30pct_or_2pt", {"pain_average": before}, {"pain_average": after})
        is expected
    )


@pytest.mark.parametrize(
    ("before", "after", "expected"), [(12, 7, True), (12, 8, False), (5, 0, True), (4, 0, False)]
)
def test_rmdq_5_points(cat: OutcomeCatalogue, before: float, after: float, expected: bool) -> None:
    assert judge(cat, "rmdq_5pt", {"rmdq": before}, {"rmdq": after}) is expected


@pytest.mark.parametrize(
    ("before", "after", "expected"), [(40, 30, True), (40, 30.1, False), (35.6, 25.6, True)]
)
def test_odi_10_points(cat: OutcomeCatalogue, before: float, after: float, expected: bool) -> None:
    assert judge(cat, "odi_10pt", {"odi": before}, {"odi": after}) is expected


@pytest.mark.parametrize(
    ("before", "after", "expected"), [(3.0, 4.4, True), (3.0, 4.3, False), (5.5, 6.9, True)]
)
def test_psfs_higher_is_better(
    cat: OutcomeCatalogue, before: float, after: float, expected: bool
) -> None:
    assert judge(cat, "psfs_1_4pt", {"psfs": before}, {"psfs": after}) is expected


@pytest.mark.parametrize(("after", "expected"), [(1, True), (2, True), (3, False), (7, False)])
def test_pgic_much_better_needs_no_baseline(
    cat: OutcomeCatalogue, after: float, expected: bool
) -> None:
    assert judge(cat, "pgic_much_better", {}, {"pgic": after}) is expected


@pytest.mark.parametrize(("before", "after", "expected"), [(6.0, 4.2, True), (6.0, 4.3, False)])
def test_peg_30_percent(cat: OutcomeCatalogue, before: float, after: float, expected: bool) -> None:
    assert judge(cat, "peg_30pct", {"peg": before}, {"peg": after}) is expected


@pytest.mark.parametrize(
    ("pain", "rmdq", "expected"),
    [(0, 2, True), (0, 3, False), (1, 0, False)],
)
def test_recovered_needs_both(
    cat: OutcomeCatalogue, pain: float, rmdq: float, expected: bool
) -> None:
    assert judge(cat, "recovered", {}, {"pain_average": pain, "rmdq": rmdq}) is expected


def test_recovered_is_not_judged_with_only_one_measure_met(cat: OutcomeCatalogue) -> None:
    assert judge(cat, "recovered", {}, {"pain_average": 0}) is None


def test_recovered_fails_as_soon_as_one_judged_criterion_fails(cat: OutcomeCatalogue) -> None:
    assert judge(cat, "recovered", {}, {"pain_average": 3}) is False


@pytest.mark.parametrize(
    ("baseline", "follow_up", "expected"),
    [
        (
            {"pain_average": 6, "rmdq": 10},
            {"pain_average": 4.02, "rmdq": 9},
            True,
        ),  # pain exactly 33 %
        (
            {"pain_average": 6, "rmdq": 10},
            {"pain_average": 4.1, "rmdq": 9},
            False,
        ),  # 31.7 %, RMDQ 10 %
        (
            {"pain_average": 6, "rmdq": 25 / 2},
            {"pain_average": 6, "rmdq": 11},
            True,
        ),  # RMDQ exactly 12 %
        ({"pain_average": 6, "odi": 50}, {"pain_average": 6, "odi": 44}, True),  # ODI 12 %
        ({"pain_average": 6}, {"pain_average": 5}, False),  # only pain could be judged
    ],
)
def test_gerac_like(
    cat: OutcomeCatalogue, baseline: dict[str, float], follow_up: dict[str, float], expected: bool
) -> None:
    assert judge(cat, "gerac_like", baseline, follow_up) is expected


def test_a_rule_with_no_data_is_not_judged(cat: OutcomeCatalogue) -> None:
    outcome = evaluate_rule(cat.rule("pain_30pct_or_2pt"), cat.measures, {}, {"pain_average": 3})

    assert outcome.responder is None
    assert [r.detail for r in outcome.results] == [
        "pain_average: no baseline value",
        "pain_average: no baseline value",
    ]


def test_criterion_details_explain_the_result(cat: OutcomeCatalogue) -> None:
    outcome = evaluate_rule(
        cat.rule("pain_30pct_or_2pt"), cat.measures, {"pain_average": 7}, {"pain_average": 5}
    )

    assert [r.detail for r in outcome.results] == [
        "pain_average +2 points (needs 2)",
        "pain_average +29% (needs 30%)",
    ]


def test_change_is_positive_when_better_in_either_direction(cat: OutcomeCatalogue) -> None:
    pain = change_between(cat.measure("pain_average"), 8, 5)
    psfs = change_between(cat.measure("psfs"), 3, 6.5)

    assert (pain.improvement, pain.fraction, pain.difference) == (3.0, 0.375, -3)
    assert (psfs.improvement, psfs.fraction, psfs.difference) == (3.5, None, 3.5)


@pytest.mark.parametrize(
    ("baseline", "band"), [(8, (6.0, 10.0)), (5, (3.5, 6.5)), (0, (-2.0, 2.0))]
)
def test_pain_mic_band_uses_the_smaller_change(
    cat: OutcomeCatalogue, baseline: float, band: tuple[float, float]
) -> None:
    assert mic_band(cat.mic["pain_average"], baseline) == band


def test_rmdq_mic_band(cat: OutcomeCatalogue) -> None:
    assert mic_band(cat.mic["rmdq"], 12) == (7.0, 17.0)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [("2.25", 1, 2.3), ("2.35", 1, 2.4), ("0.5", 0, 1.0), ("1.5", 0, 2.0)],
)
def test_rounding_is_half_up(value: str, decimals: int, expected: float) -> None:
    assert round_half_up(Fraction(value), decimals) == expected
