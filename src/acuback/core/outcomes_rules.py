"""Change from baseline, minimal important change and responder rules.

Improvement is always positive: for a measure where lower is better (pain, RMDQ, ODI) it is
baseline minus follow-up; where higher is better (PSFS, PROMIS T-scores) follow-up minus baseline.
A fraction of the baseline is defined only where lower is better and the baseline is above zero.
Thresholds are met at equality: "at least 2 points" includes exactly 2 (ostelo2008_mic says "30 %"
and "2 points" as minimal changes, so reaching them counts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from acuback.knowledge.instruments import (
    Better,
    Criterion,
    CriterionKind,
    Measure,
    MinimalImportantChange,
    ResponderRule,
)

Values = Mapping[str, float | None]


def _exact(value: float) -> Fraction:
    # Scores are stored with at most three decimals; going through str avoids binary noise
    # (0.1 + 0.2) deciding a threshold.
    return Fraction(str(value))


@dataclass(frozen=True)
class Change:
    """How far a measure moved from baseline. ``improvement`` > 0 means better."""

    measure: str
    baseline: float
    follow_up: float
    improvement: float
    fraction: float | None  # improvement / baseline, where defined

    @property
    def difference(self) -> float:
        """Follow-up minus baseline, as a chart shows it."""
        return self.follow_up - self.baseline


def change_between(measure: Measure, baseline: float, follow_up: float) -> Change:
    """The change of ``measure`` from ``baseline`` to ``follow_up``."""
    before, after = _exact(baseline), _exact(follow_up)
    improvement = before - after if measure.better is Better.LOWER else after - before
    fraction = None
    if measure.better is Better.LOWER and before > 0:
        fraction = float(improvement / before)
    return Change(measure.id, baseline, follow_up, float(improvement), fraction)


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    met: bool | None  # None: the measure is missing at baseline or follow-up
    detail: str


def judge_criterion(
    criterion: Criterion, measure: Measure, baseline: float | None, follow_up: float | None
) -> CriterionResult:
    """Whether one criterion is met, with a short explanation."""
    threshold = _exact(criterion.threshold)
    if follow_up is None:
        return CriterionResult(criterion, None, f"{measure.id}: no follow-up value")
    if criterion.kind is CriterionKind.AT_MOST:
        met = _exact(follow_up) <= threshold
        return CriterionResult(
            criterion, met, f"{measure.id} {follow_up:g} ≤ {criterion.threshold:g}"
        )
    if criterion.kind is CriterionKind.AT_LEAST:
        met = _exact(follow_up) >= threshold
        return CriterionResult(
            criterion, met, f"{measure.id} {follow_up:g} ≥ {criterion.threshold:g}"
        )
    if baseline is None:
        return CriterionResult(criterion, None, f"{measure.id}: no baseline value")
    before, after = _exact(baseline), _exact(follow_up)
    improvement = before - after if measure.better is Better.LOWER else after - before
    if criterion.kind is CriterionKind.IMPROVED_BY:
        met = improvement >= threshold
        return CriterionResult(
            criterion,
            met,
            f"{measure.id} {float(improvement):+g} points (needs {criterion.threshold:g})",
        )
    if before <= 0:
        return CriterionResult(
            criterion, False, f"{measure.id}: baseline 0 cannot fall by a fraction"
        )
    fraction = improvement / before
    return CriterionResult(
        criterion,
        fraction >= threshold,
        f"{measure.id} {float(fraction):+.0%} (needs {criterion.threshold:.0%})",
    )


@dataclass(frozen=True)
class RuleOutcome:
    """A responder rule applied to one episode. ``responder`` is None when nothing could be judged."""

    rule: str
    responder: bool | None
    results: tuple[CriterionResult, ...]


def evaluate_rule(
    rule: ResponderRule, measures: Mapping[str, Measure], baseline: Values, follow_up: Values
) -> RuleOutcome:
    """Apply ``rule`` to baseline and follow-up values (by measure id; missing = absent or None).

    Criteria that cannot be judged (a value missing) are left out. ``any``: a responder if one
    judged criterion is met. ``all``: a responder if every criterion is judged and met; a non-
    responder as soon as one judged criterion fails. Returns responder None when no criterion can
    be judged, or for ``all`` when none failed but some could not be judged.
    """
    results = tuple(
        judge_criterion(c, measures[c.measure], baseline.get(c.measure), follow_up.get(c.measure))
        for c in rule.criteria
    )
    judged = [r.met for r in results if r.met is not None]
    if not judged:
        return RuleOutcome(rule.id, None, results)
    if rule.combine == "any":
        return RuleOutcome(rule.id, any(judged), results)
    if not all(judged):
        return RuleOutcome(rule.id, False, results)
    return RuleOutcome(rule.id, True if len(judged) == len(results) else None, results)


def mic_band(mic: MinimalImportantChange, baseline: float) -> tuple[float, float]:
    """The values around ``baseline`` closer to it than the minimal important change.

    Where both an absolute and a relative change are given, a change of either size counts, so the
    band's half-width is the smaller of the two (e.g. pain baseline 8: 2 points vs 30 % = 2.4, so a
    fall to 6 already counts). Returns (low, high).
    """
    widths = []
    if mic.absolute is not None:
        widths.append(_exact(mic.absolute))
    if mic.relative is not None and baseline > 0:
        widths.append(_exact(mic.relative) * _exact(baseline))
    width = min(widths) if widths else Fraction(0)
    base = _exact(baseline)
    return float(base - width), float(base + width)
