"""The clinic outcomes dashboard: responder rates by group, with Wilson intervals, numbers at risk
and follow-up completeness, beside the published trials.

The database does the counting. Two GROUP BY queries carry the main tables: one over the clinic's
episodes (who is at risk) and one over the stored responder results (who was judged, who
responded), each grouped by all five grouping columns at once. Python then adds those group rows
(a few hundred: one per combination of classification, region, pattern, protocol and practitioner,
never one per patient) into the five tables, and the core turns counts into rates and intervals
(acuback.core.outcomes_stats). The trials add one or two small aggregates each. The number of
queries is fixed, whatever the clinic's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, FloatField, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from acuback.core.outcomes_stats import MeanChange, Rate, mean_change, nearest_week, summarise_rate
from acuback.knowledge.instruments import OutcomeCatalogue, ResponderRule, Trial
from acuback.web.care.models import Episode
from acuback.web.outcomes.models import EpisodeOutcome, OutcomeScore, TimepointKind
from acuback.web.outcomes.services import catalogue

# (key, label, column on both Episode and EpisodeOutcome). "Classification" is the duration class
# the assessment gave.
GROUPINGS: tuple[tuple[str, str, str], ...] = (
    ("classification", "Classification (duration)", "duration_class"),
    ("region", "Region", "region"),
    ("pattern", "TCM pattern", "pattern"),
    ("protocol", "Protocol", "protocol"),
    ("practitioner", "Practitioner", "practitioner_id"),
)
GROUP_COLUMNS = tuple(column for _, _, column in GROUPINGS)


@dataclass(frozen=True)
class DashboardFilters:
    rule: str
    week: int
    practitioner_id: int | None = None
    started_from: dt.date | None = None
    started_to: dt.date | None = None
    as_of: dt.date | None = None


@dataclass(frozen=True)
class GroupRow:
    key: Any
    label: str
    rate: Rate


@dataclass(frozen=True)
class GroupTable:
    key: str
    label: str
    rows: tuple[GroupRow, ...]


@dataclass(frozen=True)
class TrialRow:
    trial: Trial
    week: int | None
    rule: ResponderRule | None
    rate: Rate | None
    mean: MeanChange | None
    scale: float


@dataclass
class Dashboard:
    filters: DashboardFilters
    rule: ResponderRule
    weeks: tuple[int, ...]
    overall: Rate
    groups: list[GroupTable] = field(default_factory=list)
    trials: list[TrialRow] = field(default_factory=list)
    stale_results: bool = False


def _filtered(qs: QuerySet[Any], f: DashboardFilters, week: int) -> QuerySet[Any]:
    """Episodes (or their results) at risk for the week-``week`` follow-up under the filters.

    Both tables have ``started_on`` and ``practitioner_id``, so one function filters either.
    """
    as_of = f.as_of or timezone.localdate()
    qs = qs.filter(started_on__lte=as_of - dt.timedelta(weeks=week))
    if f.practitioner_id:
        qs = qs.filter(practitioner_id=f.practitioner_id)
    if f.started_from:
        qs = qs.filter(started_on__gte=f.started_from)
    if f.started_to:
        qs = qs.filter(started_on__lte=f.started_to)
    return qs


def _results(clinic_id: int, f: DashboardFilters, rule: str, week: int) -> QuerySet[EpisodeOutcome]:
    qs = EpisodeOutcome.objects.filter(
        clinic_id=clinic_id, rule=rule, week=week, responder__isnull=False
    )
    return _filtered(qs, f, week)


def _due_count(clinic_id: int, f: DashboardFilters, week: int) -> int:
    return _filtered(Episode.objects.filter(clinic_id=clinic_id), f, week).count()


def _result_counts(clinic_id: int, f: DashboardFilters, rule: str, week: int) -> tuple[int, int]:
    counts = _results(clinic_id, f, rule, week).aggregate(
        judged=Count("id"), responders=Count("id", filter=Q(responder=True))
    )
    return counts["responders"], counts["judged"]


def overall_rate(clinic_id: int, f: DashboardFilters, rule: str, week: int) -> Rate:
    responders, judged = _result_counts(clinic_id, f, rule, week)
    return summarise_rate(responders, judged, _due_count(clinic_id, f, week))


def _sum_by(
    rows: Iterable[Mapping[str, Any]], column: str, fields: tuple[str, ...]
) -> dict[Any, list[int]]:
    """Add the group rows up by one column: {value: [sum of each field]}."""
    totals: dict[Any, list[int]] = defaultdict(lambda: [0] * len(fields))
    for row in rows:
        entry = totals[row[column]]
        for index, name in enumerate(fields):
            entry[index] += row[name]
    return totals


def _label(value: Any, names: Mapping[Any, str]) -> str:
    if value in names:
        return names[value]
    return str(value).replace("_", " ") if value not in (None, "") else "not recorded"


def group_tables(
    clinic_id: int, f: DashboardFilters, names: Mapping[str, Mapping[Any, str]]
) -> tuple[Rate, list[GroupTable]]:
    """The overall rate and one table per grouping, from two GROUP BY queries."""
    due_rows = list(
        _filtered(Episode.objects.filter(clinic_id=clinic_id), f, f.week)
        .values(*GROUP_COLUMNS)
        .annotate(n=Count("id"))
        .order_by()
    )
    result_rows = list(
        _results(clinic_id, f, f.rule, f.week)
        .values(*GROUP_COLUMNS)
        .annotate(judged=Count("id"), responders=Count("id", filter=Q(responder=True)))
        .order_by()
    )
    overall = summarise_rate(
        sum(r["responders"] for r in result_rows),
        sum(r["judged"] for r in result_rows),
        sum(r["n"] for r in due_rows),
    )
    tables = []
    for key, label, column in GROUPINGS:
        due = _sum_by(due_rows, column, ("n",))
        counts = _sum_by(result_rows, column, ("responders", "judged"))
        shown = names.get(column, {})
        values = sorted(set(due) | set(counts), key=lambda v: (v in (None, ""), _label(v, shown)))
        rows = []
        for value in values:
            responders, judged = counts.get(value, [0, 0])
            rate = summarise_rate(responders, judged, due.get(value, [0])[0])
            rows.append(GroupRow(value, _label(value, shown), rate))
        tables.append(GroupTable(key, label, tuple(rows)))
    return overall, tables


def mean_change_of(
    clinic_id: int, f: DashboardFilters, measure: str, week: int, cat: OutcomeCatalogue
) -> MeanChange:
    """Mean of follow-up minus baseline for ``measure`` at ``week``.

    Read from the stored results of a rule whose first measure it is (they hold both values), or
    else from the scores themselves.
    """
    rule = next((r for r in cat.rules.values() if r.criteria[0].measure == measure), None)
    if rule is not None:
        qs: QuerySet[Any] = _results(clinic_id, f, rule.id, week).filter(
            baseline__isnull=False, follow_up__isnull=False
        )
        diff = F("follow_up") - F("baseline")
    else:
        baseline = OutcomeScore.objects.filter(
            episode_id=OuterRef("episode_id"), measure=measure, kind=TimepointKind.BASELINE
        ).values("value")[:1]
        as_of = f.as_of or timezone.localdate()
        qs = OutcomeScore.objects.filter(
            clinic_id=clinic_id,
            measure=measure,
            kind=TimepointKind.FOLLOW_UP,
            week=week,
            episode__started_on__lte=as_of - dt.timedelta(weeks=week),
        )
        if f.practitioner_id:
            qs = qs.filter(episode__practitioner_id=f.practitioner_id)
        if f.started_from:
            qs = qs.filter(episode__started_on__gte=f.started_from)
        if f.started_to:
            qs = qs.filter(episode__started_on__lte=f.started_to)
        qs = qs.annotate(base=Subquery(baseline, output_field=FloatField())).filter(
            base__isnull=False
        )
        diff = F("value") - F("base")
    agg = qs.aggregate(
        n=Count("id"),
        total=Sum(diff, output_field=FloatField()),
        squares=Sum(diff * diff, output_field=FloatField()),
    )
    return mean_change(agg["n"] or 0, agg["total"] or 0.0, agg["squares"] or 0.0)


def trial_rows(
    clinic_id: int, f: DashboardFilters, cat: OutcomeCatalogue, weeks: tuple[int, ...], due_now: int
) -> list[TrialRow]:
    rows = []
    for trial in cat.trials:
        week = nearest_week(weeks, trial.week)
        comparison = trial.compare_with
        if week is None:
            rows.append(TrialRow(trial, None, None, None, None, comparison.scale))
        elif comparison.rule is not None:
            rule = cat.rule(comparison.rule)
            responders, judged = _result_counts(clinic_id, f, rule.id, week)
            due = due_now if week == f.week else _due_count(clinic_id, f, week)
            rows.append(
                TrialRow(
                    trial,
                    week,
                    rule,
                    summarise_rate(responders, judged, due),
                    None,
                    comparison.scale,
                )
            )
        else:
            assert comparison.measure is not None
            mean = mean_change_of(clinic_id, f, comparison.measure, week, cat)
            rows.append(TrialRow(trial, week, None, None, mean, comparison.scale))
    return rows


def build_dashboard(
    clinic: Any,
    f: DashboardFilters,
    *,
    practitioner_names: dict[Any, str] | None = None,
    with_trials: bool = True,
) -> Dashboard:
    """Every figure of the dashboard for ``clinic`` under the filters ``f``."""
    cat = catalogue()
    weeks = tuple(sorted({int(w) for w in clinic.follow_up_weeks or []}))
    rule = cat.rule(f.rule)
    overall, tables = group_tables(clinic.pk, f, {"practitioner_id": practitioner_names or {}})
    board = Dashboard(f, rule, weeks, overall, tables)
    if with_trials:
        board.trials = trial_rows(clinic.pk, f, cat, weeks, overall.due)
    board.stale_results = (
        EpisodeOutcome.objects.filter(clinic_id=clinic.pk)
        .exclude(rules_version=cat.version)
        .exists()
    )
    return board
