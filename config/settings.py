"""forcewatch settings: one module, driven by the environment.

Every setting read here is documented in docs/settings.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


def default_data_dir() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "forcewatch"


BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("FORCEWATCH_DATA_DIR") or default_data_dir())

DEBUG = envbool("FORCEWATCH_DEBUG", False)
SECRET_KEY = os.environ.get("FORCEWATCH_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not envbool("FORCEWATCH_ALLOW_INSECURE_KEY", True):
        raise RuntimeError("FORCEWATCH_SECRET_KEY must be set in production")
    SECRET_KEY = "insecure-local-key-set-FORCEWATCH_SECRET_KEY-in-production"  # noqa: S105
ALLOWED_HOSTS = envlist("FORCEWATCH_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "forcewatch.core",
    "forcewatch.records",
    "forcewatch.intake",
    "forcewatch.demo",
    "forcewatch.synth",
    "forcewatch.accounts",
    "forcewatch.reporting",
    "forcewatch.api",
    "forcewatch.policy",
    "forcewatch.snapshot",
    "forcewatch.publication",
    "forcewatch.support",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # optional TOTP second factor: who verified a code, then who still must
    "django_otp.middleware.OTPMiddleware",
    "forcewatch.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last, as django-axes asks: it turns a lockout into the lockout response
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} that remembers its links (docs/decisions.md, "Staff pages")
            "builtins": ["forcewatch.core.templatetags.links"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forcewatch.accounts.context_processors.roles",
            ],
        },
    },
]


def database_config() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        url = f"sqlite:///{DATA_DIR / 'forcewatch.sqlite3'}"
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web app read while an import writes; IMMEDIATE makes a
        # writer take the lock up front instead of failing half-way.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY;"
            ),
        }
        # Connections are kept (per thread) as on PostgreSQL: opening one reads
        # the whole schema again, ~4 ms, more than a staff page's queries.
    return config


DATABASES = {"default": database_config()}
_test_url = os.environ.get("FORCEWATCH_TEST_DATABASE_URL")
if _test_url:
    DATABASES = {"default": dict(dj_database_url.parse(_test_url))}  # type: ignore[dict-item]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
TIME_ZONE = os.environ.get("FORCEWATCH_TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "forcewatch" / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

# Behind HTTPS (production), cookies are secure and browsers are told to stay on HTTPS.
HTTPS = envbool("FORCEWATCH_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
if envbool("FORCEWATCH_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
# Sessions stay in the database (revocable at sign-out) and are read through the
# process's cache, which saves a query on every page.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Staff sign-in: strong passwords, throttled attempts (django-axes).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reporting:list"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Optional TOTP second factor (django-otp): the name authenticator apps show.
OTP_TOTP_ISSUER = "forcewatch"
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 8 * 60 * 60  # one shift
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("FORCEWATCH_LOG", "WARNING"),
    },
}
