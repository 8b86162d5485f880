"""Where outcome rows meet the core: save answers (the core checks and scores them), keep each
episode's responder results up to date, and gather a patient's progress for the charts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from acuback.charts.progress import ChartPoint, ProgressSeries, render_progress_chart
from acuback.core.outcomes import AnswerProblem, clean_answers, is_complete, score_instrument
from acuback.core.outcomes_rules import Change, RuleOutcome, change_between, evaluate_rule, mic_band
from acuback.knowledge.instruments import (
    Instrument,
    Licence,
    OutcomeCatalogue,
    load_outcome_catalogue,
)
from acuback.web.care.models import Episode, Visit
from acuback.web.outcomes.models import (
    EpisodeOutcome,
    LicensedText,
    OutcomeRequest,
    OutcomeScore,
    QuestionnaireResponse,
    ResponseStatus,
    TimepointKind,
)


def catalogue() -> OutcomeCatalogue:
    return load_outcome_catalogue()


# ---------------------------------------------------------------------------------------------
# Which instruments a questionnaire shows, with the clinic's licensed wording


@dataclass(frozen=True)
class ShownInstrument:
    """An instrument as a form shows it: the wording to use for each item and option."""

    instrument: Instrument
    instructions: str
    item_texts: Mapping[str, str]
    option_texts: Mapping[str, Mapping[str, str]]
    licensed: bool  # wording pasted by the clinic
    structure_only: bool  # no wording at all: staff see the item labels only
    citation: str = ""


def licensed_texts(clinic_id: int) -> dict[str, LicensedText]:
    return {t.instrument: t for t in LicensedText.objects.filter(clinic_id=clinic_id)}


def shown_instrument(instrument: Instrument, text: LicensedText | None) -> ShownInstrument:
    source = catalogue().sources.get(instrument.source)
    citation = source.citation if source is not None else instrument.source
    if instrument.licence is Licence.OWN_TEXT:
        return ShownInstrument(
            instrument,
            instrument.instructions or "",
            {i.id: i.text or i.label for i in instrument.items},
            {i.id: {str(o.value): o.label for o in i.options} for i in instrument.items},
            licensed=False,
            structure_only=False,
            citation=citation,
        )
    if text is not None:
        items = text.texts.get("items", {})
        return ShownInstrument(
            instrument,
            text.texts.get("instructions", ""),
            {i.id: items.get(i.id, {}).get("text") or i.label for i in instrument.items},
            {
                i.id: {
                    str(o.value): items.get(i.id, {}).get("options", {}).get(str(o.value))
                    or o.label
                    for o in i.options
                }
                for i in instrument.items
            },
            licensed=True,
            structure_only=False,
            citation=citation,
        )
    return ShownInstrument(
        instrument,
        "",
        {i.id: i.label for i in instrument.items},
        {i.id: {str(o.value): o.label for o in i.options} for i in instrument.items},
        licensed=False,
        structure_only=True,
        citation=citation,
    )


def instruments_for(req: OutcomeRequest, *, staff: bool) -> list[ShownInstrument]:
    """The instruments of a request's timepoint. Patients see a structure-only instrument only when
    the clinic has pasted its licensed wording; staff always see it (entering a paper form)."""
    texts = licensed_texts(req.clinic_id)
    shown = []
    for instrument in catalogue().instruments_for(req.kind):
        item = shown_instrument(instrument, texts.get(instrument.id))
        if item.structure_only and not staff:
            continue
        shown.append(item)
    return shown


# ---------------------------------------------------------------------------------------------
# Requests and saving answers


def get_or_create_request(
    episode: Episode,
    kind: str,
    *,
    week: int | None = None,
    visit: Visit | None = None,
    created_by: Any = None,
) -> OutcomeRequest:
    """The request for this timepoint of ``episode``, created when absent (race-safe by constraint)."""
    if kind == TimepointKind.FOLLOW_UP:
        lookup: dict[str, Any] = {"episode": episode, "kind": kind, "week": week}
        due = episode.started_on + dt.timedelta(weeks=week or 0)
    elif kind == TimepointKind.PRE_VISIT and visit is not None:
        lookup = {"kind": kind, "visit": visit}
        due = visit.happened_at.date()
    elif kind == TimepointKind.BASELINE:
        lookup = {"episode": episode, "kind": kind}
        due = episode.started_on
    else:
        return OutcomeRequest.objects.create(
            clinic_id=episode.clinic_id,
            patient_id=episode.patient_id,
            episode=episode,
            kind=kind,
            due_on=timezone.localdate(),
            created_by=created_by,
        )
    defaults = {
        "clinic_id": episode.clinic_id,
        "patient_id": episode.patient_id,
        "episode": episode,
        "due_on": due,
        "created_by": created_by,
    }
    with transaction.atomic():
        req, _ = OutcomeRequest.objects.get_or_create(**lookup, defaults=defaults)
    return req


@dataclass
class SaveResult:
    """What happened to a submitted questionnaire."""

    problems: dict[str, tuple[AnswerProblem, ...]] = field(default_factory=dict)
    complete: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    finished: bool = False  # every instrument complete: the request is used up

    @property
    def ok(self) -> bool:
        return not self.problems


def save_questionnaire(
    req: OutcomeRequest,
    raw: Mapping[str, Mapping[str, object]],
    instruments: Iterable[Instrument],
    *,
    via: str,
    entered_by: Any = None,
    collected_on: dt.date | None = None,
) -> SaveResult:
    """Check, score and save the answers to each instrument of ``req``.

    ``raw`` maps instrument id to raw answers by item id. Valid answers are always kept; an
    instrument with a problem is saved as a draft holding its valid answers, and the problems are
    returned for the form. A complete instrument gets its scores stored. When every instrument is
    complete the request is marked used and the episode's responder results are recomputed.
    """
    result = SaveResult()
    version = catalogue().version
    day = collected_on or timezone.localdate()
    with transaction.atomic():
        for instrument in instruments:
            answers, problems = clean_answers(instrument, raw.get(instrument.id, {}))
            scores = score_instrument(instrument, answers)
            complete = not problems and is_complete(scores)
            if problems:
                result.problems[instrument.id] = problems
            if not answers and not complete:
                result.drafts.append(instrument.id)
                continue
            response, _ = QuestionnaireResponse.objects.update_or_create(
                request=req,
                instrument=instrument.id,
                defaults={
                    "clinic_id": req.clinic_id,
                    "patient_id": req.patient_id,
                    "episode_id": req.episode_id,
                    "kind": req.kind,
                    "week": req.week,
                    "answers": {
                        k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()
                    },
                    "status": ResponseStatus.COMPLETE if complete else ResponseStatus.DRAFT,
                    "collected_on": day,
                    "via": via,
                    "entered_by": entered_by
                    if getattr(entered_by, "is_authenticated", False)
                    else None,
                    "knowledge_version": version,
                },
            )
            response.scores.all().delete()
            if complete:
                OutcomeScore.objects.bulk_create(
                    OutcomeScore(
                        response=response,
                        clinic_id=req.clinic_id,
                        patient_id=req.patient_id,
                        episode_id=req.episode_id,
                        measure=measure_id,
                        value=score.value,
                        kind=req.kind,
                        week=req.week,
                        collected_on=day,
                    )
                    for measure_id, score in scores.items()
                    if score.value is not None
                )
                result.complete.append(instrument.id)
            else:
                result.drafts.append(instrument.id)
        result.finished = not result.drafts and not result.problems
        if result.finished and req.used_at is None:
            req.used_at = timezone.now()
            req.save(update_fields=["used_at"])
        if result.complete:
            recompute_episode(req.episode_id)
    return result


def saved_answers(req: OutcomeRequest) -> dict[str, dict[str, Any]]:
    """The answers saved so far for each instrument of ``req`` (to refill a draft)."""
    return {r.instrument: r.answers for r in req.responses.all()}


def baseline_activities(req: OutcomeRequest) -> dict[str, Any]:
    """PSFS activity names given at baseline, so a follow-up asks about the same activities."""
    if req.kind == TimepointKind.BASELINE:
        return {}
    response = (
        QuestionnaireResponse.objects.filter(
            episode_id=req.episode_id, instrument="psfs", kind=TimepointKind.BASELINE
        )
        .only("answers")
        .first()
    )
    if response is None:
        return {}
    return {k: v for k, v in response.answers.items() if k.startswith("activity_")}


# ---------------------------------------------------------------------------------------------
# Responder results


def _values_by_timepoint(episode_id: int) -> tuple[dict[str, float], dict[int, dict[str, float]]]:
    baseline: dict[str, float] = {}
    follow_ups: dict[int, dict[str, float]] = defaultdict(dict)
    rows = OutcomeScore.objects.filter(
        episode_id=episode_id, kind__in=[TimepointKind.BASELINE, TimepointKind.FOLLOW_UP]
    ).values_list("measure", "value", "kind", "week")
    for measure, value, kind, week in rows:
        if kind == TimepointKind.BASELINE:
            baseline[measure] = value
        elif week is not None:
            follow_ups[week][measure] = value
    return baseline, follow_ups


EPISODE_COPIED = (
    "practitioner_id",
    "started_on",
    "duration_class",
    "region",
    "pattern",
    "protocol",
)


def outcome_rows(
    episode: Episode,
    baseline: Mapping[str, float],
    follow_ups: Mapping[int, Mapping[str, float]],
    cat: OutcomeCatalogue | None = None,
) -> list[EpisodeOutcome]:
    """Every responder rule the core can judge at every follow-up week, as unsaved rows.

    A rule that cannot be judged (its measures missing) gets no row: the dashboard counts judged
    episodes only, and the patient's page asks the core directly.
    """
    cat = cat or catalogue()
    copied = {name: getattr(episode, name) for name in EPISODE_COPIED}
    rows = []
    for week, values in follow_ups.items():
        for rule in cat.rules.values():
            outcome = evaluate_rule(rule, cat.measures, baseline, values)
            if outcome.responder is None:
                continue
            first = rule.criteria[0].measure
            before, after = baseline.get(first), values.get(first)
            improvement = None
            if before is not None and after is not None:
                improvement = change_between(cat.measures[first], before, after).improvement
            rows.append(
                EpisodeOutcome(
                    episode_id=episode.pk,
                    clinic_id=episode.clinic_id,
                    rule=rule.id,
                    week=week,
                    baseline=before,
                    follow_up=after,
                    improvement=improvement,
                    responder=outcome.responder,
                    rules_version=cat.version,
                    **copied,
                )
            )
    return rows


def recompute_episode(episode_id: int) -> int:
    """Apply every responder rule at every follow-up week with data; returns the rows written.

    The baseline is the episode's baseline questionnaire; a follow-up is the week-N questionnaire.
    """
    episode = Episode.objects.only("clinic_id", *EPISODE_COPIED).get(pk=episode_id)
    baseline, follow_ups = _values_by_timepoint(episode_id)
    rows = outcome_rows(episode, baseline, follow_ups)
    with transaction.atomic():
        EpisodeOutcome.objects.filter(episode_id=episode_id).delete()
        EpisodeOutcome.objects.bulk_create(rows)
    return len(rows)


def recompute_stale(batch: int = 500) -> int:
    """Recompute every episode whose results were made with other thresholds. Returns episodes done."""
    version = catalogue().version
    stale = (
        EpisodeOutcome.objects.exclude(rules_version=version)
        .values_list("episode_id", flat=True)
        .distinct()
    )
    done = 0
    for episode_id in list(stale.iterator(chunk_size=batch)):
        recompute_episode(episode_id)
        done += 1
    return done


# ---------------------------------------------------------------------------------------------
# A patient's progress


@dataclass(frozen=True)
class MeasureProgress:
    measure_id: str
    name: str
    svg: str
    latest: float | None
    change: Change | None
    mic_note: str
    mic_source: str


@dataclass(frozen=True)
class RuleStatus:
    rule_id: str
    name: str
    source: str
    week: int
    outcome: RuleOutcome

    @property
    def details(self) -> list[str]:
        """The explanation of each criterion that could be judged."""
        return [r.detail for r in self.outcome.results if r.met is not None]


@dataclass(frozen=True)
class EpisodeProgress:
    episode: Episode
    measures: tuple[MeasureProgress, ...]
    rules: tuple[RuleStatus, ...]
    requests: tuple[OutcomeRequest, ...]


def _label(kind: str, week: int | None) -> str:
    if kind == TimepointKind.FOLLOW_UP:
        return f"Week {week}"
    return "Baseline" if kind == TimepointKind.BASELINE else "Before visit"


def progress_for(
    patient_id: int, *, episodes: Iterable[Episode] | None = None
) -> list[EpisodeProgress]:
    """Every episode of a patient with a chart per measure answered, the change from baseline, and
    the responder rules judged at the latest follow-up. Three queries whatever the history."""
    cat = catalogue()
    episode_list = list(
        episodes
        if episodes is not None
        else Episode.objects.filter(patient_id=patient_id).order_by("-started_on")
    )
    ids = [e.id for e in episode_list]
    scores = list(
        OutcomeScore.objects.filter(episode_id__in=ids)
        .order_by("collected_on", "id")
        .values_list("episode_id", "measure", "value", "kind", "week", "collected_on")
    )
    visits: dict[int, list[dt.date]] = defaultdict(list)
    for episode_id, happened in Visit.objects.filter(episode_id__in=ids).values_list(
        "episode_id", "happened_at"
    ):
        visits[episode_id].append(timezone.localtime(happened).date())
    requests: dict[int, list[OutcomeRequest]] = defaultdict(list)
    for req in (
        OutcomeRequest.objects.filter(episode_id__in=ids).select_related("visit").order_by("due_on")
    ):
        requests[req.episode_id].append(req)
    by_episode: dict[int, dict[str, list[tuple[float, str, int | None, dt.date]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for episode_id, measure_name, value, kind, week, day in scores:
        by_episode[episode_id][measure_name].append((value, kind, week, day))
    result = []
    for episode in episode_list:
        series = by_episode.get(episode.id, {})
        measures = []
        for measure_id, measure in cat.measures.items():
            rows = series.get(measure_id)
            if not rows:
                continue
            base = next((v for v, kind, _, _ in rows if kind == TimepointKind.BASELINE), None)
            mic = cat.mic.get(measure_id)
            band = mic_band(mic, base) if mic is not None and base is not None else None
            latest_value, latest_kind = rows[-1][0], rows[-1][1]
            change = None
            if (
                base is not None
                and latest_kind != TimepointKind.BASELINE
                and measure.change_from_baseline
            ):
                change = change_between(measure, base, latest_value)
            chart = ProgressSeries(
                title=measure.name,
                low=measure.range[0],
                high=measure.range[1],
                better=measure.better.value,
                points=tuple(
                    ChartPoint(day, value, _label(kind, week)) for value, kind, week, day in rows
                ),
                visits=tuple(visits.get(episode.id, ())),
                baseline=base if measure.change_from_baseline else None,
                band=band,
                decimals=measure.decimals,
            )
            mic_note = ""
            if mic is not None:
                parts = [
                    f"{mic.absolute:g} points" if mic.absolute else "",
                    f"{mic.relative:.0%}" if mic.relative else "",
                ]
                mic_note = " or ".join(p for p in parts if p)
            measures.append(
                MeasureProgress(
                    measure_id,
                    measure.name,
                    render_progress_chart(chart, chart_id=f"chart-{episode.id}-{measure_id}"),
                    latest_value,
                    change,
                    mic_note,
                    mic.source if mic is not None else "",
                )
            )
        baseline_values = {
            m: v
            for m, rows in series.items()
            for v, kind, _, _ in rows
            if kind == TimepointKind.BASELINE
        }
        weeks = sorted(
            {
                w
                for rows in series.values()
                for _, kind, w, _ in rows
                if kind == TimepointKind.FOLLOW_UP and w
            }
        )
        statuses = []
        if weeks:
            last = weeks[-1]
            follow = {
                m: v
                for m, rows in series.items()
                for v, kind, w, _ in rows
                if kind == TimepointKind.FOLLOW_UP and w == last
            }
            for rule in cat.rules.values():
                outcome = evaluate_rule(rule, cat.measures, baseline_values, follow)
                if outcome.responder is not None:
                    statuses.append(RuleStatus(rule.id, rule.name, rule.source, last, outcome))
        result.append(
            EpisodeProgress(
                episode, tuple(measures), tuple(statuses), tuple(requests.get(episode.id, ()))
            )
        )
    return result
