"""Local development: safe defaults, console email, demo logins allowed."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-right-door")
os.environ.setdefault("DEMO_MODE", "true")
# The local development node is a single node: a replica could never be placed.
os.environ.setdefault("ELASTICSEARCH_REPLICAS", "0")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: E402,F403
