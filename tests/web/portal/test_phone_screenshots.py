"""A patient on a phone (390 x 844): the body map, the review and the emergency advice, as screenshots.

Drives Debian's Chromium; every request the page makes is answered in-process by Django's test client
(Playwright's request routing), so the test runs inside the usual rolled-back transaction on SQLite and
PostgreSQL alike. The pictures land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connections

from acuback.web.intake.models import Assessment, ClinicAlert, IntakeForm
from acuback.web.intake.services import save_step
from acuback.web.intake.steps import STEP_BY_SLUG
from tests.web.conftest import World, client_for
from tests.web.portal.conftest import step_posts

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
ORIGIN = "http://testserver"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium"),
]


def _static_file(path: str) -> Path | None:
    relative = path.removeprefix(settings.STATIC_URL)
    found = finders.find(relative)
    if found:
        return Path(str(found))
    shared = Path(settings.PACKAGE_DIR) / "static" / relative  # the project's own vendored files
    return shared if shared.is_file() else None


@pytest.fixture
def phone(world: World) -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    client = client_for(world.paula_user)
    # Playwright runs callbacks in its own greenlet, where Django would open a second connection
    # outside the test's transaction: hand it the test's connection instead.
    connection = connections["default"]

    def answer(route: Any) -> None:
        connections["default"] = connection
        request = route.request
        path = request.url.removeprefix(ORIGIN)
        if path.startswith(settings.STATIC_URL):
            found = _static_file(path.split("?")[0])
            if found is None:
                route.fulfill(status=404, body="")
            else:
                kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
                route.fulfill(status=200, body=found.read_bytes(), headers={"content-type": kind})
            return
        response = client.generic(
            request.method,
            path,
            data=request.post_data_buffer or b"",
            content_type=request.headers.get("content-type", "application/octet-stream"),
        )
        # Chromium does not follow a redirect fulfilled by a route: follow it here instead.
        while response.status_code in (301, 302, 303):
            response = client.get(response["Location"])
        headers = dict(response.items())
        route.fulfill(status=response.status_code, headers=headers, body=response.content)

    # Playwright's sync API keeps an event loop in this thread; the ORM calls stay synchronous.
    # Other test modules may have set the flag already: put back whatever was there.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as p:
            connections["default"] = connection
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--no-sandbox", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            page.route("**/*", answer)
            yield page
            browser.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def _answer(draft: IntakeForm, **red: str) -> None:
    """Save every step as the step forms would, so that the review has something to show."""
    for slug, data in step_posts(**red).items():
        step = STEP_BY_SLUG[slug]
        form = step.form_class(data, answers=draft.answers)
        assert form.is_valid(), form.errors
        assert save_step(draft, step, form.to_answers()) == []


def test_the_body_map_ticks_the_list_and_the_list_paints_the_map(
    phone: Any, draft: IntakeForm
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.goto(f"{ORIGIN}/portal/questionnaire/{draft.pk}/step/where/")

    phone.click('path[data-value="lower_back:left"]')
    phone.click('path[data-value="lower_back:central"]')
    phone.check('input[name="sites"][value="buttock:left"]')

    assert phone.is_checked('input[name="sites"][value="lower_back:left"]')
    assert "on" in (phone.get_attribute('path[data-value="buttock:left"]', "class") or "")
    assert phone.inner_text("[data-bodymap-summary]") == (
        "Marked: Lower back (left), Lower back (middle), Buttock (left)"
    )
    phone.evaluate("document.querySelector('.bodymap').scrollIntoView()")
    phone.screenshot(path=str(SHOTS / "portal-body-map.png"))
    phone.click('button[value="next"]')
    draft.refresh_from_db()
    assert draft.answers["pain_sites"] == [
        {"region": "lower_back", "side": "left"},
        {"region": "lower_back", "side": "central"},
        {"region": "buttock", "side": "left"},
    ]


def test_the_review_lists_every_answer_with_change_links(phone: Any, draft: IntakeForm) -> None:
    _answer(draft)

    phone.goto(f"{ORIGIN}/portal/questionnaire/{draft.pk}/review/")

    assert phone.locator("section.review-section").count() == 10
    phone.screenshot(path=str(SHOTS / "portal-review.png"))
    phone.screenshot(path=str(SHOTS / "portal-review-full.png"), full_page=True)


def test_an_emergency_answer_shows_the_advice_at_once(phone: Any, draft: IntakeForm) -> None:
    _answer(draft, saddle_numbness="yes", new_bladder_dysfunction="yes")
    phone.goto(f"{ORIGIN}/portal/questionnaire/{draft.pk}/review/")

    phone.click("form.submit-form button")

    assert phone.inner_text("h1") == "⚠ Please get medical help now"
    assert Assessment.objects.get(intake=draft).triage_level == "emergency"
    assert ClinicAlert.objects.filter(patient=draft.patient).count() == 1
    phone.screenshot(path=str(SHOTS / "portal-emergency-advice.png"))
