"""Prepared reads give what the ORM gives (instances, related rows, annotations, converted values),
with new values each time, and refuse a query they could not run faithfully."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from acuback.web.care.models import Episode, Visit
from acuback.web.charting import notes
from acuback.web.charting import services as services_plan
from acuback.web.charting.models import PlanOrigin, SessionNote
from acuback.web.charting.records import latest_assessment, latest_intake
from acuback.web.intake.models import Assessment, IntakeForm, IntakeStatus
from acuback.web.patients.models import Patient
from acuback.web.prepared import PreparationError, Prepared
from acuback.web.schedule.models import Appointment
from acuback.web.workspace import services
from tests.factories import make_patient
from tests.web.charting.builders import appointment, assess_patient, local, raise_alert
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


def _fields(obj: object, names: tuple[str, ...]) -> tuple[object, ...]:
    return tuple(getattr(obj, name) for name in names)


def test_today_s_appointments_match_the_orm_for_each_shape_and_day(world: World) -> None:
    today = timezone.localdate()
    assess_patient(world.paula)
    raise_alert(world.paula, "urgent", "Night pain")
    raise_alert(world.paula, "emergency", "Saddle numbness")
    appointment(world.alice, world.paula, local(today, 9))
    other = make_patient(world.clinic_a, given_name="Otto", family_name="Olsen")
    appointment(world.alice, other, local(today, 11))
    appointment(world.alice, other, local(today + dt.timedelta(days=1), 9))
    appointment(world.bruno, world.patient_b, local(today, 9))
    names = ("pk", "starts_at", "ends_at", "status", "reason", "patient_id", "practitioner_id")

    for day in (today, today + dt.timedelta(days=1), today - dt.timedelta(days=3)):
        for mine in (False, True):
            for clinical in (False, True):
                got = services.today_appointments(world.alice, day, mine=mine, clinical=clinical)
                begin = services.local_midnight(day)
                expected = services._appointments(
                    world.alice.clinic_id,
                    begin,
                    services.local_midnight(day + dt.timedelta(days=1)),
                    world.alice.pk if mine else 0,
                    clinical=clinical,
                )
                assert [_fields(a, names) for a in got] == [_fields(a, names) for a in expected]
                for a, b in zip(got, expected, strict=True):
                    assert a.patient == b.patient
                    assert str(a.practitioner) == str(b.practitioner)
                    assert a.starts_at.tzinfo is not None  # converted as Django converts it
                    if clinical:
                        assert (a.triage_level, a.open_alerts) == (b.triage_level, b.open_alerts)
    got = services.today_appointments(world.alice, today, mine=True, clinical=True)
    assert [(a.patient.given_name, a.triage_level, a.open_alerts) for a in got] == [
        ("Paula", "none", 2),
        ("Otto", None, 0),
    ]


def test_the_first_open_alerts_and_their_count_are_the_orm_s(world: World) -> None:
    assess_patient(world.paula)
    for n in range(12):
        raise_alert(world.paula, "urgent" if n % 3 else "emergency", f"alert {n}")
    raise_alert(world.patient_b, "emergency", "other clinic")

    alerts, count = services.first_open_alerts(world.alice)

    expected = list(services.open_alerts(world.alice)[: services.FIRST_ALERTS])
    assert [a.pk for a in alerts] == [a.pk for a in expected]
    assert [a.patient for a in alerts] == [a.patient for a in expected]
    assert count == services.open_alerts(world.alice).count() == 12
    assert [a.level for a in alerts][:4] == ["emergency"] * 4  # most serious first
    assert services.first_open_alerts(world.bruno)[1] == 1


def test_a_clinic_without_open_alerts_counts_none(world: World) -> None:
    assert services.first_open_alerts(world.alice) == ([], 0)


def test_a_prepared_read_runs_without_compiling_again(world: World) -> None:
    by_name = Prepared(
        lambda clinic_id, family_name: Patient.objects.filter(
            clinic_id=clinic_id, family_name=family_name
        ).select_related("clinic"),
        family_name=str,
    )
    make_patient(world.clinic_a, given_name="Ann", family_name="O'Brien; DROP")
    assert by_name.all(clinic_id=world.clinic_a.pk, family_name="nobody") == []
    with CaptureQueriesContext(connection) as captured:
        found = by_name.all(clinic_id=world.clinic_a.pk, family_name="O'Brien; DROP")
    assert [(p.given_name, p.clinic.name) for p in found] == [("Ann", world.clinic_a.name)]
    assert len(captured) == 1  # the clinic came in the same query
    assert by_name.first(clinic_id=world.clinic_b.pk, family_name="O'Brien; DROP") is None


def test_the_query_is_built_only_when_prepared(world: World) -> None:
    built: list[int] = []

    def build(clinic_id: int) -> QuerySet[Patient]:
        built.append(clinic_id)
        return Patient.objects.filter(clinic_id=clinic_id).order_by("pk")

    by_clinic = Prepared(build)
    for clinic in (world.clinic_a, world.clinic_b, world.clinic_a):
        expected = list(Patient.objects.filter(clinic_id=clinic.pk).order_by("pk"))
        assert by_clinic.all(clinic_id=clinic.pk) == expected
    assert len(built) == 2  # twice with stand-in values when prepared (see the module), never again
    assert world.clinic_a.pk not in built


def test_a_hidden_constant_such_as_the_time_is_refused(db: None) -> None:
    hidden = Prepared(
        lambda clinic_id: Appointment.objects.filter(
            clinic_id=clinic_id, starts_at__gte=timezone.now()
        )
    )
    with pytest.raises(PreparationError, match="hidden value"):
        hidden.all(clinic_id=1)


def test_a_value_that_is_not_a_parameter_is_refused(db: None) -> None:
    sliced = Prepared(lambda limit: Patient.objects.order_by("pk")[:limit])
    with pytest.raises(PreparationError, match="limit"):
        sliced.all(limit=3)


def test_wrong_values_are_refused_before_any_sql(world: World) -> None:
    by_clinic = Prepared(lambda clinic_id: Patient.objects.filter(clinic_id=clinic_id))
    by_time = Prepared(
        lambda since: Appointment.objects.filter(starts_at__gte=since), since=dt.datetime
    )
    with pytest.raises(TypeError, match="clinic_id"):
        by_clinic.all(clinic=1)
    with pytest.raises(TypeError, match="must be int"):
        by_clinic.all(clinic_id="1")
    with pytest.raises(TypeError, match="must be int"):
        by_clinic.all(clinic_id=True)
    with pytest.raises(TypeError, match="must be datetime"):
        by_time.all(since=dt.date(2026, 1, 1))
    with pytest.raises(TypeError, match="no argument named"):
        Prepared(lambda clinic_id: Patient.objects.all(), since=dt.datetime)


def test_values_come_back_as_rows_not_instances(world: World) -> None:
    names = Prepared(
        lambda clinic_id: (
            Patient.objects.filter(clinic_id=clinic_id)
            .order_by("pk")
            .values_list("family_name", "date_of_birth")
        )
    )
    rows = names.rows(clinic_id=world.clinic_a.pk)
    expected: QuerySet[Patient, tuple[str, dt.date]] = (
        Patient.objects.filter(clinic_id=world.clinic_a.pk)
        .order_by("pk")
        .values_list("family_name", "date_of_birth")
    )
    assert rows == list(expected)
    assert all(isinstance(r[1], dt.date) for r in rows)
    with pytest.raises(PreparationError, match="rows"):
        names.all(clinic_id=world.clinic_a.pk)


def test_the_chart_s_reads_are_the_orm_s(world: World) -> None:
    # Two intakes and assessments (the latest must win), two notes (one a draft), visits over two
    # episodes: each prepared read of the chart against the plain ORM query it replaced.
    first = assess_patient(world.paula)
    assess_patient(world.paula)
    services_plan.start_plan(world.paula, origin=PlanOrigin.BLANK, by=world.alice)
    signed = notes.start_note(world.paula, source="plan", by=world.alice).note
    SessionNote.objects.filter(pk=signed.pk).update(status="signed")
    notes.start_note(world.paula, source="plan", by=world.alice)
    Episode.objects.create(
        patient=world.paula,
        clinic=world.clinic_a,
        practitioner=world.alice,
        started_on=dt.date(2020, 1, 1),
    )
    paula = world.paula

    assert latest_intake(paula) == (
        IntakeForm.objects.filter(patient=paula, status=IntakeStatus.SUBMITTED)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    assert latest_assessment(paula) == (
        Assessment.objects.filter(patient=paula).order_by("-created_at", "-pk").first()
    )
    assert latest_assessment(paula) != first
    history = services.care_history(paula)
    episodes = list(Episode.objects.filter(patient=paula).order_by("-started_on", "-pk"))
    assert history.episodes == episodes
    assert len(episodes) == 2
    visits = list(Visit.objects.filter(patient=paula).order_by("-happened_at", "-pk"))
    assert [v for e in history.episodes for v in e.visit_list] == visits
    assert history.visit_count == len(visits) == 2
    for visit in (v for e in history.episodes for v in e.visit_list):
        assert visit.note == SessionNote.objects.get(visit_id=visit.pk)
        assert str(visit.practitioner) == str(world.alice)
    drafts = services.draft_notes(paula)
    assert drafts == list(SessionNote.objects.filter(patient=paula, status="draft"))
    assert len(drafts) == 1
    assert services.draft_notes(world.patient_b) == []
    assert latest_intake(world.patient_b) is None
