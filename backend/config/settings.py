"""Dialogo settings: twelve-factor, everything from the environment.

With no environment variables at all, Dialogo runs on its embedded default: an embedded
PostgreSQL under ./var/, an in-process channel layer, DEBUG on. `DATABASE_URL` and
`REDIS_URL` switch to real external services (see docker-compose.yml).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url

BACKEND_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BACKEND_DIR.parent
VAR_DIR = Path(os.environ.get("DIALOGO_VAR_DIR", PROJECT_DIR / "var"))
# `integrations/` (pure-Python connectors) sits beside backend/, not inside it.
if str(PROJECT_DIR) not in sys.path:
    sys.path.append(str(PROJECT_DIR))
FRONTEND_DIST_DIR = Path(os.environ.get("DIALOGO_FRONTEND_DIST", PROJECT_DIR / "frontend" / "dist"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
EMBEDDED = not DATABASE_URL

# The embedded default is a developer's laptop; an explicit DATABASE_URL means a
# deployment, where DEBUG must be asked for.
DEBUG = env_bool("DEBUG", default=EMBEDDED)

# Used only when SECRET_KEY is unset. config.security.refuse_insecure_settings() stops
# every server entry point from starting on it with DEBUG off.
INSECURE_DEFAULT_SECRET_KEY = "dialogo-insecure-default-secret-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)

# Channel credentials are encrypted at rest with these Fernet keys (newest first); unset: one
# key derived from SECRET_KEY (see channel_accounts.crypto).
CREDENTIALS_KEYS = env_list("CREDENTIALS_KEYS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", ["http://127.0.0.1:8000", "http://localhost:8000", "http://127.0.0.1:5173", "http://localhost:5173"]
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "channels",
    "procrastinate.contrib.django",
    "core",
    "accounts",
    "channel_accounts",
    "customers",
    "inbox",
    "sla",
    "reports",
    "webchat",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.JsonServerErrorMiddleware",
]
CSRF_FAILURE_VIEW = "core.errors.json_csrf_failure"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
if EMBEDDED:
    from config.embedded_postgres import embedded_database_url

    DATABASE_URL = embedded_database_url(VAR_DIR)

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
# psycopg's pool, through Django: without it Django under ASGI opens a connection per
# request (≈130 req/s with errors on this hardware); with CONN_MAX_AGE it leaks them.
DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
    "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "1")),
    "max_size": int(os.environ.get("DB_POOL_MAX_SIZE", "10")),
    "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "10")),
}
# The hot path's constant statements prepared once per connection (core.prepared). Off for a
# pooler in transaction mode that cannot keep them (PgBouncer before 1.21).
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets several test runs share one server without clobbering each other's test database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

DEMO_ADMIN_EMAIL = os.environ.get("DIALOGO_DEMO_ADMIN_EMAIL", "admin@demo.dialogo.local")
DEMO_PASSWORD = os.environ.get("DIALOGO_DEMO_PASSWORD", "dialogo-demo-2026")

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header turns "not logged in" into a proper 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.errors.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dialogo API",
    "DESCRIPTION": "Social CRM and customer-care inbox. Every object is scoped to the caller's workspace.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `kind` or a `status` with different choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "accounts.models.Language",
        "RoleEnum": "accounts.models.Role",
        "ChannelKindEnum": "channel_accounts.models.CHANNEL_KIND_CHOICES",
        "CaseStatusEnum": "inbox.models.CaseStatus",
        "CasePriorityEnum": "inbox.models.Priority",
        "MessageKindEnum": "inbox.models.MessageKind",
        "DeliveryStatusEnum": "inbox.models.DeliveryStatus",
        "CaseEventKindEnum": "inbox.models.CaseEventKind",
        "InboundEventStatusEnum": "channel_accounts.models.InboundEventStatus",
    },
}

# --- Cache (rate limits) -------------------------------------------------------------------
# Shared by every process through Redis when there is one; the embedded default is one process.
CACHES = {
    "default": (
        {"BACKEND": "core.cache.ProcessSharedRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "dialogo"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Realtime ---------------------------------------------------------------------------
if REDIS_URL:
    # The pub/sub layer: one publish per group, cheaper than the list-based layer.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # Pub/sub channels ignore Redis database numbers: deployments (or benchmarks) sharing
            # one Redis keep apart by prefix.
            "CONFIG": {"hosts": [REDIS_URL], "prefix": os.environ.get("CHANNEL_LAYER_PREFIX", "asgi")},
        }
    }
else:
    # Single process: the embedded default runs the worker in the same process as the
    # websockets, so in-memory delivery still reaches every browser.
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Jobs -------------------------------------------------------------------------------
PROCRASTINATE_WORKER_DEFAULTS = {"concurrency": int(os.environ.get("WORKER_CONCURRENCY", "4"))}
# Once Django and the tasks are loaded: `manage.py procrastinate worker` warms up (config.processes).
PROCRASTINATE_ON_APP_READY = "config.processes.procrastinate_app_ready"

# --- Static files and the built frontend -------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BACKEND_DIR / "staticfiles"
# Message attachments we download (platform links expire). Local directory by default; any
# Django storage (e.g. S3 through django-storages, which needs boto3 installed) via MEDIA_STORAGE_BACKEND.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: agents fetch files through /api/v1/attachments/<id>/
STORAGES = {
    "default": {"BACKEND": os.environ.get("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The Vite build is served from the site root (/assets/..., /favicon.svg).
WHITENOISE_ROOT = FRONTEND_DIST_DIR if FRONTEND_DIST_DIR.exists() else None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Vite names every built asset after its content hash (assets/Inbox-Dsr4yZLm.js): cache them for a
# year without revalidating; index.html and the widget keep short caching.
WHITENOISE_IMMUTABLE_FILE_TEST = r"^/?assets/.+-[A-Za-z0-9_-]{8}\.\w+(\.map)?$"

# --- Internationalization ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español"), ("pl", "Polski")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "procrastinate": {"level": "WARNING"},
    },
}

# --- Channels: webhooks in, platform APIs out ---------------------------------------------
# The public address platforms reach us on, shown in channel setup (webhook URL to paste).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Where each platform's API lives. Tests and the embedded demo point these at local fakes
# (integrations.fakes); a channel account may override its own with credentials["api_base_url"].
PLATFORM_API_BASE_URLS = {
    "messenger": os.environ.get("GRAPH_API_BASE_URL", "https://graph.facebook.com/v21.0"),
    "instagram": os.environ.get("GRAPH_API_BASE_URL", "https://graph.facebook.com/v21.0"),
    "whatsapp": os.environ.get("GRAPH_API_BASE_URL", "https://graph.facebook.com/v21.0"),
    "telegram": os.environ.get("TELEGRAM_API_BASE_URL", "https://api.telegram.org"),
    "x": os.environ.get("X_API_BASE_URL", "https://api.x.com"),
}
# A webhook whose processing keeps failing is retried with exponential backoff this many
# times, then parked as dead (visible in the API and admin, with a reprocess action).
INBOUND_EVENT_MAX_ATTEMPTS = int(os.environ.get("INBOUND_EVENT_MAX_ATTEMPTS", "8"))
OUTBOUND_MAX_ATTEMPTS = int(os.environ.get("OUTBOUND_MAX_ATTEMPTS", "6"))
