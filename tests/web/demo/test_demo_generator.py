"""The scale demo builds the counts asked for, realistic shapes, and refuses to run twice with one seed."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count

from acuback.web.accounts.models import User
from acuback.web.care.models import Episode, Visit
from acuback.web.clinics.models import Clinic
from acuback.web.demo import hooks
from acuback.web.demo.generator import (
    DemoExists,
    DemoPlan,
    build_demo,
    split_episodes,
    visit_counts,
)
from acuback.web.intake.models import Assessment, ClinicAlert, IntakeForm
from acuback.web.patients.models import Patient
from acuback.web.schedule.models import Appointment

TODAY = dt.date(2030, 6, 12)  # a Wednesday
PLAN = DemoPlan(patients=40, clinics=2, visits_per_patient=8, seed=7, templates=8, today=TODAY)


@pytest.fixture
def built(db: None) -> Any:
    return build_demo(PLAN)


def test_it_builds_the_counts_asked_for(built: Any) -> None:
    assert (Clinic.objects.count(), Patient.objects.count(), Visit.objects.count()) == (2, 40, 320)
    assert (IntakeForm.objects.count(), Assessment.objects.count()) == (40, 40)
    assert (built.patients, built.visits, built.episodes) == (40, 320, Episode.objects.count())
    assert (
        Patient.objects.values("clinic")
        .annotate(n=Count("id"))
        .order_by("n")
        .values_list("n", flat=True)[0]
        == 20
    )


def test_each_clinic_has_its_staff_with_the_demo_password(built: Any) -> None:
    clinic = Clinic.objects.get(slug="scale-7-1")
    roles = sorted(User.objects.filter(clinic=clinic).values_list("role", flat=True))

    assert roles == [
        "clinic_admin",
        "front_desk",
        "front_desk",
        "patient",
        "practitioner",
        "practitioner",
    ]
    assert User.objects.get(username="scale-7-1-practitioner1").check_password("acuback-demo")
    assert Patient.objects.get(user__username="scale-7-1-patient1").clinic == clinic


def test_assessments_are_the_engines_results_on_the_patients_dates(built: Any) -> None:
    for assessment in Assessment.objects.select_related("intake")[:20]:
        assert assessment.result["as_of"] == assessment.as_of.isoformat()
        assert assessment.result["triage"]["level"] == assessment.triage_level
        onset = assessment.intake.answers["onset"]["date"]
        assert dt.date.fromisoformat(onset) <= assessment.as_of


def test_no_visit_is_in_the_future_and_episodes_hold_their_visits_in_order(built: Any) -> None:
    assert not Visit.objects.filter(happened_at__date__gte=TODAY).exists()
    for episode in Episode.objects.prefetch_related("visits")[:20]:
        numbers = [v.number for v in sorted(episode.visits.all(), key=lambda v: v.number)]
        assert numbers == list(range(1, len(numbers) + 1))


def test_this_weeks_appointments_never_double_book_a_practitioner(built: Any) -> None:
    appointments = list(Appointment.objects.order_by("practitioner", "starts_at"))

    assert appointments
    assert {a.starts_at.date() for a in appointments} <= {
        TODAY + dt.timedelta(days=d) for d in range(7)
    }
    for before, after in itertools.pairwise(appointments):
        if before.practitioner_id == after.practitioner_id:
            assert before.ends_at <= after.starts_at


def test_alerts_are_raised_for_emergencies_only(built: Any) -> None:
    levels = set(ClinicAlert.objects.values_list("level", flat=True))
    emergencies = Assessment.objects.filter(triage_level="emergency").count()

    assert levels <= {"emergency"}
    assert ClinicAlert.objects.count() == emergencies


def test_running_twice_with_one_seed_is_refused_and_changes_nothing(built: Any) -> None:
    with pytest.raises(DemoExists, match="seed 7 is already in this database"):
        build_demo(PLAN)

    assert Patient.objects.count() == 40


def test_another_seed_adds_its_own_clinics(built: Any) -> None:
    build_demo(
        DemoPlan(patients=10, clinics=1, visits_per_patient=2, seed=8, templates=3, today=TODAY)
    )

    assert (Clinic.objects.count(), Patient.objects.count()) == (3, 50)


class Rollback(Exception):
    pass


def built_names(plan: DemoPlan) -> list[tuple[str, str, dt.date]]:
    """Build ``plan`` inside a transaction that is then rolled back; return who was made."""
    names: list[tuple[str, str, dt.date]] = []
    try:
        with transaction.atomic():
            build_demo(plan)
            names = list(
                Patient.objects.order_by("pk").values_list(
                    "given_name", "family_name", "date_of_birth"
                )
            )
            raise Rollback
    except Rollback:
        pass
    return names


def test_the_same_seed_builds_the_same_people(db: None) -> None:
    first, second = built_names(PLAN), built_names(PLAN)
    other = built_names(DemoPlan(**{**PLAN.__dict__, "seed": 99}))

    assert len(first) == 40
    assert first == second
    assert first != other


@pytest.mark.parametrize(
    ("visits", "courses"), [(3, [3]), (8, [8]), (10, [10]), (15, [8, 7]), (24, [8, 8, 8])]
)
def test_visits_are_split_into_courses_of_six_to_twelve(visits: int, courses: list[int]) -> None:
    assert split_episodes(visits) == courses


def test_visit_counts_average_exactly_the_mean() -> None:
    import random

    counts = visit_counts(random.Random(1), 101, 10)

    assert (sum(counts), min(counts) >= 5, max(counts) <= 15, len(set(counts)) > 3) == (
        1010,
        True,
        True,
        True,
    )


def test_registered_hooks_add_their_rows_for_each_batch(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []

    def outcome_rows(batch: hooks.DemoBatch) -> int:
        seen.append(len(batch.patients))
        assert all(v.pk for v in batch.visits)
        return 2 * len(batch.episodes)

    monkeypatch.setattr(hooks, "_registered", [])
    hooks.register(outcome_rows)
    hooks.register(outcome_rows)

    summary = build_demo(
        DemoPlan(patients=5, clinics=1, visits_per_patient=3, seed=9, templates=2, today=TODAY)
    )

    assert seen == [5]
    name = f"{__name__}.test_registered_hooks_add_their_rows_for_each_batch.<locals>.outcome_rows"
    assert summary.hooks[name] == 2 * summary.episodes
