"""Who may open what: every URL pattern and every API route, for every role, on a record of the
person's own clinic and on one of another clinic; and no list or search ever shows another clinic's
rows.

The expected outcome of each route is stated once, in WEB and API below, for the five roles in ROLES
order: someone signed out, a patient, the front desk, a practitioner, the clinic admin. Every actor
belongs to clinic A (the patient is Paula, A's patient); "own" uses clinic A's records, "other" the
same kind of record in clinic B. The routes are read from the URL resolver and the API's OpenAPI
schema: a new one fails ``test_every_route_is_classified`` until it is added here.

Outcomes: ``ok`` (the view answered: 2xx, or a redirect other than to sign-in), ``login`` (a redirect
to the sign-in page), or the exact refusal status (401, 403, 404, 409). POST-only routes are posted
valid data, so ``ok`` means the change went through; each request runs in a savepoint that is rolled
back, so every cell sees the same records.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from acuback.web.api.api import api
from acuback.web.apitokens.services import create_token
from acuback.web.charting import notes
from acuback.web.charting import services as charting
from acuback.web.charting.models import PlanOrigin
from acuback.web.intake.models import ClinicAlert
from acuback.web.outcomes import services as outcomes
from acuback.web.outcomes.links import issue_link
from acuback.web.outcomes.models import LicensedText
from acuback.web.portal.services import create_invitation, give_consent
from tests.e2e.records import answered_draft, booked_today, submitted_intake
from tests.factories import make_clinic, make_patient, make_user

ROLES = ("anonymous", "patient", "front_desk", "practitioner", "clinic_admin")
OK, LOGIN = "ok", "login"
Outcome = str | int


def row(text: str) -> tuple[Outcome, ...]:
    """'L ok 403 ok ok' -> ('login', 'ok', 403, 'ok', 'ok'): one outcome per role, in ROLES order."""
    cells = tuple(
        LOGIN if cell == "L" else OK if cell == "ok" else int(cell) for cell in text.split()
    )
    assert len(cells) == len(ROLES), text
    return cells


# --- the records ---------------------------------------------------------------------------------


@dataclass
class Records:
    """One clinic's records of every kind a URL names."""

    clinic: Any
    practitioner: Any
    patient: Any  # with a portal account
    patient_user: Any
    submitted: Any  # the patient's sent questionnaire
    assessment: Any
    draft: Any  # a questionnaire in progress, every step answered
    appointment: Any
    alert: Any
    plan: Any
    plan_point: Any
    note: Any  # a draft session note by the practitioner
    visit: Any
    episode: Any
    outcome_request: Any
    outcome_link: str
    invitation: str  # the token of an invitation of another patient, who has no account yet
    consent: Any
    practitioner_token: Any  # an API token row of the practitioner
    combination: Any  # a point combination the practitioner saved
    intake_answers: dict[str, Any] = field(default_factory=dict)


def clinic_records(name: str, names: tuple[str, str, str]) -> Records:
    """A clinic, its practitioner and a patient with every kind of record."""
    first, family, practitioner_family = names
    clinic = make_clinic(name)
    practitioner = make_user(
        clinic, "practitioner", first_name="Pia", last_name=practitioner_family
    )
    LicensedText.objects.create(
        clinic=clinic,
        instrument="rmdq",
        texts={"instructions": f"{name} wording"},
        licence_reference=f"{name} licence",
    )
    return patient_records(clinic, practitioner, first, family)


def patient_records(clinic: Any, practitioner: Any, first: str, family: str) -> Records:
    """A patient with a portal account and every kind of record, treated by ``practitioner``."""
    patient_user = make_user(clinic, "patient")
    patient = make_patient(clinic, patient_user, given_name=first, family_name=family)
    assessment = submitted_intake(patient)
    draft = answered_draft(patient)
    appointment = booked_today(patient, practitioner, reason=f"{family} follow-up")
    alert = ClinicAlert.objects.create(
        clinic=clinic, patient=patient, level="urgent", message=f"{first} {family}: see today"
    )
    plan, _outcome = charting.start_plan(patient, origin=PlanOrigin.PROPOSED, by=practitioner)
    note = notes.start_note(patient, source="plan", by=practitioner).note
    visit = note.visit
    request = outcomes.get_or_create_request(visit.episode, "baseline", created_by=practitioner)
    combination = charting.save_combination(practitioner, f"{family} set", [("BL23", "both")])
    invitee = make_patient(clinic, given_name="Ines", family_name=f"{family}-Invitee")
    _invitation, invitation = create_invitation(invitee, by=practitioner)
    return Records(
        clinic=clinic,
        practitioner=practitioner,
        patient=patient,
        patient_user=patient_user,
        submitted=assessment.intake,
        assessment=assessment,
        draft=draft,
        appointment=appointment,
        alert=alert,
        plan=plan,
        plan_point=plan.points.first(),
        note=note,
        visit=visit,
        episode=visit.episode,
        outcome_request=request,
        outcome_link=issue_link(request),
        invitation=invitation,
        consent=give_consent(patient, "needling", signed_name=f"{first} {family}", by=patient_user),
        practitioner_token=create_token(practitioner, f"{clinic.name} token").token,
        combination=combination,
        intake_answers=assessment.intake.answers,
    )


@dataclass
class World:
    own: Records  # clinic A: every actor works here
    other: Records  # clinic B
    neighbour: Records  # another patient of clinic A, with every kind of record
    actors: dict[str, Any]  # role -> user (None when signed out)
    tokens: dict[str, str]  # role -> plain API token

    def side(self, name: str) -> Records:
        return {"own": self.own, "other": self.other, "neighbour": self.neighbour}[name]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Both clinics' records, made once for the module in a transaction rolled back at its end;
    every test runs inside it (pytest-django's savepoint), and every request in a savepoint more."""
    with django_db_blocker.unblock(), transaction.atomic():
        own = clinic_records("Northgate", ("Paula", "Amsel", "Alder"))
        other = clinic_records("Southbank", ("Quintessa", "Zwicky", "Brandt"))
        colleague = make_user(own.clinic, "practitioner", first_name="Otto", last_name="Olm")
        neighbour = patient_records(own.clinic, colleague, "Nils", "Nachbar")
        actors = {
            "anonymous": None,
            "patient": own.patient_user,
            "front_desk": make_user(own.clinic, "front_desk"),
            "practitioner": own.practitioner,
            "clinic_admin": make_user(own.clinic, "clinic_admin"),
        }
        tokens = {role: create_token(user, "matrix").plain for role, user in actors.items() if user}
        yield World(own, other, neighbour, actors, tokens)
        transaction.set_rollback(True)


class Rollback(Exception):
    pass


def respond(user: Any, method: str, url: str, data: Any = None, **extra: Any) -> Any:
    """The response to one request by ``user`` (None: signed out), with anything it changed rolled
    back. Web forms are posted as forms; API bodies come as a JSON string."""
    response = None
    try:
        with transaction.atomic():
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            if method == "GET":
                response = client.get(url, **extra)
            elif isinstance(data, str):
                response = client.generic(method, url, data, "application/json", **extra)
            else:
                response = client.post(url, data or {}, **extra)
            raise Rollback
    except Rollback:
        pass
    return response


def web_outcome(response: Any) -> Outcome:
    if response.status_code in (301, 302, 303):
        return LOGIN if response["Location"].startswith(reverse(settings.LOGIN_URL)) else OK
    return OK if response.status_code < 300 else response.status_code


def api_outcome(response: Any) -> Outcome:
    return OK if response.status_code < 300 else response.status_code


# --- the web pages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    own: tuple[Outcome, ...]  # on clinic A's record (or the page, when it names no record)
    other: tuple[Outcome, ...] | None = None  # on clinic B's record; None: no record in the URL
    kwargs: Callable[[Records], dict[str, Any]] = lambda r: {}
    method: str = "GET"
    data: Callable[[Records], dict[str, Any]] = lambda r: {}
    path: str | None = None  # for an unnamed pattern
    # What the patient gets on another patient's record of their clinic, where they may open their own.
    neighbour: Outcome | None = None


def patient_pk(r: Records) -> dict[str, Any]:
    return {"pk": r.patient.pk}


def note_pk(r: Records) -> dict[str, Any]:
    return {"pk": r.note.pk}


def plan_pk(r: Records) -> dict[str, Any]:
    return {"plan_pk": r.plan.pk}


EVERYONE = row("ok ok ok ok ok")
PORTAL = row("L ok 404 404 404")  # the signed-in patient's own pages; staff have none
NOT_FOUND = row("L 404 404 404 404")  # another clinic's record, wherever no role check comes first
STAFF = row("L 403 ok ok ok")
CLINICIANS = row("L 403 403 ok ok")
PRACTITIONERS = row("L 403 403 ok 403")
STAFF_OTHER = row("L 403 404 404 404")  # the role check comes first, then the clinic
SIGNED_IN = row("L ok ok ok ok")
NOTE_FORM = {
    "action": "save",
    "note-style": "tcm",
    "points-TOTAL_FORMS": "0",
    "points-INITIAL_FORMS": "0",
    "points-MIN_NUM_FORMS": "0",
    "points-MAX_NUM_FORMS": "1000",
}

WEB: dict[str, Page] = {
    # Open to anyone.
    "home": Page(EVERYONE),
    "healthz": Page(EVERYONE),
    "accounts:login": Page(EVERYONE),
    "accounts:logout": Page(EVERYONE, method="POST"),
    "atlas:list": Page(EVERYONE),
    "atlas:detail": Page(EVERYONE, kwargs=lambda r: {"code": "BL23"}),
    "portal:prepare": Page(EVERYONE),
    # Links that carry their own secret: the invitation is for someone not signed in.
    "portal:join": Page(
        row("ok 409 409 409 409"), row("ok 409 409 409 409"), lambda r: {"token": r.invitation}
    ),
    # Whoever holds a one-time link may answer it: the link is the permission.
    "outcomes:link": Page(EVERYONE, EVERYONE, lambda r: {"token": r.outcome_link}, neighbour=OK),
    # The patient portal.
    "portal:home": Page(PORTAL),
    "portal:start": Page(PORTAL, method="POST"),
    "portal:step": Page(
        PORTAL, NOT_FOUND, lambda r: {"pk": r.draft.pk, "slug": "where"}, neighbour=404
    ),
    "portal:review": Page(PORTAL, NOT_FOUND, lambda r: {"pk": r.draft.pk}, neighbour=404),
    "portal:submit": Page(PORTAL, NOT_FOUND, lambda r: {"pk": r.draft.pk}, "POST", neighbour=404),
    "portal:result": Page(PORTAL, NOT_FOUND, lambda r: {"pk": r.submitted.pk}, neighbour=404),
    "portal:consents": Page(PORTAL),
    "portal:consent": Page(PORTAL, kwargs=lambda r: {"technique": "needling"}),
    "portal:consent_withdraw": Page(
        PORTAL, NOT_FOUND, lambda r: {"pk": r.consent.pk}, neighbour=404
    ),
    "portal:invite": Page(
        row("L 403 ok ok ok"), row("L 404 404 404 404"), lambda r: {"patient_id": r.patient.pk}
    ),
    "outcomes:mine": Page(row("L ok 403 403 403")),
    "outcomes:mine_fill": Page(
        row("L ok 403 403 403"),
        row("L 404 403 403 403"),
        lambda r: {"pk": r.outcome_request.pk},
        neighbour=404,
    ),
    # The workspace.
    "workspace:landing": Page(EVERYONE),
    "workspace:today": Page(STAFF),
    "workspace:patients": Page(STAFF),
    "workspace:chart": Page(CLINICIANS, STAFF_OTHER, patient_pk),
    "workspace:alerts": Page(CLINICIANS),
    "charting:combinations": Page(PRACTITIONERS),
    "charting:combination_delete": Page(
        PRACTITIONERS, row("L 403 403 404 403"), lambda r: {"pk": r.combination.pk}, "POST"
    ),
    # Care: ending an episode (the practitioner's change to a clinical record).
    "care:end_episode": Page(
        PRACTITIONERS,
        STAFF_OTHER,
        lambda r: {"pk": r.episode.pk},
        "POST",
        lambda r: {"ended_on": timezone.localdate().isoformat()},
    ),
    "workspace:acknowledge_alert": Page(
        CLINICIANS, row("L 403 403 404 404"), lambda r: {"pk": r.alert.pk}, "POST"
    ),
    # The schedule.
    "schedule:day": Page(STAFF),
    "schedule:week": Page(STAFF),
    "schedule:book": Page(STAFF),
    "schedule:patient_search": Page(STAFF),
    "schedule:appointment": Page(STAFF, STAFF_OTHER, lambda r: {"pk": r.appointment.pk}),
    "schedule:move": Page(
        STAFF,
        STAFF_OTHER,
        lambda r: {"pk": r.appointment.pk},
        "POST",
        lambda r: {
            "practitioner": r.practitioner.pk,
            "starts_at": (
                timezone.localtime(r.appointment.starts_at) + dt.timedelta(days=1)
            ).strftime("%Y-%m-%dT%H:%M"),
            "minutes": "30",
        },
    ),
    "schedule:cancel": Page(STAFF, STAFF_OTHER, lambda r: {"pk": r.appointment.pk}, "POST"),
    # Charting: clinicians read, practitioners write.
    "charting:plan": Page(CLINICIANS, STAFF_OTHER, patient_pk),
    "charting:plan_start": Page(
        PRACTITIONERS, STAFF_OTHER, patient_pk, "POST", lambda r: {"origin": "blank"}
    ),
    "charting:plan_add": Page(
        PRACTITIONERS, STAFF_OTHER, plan_pk, "POST", lambda r: {"point": "ST36"}
    ),
    "charting:plan_remove": Page(
        PRACTITIONERS,
        STAFF_OTHER,
        lambda r: {"plan_pk": r.plan.pk, "point_pk": r.plan_point.pk},
        "POST",
    ),
    "charting:plan_apply": Page(PRACTITIONERS, STAFF_OTHER, plan_pk, "POST"),
    "charting:plan_save_combination": Page(
        PRACTITIONERS, STAFF_OTHER, plan_pk, "POST", lambda r: {"name": "Matrix"}
    ),
    "charting:point_suggestions": Page(STAFF),
    "charting:new_note": Page(PRACTITIONERS, STAFF_OTHER, patient_pk),
    "charting:note": Page(CLINICIANS, STAFF_OTHER, note_pk),
    "charting:note_save": Page(PRACTITIONERS, STAFF_OTHER, note_pk, "POST", lambda r: NOTE_FORM),
    "charting:amend": Page(PRACTITIONERS, STAFF_OTHER, note_pk),
    "charting:adverse_event": Page(
        PRACTITIONERS,
        STAFF_OTHER,
        note_pk,
        "POST",
        lambda r: {"kind": "pain", "severity": "mild", "action_taken": "Reassured."},
    ),
    # Outcomes.
    "outcomes:patient": Page(CLINICIANS, NOT_FOUND, patient_pk),
    "outcomes:enter": Page(PRACTITIONERS, NOT_FOUND, patient_pk),
    "outcomes:send": Page(
        PRACTITIONERS,
        NOT_FOUND,
        patient_pk,
        "POST",
        lambda r: {"episode": r.episode.pk, "kind": "baseline"},
    ),
    "outcomes:dashboard": Page(CLINICIANS),
    "outcomes:instruments": Page(STAFF),
    "outcomes:texts": Page(row("L 403 403 403 ok")),
    "outcomes:text_edit": Page(row("L 403 403 403 ok"), kwargs=lambda r: {"instrument": "rmdq"}),
    # The clinic admin's audit trail; anyone's own API tokens.
    "audit:list": Page(row("L 403 403 403 ok")),
    "apitokens:list": Page(SIGNED_IN),
    # Revoking someone else's token changes nothing and says nothing: back to one's own list.
    "apitokens:revoke": Page(
        SIGNED_IN, SIGNED_IN, lambda r: {"pk": r.practitioner_token.pk}, "POST", neighbour=OK
    ),
    # The API's own pages (its routes are in API below).
    "api:index": Page(EVERYONE),
    "api:api-root": Page(EVERYONE),  # /api/ itself: answered by api:index, listed before it
    "api:openapi-json": Page(EVERYONE),
    "api:openapi-view": Page(EVERYONE),
    "api:<unknown route>": Page(row("404 404 404 404 404"), path="/api/no/such/route"),
}


# --- the API -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    own: tuple[Outcome, ...]
    other: tuple[Outcome, ...] | None = None  # None: the call names no record
    body: Callable[[Records, World], Any] | None = None
    neighbour: Outcome | None = None  # as Page.neighbour


API_EVERYONE_SIGNED_IN = row("401 ok ok ok ok")
API_OTHER = row("401 404 404 404 404")
API_CLINICIANS = row("401 403 403 ok ok")
API_OWN_RECORDS = row("401 ok 403 ok ok")  # the patient's own, or clinicians'


def new_appointment(r: Records, world: World) -> dict[str, Any]:
    starts = timezone.localtime() + dt.timedelta(days=2)
    return {
        "patient_id": r.patient.pk,
        "practitioner_id": world.own.practitioner.pk,
        "starts_at": starts.replace(hour=10, minute=0, second=0, microsecond=0).isoformat(),
        "minutes": 30,
    }


API: dict[str, Call] = {
    "GET /api/patients/": Call(API_EVERYONE_SIGNED_IN),
    "POST /api/patients/": Call(
        row("401 403 ok ok ok"),
        body=lambda r, w: {
            "given_name": "Nia",
            "family_name": "New",
            "date_of_birth": "1990-02-03",
        },
    ),
    "GET /api/patients/{patient_id}": Call(API_EVERYONE_SIGNED_IN, API_OTHER, neighbour=404),
    "PATCH /api/patients/{patient_id}": Call(
        row("401 403 ok ok ok"), API_OTHER, lambda r, w: {"phone": "+44 20 0000 0001"}
    ),
    "GET /api/patients/{patient_id}/intakes": Call(API_OWN_RECORDS, API_OTHER, neighbour=404),
    "POST /api/patients/{patient_id}/intakes": Call(
        row("401 ok 403 ok 403"), API_OTHER, lambda r, w: r.intake_answers, neighbour=404
    ),
    "GET /api/patients/{patient_id}/assessments": Call(API_CLINICIANS, API_OTHER),
    "GET /api/patients/{patient_id}/visits": Call(API_OWN_RECORDS, API_OTHER, neighbour=404),
    "GET /api/intakes/{intake_id}": Call(API_OWN_RECORDS, API_OTHER, neighbour=404),
    "GET /api/assessments/{assessment_id}": Call(API_CLINICIANS, API_OTHER),
    "POST /api/assessments/preview": Call(API_CLINICIANS, body=lambda r, w: w.own.intake_answers),
    "GET /api/appointments/": Call(API_EVERYONE_SIGNED_IN),
    "POST /api/appointments/": Call(row("401 403 ok ok ok"), API_OTHER, new_appointment),
    "GET /api/appointments/{appointment_id}": Call(
        API_EVERYONE_SIGNED_IN, API_OTHER, neighbour=404
    ),
    "PATCH /api/appointments/{appointment_id}": Call(
        row("401 403 ok ok ok"), API_OTHER, lambda r, w: {"minutes": 45}
    ),
    "POST /api/appointments/{appointment_id}/cancel": Call(row("401 403 ok ok ok"), API_OTHER),
    "GET /api/visits/": Call(API_CLINICIANS),
    "GET /api/visits/{visit_id}": Call(API_OWN_RECORDS, API_OTHER, neighbour=404),
}

PATH_RECORDS: dict[str, Callable[[Records], Any]] = {
    "patient_id": lambda r: r.patient.pk,
    "intake_id": lambda r: r.submitted.pk,
    "assessment_id": lambda r: r.assessment.pk,
    "appointment_id": lambda r: r.appointment.pk,
    "visit_id": lambda r: r.visit.pk,
}


def api_routes() -> dict[str, list[str]]:
    """'METHOD /api/path' -> the names of its path parameters, from the OpenAPI schema."""
    schema = api.get_openapi_schema(path_prefix="/api/")
    return {
        f"{method.upper()} {path}": [
            p["name"] for p in op.get("parameters", []) if p["in"] == "path"
        ]
        for path, operations in schema["paths"].items()
        for method, op in operations.items()
    }


def _braced(route: str) -> str:
    """'/api/patients/<int:patient_id>' -> '/api/patients/{patient_id}', as OpenAPI writes it."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def url_patterns() -> dict[str, URLPattern]:
    """Every URL pattern by its name with namespace; the API's operations are api_routes()'s."""
    operations = {key.split(" ", 1)[1] for key in api_routes()}
    found: dict[str, URLPattern] = {}

    def walk(patterns: list[Any], prefix: str, namespaces: list[str]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                spaces = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
                walk(pattern.url_patterns, prefix + str(pattern.pattern), spaces)
            elif _braced("/" + prefix + str(pattern.pattern)) not in operations:
                found[":".join([*namespaces, pattern.name or "<unknown route>"])] = pattern

    walk(get_resolver().url_patterns, "", [])
    return found


def test_every_route_is_classified() -> None:
    assert sorted(url_patterns()) == sorted(WEB), "classify the new URL patterns in WEB"
    assert sorted(api_routes()) == sorted(API), "classify the new API routes in API"
    patient = ROLES.index("patient")
    routes: list[tuple[str, Page | Call]] = [*WEB.items(), *API.items()]
    unstated = [
        name
        for name, route in routes
        if route.other is not None and route.own[patient] == OK and route.neighbour is None
    ]
    assert unstated == [], "say what a patient gets on another patient's record of the clinic"


def failure(response: Any) -> str:
    """What went wrong in a server error, for the failure message."""
    exc_info = getattr(response, "exc_info", None)
    return f"{response.status_code} {exc_info[1]!r}" if exc_info else str(response.status_code)


def cells(
    own: tuple[Outcome, ...], other: tuple[Outcome, ...] | None, neighbour: Outcome | None
) -> Iterator[tuple[str, str, Outcome]]:
    """(records, role, expected outcome) for every cell of a route's rows."""
    for side, expected in (("own", own), ("other", other)):
        for role, want in zip(ROLES, expected or (), strict=False):
            yield side, role, want
    if neighbour is not None:
        yield "neighbour", "patient", neighbour


@pytest.mark.parametrize("name", sorted(WEB))
def test_web_route_answers_each_role_as_the_table_says(world: World, db: None, name: str) -> None:
    page = WEB[name]
    wrong = []

    for side, role, want in cells(page.own, page.other, page.neighbour):
        records = world.side(side)
        url = page.path or reverse(name, kwargs=page.kwargs(records))
        response = respond(world.actors[role], page.method, url, page.data(records))
        got = failure(response) if response.status_code >= 500 else web_outcome(response)
        if got != want:
            wrong.append(f"{side} {role}: expected {want}, got {got}")

    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("key", sorted(API))
def test_api_route_answers_each_role_as_the_table_says(world: World, db: None, key: str) -> None:
    call = API[key]
    method, path = key.split(" ", 1)
    wrong = []

    for side, role, want in cells(call.own, call.other, call.neighbour):
        records = world.side(side)
        url = path
        for param in api_routes()[key]:
            url = url.replace("{" + param + "}", str(PATH_RECORDS[param](records)))
        body = json.dumps(call.body(records, world) if call.body else {})
        # A program calls with a token, no session.
        token = world.tokens.get(role)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        response = respond(None, method, url, body if method != "GET" else None, **headers)
        got = failure(response) if response.status_code >= 500 else api_outcome(response)
        if got != want:
            wrong.append(f"{side} {role}: expected {want}, got {got} {response.content[:300]!r}")

    assert not wrong, "\n".join(wrong)


# --- lists and searches --------------------------------------------------------------------------

# Words only clinic B's records hold: its patient's given name, its practitioner, the clinic itself.
# (Searches ask for B's patient by family name, which a search box may echo: that word is not here.)
OTHER_CLINIC_WORDS = ("Quintessa", "Brandt", "Southbank")
STAFF_ROLES = {"front_desk", "practitioner", "clinic_admin"}
CLINICIAN_ROLES = {"practitioner", "clinic_admin"}


@dataclass(frozen=True)
class Listing:
    url: Callable[[World], str]
    shows_own: set[str]  # the roles to whom it lists clinic A's patient, Paula Amsel


LISTS: dict[str, Listing] = {
    "today": Listing(lambda w: "/workspace/today/?who=all", STAFF_ROLES),
    "patients": Listing(lambda w: "/workspace/patients/", STAFF_ROLES),
    "open alerts": Listing(lambda w: "/workspace/alerts/", CLINICIAN_ROLES),
    "patients searched": Listing(lambda w: "/workspace/patients/?q=Zwicky", set()),
    "patients searched (htmx)": Listing(lambda w: "/workspace/patients/?q=a", STAFF_ROLES),
    "schedule day": Listing(lambda w: "/schedule/", STAFF_ROLES),
    "schedule day of B's practitioner": Listing(
        lambda w: f"/schedule/?practitioner={w.other.practitioner.pk}", STAFF_ROLES
    ),
    "schedule week": Listing(lambda w: "/schedule/week/", STAFF_ROLES),
    "schedule week of B's practitioner": Listing(
        lambda w: f"/schedule/week/?practitioner={w.other.practitioner.pk}", STAFF_ROLES
    ),
    "booking patient search": Listing(lambda w: "/schedule/patients/?q=Zwicky", set()),
    "booking page search": Listing(lambda w: "/schedule/book/?q=Zwicky", set()),
    "booking page with B's patient": Listing(
        lambda w: f"/schedule/book/?patient={w.other.patient.pk}", set()
    ),
    "audit trail": Listing(lambda w: "/audit/", {"clinic_admin"}),
    "audit trail of B's patient": Listing(lambda w: f"/audit/?patient={w.other.patient.pk}", set()),
    "outcomes dashboard": Listing(lambda w: "/outcomes/dashboard/", set()),
    "outcomes dashboard of B's practitioner": Listing(
        lambda w: f"/outcomes/dashboard/?practitioner={w.other.practitioner.pk}", set()
    ),
    "licensed texts": Listing(lambda w: "/outcomes/texts/", set()),
    "licensed text of RMDQ": Listing(lambda w: "/outcomes/texts/rmdq/", set()),
    "instruments": Listing(lambda w: "/outcomes/instruments/", set()),
    "API tokens": Listing(lambda w: "/account/tokens/", set()),
    "portal home": Listing(lambda w: "/portal/", set()),
    "own progress": Listing(lambda w: "/outcomes/mine/", set()),
    "point suggestions": Listing(lambda w: "/charting/points/suggest/?point=Zwicky", set()),
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_or_search_never_shows_another_clinics_rows(
    world: World, db: None, name: str
) -> None:
    listing = LISTS[name]
    url = listing.url(world)
    leaks, missing = [], []

    for role in ROLES:
        response = respond(
            world.actors[role], "GET", url, headers={"HX-Request": "true"} if "htmx" in name else {}
        )
        body = response.content.decode()
        leaks += [f"{role}: {word}" for word in OTHER_CLINIC_WORDS if word in body]
        if role in listing.shows_own and "Amsel" not in body:
            missing.append(f"{role} ({response.status_code})")

    assert leaks == []
    assert missing == []


API_LISTS: dict[str, tuple[Callable[[World], str], str, set[str]]] = {
    # name: (url, the field naming the patient, the roles to whom it lists clinic A's rows)
    "patients": (lambda w: "/api/patients/", "id", {"patient", *STAFF_ROLES}),
    "patients searched": (lambda w: "/api/patients/?q=Zwicky", "id", set()),
    "appointments": (lambda w: "/api/appointments/", "patient_id", {"patient", *STAFF_ROLES}),
    "appointments of B's practitioner": (
        lambda w: f"/api/appointments/?practitioner={w.other.practitioner.pk}",
        "patient_id",
        set(),
    ),
    "appointments of B's patient": (
        lambda w: f"/api/appointments/?patient={w.other.patient.pk}",
        "patient_id",
        set(),
    ),
    "visits": (lambda w: "/api/visits/", "patient_id", CLINICIAN_ROLES),
    "visits of B's practitioner": (
        lambda w: f"/api/visits/?practitioner={w.other.practitioner.pk}",
        "patient_id",
        set(),
    ),
}


@pytest.mark.parametrize("name", sorted(API_LISTS))
def test_an_api_list_never_holds_another_clinics_rows(world: World, db: None, name: str) -> None:
    url, patient_field, shows_own = API_LISTS[name]
    own_patients = set(world.own.clinic.patients.values_list("pk", flat=True))
    listed: dict[str, set[int]] = {}

    for role in ROLES[1:]:
        response = respond(
            None, "GET", url(world), HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}"
        )
        if response.status_code == 403:
            continue
        assert response.status_code == 200, (role, response.content[:300])
        assert not [word for word in OTHER_CLINIC_WORDS if word in response.content.decode()]
        listed[role] = {item[patient_field] for item in response.json()["items"]}

    assert {role: ids - own_patients for role, ids in listed.items()} == {
        role: set() for role in listed
    }
    assert {role for role, ids in listed.items() if world.own.patient.pk in ids} == shows_own
