"""Build synthetic clinics at scale: 100,000 patients with a million visits in minutes.

Speed comes from ``bulk_create`` in batches, one transaction per batch, and no per-row signals or
queries. Realism comes from the distributions in :mod:`acuback.web.demo.intakes` and from the real
engine: a few hundred distinct intakes are assessed by the core (``assess``), and every patient's
stored intake and assessment is one of them, shifted to the patient's own dates (the onset moves with
the assessment date, so the durations the engine computed stay true).

Per patient: one to three episodes of care (6–12 visits each, fewer when the patient stopped
early), the latest one starting with the stored intake and assessment. A quarter of patients are in
an ongoing episode; they fill this week's appointments (about ten per practitioner per working day).
Emergency assessments raise a clinic alert (as the intake service does), unacknowledged in the last month.
Other apps add their own rows per batch through :mod:`acuback.web.demo.hooks`. At the end the
database's planner statistics are refreshed (ANALYZE), so the first pages served plan well.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import Value
from django.utils import timezone

from acuback.core.assess import assess
from acuback.core.intake import parse_intake
from acuback.knowledge import load_atlas
from acuback.web.accounts.models import Role, User
from acuback.web.care.models import Episode, Visit
from acuback.web.clinics.demo import DEMO_PASSWORD
from acuback.web.clinics.models import Clinic
from acuback.web.demo.hooks import DemoBatch, all_hooks, hook_name
from acuback.web.demo.intakes import make_intake
from acuback.web.demo.names import FAMILY, GIVEN_FEMALE, GIVEN_MALE
from acuback.web.intake.models import Assessment, ClinicAlert, IntakeForm, IntakeStatus
from acuback.web.patients.models import Patient
from acuback.web.schedule.models import Appointment, AppointmentStatus

BATCH_PATIENTS = 2000
INSERT_BATCH = 5000
PATIENTS_PER_CLINIC = 10_000
PATIENTS_PER_PRACTITIONER = 1500
APPOINTMENTS_PER_DAY = (8, 12)
WEEK_DAYS = 7
SLUG_PREFIX = "scale"


class DemoExists(Exception):
    """The clinics this seed would build are already there."""


@dataclass(frozen=True)
class DemoPlan:
    patients: int
    clinics: int | None = None
    visits_per_patient: int = 10
    seed: int = 1
    templates: int = 300
    today: dt.date | None = None

    @property
    def clinic_count(self) -> int:
        return self.clinics or max(1, math.ceil(self.patients / PATIENTS_PER_CLINIC))


@dataclass
class DemoSummary:
    clinics: int = 0
    users: int = 0
    patients: int = 0
    episodes: int = 0
    visits: int = 0
    intakes: int = 0
    assessments: int = 0
    alerts: int = 0
    appointments: int = 0
    triage: dict[str, int] = field(default_factory=dict)
    hooks: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds spent per step
    logins: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Template:
    """One distinct intake and the core's assessment of it, assessed as of ``as_of``."""

    answers: dict[str, Any]
    result: dict[str, Any]
    onset_days: int | None  # days from onset to the assessment date
    level: str
    duration_class: str
    top_pattern: str
    protocol: str
    region: str
    complaint: str
    age: int
    sex: str


def slug_for(seed: int, k: int) -> str:
    return f"{SLUG_PREFIX}-{seed}-{k + 1}"


def existing_clinics(seed: int) -> int:
    return Clinic.objects.filter(slug__startswith=f"{SLUG_PREFIX}-{seed}-").count()


def make_templates(count: int, seed: int, as_of: dt.date) -> list[Template]:
    """Assess ``count`` distinct generated intakes with the real engine."""
    atlas = load_atlas()
    rng = random.Random(f"templates-{seed}")
    templates = []
    for _ in range(count):
        answers = make_intake(rng, as_of)
        result = assess(parse_intake(answers), atlas, as_of=as_of)
        onset = answers.get("onset", {}).get("date")
        summary = result.pattern_summary
        regions = result.classification.spinal_regions or result.classification.regions
        region = str(regions[0].value) if regions else ""
        templates.append(
            Template(
                answers=answers,
                result=result.model_dump(mode="json"),
                onset_days=(as_of - dt.date.fromisoformat(onset)).days if onset else None,
                level=result.triage.level.value,
                duration_class=result.classification.duration.value,
                top_pattern=summary.leading[0] if summary.leading else "",
                protocol=(result.prescription.protocol or "") if result.prescription else "",
                region=region,
                complaint=f"{region.replace('_', ' ').capitalize() or 'Back'} pain",
                age=answers["age"],
                sex=answers["sex"],
            )
        )
    return templates


@contextmanager
def explicit_timestamps(*fields: tuple[type[models.Model], str]) -> Iterator[None]:
    """Let generated rows carry their own created/updated times (auto_now fields would say "now")."""
    saved = []
    for model, name in fields:
        f = model._meta.get_field(name)
        saved.append((f, f.auto_now, f.auto_now_add))  # type: ignore[union-attr]
        f.auto_now = f.auto_now_add = False  # type: ignore[union-attr]
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add  # type: ignore[union-attr]


def refresh_statistics() -> None:
    """Tell the query planner how big the tables now are.

    Autovacuum gets there eventually, but right after a bulk load PostgreSQL still plans with the
    old statistics: it expected thousands of visits per episode and read one patient's eight visits
    with a parallel scan (18 ms of queries on the chart page instead of 1 ms). On SQLite a bounded
    ANALYZE gives the planner row counts for the first time.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")


@contextmanager
def server_side_binding() -> Iterator[None]:
    """On PostgreSQL, send the bulk inserts' parameters bound on the server (psycopg's C dumpers).

    Django binds on the client by default, quoting every value into the SQL in Python; for the
    UNNEST arrays of a bulk insert of large JSON documents that quoting costs more than the insert.
    """
    if connection.vendor != "postgresql":
        yield
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = connection.connection
    previous = raw.cursor_factory
    raw.cursor_factory = ServerBindingCursor
    try:
        yield
    finally:
        raw.cursor_factory = previous


def insert(model: type[models.Model], rows: list[Any], *, literal: str) -> None:
    """``bulk_create`` rows that carry large JSON documents, fast on PostgreSQL too.

    On PostgreSQL Django inserts a batch as ``UNNEST`` of one array per column, and psycopg quotes
    every array element in Python: for 16 kB assessment documents that quoting takes longer than the
    insert itself (small rows such as visits are faster as arrays, so they keep it). Handing one
    short column (``literal``) over as an expression makes Django fall back to a plain ``VALUES``
    list, whose parameters psycopg binds in C. The rows get their own values back afterwards.
    """
    manager = model._default_manager
    if connection.vendor != "postgresql":
        manager.bulk_create(rows, batch_size=INSERT_BATCH)
        return
    values = [getattr(row, literal) for row in rows]
    for row, value in zip(rows, values, strict=True):
        setattr(row, literal, Value(value))
    try:
        # VALUES binds every field of every row: stay well under PostgreSQL's 65,535 parameters.
        per_batch = max(1, 30_000 // len(model._meta.concrete_fields))
        manager.bulk_create(rows, batch_size=per_batch)
    finally:
        for row, value in zip(rows, values, strict=True):
            setattr(row, literal, value)


TIMESTAMPED = (
    (Clinic, "created_at"),
    (Patient, "created_at"),
    (IntakeForm, "created_at"),
    (IntakeForm, "updated_at"),
    (Assessment, "created_at"),
    (ClinicAlert, "created_at"),
    (Appointment, "created_at"),
)


def aware(day: dt.date, minutes: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60)))


def split_episodes(visits: int) -> list[int]:
    """Visits per episode: courses of 6–12, a short one when the patient stopped early."""
    count = max(1, round(visits / 9))
    base, extra = divmod(visits, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


def visit_counts(rng: random.Random, n: int, mean: int) -> list[int]:
    """``n`` visit counts averaging exactly ``mean``: pairs of patients spread around it."""
    counts = []
    spread = max(0, min(mean - 1, mean // 2))
    for _ in range(n // 2):
        d = rng.randint(0, spread)
        counts += [mean + d, mean - d]
    if n % 2:
        counts.append(mean)
    rng.shuffle(counts)
    return counts


def visit_days(
    rng: random.Random, start: dt.date, size: int, live: bool, today: dt.date
) -> list[dt.date]:
    """The days of an episode's ``size`` visits, every few days from ``start``, none after yesterday.

    An ongoing episode spreads its visits so far evenly up to yesterday.
    """
    last = today - dt.timedelta(days=1)
    if live:
        step = max(1, (last - start).days // max(size, 1))
        return [min(last, start + dt.timedelta(days=i * step)) for i in range(size)]
    days, day = [], start
    for _ in range(size):
        days.append(min(day, last))
        day += dt.timedelta(days=rng.choice((3, 4, 7, 7, 7, 10, 14)))
    return days


class Builder:
    def __init__(self, plan: DemoPlan, progress: Callable[[int], None] | None) -> None:
        self.plan = plan
        self.today = plan.today or timezone.localdate()
        self.progress = progress or (lambda n: None)
        self.rng = random.Random(plan.seed)
        self.summary = DemoSummary()
        self.hooks = all_hooks()
        self.password = make_password(DEMO_PASSWORD)
        self.templates: list[Template] = []

    @contextmanager
    def timed(self, step: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            spent = time.perf_counter() - started
            self.summary.timings[step] = self.summary.timings.get(step, 0.0) + spent

    def run(self) -> DemoSummary:
        with server_side_binding():
            return self._run()

    def _run(self) -> DemoSummary:
        started = time.perf_counter()
        with self.timed("assess templates"):
            self.templates = make_templates(self.plan.templates, self.plan.seed, self.today)
        k_count = self.plan.clinic_count
        per_clinic = [
            self.plan.patients // k_count + (1 if k < self.plan.patients % k_count else 0)
            for k in range(k_count)
        ]
        with explicit_timestamps(*TIMESTAMPED):
            for k, n in enumerate(per_clinic):
                self.build_clinic(k, n)
        with self.timed("analyze"):
            refresh_statistics()
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    # --- one clinic ---------------------------------------------------------------------------

    def build_clinic(self, k: int, n: int) -> None:
        slug = slug_for(self.plan.seed, k)
        with transaction.atomic():
            clinic = Clinic.objects.create(
                name=f"Scale demo clinic {k + 1} (seed {self.plan.seed})",
                slug=slug,
                created_at=timezone.now(),
            )
            staff = self.make_staff(clinic, slug, n)
        practitioners = [u for u in staff if u.role == Role.PRACTITIONER]
        self.summary.clinics += 1
        ongoing: list[tuple[int, int]] = []  # (patient id, practitioner id) in an ongoing episode
        counts = visit_counts(self.rng, n, self.plan.visits_per_patient)
        for start in range(0, n, BATCH_PATIENTS):
            with transaction.atomic():
                ongoing += self.build_batch(
                    clinic,
                    practitioners,
                    counts[start : start + BATCH_PATIENTS],
                    first=(start == 0),
                    slug=slug,
                )
            self.progress(min(BATCH_PATIENTS, n - start))
        with transaction.atomic():
            self.book_week(clinic, practitioners, ongoing)

    def make_staff(self, clinic: Clinic, slug: str, n: int) -> list[User]:
        practitioners = max(2, min(12, round(n / PATIENTS_PER_PRACTITIONER)))
        people = [
            (Role.CLINIC_ADMIN, "admin", 1),
            (Role.FRONT_DESK, "frontdesk", 2),
            (Role.PRACTITIONER, "practitioner", practitioners),
        ]
        users = []
        for role, word, count in people:
            for i in range(count):
                female = self.rng.random() < 0.6
                users.append(
                    User(
                        username=f"{slug}-{word}{i + 1}",
                        clinic=clinic,
                        role=role,
                        password=self.password,
                        first_name=self.rng.choice(GIVEN_FEMALE if female else GIVEN_MALE),
                        last_name=self.rng.choice(FAMILY),
                    )
                )
        User.objects.bulk_create(users)
        self.summary.users += len(users)
        self.summary.logins += [
            (u.username, u.role)
            for u in users
            if u.username.endswith(("admin1", "frontdesk1", "practitioner1"))
        ]
        return list(User.objects.filter(clinic=clinic).order_by("pk"))

    # --- one batch of patients ----------------------------------------------------------------

    def fast_writes(self) -> None:
        """On PostgreSQL, inside the batch's transaction: compress the large assessment JSON with lz4
        (several times faster than the default pglz; PostgreSQL 14+) and don't wait for the WAL
        flush at commit. Both only affect this transaction; a crash loses at most the last batch."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            if connection.pg_version >= 140000:  # type: ignore[attr-defined]
                cursor.execute("SET LOCAL default_toast_compression TO 'lz4'")

    def build_batch(
        self,
        clinic: Clinic,
        practitioners: list[User],
        counts: list[int],
        *,
        first: bool,
        slug: str,
    ) -> list[tuple[int, int]]:
        rng, today = self.rng, self.today
        self.fast_writes()
        plans = []  # (patient, template, as_of, ongoing, primary)
        patients = []
        for _ in counts:
            template = rng.choice(self.templates)
            ongoing = rng.random() < 0.25
            # The assessment date: recent for ongoing care, up to three years back otherwise.
            as_of = today - dt.timedelta(
                days=rng.randint(7, 70) if ongoing else rng.randint(90, 1100)
            )
            born = as_of - dt.timedelta(days=template.age * 365 + rng.randint(0, 364))
            sex = template.sex if template.sex in {"female", "male", "other"} else "unknown"
            given = rng.choice(GIVEN_FEMALE if sex == "female" else GIVEN_MALE)
            primary = rng.choice(practitioners)
            patient = Patient(
                clinic=clinic,
                given_name=given,
                family_name=rng.choice(FAMILY),
                date_of_birth=born,
                sex=sex,
                phone=f"+44 7700 {rng.randint(0, 999999):06d}",
                primary_practitioner=primary,
                created_at=aware(as_of, 9 * 60),
            )
            patients.append(patient)
            plans.append((patient, template, as_of, ongoing, primary))
        with self.timed("insert patients"):
            Patient.objects.bulk_create(patients, batch_size=INSERT_BATCH)
        if first:
            self.portal_user(clinic, patients[0], slug)

        intakes = []
        for patient, template, as_of, _, _ in plans:
            answers = template.answers
            if template.onset_days is not None:
                answers = {
                    **answers,
                    "onset": {
                        **answers["onset"],
                        "date": (as_of - dt.timedelta(days=template.onset_days)).isoformat(),
                    },
                }
            at = aware(as_of, 8 * 60 + rng.randint(0, 120))
            intakes.append(
                IntakeForm(
                    patient=patient,
                    status=IntakeStatus.SUBMITTED,
                    answers=answers,
                    current_step="done",
                    created_at=at,
                    updated_at=at,
                    submitted_at=at,
                    entered_by=None,
                )
            )
        with self.timed("insert intakes"):
            insert(IntakeForm, intakes, literal="current_step")

        assessments = []
        for (patient, template, as_of, _, _), intake in zip(plans, intakes, strict=True):
            assessments.append(
                Assessment(
                    patient=patient,
                    intake=intake,
                    created_at=intake.created_at,
                    as_of=as_of,
                    knowledge_version=template.result["knowledge_version"],
                    triage_level=template.level,
                    duration_class=template.duration_class,
                    top_pattern=template.top_pattern,
                    protocol=template.protocol,
                    result={**template.result, "as_of": as_of.isoformat()},
                )
            )
            self.summary.triage[template.level] = self.summary.triage.get(template.level, 0) + 1
        with self.timed("insert assessments"):
            insert(Assessment, assessments, literal="knowledge_version")

        alerts = []
        for (patient, template, as_of, _, primary), assessment in zip(
            plans, assessments, strict=True
        ):
            if template.level == "emergency":  # as the intake service does
                recent = (today - as_of).days <= 30
                alerts.append(
                    ClinicAlert(
                        clinic=clinic,
                        patient=patient,
                        assessment=assessment,
                        level=template.level,
                        message=template.result["triage"]["summary"][:500],
                        created_at=assessment.created_at,
                        acknowledged_at=None
                        if recent
                        else assessment.created_at + dt.timedelta(hours=2),
                        acknowledged_by=None if recent else primary,
                    )
                )
        with self.timed("insert alerts"):
            ClinicAlert.objects.bulk_create(alerts, batch_size=INSERT_BATCH)

        episodes: list[Episode] = []
        planned: list[tuple[Episode, list[dt.date]]] = []
        ongoing_pairs = []
        for (patient, template, as_of, ongoing, primary), assessment, visits in zip(
            plans, assessments, counts, strict=True
        ):
            courses = split_episodes(visits)
            # Earlier courses lie before the latest, months apart.
            starts = [as_of]
            for _ in courses[:-1]:
                starts.insert(0, starts[0] - dt.timedelta(days=rng.randint(150, 500)))
            for i, (start, size) in enumerate(zip(starts, courses, strict=True)):
                latest = i == len(courses) - 1
                live = latest and ongoing
                days = visit_days(rng, start, size, live, today)
                episode = Episode(
                    patient=patient,
                    clinic=clinic,
                    practitioner=primary if rng.random() < 0.9 else rng.choice(practitioners),
                    started_on=start,
                    ended_on=None if live else days[-1],
                    complaint=template.complaint,
                    region=template.region,
                    duration_class=template.duration_class,
                    pattern=template.top_pattern,
                    protocol=template.protocol,
                    assessment=assessment if latest else None,
                )
                episodes.append(episode)
                planned.append((episode, days))
            if ongoing:
                ongoing_pairs.append((patient, primary))
        with self.timed("insert episodes"):
            Episode.objects.bulk_create(episodes, batch_size=INSERT_BATCH)

        visits_made = [
            Visit(
                episode=episode,
                patient=episode.patient,
                practitioner=episode.practitioner,
                happened_at=aware(day, rng.randint(8 * 4, 18 * 4) * 15),
                number=number,
            )
            for episode, days in planned
            for number, day in enumerate(days, start=1)
        ]
        with self.timed("insert visits"):
            Visit.objects.bulk_create(visits_made, batch_size=INSERT_BATCH)

        for hook in self.hooks:
            with self.timed(f"hook {hook_name(hook)}"):
                added = hook(
                    DemoBatch(
                        clinic=clinic,
                        practitioners=practitioners,
                        patients=patients,
                        episodes=episodes,
                        visits=visits_made,
                        intakes=intakes,
                        assessments=assessments,
                        rng=rng,
                        today=today,
                    )
                )
            self.summary.hooks[hook_name(hook)] = self.summary.hooks.get(hook_name(hook), 0) + int(
                added or 0
            )

        self.summary.patients += len(patients)
        self.summary.intakes += len(intakes)
        self.summary.assessments += len(assessments)
        self.summary.alerts += len(alerts)
        self.summary.episodes += len(episodes)
        self.summary.visits += len(visits_made)
        return [(p.pk, primary.pk) for p, primary in ongoing_pairs]

    def portal_user(self, clinic: Clinic, patient: Patient, slug: str) -> None:
        user = User.objects.create(
            username=f"{slug}-patient1",
            clinic=clinic,
            role=Role.PATIENT,
            password=self.password,
            first_name=patient.given_name,
            last_name=patient.family_name,
        )
        Patient.objects.filter(pk=patient.pk).update(user=user)
        patient.user = user
        self.summary.users += 1
        self.summary.logins.append((user.username, user.role))

    # --- this week's appointments -------------------------------------------------------------

    def book_week(
        self, clinic: Clinic, practitioners: list[User], ongoing: list[tuple[int, int]]
    ) -> None:
        """About ten appointments per practitioner per working day, today and the six days after."""
        rng, today = self.rng, self.today
        by_practitioner: dict[int, list[int]] = {p.pk: [] for p in practitioners}
        for patient_id, practitioner_id in ongoing:
            by_practitioner.setdefault(practitioner_id, []).append(patient_id)
        now = timezone.now()
        rows = []
        for offset in range(WEEK_DAYS):
            day = today + dt.timedelta(days=offset)
            if day.weekday() == 6:  # closed on Sundays
                continue
            for practitioner in practitioners:
                pool = by_practitioner.get(practitioner.pk) or [
                    pid for pids in by_practitioner.values() for pid in pids
                ]
                if not pool:
                    continue
                slots = rng.randint(*APPOINTMENTS_PER_DAY)
                for slot in range(slots):
                    start = aware(day, 9 * 60 + slot * 45)
                    status = (
                        AppointmentStatus.ATTENDED
                        if start + dt.timedelta(minutes=30) < now
                        else AppointmentStatus.BOOKED
                    )
                    rows.append(
                        Appointment(
                            clinic=clinic,
                            practitioner=practitioner,
                            patient_id=rng.choice(pool),
                            starts_at=start,
                            ends_at=start + dt.timedelta(minutes=30),
                            status=status,
                            reason="Follow-up treatment",
                            created_at=now,
                            created_by=None,
                        )
                    )
        with self.timed("insert appointments"):
            Appointment.objects.bulk_create(rows, batch_size=INSERT_BATCH)
        self.summary.appointments += len(rows)


def build_demo(plan: DemoPlan, progress: Callable[[int], None] | None = None) -> DemoSummary:
    """Build the clinics of ``plan``. Raises DemoExists when this seed's clinics are already there."""
    if plan.patients < 1 or plan.visits_per_patient < 1:
        raise ValueError("patients and visits per patient must be at least 1")
    if existing := existing_clinics(plan.seed):
        raise DemoExists(
            f"a scale demo with seed {plan.seed} is already in this database ({existing} clinics); "
            "use another --seed, or a fresh database"
        )
    return Builder(plan, progress).run()
