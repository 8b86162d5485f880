"""Wilson intervals, rate summaries and mean changes against hand-worked figures."""

from __future__ import annotations

import pytest

from acuback.core.outcomes_stats import mean_change, nearest_week, summarise_rate, wilson_interval


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (8, 10, 0.4902, 0.9433),  # Newcombe 1998 worked figures
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (184, 387, 0.4262, 0.5252),  # GERAC verum 47.6 %
        (1, 1, 0.2065, 1.0),
    ],
)
def test_wilson_interval(k: int, n: int, low: float, high: float) -> None:
    interval = wilson_interval(k, n)

    assert interval is not None
    assert interval[0] == pytest.approx(low, abs=5e-5)
    assert interval[1] == pytest.approx(high, abs=5e-5)


def test_wilson_interval_of_nothing_is_none() -> None:
    assert wilson_interval(0, 0) is None


@pytest.mark.parametrize(("k", "n"), [(-1, 5), (6, 5)])
def test_wilson_interval_refuses_impossible_counts(k: int, n: int) -> None:
    with pytest.raises(ValueError, match="need 0 <= successes <= n"):
        wilson_interval(k, n)


def test_rate_summary_counts_completeness_and_worst_case() -> None:
    rate = summarise_rate(responders=30, judged=60, due=100)

    assert (rate.rate, rate.completeness, rate.worst_case) == (0.5, 0.6, 0.3)
    assert rate.low == pytest.approx(0.37735, abs=5e-5)


def test_rate_summary_with_nobody_due() -> None:
    rate = summarise_rate(0, 0, 0)

    assert (rate.rate, rate.low, rate.completeness, rate.worst_case) == (None, None, None, None)


def test_mean_change_from_sums() -> None:
    # changes -2, -4, -6: mean -4, sd 2, half-width 1.96 * 2 / sqrt(3) = 2.263
    result = mean_change(3, -12.0, 56.0)

    assert result.mean == -4.0
    assert result.low == pytest.approx(-6.2632, abs=1e-4)
    assert result.high == pytest.approx(-1.7368, abs=1e-4)


def test_mean_change_of_one_has_no_interval() -> None:
    assert mean_change(1, -3.0, 9.0).low is None


@pytest.mark.parametrize(
    ("weeks", "target", "expected"),
    [((4, 12, 26), 8, 12), ((4, 12, 26), 26, 26), ((4, 12, 26), 5, 4), ((), 8, None)],
)
def test_nearest_week_prefers_the_later_on_a_tie(
    weeks: tuple[int, ...], target: int, expected: int | None
) -> None:
    assert nearest_week(weeks, target) == expected
