"""Django settings for Mercato.

Everything a deployment changes comes from the environment:
DATABASE_URL (default: SQLite in MERCATO_HOME), MERCATO_HOME (default ./var),
SECRET_KEY, DEBUG, ALLOWED_HOSTS.
"""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
MERCATO_HOME = Path(os.environ.get("MERCATO_HOME", Path.cwd() / "var")).resolve()
# The database, the job queue and the search index live here; a fresh checkout has none of them yet.
MERCATO_HOME.mkdir(parents=True, exist_ok=True)
SEARCH_INDEX_DIR = Path(os.environ.get("MERCATO_SEARCH_INDEX", MERCATO_HOME / "search"))

DEBUG = os.environ.get("DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY", "mercato-insecure-development-key-change-me")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
# Behind a TLS-terminating proxy: CSRF_TRUSTED_ORIGINS=https://shop.example.com MERCATO_BEHIND_TLS_PROXY=1
CSRF_TRUSTED_ORIGINS = [origin for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin]
if os.environ.get("MERCATO_BEHIND_TLS_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves the API docs page's Swagger UI assets locally instead of from a CDN
    "huey.contrib.djhuey",  # the job queue; each domain's tasks.py is found by it
    "mercato.core",
    "mercato.customers",
    "mercato.marketplaces",
    "mercato.catalog",
    "mercato.sellers",
    "mercato.offers",
    "mercato.search",
    "mercato.payments",
    "mercato.inventory",
    "mercato.checkout",
    "mercato.orders",
    "mercato.membership",
    "mercato.fulfillment",
    "mercato.webhooks",
    "mercato.recommendations",
    "mercato.api",
    "mercato.storefront",
    "mercato.sellercentral",
    "mercato.ops",
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
    "mercato.marketplaces.middleware.CurrentMarketplaceMiddleware",
]

ROOT_URLCONF = "mercato.urls"
WSGI_APPLICATION = "mercato.wsgi.application"
ASGI_APPLICATION = "mercato.asgi.application"

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
                "mercato.marketplaces.context_processors.marketplace",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{MERCATO_HOME / 'mercato.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer commits; IMMEDIATE takes the write
        # lock at BEGIN so two writers queue instead of failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "customers.User"
LOGIN_URL = "storefront:login"
LOGIN_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = MERCATO_HOME / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Marketplace shown to a visitor who has not chosen one.
DEFAULT_MARKETPLACE = os.environ.get("MERCATO_DEFAULT_MARKETPLACE", "gb")

# Seller CSV uploads are streamed and checked whole before anything is written; beyond this many
# rows the upload is refused (about 1.5 ms a row on SQLite, so the default keeps a request under 30 s).
OFFER_UPLOAD_MAX_ROWS = int(os.environ.get("MERCATO_OFFER_UPLOAD_MAX_ROWS", "20000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

NINJA_PAGINATION_MAX_LIMIT = 100

# The job queue (huey): scheduled jobs and background work, run by `mercato worker` (and by `mercato demo`).
# Its queue lives in an SQLite file in MERCATO_HOME; MERCATO_QUEUE_URL=redis://host:6379/0 shares one queue
# between several hosts.
MERCATO_QUEUE_URL = os.environ.get("MERCATO_QUEUE_URL", "")
HUEY = {
    "name": "mercato",
    "immediate": False,
    "consumer": {"workers": 2, "worker_type": "thread", "periodic": True},
    **({"huey_class": "huey.RedisHuey", "url": MERCATO_QUEUE_URL} if MERCATO_QUEUE_URL
       else {"huey_class": "huey.SqliteHuey", "filename": str(MERCATO_HOME / "jobs.sqlite3")}),
}

# Notifications: written as files in MERCATO_HOME/mail unless a mail server is configured, e.g.
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend EMAIL_HOST=smtp.example.com EMAIL_PORT=587
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(MERCATO_HOME / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mercato <no-reply@mercato.example>")

# Buying. Amounts are minor units of the marketplace currency.
PAYMENT_PROVIDER = os.environ.get("MERCATO_PAYMENT_PROVIDER", "mercato.payments.testgateway.TestGateway")
ORDER_LINE_MAX_UNITS = int(os.environ.get("MERCATO_ORDER_LINE_MAX_UNITS", "10"))  # per offer per order
EXPRESS_DELIVERY_SURCHARGE_MINOR = int(os.environ.get("MERCATO_EXPRESS_SURCHARGE_MINOR", "399"))
STOCK_RESERVATION_SECONDS = int(os.environ.get("MERCATO_STOCK_RESERVATION_SECONDS", "300"))
ONE_CLICK_FREE_CANCEL_MINUTES = int(os.environ.get("MERCATO_ONE_CLICK_FREE_CANCEL_MINUTES", "30"))
DEAL_MAX_UNITS_PER_ORDER = int(os.environ.get("MERCATO_DEAL_MAX_UNITS_PER_ORDER", "2"))  # of one lightning deal
IDEMPOTENT_WAIT_SECONDS = float(os.environ.get("MERCATO_IDEMPOTENT_WAIT_SECONDS", "15"))
RETURN_WINDOW_DAYS = int(os.environ.get("MERCATO_RETURN_WINDOW_DAYS", "30"))
PAYOUT_RESERVE_DAYS = int(os.environ.get("MERCATO_PAYOUT_RESERVE_DAYS", "7"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The job queue's worker says what it runs; its own handler would print each line twice.
    "loggers": {"huey": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
