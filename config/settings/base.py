"""Settings shared by every environment, read from environment variables.

Safe by default: DEBUG is off and there is no secret key here. `dev.py` and `test.py` supply
development defaults before importing this module; `production.py` insists on real values.
Every variable read here is listed, with its default, in the README.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "home",
    "directory",
    "guidance",
    "search",
    "openreferral",
    "insights",
    # The demo content and its `load_demo` command (refused unless DEMO_MODE is on); no models.
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app with the Users admin narrowed for moderators (directory/user_admin.py).
    "directory.apps.RightDoorUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # django-csp: its system checks catch the old CSP_* settings format.
    "csp",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # gzip for public HTML only: never pages with a CSRF token or a signed-in user (BREACH).
    "home.middleware.PublicHtmlGZipMiddleware",
    # Content-Security-Policy (django-csp; the admin's own policy under its paths).
    "config.middleware.ContentSecurityPolicyMiddleware",
    # Permissions-Policy and the request-size cap (config/middleware.py).
    "config.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.LoginRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Partners never reach another organisation's pages, reports or accounts in the admin (after messages: it refuses as Wagtail does, with a message).
    "directory.admin_access.AdminScopeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_chrome",
            ],
        },
    },
]

# SQLite is the embedded default so `make run` works on a bare machine; production sets
# DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
        # A kept connection is checked before each request reuses it, so a database restart costs
        # the requests made while it is down and nothing after (no stale connection errors).
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "collected-static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads: Django's own caps on non-file form data and in-memory files (2.5 MB each, made explicit),
# and a whole-request cap enforced before the body is read (config.middleware): the largest
# upload allowed (10 MB) plus room for the form around it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_REQUEST_BODY_SIZE = int(env("MAX_REQUEST_BODY_SIZE", str(12 * 1024 * 1024)))

# Cache and sessions. With REDIS_URL, Redis via django-redis, shared by every worker; without it,
# each process's memory (development and tests). Errors are ignored, with a short timeout, so the
# site runs uncached (slower, never broken) while Redis is down.
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rightdoor",
            "OPTIONS": {
                # django-redis's client with a breaker: after one failure the cache is skipped
                # for REDIS_BREAKER_SECONDS, logged once (config/cache_breaker.py).
                "CLIENT_CLASS": "config.cache_breaker.BreakerClient",
                "SOCKET_CONNECT_TIMEOUT": float(env("REDIS_CONNECT_TIMEOUT", "0.5")),
                "SOCKET_TIMEOUT": float(env("REDIS_TIMEOUT", "0.5")),
                "IGNORE_EXCEPTIONS": True,
                "BREAKER_SECONDS": float(env("REDIS_BREAKER_SECONDS", "5")),
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    # The breaker logs one line per outage instead of a traceback per cache call.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long a worker trusts the search index token it last read (search/snapshot.py): a publish in
# another worker is seen by searches within this many seconds, one in the same worker at once.
SEARCH_INDEX_TOKEN_SECONDS = float(env("SEARCH_INDEX_TOKEN_SECONDS", "1"))
# Demand records (insights/) older than this are deleted by `purge_demand`.
DEMAND_RETENTION_MONTHS = int(env("DEMAND_RETENTION_MONTHS", "13"))
# Sessions are written to the database and cached: Redis makes reading them cheap, and losing Redis
# loses no one's sign-in (the database copy answers).
# config.sessions is Django's cached_db store that never revives a signed-out session from the
# cache (Redis unreachable at sign-out, back afterwards).
SESSION_ENGINE = "config.sessions"

# Security headers. HSTS, secure cookies and the HTTPS redirect are production-only (production.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
# As the pages' own <meta name="referrer">: other sites are not told which page someone came from.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A shortlist change with a missing or stale token goes back to the shortlist with a message.
CSRF_FAILURE_VIEW = "search.shortlist_views.refused"
# The CSRF cookie (set by every page with a shortlist button) lasts only until the browser closes,
# like the shortlist itself: nothing about a visit is kept on the device (Exit this page drops it too).
CSRF_COOKIE_AGE = None
# Content Security Policy, set by django-csp (`config.middleware.ContentSecurityPolicyMiddleware`).
# The public site: its own scripts, stylesheets, images and fonts only, no inline script or style,
# no plugins, no framing, and no other host anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "frame-src": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# Wagtail's and Django's admin still rely on some inline scripts and styles, and show images and
# embeds (oEmbed previews) from other hosts: a relaxed policy, under these paths only.
ADMIN_CONTENT_SECURITY_POLICY = {
    "PATH_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF, "https:"],
        "object-src": [NONE],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}
# Geolocation for the site itself only ("Use my location" on the search page); nothing else.
PERMISSIONS_POLICY = ", ".join(
    [
        "geolocation=(self)",
        "camera=()",
        "microphone=()",
        "payment=()",
        "usb=()",
        "bluetooth=()",
        "serial=()",
        "hid=()",
        "midi=()",
        "magnetometer=()",
        "gyroscope=()",
        "accelerometer=()",
        "display-capture=()",
        "browsing-topics=()",
    ]
)

# Admin sign-in rate limit (config.middleware.LoginRateLimitMiddleware), counted in the cache.
LOGIN_RATE_LIMIT_PATHS = ["/admin/login/", "/django-admin/login/"]
LOGIN_RATE_LIMIT_ATTEMPTS = int(env("LOGIN_RATE_LIMIT_ATTEMPTS", "5"))
LOGIN_RATE_LIMIT_ADDRESS_ATTEMPTS = int(env("LOGIN_RATE_LIMIT_ADDRESS_ATTEMPTS", "30"))
LOGIN_RATE_LIMIT_WINDOW = int(env("LOGIN_RATE_LIMIT_WINDOW", "900"))
# Password reset requests (same middleware): per account (the e-mail address typed) and per address.
PASSWORD_RESET_RATE_LIMIT_PATHS = ["/admin/password_reset/"]
PASSWORD_RESET_RATE_LIMIT_ATTEMPTS = int(env("PASSWORD_RESET_RATE_LIMIT_ATTEMPTS", "3"))
PASSWORD_RESET_RATE_LIMIT_ADDRESS_ATTEMPTS = int(env("PASSWORD_RESET_RATE_LIMIT_ADDRESS_ATTEMPTS", "10"))
PASSWORD_RESET_RATE_LIMIT_WINDOW = int(env("PASSWORD_RESET_RATE_LIMIT_WINDOW", "3600"))
# How many reverse proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Right Door <no-reply@rightdoor.example>")

# Wagtail
WAGTAIL_SITE_NAME = "Right Door"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_TAG_SPACES_ALLOWED = True
# No avatars fetched from gravatar.com: the admin makes no requests to other hosts either.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the dashboard ask releases.wagtail.org for the latest version (upgrades are a deploy decision).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Documents go through Wagtail's serve view (never a direct /media/ link), where
# directory.wagtail_hooks.serve_documents_privately refuses anyone but the media library's managers
# unless a live public page links to the document. Do not serve /media/documents/ from a web server.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Raster images only: an SVG can carry script.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Decompression bombs: refuse images over 40 megapixels however small the file.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
TAGGIT_CASE_INSENSITIVE = True

# Search: "database" (the default, no server needed) or "elasticsearch" (needs ELASTICSEARCH_URL;
# the database backend is kept up to date too and answers whenever Elasticsearch cannot).
SEARCH_BACKEND = env("SEARCH_BACKEND", "database")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", "")
# The alias searches go to; `rebuild_search_index` builds a new versioned index behind it and swaps.
ELASTICSEARCH_INDEX = env("ELASTICSEARCH_INDEX", "rightdoor-services")
# Credentials and TLS (search.backends.elasticsearch.faults.client_options): an API key, or a user and
# password; a CA bundle to verify the cluster's certificate, or its SHA-256 fingerprint to pin it.
ELASTICSEARCH_API_KEY = env("ELASTICSEARCH_API_KEY", "")
ELASTICSEARCH_USERNAME = env("ELASTICSEARCH_USERNAME", "")
ELASTICSEARCH_PASSWORD = env("ELASTICSEARCH_PASSWORD", "")
ELASTICSEARCH_CA_CERTS = env("ELASTICSEARCH_CA_CERTS", "")
ELASTICSEARCH_SSL_FINGERPRINT = env("ELASTICSEARCH_SSL_FINGERPRINT", "")
ELASTICSEARCH_VERIFY_CERTS = env_bool("ELASTICSEARCH_VERIFY_CERTS", True)
# Seconds a search waits before the database answers, and seconds the database then answers alone.
ELASTICSEARCH_TIMEOUT = float(env("ELASTICSEARCH_TIMEOUT", "2"))
ELASTICSEARCH_COOLOFF_SECONDS = float(env("ELASTICSEARCH_COOLOFF_SECONDS", "30"))
# Replicas of each index: 1 for a production cluster; the single development node holds none.
ELASTICSEARCH_REPLICAS = int(env("ELASTICSEARCH_REPLICAS", "1"))
if SEARCH_BACKEND not in {"database", "elasticsearch"}:
    raise ImproperlyConfigured("SEARCH_BACKEND must be 'database' or 'elasticsearch'.")
if SEARCH_BACKEND == "elasticsearch" and not ELASTICSEARCH_URL:
    raise ImproperlyConfigured("SEARCH_BACKEND is 'elasticsearch': set ELASTICSEARCH_URL too.")

# Right Door
# The area the site serves: a TOML file of its districts, front door and place names
# (docs/adopting-right-door.md). Empty: the demo's Lancashire (directory/data/areas/lancashire.toml).
AREA_FILE = env("AREA_FILE", "")
# Months between reviews of a listing, by kind of service (directory.review); kinds not listed: 6.
REVIEW_INTERVAL_MONTHS = {"universal": 6, "targeted": 6, "commissioned": 12, "specialist": 12}
# Where the "Exit this page" control sends someone, at once; a neutral, commonly visited page.
EXIT_PAGE_URL = env("EXIT_PAGE_URL", "https://www.bbc.co.uk/weather")
# Demo logins are created by `load_demo` only where this is on (dev settings).
DEMO_MODE = env_bool("DEMO_MODE", False)
DEMO_PASSWORD = env("DEMO_PASSWORD", "rightdoor-demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Wagtail logs every page action and background task at INFO: useful when debugging, noise otherwise.
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
        "django_tasks": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}
