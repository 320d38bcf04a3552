"""Test-wide fixtures and the database choice.

`make test` runs the suite on SQLite, then the database tests again with DATABASE_URL pointing at
PostgreSQL. If that server cannot be reached, every database test is skipped with the reason
printed, rather than failing on a connection error or passing without having run.
"""

from django.conf import settings
from django.db import connections

import pytest


def _postgres_unreachable_reason() -> str | None:
    database = settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"]:
        return None
    import psycopg

    try:
        psycopg.connect(
            host=database.get("HOST") or "localhost",
            port=database.get("PORT") or 5432,
            user=database.get("USER"),
            password=database.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"PostgreSQL at {database.get('HOST')}:{database.get('PORT')} is not reachable: {first_line}"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _postgres_unreachable_reason()
    if reason is None:
        return
    marker = pytest.mark.skip(reason=reason)
    for item in items:
        if "django_db" in item.keywords or any(
            name in getattr(item, "fixturenames", ()) for name in ("db", "transactional_db", "live_server")
        ):
            item.add_marker(marker)


def pytest_report_header(config):
    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or database['NAME']}"


_SERIALIZED_CONTENTS: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the post-migration snapshot that serialized rollback restores from.

    Django stores it on the connection object, and connections are per context: Playwright's sync
    API runs tests in a greenlet with a fresh connection, which would restore nothing after a
    transactional test flushes the tables (no root page, no levels of need). See
    `_serialized_contents_for_this_context`.
    """
    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            _SERIALIZED_CONTENTS[connection.alias] = contents
    yield


@pytest.fixture(autouse=True)
def _serialized_contents_for_this_context(request):
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("django_db_setup")
    for alias, contents in _SERIALIZED_CONTENTS.items():
        connection = connections[alias]
        if not getattr(connection, "_test_serialized_contents", None):
            connection._test_serialized_contents = contents


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached search pages and rate-limit counters from one
    test's data must not answer in the next."""
    from django.core.cache import cache

    from search import page_cache

    cache.clear()
    page_cache.forget()


@pytest.fixture
def site_tree(db):
    from home.site_tree import ensure_site_tree

    return ensure_site_tree()


@pytest.fixture
def database_vendor():
    return connections["default"].vendor
