"""Shared Open Referral test data: the demo directory, loaded once per module inside a transaction
that is rolled back at the end (each test runs in its own savepoint within it)."""

from django.db import transaction

import pytest

from search import snapshot
from search.backends import get_backend


@pytest.fixture(scope="module")
def demo_directory(django_db_setup, django_db_blocker):
    from directory.demo.loader import load_demo_directory

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            get_backend.cache_clear()
            snapshot.forget()
            yield load_demo_directory(password="test-password-not-used")
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            snapshot.forget()


@pytest.fixture
def demo(demo_directory, db):
    """The demo directory, for a test that may change it (its changes are rolled back)."""
    return demo_directory
