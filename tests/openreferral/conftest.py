"""Shared Open Referral test data: the demo, loaded once per session (`demo_site` in
tests/conftest.py); each test runs in a savepoint within it."""

import pytest


@pytest.fixture
def demo(demo_site, db):
    """The demo directory, for a test that may change it (its changes are rolled back)."""
    return demo_site
