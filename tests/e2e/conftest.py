"""End-to-end tests: Debian's Chromium drives the app on pytest-django's live server (see chromium.py)."""

from __future__ import annotations

from tests.e2e.chromium import (  # noqa: F401  (fixtures, by name)
    _triggers_restored_after_flush,
    browser,
    desktop,
    phone,
    pytest_runtest_makereport,
    transactional_db,
)
