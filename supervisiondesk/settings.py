"""Supervision Desk settings: one module, read from the environment.

Every variable is listed in docs/deployment.md. A variable that production
needs and that is missing stops the start-up with its name.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from supervisiondesk.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

# Development only: a fixed key so that `manage.py` works on a fresh machine.
# Production (DEBUG false) must set SECRET_KEY; `check --deploy` is tested.
_DEV_SECRET_KEY = "development-only-not-secret-supervisiondesk-0123456789abcdefghijklmnopq"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is the development key; set a secret one.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "supervisiondesk.accounts",
    "supervisiondesk.people",
    "supervisiondesk.policies",
    "supervisiondesk.supervision",
    "supervisiondesk.compliance",
    "supervisiondesk.privacy",
    "supervisiondesk.quality",
    "supervisiondesk.development",
    "supervisiondesk.reports",
    "supervisiondesk.calendars",
    "supervisiondesk.notifications",
    "supervisiondesk.jobs",
    "supervisiondesk.api",
    "supervisiondesk.integrations",
    "django_tasks_db",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "supervisiondesk.accounts.middleware.TwoFactorMiddleware",
    "supervisiondesk.people.middleware.OrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a sign-in refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "supervisiondesk.urls"
WSGI_APPLICATION = "supervisiondesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "supervisiondesk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "supervisiondesk.accounts.context_processors.navigation",
                "supervisiondesk.notifications.context_processors.bell",
            ],
        },
    },
]

# SQLite in var/ by default, so `run` works with no server; PostgreSQL in
# production (DATABASE_URL=postgres://user:password@host:5432/name).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'supervisiondesk.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets pages read while an import writes; IMMEDIATE avoids
        # "database is locked" on write transactions started by a read.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes first: it refuses a locked-out user name before any password is
# checked, and authenticates nobody itself (so `force_login` uses ModelBackend).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "supervisiondesk" / "locale"]
# The server's default zone; each organisation has its own, activated per
# request by people.middleware.OrganisationMiddleware.
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "supervisiondesk" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production; plain in development.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env_bool("STATIC_PLAIN", default=False)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Email (Django 6.1's MAILERS), from EMAIL_* variables: the console in
# development; SMTP, a file folder (EMAIL_FILE_PATH) or any backend in
# production.
EMAIL_BACKEND_PATH = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_MAIL_OPTIONS: dict = {}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    _MAIL_OPTIONS = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
        "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
    }
elif EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend"):
    _MAIL_OPTIONS = {"file_path": env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))}
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Supervision Desk <supervision@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people open the app at: the links in reminder emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Primero's service account secret (integrations.models.PrimeroConnection
# keeps the address and user name, never the secret).
PRIMERO_PASSWORD = env_str("PRIMERO_PASSWORD", "")
PRIMERO_BEARER_TOKEN = env_str("PRIMERO_BEARER_TOKEN", "")

# Background jobs (docs/jobs.md): Django's tasks framework, the tasks kept in
# this database by django-tasks-db and run by `manage.py run_jobs`, which
# also enqueues the scheduled ones. No other server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# The REST API (docs/api.md): the browser's session or a personal access
# token; the token's scopes on top of the user's own access rules; errors
# as problem details; the schema from drf-spectacular (docs/api/openapi.yaml).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "supervisiondesk.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["supervisiondesk.api.permissions.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "supervisiondesk.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "supervisiondesk.api.schema.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "supervisiondesk.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
# The API's compliance report is kept this many seconds for the same day
# and people (0: computed on every call), in files under var/cache shared by
# the server's processes; a call with `Cache-Control: no-cache` computes it
# afresh (docs/api.md).
COMPLIANCE_CACHE_SECONDS = env_int("COMPLIANCE_CACHE_SECONDS", 60)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "reports": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "reports"),
        "TIMEOUT": COMPLIANCE_CACHE_SECONDS,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Supervision Desk API",
    "DESCRIPTION": (
        "Staff, teams, caseloads, supervision agreements, sessions and their records, "
        "case discussions, actions, quality records and the compliance report. "
        "Every call follows the access rules of the pages and is written in the access "
        "log. Errors are RFC 9457 problem details. See docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RelationshipKind": "supervisiondesk.people.choices.RelationshipKind",
        "AbsenceKind": "supervisiondesk.people.choices.AbsenceKind",
        "SessionKind": "supervisiondesk.supervision.choices.SessionKind",
        "SessionStatus": "supervisiondesk.supervision.choices.SessionStatus",
        "ActionStatus": "supervisiondesk.supervision.choices.ActionStatus",
        "SampleStatus": "supervisiondesk.quality.vocabulary.SampleStatus",
    },
}

# A session ends after this many minutes without a request; every request
# starts the count again. Pages warn two minutes before (static/js/session-timeout.js).
if "SESSION_COOKIE_AGE" in os.environ:
    raise ImproperlyConfigured(
        "SESSION_COOKIE_AGE is replaced by SESSION_IDLE_MINUTES; see docs/deployment.md."
    )
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script anywhere: every script is a static file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

if not DEBUG:
    # Behind a load balancer that terminates TLS (docs/deployment.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Two-factor sign-in (docs/accounts.md): required for managers, senior
# managers, directors, administrators and staff accounts (accounts.two_factor).
OTP_TOTP_ISSUER = "Supervision Desk"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Throttling (django-axes): AXES_FAILURE_LIMIT failed sign-ins (wrong
# password or wrong code) for one user name lock it for AXES_COOLOFF_MINUTES.
# By user name only: behind the load balancer every client may share one
# address, and an office's shared address must not lock a whole team out;
# hence axes.W006 (no ip_address) is silenced below.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_CALLABLE = "supervisiondesk.accounts.lockout.lockout_response"
# A complete sign-in (both factors) forgets the failures, not the password alone.
AXES_RESET_ON_SUCCESS = False
# Sign-ins are in our own access log (privacy app); axes keeps only attempts.
AXES_DISABLE_ACCESS_LOG = True
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# A director's need-to-know access to records (docs/privacy.md): how long it
# lasts unless they choose otherwise, and the most they may choose.
NEED_TO_KNOW_HOURS = env_int("NEED_TO_KNOW_HOURS", 24)
NEED_TO_KNOW_MAX_HOURS = env_int("NEED_TO_KNOW_MAX_HOURS", 72)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every unsupported CSS property at INFO and above.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
