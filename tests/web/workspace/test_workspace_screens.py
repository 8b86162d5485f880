"""The practitioner's workspace in a real browser: today's list, the week, the chart with the body
chart, the plan editor refusing SP6 for a pregnant patient through htmx, and a signed, amended note.
Screenshots (desktop 1280x900) go to test-artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Page, expect, sync_playwright

import acuback.web
from acuback.web.charting import notes, services
from tests.factories import make_clinic, make_patient, make_user
from tests.web.charting.builders import (
    LOW_BACK,
    PACEMAKER,
    PREGNANT,
    appointment,
    assess_patient,
    local,
    raise_alert,
)

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
SCIATICA = {
    **LOW_BACK,
    "age": 47,
    "pain_sites": [{"region": "lower_back", "side": "left"}, {"region": "buttock", "side": "left"}],
    "radiation": {"areas": ["thigh_back", "calf"], "side": "left", "tingling": "yes"},
    "worse": ["sitting", "bending"],
    "better": ["walking", "warmth"],
}
APPEND_ONLY = {
    "audit": "acuback.web.audit.migrations.0002_append_only_triggers",
    "charting": "acuback.web.charting.migrations.0002_signed_notes_frozen",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def rows_released_after(live_server: Any) -> Iterator[None]:
    """Lift the append-only triggers (audit trail, signed notes) for the clean-up only, so that the
    live server's flush (row by row on SQLite) can run; PostgreSQL truncates, which they do not stop."""
    yield
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for module in APPEND_ONLY.values():
            for sql in importlib.import_module(module).SQLITE_UNDO:
                cursor.execute(sql)
        for table in (
            "charting_notepoint",
            "charting_amendment",
            "charting_adverseevent",
            "charting_sessionnote",
            "audit_auditevent",
        ):
            cursor.execute(f"DELETE FROM {table}")
        for module in APPEND_ONLY.values():
            for sql in importlib.import_module(module).SQLITE:
                cursor.execute(sql)


def _seed() -> dict[str, Any]:
    clinic = make_clinic("Riverside Acupuncture")
    lin = make_user(clinic, "practitioner", "lin", first_name="Lin", last_name="Chen")
    kim = make_user(clinic, "practitioner", "kim", first_name="Kim", last_name="Novak")
    make_user(clinic, "front_desk", "sam", first_name="Sam", last_name="Okafor")
    people = {
        name: make_patient(
            clinic,
            given_name=name.split()[0],
            family_name=name.split()[1],
            primary_practitioner=lin,
        )
        for name in (
            "Maria Santos",
            "John Miller",
            "Aisha Rahman",
            "Grace Obi",
            "Henrik Larsen",
            "Mei Tanaka",
        )
    }
    maria, john, aisha = people["Maria Santos"], people["John Miller"], people["Aisha Rahman"]
    assess_patient(maria, SCIATICA)
    assess_patient(
        john,
        {
            **PACEMAKER,
            "red_flags": {"unexplained_weight_loss": "yes", "constant_or_night_pain": "yes"},
        },
    )
    assess_patient(aisha, PREGNANT)
    raise_alert(
        john,
        "urgent",
        "Unexplained weight loss, age over 50: consider malignancy; see a physician soon",
    )
    raise_alert(
        people["Henrik Larsen"],
        "emergency",
        "New saddle numbness: possible cauda equina; refer today",
    )
    today = timezone.localdate()
    for who, start, minutes, reason in [
        (maria, (9, 0), 45, "Follow-up, sciatica"),
        (john, (10, 0), 30, "Chronic low back pain"),
        (aisha, (11, 30), 30, "Pregnancy back pain"),
        (people["Grace Obi"], (14, 0), 30, ""),
        (people["Mei Tanaka"], (16, 15), 45, ""),
    ]:
        appointment(lin, who, local(today, *start), minutes, reason=reason)
    appointment(kim, people["Henrik Larsen"], local(today, 9, 30), 60, reason="New patient")
    monday = today - dt.timedelta(days=today.weekday())
    for offset, start, who in [
        (0, (9, 0), people["Grace Obi"]),
        (1, (13, 0), maria),
        (3, (10, 0), people["Mei Tanaka"]),
        (4, (15, 30), john),
    ]:
        day = monday + dt.timedelta(days=offset)
        if day != today:
            appointment(lin, who, local(day, *start), 45)
    services.start_plan(maria, origin="proposed", by=lin)
    services.start_plan(aisha, origin="proposed", by=lin)
    services.start_plan(john, origin="protocol", protocol="cherkin_2009_standardised", by=lin)
    note = notes.start_note(john, source="plan", by=lin).note
    rows = [{**row, "depth_mm": "20", "deqi_obtained": True} for row in notes.point_rows(note)]
    notes.save_draft(
        note,
        {
            "presentation": "Pain 5/10, sleeping better; stiff in the mornings.",
            "rationale": "Cherkin 2009 standardised points.",
            "needle_maker": "Seirin",
            "needle_material": "stainless steel",
            "needle_diameter_mm": "0.25",
            "needle_length_mm": "40",
            "retention_minutes": 20,
            "needles_inserted": 8,
            "needles_removed": 8,
            "heat": True,
            "advice": "Keep walking daily.",
        },
        rows,
        by=lin,
    )
    notes.sign(note, by=lin)
    notes.amend(
        note,
        {**notes.note_values(note), "retention_minutes": 25},
        notes.point_rows(note),
        reason="Retention was 25 minutes, not 20.",
        by=lin,
    )
    notes.add_adverse_event(
        note,
        kind="bleeding",
        severity="mild",
        description="Small bruise at BL40",
        action_taken="Pressure for one minute",
        by=lin,
    )
    return {"maria": maria, "aisha": aisha, "note": note}


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_the_practitioner_workspace_in_a_browser(
    browser: Browser, live_server: Any, rows_released_after: None, settings: Any
) -> None:
    # The project's own static folder (Pico, app.css, htmx) lies outside every app; until the settings
    # list it in STATICFILES_DIRS, the browser would get the pages unstyled.
    settings.STATICFILES_DIRS = [Path(acuback.web.__file__).resolve().parent / "static"]
    seeded = _seed()
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _sign_in(page, base, "lin")

    page.goto(f"{base}/workspace/today/")
    expect(page.locator(".alert-list li")).to_have_count(2)
    expect(page.locator(".today-table tbody tr")).to_have_count(5)
    expect(page.locator(".today-table .badge.urgent")).to_have_count(1)
    _shot(page, "workspace-today")

    page.goto(f"{base}/schedule/week/")
    expect(page.locator(".cal-col .appt")).not_to_have_count(0)
    _shot(page, "schedule-week")

    page.goto(f"{base}/workspace/patients/{seeded['maria'].pk}/")
    expect(page.locator(".triage-banner")).to_be_visible()
    expect(page.locator(".rx-chart svg")).to_be_visible()
    expect(page.get_by_text("Decision support, the practitioner decides.").first).to_be_visible()
    _shot(page, "patient-chart")

    page.goto(f"{base}/charting/patients/{seeded['aisha'].pk}/plan/")
    page.fill("#id_point", "Sanyinjiao")
    page.click("#id_point-submit")
    refusal = page.locator(".add-point .notice.danger")
    expect(refusal).to_contain_text(
        "SP6 was not added: Pregnant: the traditionally forbidden points"
    )
    _shot(page, "plan-editor")

    page.goto(f"{base}/charting/notes/{seeded['note'].pk}/")
    expect(page.locator(".amendments")).to_contain_text("Retention was 25 minutes, not 20.")
    _shot(page, "signed-note")
    context.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    _sign_in(page, base, "sam")
    page.goto(f"{base}/workspace/today/")
    expect(page.locator(".today-table tbody tr")).to_have_count(6)
    expect(page.locator(".alert-list")).to_have_count(0)
    expect(page.locator("th", has_text="Triage")).to_have_count(0)
    _shot(page, "workspace-today-frontdesk")
    desk.close()
