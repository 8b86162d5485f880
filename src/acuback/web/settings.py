"""Django settings, read from the environment with working local defaults (SQLite under ./var).

DATABASE_URL          sqlite:///path or postgres://user@host:5432/name (default: SQLite in ACUBACK_HOME)
ACUBACK_HOME          folder for the SQLite file, collected static files, the secret key and the cache (./var)
ACUBACK_SECRET_KEY    a secret; generated once into ACUBACK_HOME when absent
ACUBACK_DEBUG         true/false (default false)
ACUBACK_ALLOWED_HOSTS comma-separated host names (default localhost,127.0.0.1,[::1])
ACUBACK_PG_PREPARE    true/false (default true): PostgreSQL prepares the statements a connection runs
                      often; set false behind a pooler in transaction mode (PgBouncer), which cannot
                      keep prepared statements
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


HOME = Path(os.environ.get("ACUBACK_HOME") or Path.cwd() / "var").resolve()


def _secret_key() -> str:
    if os.environ.get("ACUBACK_SECRET_KEY"):
        return os.environ["ACUBACK_SECRET_KEY"]
    key_file = HOME / "secret_key"
    if not key_file.exists():
        HOME.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("ACUBACK_DEBUG", False)
ALLOWED_HOSTS = env_list("ACUBACK_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "acuback.web.clinics",
    "acuback.web.accounts",
    "acuback.web.patients",
    "acuback.web.audit",
    "acuback.web.atlas",
    "acuback.web.intake",
    "acuback.web.schedule",
    "acuback.web.care",
    "acuback.web.portal",
    "acuback.web.outcomes",
    "acuback.web.charting",
    "acuback.web.workspace",
    "acuback.web.apitokens",
    "acuback.web.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "acuback.web.urls"
WSGI_APPLICATION = "acuback.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_default_db = f"sqlite:///{HOME / 'acuback.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL") or _default_db, conn_max_age=60, conn_health_checks=True
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    HOME.mkdir(parents=True, exist_ok=True)
    # WAL lets readers and one writer work at once; a small clinic runs on one machine. Connections
    # are kept between requests (conn_max_age above) as on PostgreSQL: opening one costs more than
    # a simple page (the pragmas, and Django registering its SQL functions on every connection).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "ACUBACK_PG_PREPARE", True
):
    # Values sent apart from the SQL text, and a statement run twice on a connection prepared:
    # PostgreSQL then stops planning the pages' queries again on every request (0.5-1 ms a page on
    # the demo clinic: today's list 5.9 -> 5.1 ms, a chart 8.9 -> 7.6 ms in process).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 2}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "acuback.web.accounts.backends.AccountBackend",  # Django's ModelBackend, its read prepared
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:landing"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("ACUBACK_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = HOME / "static"

# Rendered chart sections (workspace/chart_sections.py) are kept on disk under ACUBACK_HOME, where
# every worker process of this machine finds them (a per-process cache made a chart rendered by one
# worker a miss in the others). Each entry is 15-25 kB compressed; past MAX_ENTRIES a random third
# is dropped (Django's culling, checked on one write in 50: acuback/web/filecache.py). The entries
# hold clinical text: Django writes them readable by the server's user only (folder 0700, files
# 0600) and each expires after a day. Removing the folder is always safe.
CACHES = {
    "default": {
        "BACKEND": "acuback.web.filecache.SectionsCache",  # Django's, tuned (see there)
        "LOCATION": HOME / "cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_ENGINE = "acuback.web.accounts.sessions"  # Django's database sessions, read prepared
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Mail goes to the console until the clinic names a real backend (e.g. SMTP with its OPTIONS).
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "ACUBACK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("ACUBACK_FROM_EMAIL", "clinic@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
