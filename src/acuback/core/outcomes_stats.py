"""Statistics for outcome summaries: Wilson intervals for proportions, normal intervals for means.

The database counts; these functions turn counts and sums into rates with confidence intervals.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z_95 = 1.959963984540054  # two-sided 95 %


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for ``successes`` out of ``n`` (wilson1927), as fractions 0-1.

    Returns None when ``n`` is 0. Raises ValueError for negative counts or successes > n.
    """
    if n < 0 or successes < 0 or successes > n:
        raise ValueError(f"need 0 <= successes <= n, got {successes} of {n}")
    if n == 0:
        return None
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = (z / (1 + z2 / n)) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Rate:
    """Responders among the judged, with the Wilson interval, and how complete follow-up was.

    ``due`` is the number at risk: episodes whose follow-up time has come. ``judged`` had values at
    baseline and follow-up. ``worst_case`` counts every episode without a follow-up as a non-
    responder (as GERAC counted drop-outs), a floor for the true rate.
    """

    responders: int
    judged: int
    due: int
    rate: float | None
    low: float | None
    high: float | None
    completeness: float | None
    worst_case: float | None


def summarise_rate(responders: int, judged: int, due: int) -> Rate:
    """A :class:`Rate` from three counts. ``due`` below ``judged`` is raised to ``judged``."""
    due = max(due, judged)
    interval = wilson_interval(responders, judged)
    return Rate(
        responders=responders,
        judged=judged,
        due=due,
        rate=responders / judged if judged else None,
        low=interval[0] if interval else None,
        high=interval[1] if interval else None,
        completeness=judged / due if due else None,
        worst_case=responders / due if due else None,
    )


@dataclass(frozen=True)
class MeanChange:
    n: int
    mean: float | None
    low: float | None
    high: float | None


def mean_change(n: int, total: float, total_of_squares: float, z: float = Z_95) -> MeanChange:
    """Mean and a normal-approximation 95 % interval from a count, a sum and a sum of squares.

    The database returns SUM(x) and SUM(x*x) (SQLite has no standard deviation). No interval
    below two values.
    """
    if n <= 0:
        return MeanChange(0, None, None, None)
    mean = total / n
    if n < 2:
        return MeanChange(n, mean, None, None)
    variance = max(0.0, (total_of_squares - n * mean * mean) / (n - 1))
    half = z * math.sqrt(variance / n)
    return MeanChange(n, mean, mean - half, mean + half)


def nearest_week(weeks: Sequence[int], target: int) -> int | None:
    """The week in ``weeks`` closest to ``target``; on a tie the later one (treatment has ended)."""
    if not weeks:
        return None
    return min(weeks, key=lambda week: (abs(week - target), -week))
