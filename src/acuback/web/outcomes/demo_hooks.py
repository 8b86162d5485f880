"""Outcome questionnaires for the scale demo (``acuback demo``): a baseline for every episode and
follow-ups at the clinic's weeks that have come, scored by the core, with responder results.

Only the instruments whose wording Acuback ships or whose scoring the dashboard's rules need are
simulated (pain NRS, RMDQ, PGIC, pain medicine). Improvement is drawn so that roughly half the
patients reach the pain threshold at 12 weeks, like the trials; completion falls from 80 % at the
first follow-up to 60 % at the last. Every random choice comes from ``batch.rng``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.utils import timezone

from acuback.core.outcomes import score_instrument
from acuback.web.demo.hooks import DemoBatch
from acuback.web.outcomes.models import (
    EnteredVia,
    EpisodeOutcome,
    OutcomeRequest,
    OutcomeScore,
    QuestionnaireResponse,
    ResponseStatus,
    TimepointKind,
)
from acuback.web.outcomes.services import catalogue, outcome_rows

BATCH = 5000
COMPLETION = (0.8, 0.7, 0.6)


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _answers(
    rng: Any, pain: float, rmdq: int, improvement: float | None
) -> dict[str, dict[str, Any]]:
    average = _clamp(pain, 0, 10)
    answers: dict[str, dict[str, Any]] = {
        "pain_nrs": {
            "now": _clamp(average + rng.choice((-1, 0, 0, 1)), 0, 10),
            "average": average,
            "worst": _clamp(average + rng.choice((1, 1, 2)), 0, 10),
        },
        "rmdq": {f"s{i}": True for i in rng.sample(range(1, 25), _clamp(rmdq, 0, 24))},
        "medicine": {"days": _clamp(average * 0.6 + rng.uniform(-1, 1), 0, 7)},
    }
    if improvement is not None:
        pgic = 4 - improvement / 1.5 + rng.uniform(-0.8, 0.8)
        answers["pgic"] = {"change": _clamp(pgic, 1, 7)}
    return answers


def add_demo_rows(batch: DemoBatch) -> int:
    cat = catalogue()
    instruments = {i: cat.instrument(i) for i in ("pain_nrs", "rmdq", "medicine", "pgic")}
    rng = batch.rng
    weeks = sorted({int(w) for w in batch.clinic.follow_up_weeks or []})
    planned: list[tuple[OutcomeRequest, dict[str, dict[str, Any]], dt.date]] = []
    values: dict[int, tuple[dict[str, float], dict[int, dict[str, float]]]] = {}
    for episode in batch.episodes:
        base_pain = rng.uniform(3, 9)
        base_rmdq = rng.randint(3, 18)
        done = dt.datetime.combine(episode.started_on, dt.time(9), tzinfo=dt.UTC)
        req = OutcomeRequest(
            clinic=batch.clinic,
            patient_id=episode.patient_id,
            episode=episode,
            kind=TimepointKind.BASELINE,
            due_on=episode.started_on,
            used_at=done,
        )
        planned.append((req, _answers(rng, base_pain, base_rmdq, None), episode.started_on))
        responsive = rng.random()  # how much this patient tends to improve
        for index, week in enumerate(weeks):
            due = episode.started_on + dt.timedelta(weeks=week)
            if due > batch.today or rng.random() > COMPLETION[min(index, len(COMPLETION) - 1)]:
                continue
            gain = min(1.0, week / 8) * (responsive * 5 - 0.5) + rng.gauss(0, 1)
            follow = OutcomeRequest(
                clinic=batch.clinic,
                patient_id=episode.patient_id,
                episode=episode,
                kind=TimepointKind.FOLLOW_UP,
                week=week,
                due_on=due,
                sent_at=dt.datetime.combine(due, dt.time(8), tzinfo=dt.UTC),
                used_at=dt.datetime.combine(due, dt.time(19), tzinfo=dt.UTC),
            )
            planned.append(
                (follow, _answers(rng, base_pain - gain, round(base_rmdq - gain * 1.8), gain), due)
            )
    OutcomeRequest.objects.bulk_create([p[0] for p in planned], batch_size=BATCH)
    responses, pending_scores = [], []
    for req, answers, day in planned:
        for instrument_id, given in answers.items():
            instrument = instruments[instrument_id]
            scores = score_instrument(instrument, given)
            response = QuestionnaireResponse(
                request=req,
                clinic=batch.clinic,
                patient_id=req.patient_id,
                episode=req.episode,
                instrument=instrument.id,
                kind=req.kind,
                week=req.week,
                answers=given,
                status=ResponseStatus.COMPLETE,
                collected_on=day,
                via=EnteredVia.LINK,
                knowledge_version=cat.version,
            )
            responses.append(response)
            base, follow_ups = values.setdefault(req.episode.pk, ({}, {}))
            target = (
                base
                if req.kind == TimepointKind.BASELINE
                else follow_ups.setdefault(req.week or 0, {})
            )
            for measure_id, score in scores.items():
                if score.value is not None:
                    pending_scores.append((response, measure_id, score.value, req, day))
                    target[measure_id] = score.value
    QuestionnaireResponse.objects.bulk_create(responses, batch_size=BATCH)
    # Scores and results are the bulk of the rows: plain executemany, several times faster than
    # bulk_create's per-value SQL compilation, with the same values the services would save.
    score_sql = (
        f"INSERT INTO {OutcomeScore._meta.db_table} (response_id, clinic_id, patient_id, episode_id, "
        "measure, value, kind, week, collected_on) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    score_params = [
        (
            response.pk,
            batch.clinic.pk,
            req.patient_id,
            req.episode.pk,
            measure_id,
            value,
            req.kind,
            req.week,
            day,
        )
        for response, measure_id, value, req, day in pending_scores
    ]
    by_id = {episode.pk: episode for episode in batch.episodes}
    results: list[EpisodeOutcome] = []
    for episode_id, (base, follow_ups) in values.items():
        results.extend(outcome_rows(by_id[episode_id], base, follow_ups, cat))
    now = timezone.now()
    result_sql = (
        f"INSERT INTO {EpisodeOutcome._meta.db_table} (episode_id, clinic_id, practitioner_id, "
        "started_on, duration_class, region, pattern, protocol, rule, week, baseline, follow_up, "
        "improvement, responder, rules_version, computed_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    result_params = [
        (
            r.episode_id,
            r.clinic_id,
            r.practitioner_id,
            r.started_on,
            r.duration_class,
            r.region,
            r.pattern,
            r.protocol,
            r.rule,
            r.week,
            r.baseline,
            r.follow_up,
            r.improvement,
            r.responder,
            r.rules_version,
            now,
        )
        for r in results
    ]
    with connection.cursor() as cursor:
        for sql, params in ((score_sql, score_params), (result_sql, result_params)):
            for start in range(0, len(params), BATCH):
                cursor.executemany(sql, params[start : start + BATCH])
    return len(planned) + len(responses) + len(score_params) + len(result_params)
