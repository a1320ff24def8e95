"""Django settings for Yingji, read from YINGJI_* environment variables.

The embedded default (no variables set) is SQLite under var/, in-process live events
and Huey on SQLite. Setting YINGJI_DATABASE_URL, YINGJI_REDIS_URL and YINGJI_MQTT_URL
switches to the production services.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import dj_database_url

from yingji.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("YINGJI_VAR_DIR", str(PROJECT_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)

TESTING = "pytest" in sys.modules or env_bool("YINGJI_TESTING", False)
DEBUG = env_bool("YINGJI_DEBUG", False)
DEMO_MODE = env_bool("YINGJI_DEMO", False)
DEMO_ALLOW_PRODUCTION = env_bool("YINGJI_DEMO_ALLOW_PRODUCTION", False)
DEMO_PASSWORD = env_str("YINGJI_DEMO_PASSWORD", "Yingji@2026")
# In demo mode `yingji serve` keeps the demo gateways sending (monitoring.demo_feed).
DEMO_FEED = env_bool("YINGJI_DEMO_FEED", True)

if DEMO_MODE and not DEBUG and not DEMO_ALLOW_PRODUCTION and not TESTING:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "YINGJI_DEMO=1 with YINGJI_DEBUG off: demo accounts have a known password. "
        "Set YINGJI_DEMO_ALLOW_PRODUCTION=1 only if you really mean it."
    )

_secret = env_str("YINGJI_SECRET_KEY", "")
if not _secret:
    if TESTING or "mypy" in sys.modules:
        _secret = "insecure-test-key-" + "0" * 40
    elif DEBUG or DEMO_MODE:
        # A local install keeps a random key of its own under var/, never a shared one.
        _key_file = VAR_DIR / "secret_key"
        if not _key_file.exists():
            import secrets

            _key_file.write_text(secrets.token_urlsafe(50))
            _key_file.chmod(0o600)
        _secret = _key_file.read_text().strip()
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("YINGJI_SECRET_KEY must be set outside debug and demo mode")
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("YINGJI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("YINGJI_CSRF_TRUSTED_ORIGINS", [])
# The audit chain's keys and its anchors live outside the database (core.audit_keys,
# core.audit_anchor); in production put both on storage the database host cannot write.
AUDIT_KEYRING = env_str("YINGJI_AUDIT_KEYRING", str(VAR_DIR / "keys" / "audit-keyring.json"))
AUDIT_KEYRING_JSON = env_str("YINGJI_AUDIT_KEYRING_JSON", "")
AUDIT_ANCHOR_DIR = env_str("YINGJI_AUDIT_ANCHOR_DIR", str(VAR_DIR / "audit-anchors"))
# The personal-data keyring (SM4 keys of core.personal): also outside the database. It is
# made on first use in debug, demo and tests; production refuses to start without one.
DATA_KEYRING = env_str("YINGJI_DATA_KEYRING", str(VAR_DIR / "keys" / "data-keyring.json"))
DATA_KEYRING_JSON = env_str("YINGJI_DATA_KEYRING_JSON", "")
DATA_KEYRING_AUTOCREATE = DEBUG or DEMO_MODE or TESTING
# Proxies whose X-Forwarded-For entries are believed (addresses or networks); none by default.
TRUSTED_PROXIES = env_list("YINGJI_TRUSTED_PROXIES", [])
# /metrics answers these addresses (the Prometheus server), or a request with the token.
METRICS_ALLOW = env_list("YINGJI_METRICS_ALLOW", ["127.0.0.1", "::1"])
METRICS_TOKEN = env_str("YINGJI_METRICS_TOKEN", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "huey.contrib.djhuey",
    "yingji.core",
    "yingji.ui",
    "yingji.enterprises",
    "yingji.resources",
    "yingji.warnings",
    "yingji.hazards",
    "yingji.monitoring",
    "yingji.incidents",
    "yingji.enforcement",
    "yingji.accidents",
    "yingji.plans",
    "yingji.disasters",
    "yingji.governance",
    "yingji.training",
    "yingji.tipoffs",
    "yingji.flood",
    "yingji.screen",
    "yingji.credit",
    "yingji.forestfire",
]
if TESTING:
    # A test-only app whose model exercises the shared workflow mechanism.
    INSTALLED_APPS.append("yingji.core.tests.workflowapp")

MIDDLEWARE = [
    "yingji.core.middleware.MetricsMiddleware",
    "yingji.core.middleware.RequestIdMiddleware",
    "yingji.core.security.body_limit.BodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "yingji.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "yingji.core.security.refusals.RefusalMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "yingji.core.replica.ReplicaPinMiddleware",
    "yingji.core.middleware.IdleTimeoutMiddleware",
    "yingji.core.middleware.PasswordPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "yingji.config.urls"
ASGI_APPLICATION = "yingji.config.asgi.application"
WSGI_APPLICATION = "yingji.config.wsgi.application"

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
                "yingji.ui.context.shell",
            ],
        },
    },
]

# Database: SQLite under var/ unless YINGJI_DATABASE_URL names another.
DATABASE_URL = env_str("YINGJI_DATABASE_URL", "")
if DATABASE_URL:
    # Under ASGI (``yingji serve``) every request's sync code runs in a thread of its
    # own: a connection kept open past the request would outlive the thread unused
    # until the garbage collector finds it. So connections close with the request by
    # default. The ingest consumer keeps its connection (no request cycle); the job
    # worker reconnects for each task (huey closes old connections around tasks).
    DATABASES: dict[str, Any] = {"default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("YINGJI_DB_CONN_MAX_AGE", 0))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "yingji.sqlite3"),
        }
    }
# A streaming replica for the heavy read-only pages (core.replica); the primary alone
# is migrated, and the test run reads the primary through it (MIRROR).
DATABASE_REPLICA_URL = env_str("YINGJI_DATABASE_REPLICA_URL", "")
REPLICA_PIN_SECONDS = env_int("YINGJI_REPLICA_PIN_SECONDS", 5)
if DATABASE_URL and DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("YINGJI_DB_CONN_MAX_AGE", 0))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["yingji.core.replica.ReplicaRouter"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # IMMEDIATE transactions take the write lock at BEGIN, so two writers queue instead
    # of failing on lock upgrade; the audit hash chain relies on that ordering.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench"

PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING and not env_bool("YINGJI_TEST_REAL_HASHER", False)
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)

# Security baseline (等保 2.0 level 3, regulations.md §9). All configurable.
PASSWORD_MIN_LENGTH = env_int("YINGJI_PASSWORD_MIN_LENGTH", 8)
PASSWORD_MIN_CLASSES = env_int("YINGJI_PASSWORD_MIN_CLASSES", 3)
PASSWORD_MAX_AGE_DAYS = env_int("YINGJI_PASSWORD_MAX_AGE_DAYS", 90)
LOGIN_MAX_FAILURES = env_int("YINGJI_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_MINUTES = env_int("YINGJI_LOGIN_LOCK_MINUTES", 30)
IDLE_TIMEOUT_MINUTES = env_int("YINGJI_IDLE_TIMEOUT_MINUTES", 30)
TOTP_REQUIRED_ROLES = env_list("YINGJI_TOTP_REQUIRED_ROLES", ["admin", "auditor"])
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "yingji.core.security.passwords.ComplexityValidator"},
    {"NAME": "yingji.core.security.passwords.NotUsernameValidator"},
    {"NAME": "yingji.core.security.passwords.CommonPasswordChineseValidator"},
    {"NAME": "yingji.core.security.passwords.OrganisationWordsValidator"},
    {"NAME": "yingji.core.security.passwords.HistoryValidator"},
]
PASSWORD_HISTORY = env_int("YINGJI_PASSWORD_HISTORY", 5)
# Refusals (越权、拒绝访问) from one account within the minutes that alert the auditors.
SECURITY_BURST_COUNT = env_int("YINGJI_SECURITY_BURST_COUNT", 10)
SECURITY_BURST_MINUTES = env_int("YINGJI_SECURITY_BURST_MINUTES", 10)
PASSWORD_BANNED_WORDS = env_list("YINGJI_PASSWORD_BANNED_WORDS", ["yjgl", "yingjiju", "yjglj", "应急管理"])
# Password spraying: failed sign-ins from one client address, across accounts.
LOGIN_ADDRESS_MAX_FAILURES = env_int("YINGJI_LOGIN_ADDRESS_MAX_FAILURES", 20)
LOGIN_ADDRESS_WINDOW_MINUTES = env_int("YINGJI_LOGIN_ADDRESS_WINDOW_MINUTES", 15)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_SECURE = env_bool("YINGJI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("YINGJI_HSTS_SECONDS", 0)
# Production (neither debug, demo nor tests) serves over TLS only: Secure cookies and HSTS
# are required, so that a deployment cannot forget them (docs/security.md).
if (not (DEBUG or DEMO_MODE or TESTING or "mypy" in sys.modules)
        and not (SESSION_COOKIE_SECURE and SECURE_HSTS_SECONDS > 0)
        and not env_bool("YINGJI_ALLOW_INSECURE_TRANSPORT", False)):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Production needs TLS: set YINGJI_SECURE_COOKIES=1 and YINGJI_HSTS_SECONDS (e.g. 31536000); "
        "YINGJI_ALLOW_INSECURE_TRANSPORT=1 only for a closed test network.")
CSRF_FAILURE_VIEW = "yingji.ui.views.errors.csrf_failure"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env_str("YINGJI_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Attachments: extension -> accepted MIME type families; size cap in MiB.
ATTACHMENT_MAX_MB = env_int("YINGJI_ATTACHMENT_MAX_MB", 20)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = (ATTACHMENT_MAX_MB + 1) * 1024 * 1024
# Whole request bodies: refused over this before they are read (core.security.body_limit).
REQUEST_MAX_BYTES = env_int("YINGJI_REQUEST_MAX_MB", 5 * ATTACHMENT_MAX_MB + 1) * 1024 * 1024

# The deployment's own region (a province, city or county code): what a user without a
# narrower scope sees in region-wide figures, and where an unscoped import belongs.
HOME_REGION = env_str("YINGJI_HOME_REGION", "4201")

# Map: no tile URL means the offline base drawn from region data.
MAP_TILE_URL = env_str("YINGJI_MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("YINGJI_MAP_TILE_ATTRIBUTION", "")
MAP_CENTER = [float(v) for v in env_list("YINGJI_MAP_CENTER", ["114.305", "30.593"])]

# Notification channels (叫应). Each is off until its address is configured.
PUBLIC_URL = env_str("YINGJI_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
SMS_GATEWAY_URL = env_str("YINGJI_SMS_URL", "")
SMS_GATEWAY_TOKEN = env_str("YINGJI_SMS_TOKEN", "")
SMS_SIGN = env_str("YINGJI_SMS_SIGN", "应急管理")
SMS_CALLBACK_SECRET = env_str("YINGJI_SMS_CALLBACK_SECRET", "")
WECOM_WEBHOOK_URL = env_str("YINGJI_WECOM_WEBHOOK", "")
DINGTALK_WEBHOOK_URL = env_str("YINGJI_DINGTALK_WEBHOOK", "")
DINGTALK_SECRET = env_str("YINGJI_DINGTALK_SECRET", "")
EMAIL_HOST = env_str("YINGJI_SMTP_HOST", "")
EMAIL_PORT = env_int("YINGJI_SMTP_PORT", 25)
EMAIL_HOST_USER = env_str("YINGJI_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("YINGJI_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("YINGJI_SMTP_TLS", False)
EMAIL_TIMEOUT = 15
DEFAULT_FROM_EMAIL = env_str("YINGJI_EMAIL_FROM", "yingji@localhost")
NOTIFY_HTTP_TIMEOUT = env_int("YINGJI_NOTIFY_HTTP_TIMEOUT", 10)
# Deliveries are carried in batches (one job each) by a bounded pool of sender threads
# over kept-alive HTTP connections; a failed attempt is retried after
# NOTIFY_RETRY_DELAY seconds, doubling each time.
NOTIFY_BATCH_SIZE = env_int("YINGJI_NOTIFY_BATCH_SIZE", 200)
NOTIFY_CONCURRENCY = env_int("YINGJI_NOTIFY_CONCURRENCY", 16)
NOTIFY_RETRY_DELAY = env_int("YINGJI_NOTIFY_RETRY_DELAY", 30)
ACK_LINK_DAYS = env_int("YINGJI_ACK_LINK_DAYS", 7)

# Redis, MQTT, live events, jobs.
REDIS_URL = env_str("YINGJI_REDIS_URL", "")
MQTT_URL = env_str("YINGJI_MQTT_URL", "")
LIVE_BUS = "redis" if REDIS_URL else "memory"
LIVE_CHANNEL = env_str("YINGJI_LIVE_CHANNEL", "yingji:events")

# Idle consumers poll at most a second apart (huey's default backs off to 10 s), so a
# job scheduled for a due time (叫应 escalation) starts within about a second of it.
# A periodic job runs once per period across all workers (core.periodic). Tests call
# the jobs directly, several times a minute, and turn it on where they test it.
JOB_ONCE_PER_PERIOD = env_bool("YINGJI_JOB_ONCE_PER_PERIOD", not TESTING)
HUEY: dict[str, Any]
if TESTING and not env_bool("YINGJI_TEST_HUEY_QUEUE", False):
    HUEY = {"huey_class": "huey.MemoryHuey", "name": "yingji", "immediate": True}
elif REDIS_URL:
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": "yingji",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread", "max_delay": 1.0},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "yingji",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread", "max_delay": 1.0},
    }

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "yingji.core.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["yingji.core.api.permissions.ScopedModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "yingji.core.api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "yingji.core.api.schema.YingjiAutoSchema",
    "EXCEPTION_HANDLER": "yingji.core.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": ["yingji.core.api.errors.JSONObjectParser",
                               "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    # JSON only: the browsable API needs inline scripts (blocked by the CSP) and its forms
    # would list every region; Swagger UI at /api/docs/ is the way to explore.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "ORDERING_PARAM": "ordering",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "应急管理综合应用平台 API",
    "DESCRIPTION": "Yingji REST API v1. Every endpoint honours the caller's data scope.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and Swagger UI describe every endpoint: for signed-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Plain Django views of the API (the HTTP ingest door) documented next to their code.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "yingji.core.api.schema.add_documented_paths"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set that several fields share (otherwise spectacular names
    # them after a field with a hash suffix, and one set gets several names).
    "ENUM_NAME_OVERRIDES": {
        "HazardCategoryEnum": "yingji.hazards.models.hazards.HazardCategory",
        "MajorHazardGradeEnum": "yingji.enterprises.models.hazards.GRADE_CHOICES",
        "ResponseGradeEnum": "yingji.incidents.models.config.GRADE_CHOICES",
        "IncidentCategoryEnum": "yingji.incidents.models.config.CATEGORY_CHOICES",
        "IncidentSubtypeEnum": "yingji.incidents.models.config.SUBTYPE_CHOICES",
        "InvestigatingLevelEnum": "yingji.accidents.rules.LEVELS",
        "WarningLevelEnum": "yingji.warnings.models.bulletins.Level",
        "ReserveLevelEnum": "yingji.resources.models.stock.WarehouseLevel",
        "AssessmentMethodEnum": "yingji.enterprises.models.reference.AssessmentMethod",
        "InvestigationTeamRoleEnum": "yingji.accidents.models.investigation.TeamRole",
        "TokenStatusEnum": "yingji.core.api.serializers.TOKEN_STATUS_CHOICES",
        "ResponseLevelEnum": "yingji.incidents.models.incidents.ResponseLevel",
        "RiskColourEnum": "yingji.enterprises.models.reference.RiskColour",
        "IndustryEnum": "yingji.core.models.organisations.Industry",
        "PaymentArrangementKindEnum": "yingji.enforcement.models.arrangements.ArrangementKind",
        "CertificateKindEnum": "yingji.training.models.people.CertificateKind",
        "FloodResponseGradeEnum": "yingji.flood.models.levels.Grade",
        "AssessmentGradeEnum": "yingji.governance.models.assessments.GRADES",
        "TipoffDisposalEnum": "yingji.tipoffs.models.tipoffs.Disposal",
        "TipoffOutcomeEnum": "yingji.tipoffs.models.tipoffs.Outcome",
        "AccidentDisposalEnum": "yingji.accidents.models.investigation.Disposal",
        "TipoffAccidentGradeEnum": "yingji.tipoffs.models.tipoffs.AccidentGrade",
        # The 结案 step of an accident and of an enforcement case.
        "CloseStepNameEnum": [("close", "结案")],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("YINGJI_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "huey": {"level": "WARNING"}},
}
