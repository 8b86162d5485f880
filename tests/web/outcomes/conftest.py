"""Episodes and answers for outcome tests, on top of the shared ``world`` (alice, paula, bruno...)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from acuback.web.care.models import Episode, Visit
from acuback.web.outcomes import services
from acuback.web.outcomes.models import EnteredVia

TODAY = dt.date(2026, 6, 1)

BASELINE = {
    "pain_nrs": {"now": 7, "average": 8, "worst": 9},
    "psfs": {"activity_1": "Gardening", "rating_1": 3},
    "sleep": {"disturbance": 6, "nights_woken": 4},
    "mood": {"low_mood": 5},
    "medicine": {"days": 5, "kinds": ["paracetamol"]},
}
WEEK_12 = {
    "pain_nrs": {"now": 3, "average": 4, "worst": 5},
    "psfs": {"activity_1": "Gardening", "rating_1": 6},
    "pgic": {"change": 2},
    "sleep": {"disturbance": 2, "nights_woken": 1},
    "mood": {"low_mood": 2},
    "medicine": {"days": 1},
}


def make_episode(
    patient: Any,
    practitioner: Any,
    started: dt.date = TODAY - dt.timedelta(weeks=13),
    **fields: Any,
) -> Episode:
    defaults = {
        "duration_class": "chronic",
        "region": "lower_back",
        "pattern": "cold_damp",
        "protocol": "gerac",
    }
    defaults.update(fields)
    return Episode.objects.create(
        patient=patient,
        clinic_id=patient.clinic_id,
        practitioner=practitioner,
        started_on=started,
        **defaults,
    )


def make_visits(episode: Episode, count: int, every_days: int = 7) -> list[Visit]:
    start = timezone.make_aware(dt.datetime.combine(episode.started_on, dt.time(10)))
    return [
        Visit.objects.create(
            episode=episode,
            patient_id=episode.patient_id,
            practitioner_id=episode.practitioner_id,
            happened_at=start + dt.timedelta(days=every_days * n),
            number=n + 1,
        )
        for n in range(count)
    ]


def answer(
    episode: Episode,
    kind: str,
    answers: dict[str, dict[str, object]],
    *,
    week: int | None = None,
    day: dt.date | None = None,
) -> services.SaveResult:
    """Save answers as the practitioner would, for the instruments named in ``answers``."""
    req = services.get_or_create_request(episode, kind, week=week)
    cat = services.catalogue()
    return services.save_questionnaire(
        req,
        answers,
        [cat.instrument(i) for i in answers],
        via=EnteredVia.PRACTITIONER,
        collected_on=day
        or (
            episode.started_on
            if kind == "baseline"
            else episode.started_on + dt.timedelta(weeks=week or 0)
        ),
    )


@pytest.fixture
def episode(world: Any) -> Episode:
    return make_episode(world.paula, world.alice)
