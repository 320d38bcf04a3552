"""Production: everything from the environment; no development defaults.

Required: SECRET_KEY, DATABASE_URL (PostgreSQL) and REDIS_URL; ALLOWED_HOSTS names the real host.
SEARCH_BACKEND=elasticsearch with ELASTICSEARCH_URL selects Elasticsearch (the database backend
answers while it is down). docs/production.md describes the whole set-up.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE, REDIS_URL, SECRET_KEY, env, env_bool

DEBUG = False
DEMO_MODE = env_bool("DEMO_MODE", False)

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Set DATABASE_URL to the PostgreSQL database in production.")
if not REDIS_URL:
    raise ImproperlyConfigured(
        "Set REDIS_URL (e.g. redis://redis:6379/0) in production: the cache, the sessions' cache and "
        "the admin sign-in rate limit are shared between workers through it."
    )
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be a long random value (at least 50 characters).")

# Persistent connections (checked before reuse, see base.py), and a short connect timeout so a
# database outage fails requests quickly instead of tying up every worker.
DATABASES["default"]["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", int(env("DATABASE_CONNECT_TIMEOUT", "3"))
)

# Static files: collected (`collectstatic`), compressed and served by WhiteNoise with far-future
# cache headers, straight after SecurityMiddleware so they skip the rest of the stack.
MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {
    # Uploaded images and documents: files under MEDIA_ROOT (a mounted volume in docker-compose).
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Serve MEDIA_URL from Django itself (docker-compose, a single host) unless a web server or CDN does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

# HTTPS: behind a proxy that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The health checks answer over plain HTTP too (load balancers and container probes call them).
SECURE_REDIRECT_EXEMPT = [r"^healthz"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = [origin for origin in env("CSRF_TRUSTED_ORIGINS", "").split(",") if origin.strip()]
