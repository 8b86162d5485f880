"""A patient answers a follow-up through a one-time link; the practitioner sees it in the chart;
a reused or expired link is refused with a clear page. Screenshots of the progress chart and the
clinic dashboard are saved under test-artifacts/screenshots/."""

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

from acuback.web.care.models import Episode, Visit
from acuback.web.outcomes import services
from acuback.web.outcomes.links import issue_link
from acuback.web.outcomes.models import EnteredVia
from tests.factories import make_clinic, make_patient, make_user

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PATTERNS = ["cold_damp", "kidney_yang", "qi_blood_stagnation"]


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
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def audit_cleared_after(live_server: Any) -> Iterator[None]:
    """Empty the append-only audit table after the test, so that the live server's flush can run.

    The table's triggers refuse row deletes (SQLite's flush deletes row by row); they are lifted for
    the clean-up only and put back at once. PostgreSQL's flush truncates, which they do not stop.
    """
    yield
    from django.db import connection

    triggers = importlib.import_module("acuback.web.audit.migrations.0002_append_only_triggers")
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for sql in triggers.SQLITE_UNDO:
            cursor.execute(sql)
        cursor.execute("DELETE FROM audit_auditevent")
        for sql in triggers.SQLITE:
            cursor.execute(sql)


def save(
    instruments: dict[str, dict[str, object]],
    episode: Episode,
    kind: str,
    week: int | None,
    day: dt.date,
) -> None:
    req = services.get_or_create_request(episode, kind, week=week)
    cat = services.catalogue()
    services.save_questionnaire(
        req,
        instruments,
        [cat.instrument(i) for i in instruments],
        via=EnteredVia.PRACTITIONER,
        collected_on=day,
    )


def pain(value: int) -> dict[str, dict[str, object]]:
    return {
        "pain_nrs": {"now": value, "average": value, "worst": min(10, value + 1)},
        "mood": {"low_mood": value},
    }


def make_clinic_world() -> dict[str, Any]:
    clinic = make_clinic("Riverside")
    clinic.phone = "+44 20 0000 0000"
    clinic.save()
    alice = make_user(clinic, "practitioner", "alice", first_name="Alice", last_name="Ng")
    carl = make_user(clinic, "practitioner", "carl", first_name="Carl", last_name="Berg")
    paula = make_patient(clinic, given_name="Paula", family_name="Reyes")
    today = timezone.localdate()
    started = today - dt.timedelta(weeks=12, days=2)
    episode = Episode.objects.create(
        patient=paula,
        clinic=clinic,
        practitioner=alice,
        started_on=started,
        complaint="Chronic low back pain",
        duration_class="chronic",
        region="lower_back",
        pattern="cold_damp",
        protocol="gerac",
    )
    for n in range(8):
        when = timezone.make_aware(
            dt.datetime.combine(started + dt.timedelta(days=4 + n * 5), dt.time(10))
        )
        Visit.objects.create(
            episode=episode, patient=paula, practitioner=alice, happened_at=when, number=n + 1
        )
    save(
        {
            "pain_nrs": {"now": 7, "average": 8, "worst": 9},
            "psfs": {"activity_1": "Gardening", "rating_1": 3},
            "sleep": {"disturbance": 7, "nights_woken": 5},
            "mood": {"low_mood": 6},
            "medicine": {"days": 6, "kinds": ["paracetamol", "anti_inflammatory"]},
        },
        episode,
        "baseline",
        None,
        started,
    )
    save(
        {
            "pain_nrs": {"now": 6, "average": 6, "worst": 8},
            "psfs": {"activity_1": "Gardening", "rating_1": 4},
            "pgic": {"change": 3},
            "sleep": {"disturbance": 5, "nights_woken": 3},
            "mood": {"low_mood": 4},
            "medicine": {"days": 4},
        },
        episode,
        "follow_up",
        4,
        started + dt.timedelta(weeks=4),
    )
    # Other patients, so that the dashboard has something to show.
    for i in range(36):
        who = alice if i % 3 else carl
        other = make_patient(clinic)
        begun = today - dt.timedelta(weeks=13 + i % 10)
        ep = Episode.objects.create(
            patient=other,
            clinic=clinic,
            practitioner=who,
            started_on=begun,
            duration_class=["chronic", "subacute", "acute"][i % 3],
            region="lower_back",
            pattern=PATTERNS[i % 3],
            protocol=["gerac", "cherkin_standard"][i % 2],
        )
        before = 5 + i % 5
        save(pain(before), ep, "baseline", None, begun)
        if i % 4:
            save(
                pain(max(0, before - (i % 6))), ep, "follow_up", 12, begun + dt.timedelta(weeks=12)
            )
    return {"clinic": clinic, "alice": alice, "paula": paula, "episode": episode}


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").last.click()


def choose(page: Page, field: str, value: int | str) -> None:
    page.locator(f"label[for='id_{field}_{value}']").click()


def test_follow_up_through_a_one_time_link_reaches_the_chart(
    live_server: Any, audit_cleared_after: None, page: Page
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    world = make_clinic_world()
    req = services.get_or_create_request(world["episode"], "follow_up", week=12)
    token = issue_link(req)
    url = f"{live_server.url}/o/{token}/"

    page.goto(url)
    expect(page.get_by_role("heading", name="How is your back?")).to_be_visible()
    expect(page.locator("input[name='psfs__activity_1']")).to_have_value("Gardening")
    choose(page, "pain_nrs__now", 2)
    choose(page, "pain_nrs__average", 3)
    choose(page, "pain_nrs__worst", 5)
    choose(page, "psfs__rating_1", 7)
    page.get_by_label("Much better", exact=True).check()
    choose(page, "sleep__disturbance", 2)
    choose(page, "sleep__nights_woken", 1)
    choose(page, "mood__low_mood", 2)
    choose(page, "medicine__days", 1)
    page.screenshot(path=str(SCREENSHOTS / "outcomes-link-questionnaire.png"), full_page=False)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you: your answers are saved")).to_be_visible()

    reused = page.goto(url)
    assert reused is not None
    assert reused.status == 410
    expect(
        page.get_by_role("heading", name="This questionnaire has already been completed")
    ).to_be_visible()

    stale = services.get_or_create_request(world["episode"], "follow_up", week=26)
    stale_token = issue_link(stale, days=14, now=timezone.now() - dt.timedelta(days=15))
    expired = page.goto(f"{live_server.url}/o/{stale_token}/")
    assert expired is not None
    assert expired.status == 410
    expect(page.get_by_role("heading", name="This link has expired")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "outcomes-link-expired.png"))

    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/outcomes/patient/{world['paula'].pk}/")
    chart = page.locator(
        "figure", has=page.locator("svg title", has_text="Average pain (last 7 days)")
    )
    expect(chart.locator("desc")).to_contain_text("Week 12")
    expect(chart.locator("desc")).to_contain_text(": 3.")
    expect(page.get_by_text("✓ Responder").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "outcomes-progress-chart.png"), full_page=True)

    page.goto(f"{live_server.url}/outcomes/dashboard/")
    expect(page.get_by_role("heading", name="Outcomes dashboard")).to_be_visible()
    expect(page.get_by_text("GERAC (Haake 2007)")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "outcomes-dashboard.png"), full_page=True)
