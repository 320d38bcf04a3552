"""Test runs: fast hashing, in-memory email, demo mode on so the loader can be tested.

DATABASE_URL chooses the database, as everywhere: unset means SQLite; `make test` runs the
database-dependent tests a second time against PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-right-door")
os.environ.setdefault("DEMO_MODE", "true")
# The local development node is a single node: a replica could never be placed.
os.environ.setdefault("ELASTICSEARCH_REPLICAS", "0")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
