"""Debian's Chromium against the live server: the browser, phone and desktop pages, screenshots, and
the clean-up that lets a live-server test empty the database although some tables refuse deletes.

The live server is pytest-django's ``live_server``: a real threaded WSGI server in the test process,
on the test database. Its tests are transactional (nothing is rolled back), so after each one the
database is flushed. On SQLite the flush deletes row by row, which the append-only audit trail and the
frozen signed notes refuse by trigger (see their migrations): the triggers are dropped just before the
flush and re-created from their own stored SQL just after it, so every trigger is in force while the
test runs. PostgreSQL's flush truncates, which fires no row trigger: nothing to lift there.

Modules outside tests/e2e (the accessibility checks) import these fixtures by name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PASSWORD = "pw"  # tests/factories.py gives everyone this password


# --- the database --------------------------------------------------------------------------------


def _sqlite_triggers(connection: Any) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        return [(name, sql) for name, sql in cursor.fetchall()]


def lift_triggers(connection: Any) -> None:
    """Drop the triggers that refuse the flush's deletes (SQLite only)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name, _sql in _sqlite_triggers(connection):
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def restore_triggers(connection: Any, saved: list[tuple[str, str]]) -> None:
    """Put back the triggers as they were before the test (another fixture may have re-made some)."""
    with connection.cursor() as cursor:
        for name, sql in saved:
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            cursor.execute(sql)


@pytest.fixture
def _triggers_restored_after_flush(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    connection = connections["default"]
    with django_db_blocker.unblock():
        saved = _sqlite_triggers(connection) if connection.vendor == "sqlite" else []
    yield
    if saved:
        with django_db_blocker.unblock():
            restore_triggers(connection, saved)


@pytest.fixture
def transactional_db(
    _triggers_restored_after_flush: None, transactional_db: None, django_db_blocker: Any
) -> Iterator[None]:
    """pytest-django's transactional database (the live server asks for it), with the refusing
    triggers lifted for the flush only: this teardown runs just before the flush, the one of
    ``_triggers_restored_after_flush`` just after it."""
    yield
    with django_db_blocker.unblock():
        lift_triggers(connections["default"])


# --- the browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; the test's ORM calls stay synchronous.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
            )
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def _page(browser: Browser, base_url: str, viewport: ViewportSize, **options: Any) -> Page:
    context = browser.new_context(viewport=viewport, base_url=base_url, **options)
    context.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)
    return context.new_page()


def _close(page: Page, request: pytest.FixtureRequest, name: str) -> None:
    """Close the page's context; keep a picture of the page when the test failed."""
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and not page.is_closed():
        shot(page, f"FAILED-{request.node.name}-{name}", full_page=False)
    page.context.close()


@pytest.fixture
def phone(browser: Browser, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A phone-sized page (390 x 844, touch) on the live server."""
    page = _page(browser, live_server.url, PHONE, has_touch=True, is_mobile=True)
    yield page
    _close(page, request, "phone")


@pytest.fixture
def desktop(browser: Browser, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A desktop page (1280 x 900) on the live server, in a session of its own."""
    page = _page(browser, live_server.url, DESKTOP)
    yield page
    _close(page, request, "desktop")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item, so that fixtures can tell a failed test."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- helpers -------------------------------------------------------------------------------------


def shot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot as test-artifacts/screenshots/e2e-<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"e2e-{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    form = page.locator("main form")
    form.get_by_label("User name").fill(username)
    form.get_by_label("Password").fill(password)
    form.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url("**/accounts/login/**")
