"""Django settings for OpenCAF.

One settings module, configured by environment variables (see README "Running in production").
Defaults give a local development setup: embedded SQLite under var/, database cache, console e-mail.
"""

from __future__ import annotations

import json
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from opencaf.accounts.oidc_settings import socialaccount_providers
from opencaf.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("OPENCAF_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off (see README).")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The demo users and organisations may only be seeded in development or when explicitly allowed.
DEMO_ALLOWED = env_bool("OPENCAF_DEMO", DEBUG)

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "opencaf.core",
    "opencaf.accounts",
    "opencaf.organisations",
    "opencaf.audit",
    "opencaf.frameworks",
    "opencaf.evidence",
    "opencaf.assessments",
    "opencaf.improvement",
    "opencaf.surveys",
    "opencaf.indicators",
    "opencaf.resources",
    "opencaf.reports",
    "opencaf.coordination",
    "opencaf.community",
    "opencaf.benchmarking",
    "opencaf.feedback",
    "opencaf.people",
    "opencaf.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "opencaf.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "opencaf.urls"
WSGI_APPLICATION = "opencaf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "opencaf" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opencaf.core.context_processors.site",
                "opencaf.organisations.context_processors.navigation",
            ],
        },
    },
    # E-mails are plain text: rendered without HTML escaping, or "R&D" would arrive as "R&amp;D"
    # (`core.mail.render_mail` uses this engine; the pages keep the escaping one above).
    {
        "NAME": "plain_text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "opencaf" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]
# Django's form renderer with the plain inputs and textareas printed in Python (see the module).
FORM_RENDERER = "opencaf.core.form_renderer.FormRenderer"

# --- Database -----------------------------------------------------------------------------------
# SQLite under var/ unless DATABASE_URL points elsewhere (PostgreSQL 15+ in production).
if env_str("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL"), conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Lets psycopg prepare the statements core.prepared asks it to (Django's own cursors never
        # prepare); 5 is psycopg's own default, which Django switches off.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "opencaf.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE avoids "database is locked" upgrades from read to write transactions.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, tasks -------------------------------------------------------------------
if env_str("REDIS_URL"):
    # django-redis rather than Django's own backend, which builds a new Redis client object on every
    # call (some 170 response callbacks set up each time, more than the call itself costs): a survey
    # answer's rate limit alone makes four calls (docs/adr/0013-redis-cache-backend.md).
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": env_str("REDIS_URL")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "opencaf_cache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A document job (a report, a survey summary) without progress for this many seconds is taken for
# dead (its worker was killed) and marked failed, so the page stops waiting and offers to try again.
DOCUMENT_JOB_STALL_AFTER = env_int("DOCUMENT_JOB_STALL_AFTER", 600)

# --- Accounts ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"
ACCOUNT_ADAPTER = "opencaf.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "opencaf.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# People join through invitations, which prove the address; verification mails would only add friction.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Failed sign-ins: 5 in 5 minutes per account stops guessing one person's password; the per-address
# limits stop spraying many accounts from one address, loosely enough for a town hall of 300 people
# behind one public address (30 colleagues mistyping in the same minute still sign in). allauth's own
# limit on all sign-in attempts (30 a minute per address) would stop that office's morning too. See README.
ACCOUNT_RATE_LIMITS = {
    "login": env_str("LOGIN_ATTEMPT_LIMITS", "150/m/ip"),
    "login_failed": env_str("LOGIN_FAILURE_LIMITS", "60/m/ip,300/h/ip,5/5m/key"),
    # Public newsletter subscription, per address: a person retyping a mistyped address gets through,
    # a script signing up other people's addresses (and mailing them confirmations) does not.
    "newsletter_subscribe": env_str("NEWSLETTER_SUBSCRIBE_LIMITS", "5/m/ip,30/h/ip"),
}
# Public forms many people send, per address, counted by core.ratelimit (a counter per window, no lock;
# see there why not allauth's limiter), in the same notation as above.
PUBLIC_FORM_RATE_LIMITS = {
    # Answers through a survey's public link: stops a script filling the survey, loosely enough for a
    # service centre's kiosk where citizens answer one after another (see README).
    "survey_answer": env_str("SURVEY_ANSWER_LIMITS", "60/h/ip"),
    # Typed paper codes: enough for a room of staff typing theirs, far too few to guess one.
    "survey_code": env_str("SURVEY_CODE_LIMITS", "30/m/ip,300/h/ip"),
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "OpenCAF")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# An identity from a provider is linked to an account only when the person proves both: accepting an
# invitation through the provider, or connecting it while signed in. Matching by e-mail would let any
# provider that asserts an address take over the account with it (opencaf.accounts.adapters).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_ONLY = False
# OpenID Connect single sign-on (national identity providers, Keycloak, Entra ID…), enabled by
# OIDC_PROVIDERS, a JSON list described in opencaf/accounts/oidc_settings.py and the README.
SOCIALACCOUNT_PROVIDERS = socialaccount_providers(json.loads(env_str("OIDC_PROVIDERS", "[]")))
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
# E-mailed links that let action owners report progress without signing in.
ACTION_LINK_VALID_DAYS = env_int("ACTION_LINK_VALID_DAYS", 21)
INDICATOR_LINK_VALID_DAYS = env_int("INDICATOR_LINK_VALID_DAYS", 30)  # the same, for indicator owners' values
CAMPAIGN_LINK_VALID_DAYS = env_int("CAMPAIGN_LINK_VALID_DAYS", 60)  # campaign nomination links
EVENT_REMINDER_DAYS = env_int("EVENT_REMINDER_DAYS", 2)  # event reminders, days before the first session

# --- Languages ---------------------------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
LANGUAGES = [
    ("sl", _("Slovenian")),
    ("bg", _("Bulgarian")),
    ("en", _("English")),
]
# Language names shown in the switcher are always written in the language itself.
LANGUAGE_SELF_NAMES = {"sl": "Slovenščina", "bg": "Български", "en": "English"}
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Dates as Slovenian and Bulgarian writers write them (opencaf/formats: "3. junija 2024", Bulgarian lower-case months).
FORMAT_MODULE_PATH = ["opencaf.formats"]
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Ljubljana")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "sl", "bg")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# --- Static files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "opencaf.core.staticfiles.StaticFilesStorage"
    },
}

# --- E-mail ------------------------------------------------------------------------------------
# Django 6.1 mailers. EMAIL_BACKEND picks the backend; SMTP options come from EMAIL_HOST and friends.
_email_backend = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
_smtp_options = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25),
    "username": env_str("EMAIL_HOST_USER"),
    "password": env_str("EMAIL_HOST_PASSWORD"),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
    "timeout": 20,
}
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": _smtp_options if _email_backend.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OpenCAF <noreply@localhost>")
# The e-newsletter goes out in batches with a pause between them, so a network's 10,000 subscribers do
# not trip the mail server's (or its provider's) sending limit: by default 200 messages a minute.
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 200)
NEWSLETTER_BATCH_PAUSE_SECONDS = env_int("NEWSLETTER_BATCH_PAUSE_SECONDS", 60)
# Forum posting limits per person and network: at most N posts within S seconds (coordinators are exempt).
FORUM_POST_LIMITS = [(5, 60), (30, 60 * 60)]
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ----------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Joining the HSTS preload list is hard to undo, so it is each deployment's own decision.
SILENCED_SYSTEM_CHECKS = [] if env_bool("SECURE_HSTS_PRELOAD", False) else ["security.W021"]

# Uploads (imports): refuse large bodies early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 2000
IMPORT_MAX_COLUMNS = 50
# An XLSX file is a zip: refuse one that unpacks out of proportion before openpyxl reads it.
IMPORT_MAX_UNPACKED_BYTES = 20 * 1024 * 1024
IMPORT_MAX_COMPRESSION_RATIO = 100
IMPORT_MAX_ARCHIVE_ENTRIES = 1000
# Indicator values come many at a time (200 indicators x 36 months is 7,200 rows).
INDICATOR_IMPORT_MAX_ROWS = 20000
INDICATOR_IMPORT_MAX_BYTES = 8 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every layout step ("Step 5 - Creating layout") at INFO; keep its warnings only.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
