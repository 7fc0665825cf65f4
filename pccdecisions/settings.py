"""Settings for pccdecisions: one file, read from the environment.

Every value a deployment may change comes from an environment variable through
the helpers in ``pccdecisions.env``, which refuse bad values with a clear
message. With nothing set, a fresh clone runs on an SQLite file with DEBUG on.
"""

import datetime
import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from decisions.references import Period, pattern_problem
from pccdecisions.env import (
    env_bool,
    env_cache,
    env_choice,
    env_date,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

if not DEBUG:
    if SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DEBUG is off, so SECRET_KEY must be set to a random value of at least 50 characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DEBUG is off, so ALLOWED_HOSTS must list the host names this site answers to."
        )

# The office this register belongs to. Every office names and numbers its
# decisions its own way, so both are settings rather than code.
OFFICE_NAME = env_str("OFFICE_NAME", "Office of the Police and Crime Commissioner")
# Short enough for an authenticator app's list of accounts.
OFFICE_SHORT_NAME = env_str("OFFICE_SHORT_NAME", "PCC decisions")
# Who signs, as the office's screens and notices name them: "the Commissioner",
# "the Mayor"; and the full title, e.g. "Police, Fire and Crime Commissioner".
DECISION_MAKER = env_str("DECISION_MAKER", "Commissioner")
DECISION_MAKER_TITLE = env_str("DECISION_MAKER_TITLE", "Police and Crime Commissioner")
# The body whose Code of Conduct the Commissioner signs under.
OFFICE_ORGANISATION = env_str("OFFICE_ORGANISATION", "Office of the Police and Crime Commissioner")
# How the public reaches the office: the accessibility statement's contact (the 2018
# Accessibility Regulations require one; `check --deploy` refuses a register without).
OFFICE_EMAIL = env_str("OFFICE_EMAIL", "")
OFFICE_PHONE = env_str("OFFICE_PHONE", "")
# When the office prepared its accessibility statement, and last reviewed it. The
# default is when this release's statement and its checks were last brought up to date.
ACCESSIBILITY_STATEMENT_PREPARED = env_date(
    "ACCESSIBILITY_STATEMENT_PREPARED", datetime.date(2026, 11, 24)
)
ACCESSIBILITY_STATEMENT_REVIEWED = env_date("ACCESSIBILITY_STATEMENT_REVIEWED", None)
# Numbering series are held in the database and edited in the admin. This is the
# pattern of the first one, made when a new register first needs a number, e.g.
# "{number:03d}/{year}" gives "001/2026".
REFERENCE_FORMAT = env_str("REFERENCE_FORMAT", "{number:03d}/{year}")
# The month a financial year starts, for series numbered by financial year (April).
FINANCIAL_YEAR_START_MONTH = env_int("FINANCIAL_YEAR_START_MONTH", 4, minimum=1, maximum=12)
# What a draft shows where its number will be, e.g. "0XX/2013".
REFERENCE_PLACEHOLDER = env_str("REFERENCE_PLACEHOLDER", "0XX/{year}")

if problem := pattern_problem(REFERENCE_FORMAT, Period.CALENDAR_YEAR):
    raise ImproperlyConfigured(f"REFERENCE_FORMAT={REFERENCE_FORMAT!r}: {problem}")
try:
    REFERENCE_PLACEHOLDER.format(year=2000)
except (KeyError, IndexError, ValueError) as exc:
    raise ImproperlyConfigured(f"REFERENCE_PLACEHOLDER may use only {{year}}: {exc}") from None

INSTALLED_APPS = [
    "pccdecisions.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "pccdecisions.apps.StaticFilesConfig",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "decisions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves collected static files with far-future caching, before anything else runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The register's hottest answers, before the rest of the stack (see the module).
    "decisions.public.fastpath.PublishedPdfMiddleware",
    "decisions.public.fastpath.MadePageMiddleware",
    "decisions.public.fastpath.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user as verified once they have passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the acting user on every history row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "decisions.audit.AuditMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in while a username or address is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "pccdecisions.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "decisions.context_processors.office",
            ],
            "builtins": ["decisions.templatetags.office_words"],
        },
    },
]

WSGI_APPLICATION = "pccdecisions.wsgi.application"

_DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", _DEFAULT_DATABASE_URL) or _DEFAULT_DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL Django can use: {exc}"
    ) from None

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so two signings at once queue
    # for it instead of failing with "database is locked"; tests use a file so
    # threads share one database.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # One file per test run, so two runs on one machine never share a database.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"pccdecisions-test-{os.getpid()}.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache of public pages and counts: each process's memory by default; in
# production one Redis shared by every worker (CACHE_URL=redis://127.0.0.1:6379/0).
CACHES = {"default": env_cache("CACHE_URL", "locmem://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
# In development (and tests) WhiteNoise finds files where they are; production
# serves what collectstatic gathered, with hashed names and far-future caching.
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "pccdecisions.static_storage.HashedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Stored files are served by the app, to those who may see them: staff through the
# admin (decisions/admin/files.py), the public through the register's own addresses.
MEDIA_URL = "/admin/decisions/decision/media/"
# Who sends a stored file's bytes: "django" (the default), or the web server in front,
# told by "x-accel-redirect" (nginx: an internal location at SERVE_FILES_PREFIX that
# aliases MEDIA_ROOT) or "x-sendfile" (Apache's mod_xsendfile and others).
SERVE_FILES = env_choice("SERVE_FILES", "django", ["django", "x-accel-redirect", "x-sendfile"])
SERVE_FILES_PREFIX = env_str("SERVE_FILES_PREFIX", "/protected-media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Where the public register is kept as plain files for nginx or a CDN, refreshed after
# each publication (decisions/static_export.py); empty: no export is kept.
STATIC_EXPORT_DIR = env_str("STATIC_EXPORT_DIR", "")

# The office's signing key and certificate (PEM): every stored notice PDF carries a
# PAdES signature made with them, and so does the transparency log. `make run` makes
# an untrusted development pair in var/signing/; production must name its own.
_DEV_SIGNING = BASE_DIR / "var" / "signing"
SIGNING_KEY_FILE = Path(env_str("SIGNING_KEY_FILE", str(_DEV_SIGNING / "development-key.pem")))
SIGNING_CERTIFICATE_FILE = Path(
    env_str("SIGNING_CERTIFICATE_FILE", str(_DEV_SIGNING / "development-certificate.pem"))
)
SIGNING_KEY_PASSWORD = env_str("SIGNING_KEY_PASSWORD")
# An RFC 3161 time-stamping authority: with one, signatures are PAdES B-T, not B-B.
SIGNING_TIMESTAMP_URL = env_str("SIGNING_TIMESTAMP_URL")

# Background work (rendering and signing each notice's PDF) runs in a worker:
# `python manage.py db_worker`, started by `make run`. The queue is a database table.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Annexes and background papers: the largest file staff may upload.
ANNEX_MAX_BYTES = env_int("ANNEX_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "decisions@opcc.example")
# Public email alerts: the hour (local time) of the daily digest, and how long an
# unconfirmed address is kept before it is deleted.
ALERT_DIGEST_HOUR = env_int("ALERT_DIGEST_HOUR", 7, minimum=0)
ALERT_CONFIRM_DAYS = env_int("ALERT_CONFIRM_DAYS", 7, minimum=1)
# The address links in emails point to, e.g. "https://decisions.example.gov.uk".
_DEV_SITE_URL = "http://127.0.0.1:8000"
SITE_URL = env_str("SITE_URL", _DEV_SITE_URL).rstrip("/")
if not DEBUG and SITE_URL == _DEV_SITE_URL and not env_bool("ALLOW_LOCAL_SITE_URL"):
    # Signed PDF notices are stored for ever with their links: they must name the real site.
    raise ImproperlyConfigured("DEBUG is off, so SITE_URL must be the register's public address.")
if not DEBUG and not (env_str("SIGNING_KEY_FILE") and env_str("SIGNING_CERTIFICATE_FILE")):
    # Every notice PDF is signed with them for ever: never with a development key.
    raise ImproperlyConfigured(
        "DEBUG is off, so SIGNING_KEY_FILE and SIGNING_CERTIFICATE_FILE must name the "
        "office's own signing key and certificate (PEM files)."
    )

LOGIN_URL = "admin:login"
# Where a sign-in lands when it asked for no page (or one off this site): the admin,
# not Django's /accounts/profile/, which this register does not have.
LOGIN_REDIRECT_URL = "admin:index"

# --- Security -------------------------------------------------------------------
# Staff sessions end after this many idle seconds (each request extends them).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("BEHIND_TLS_PROXY", default=False):
    # Only behind a proxy that sets this header itself; never trust it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# A strict Content-Security-Policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The issuer shown in staff members' authenticator apps.
OTP_TOTP_ISSUER = OFFICE_SHORT_NAME

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failures for one
# username from one address, that pair is locked out for the cool-off time.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Where to report a vulnerability (/.well-known/security.txt).
SECURITY_CONTACT = env_str("SECURITY_CONTACT", "mailto:security@opcc.example")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "decisions": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    },
}
