"""Production: everything from the environment; no development defaults."""

from .base import *  # noqa: F403
from .base import DATABASES, env_bool

DEBUG = False
DEMO_MODE = env_bool("DEMO_MODE", False)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set DATABASE_URL to the PostgreSQL database in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
