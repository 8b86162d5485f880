"""Settings for the test run: the real settings, with a fast hasher, plain static storage, mail kept
in memory and a cache folder per test process. The database still comes from DATABASE_URL, so the
same suite runs on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("ACUBACK_HOME", tempfile.mkdtemp(prefix="acuback-test-"))

from acuback.web.settings import *  # noqa: F403
from acuback.web.settings import CACHES, HOME, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Parallel test processes share ACUBACK_HOME: each keeps its own cache folder, so that one process
# emptying its cache between tests never empties another's mid-test.
CACHES = {
    "default": {
        **CACHES["default"],
        "LOCATION": HOME / "cache" / os.environ.get("PYTEST_XDIST_WORKER", "main"),
    }
}
