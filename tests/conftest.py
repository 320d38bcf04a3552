"""Test-wide fixtures and the database choice.

`make test` runs the suite on SQLite, then the database-sensitive tests (`DATABASE_SENSITIVE`
below) again with DATABASE_URL pointing at PostgreSQL. If that server cannot be reached, every database test is skipped with the reason
printed, rather than failing on a connection error or passing without having run.
"""

from io import StringIO

from django.conf import settings
from django.db import connections, transaction

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


# --------------------------------------------------------------------------- the PostgreSQL stage

# What `make test-postgres` runs again on PostgreSQL: the tests whose outcome can depend on the
# database, by file (every test in it) and why. Everything else is Python over the ORM's portable
# subset (forms, templates, permissions, parsing, the pathway engine, the browser) and behaves the
# same on both, so it runs on SQLite only. Besides these files, a test is database-sensitive when it
# is marked `postgres_only` or `database_sensitive`, or asks for the `database_vendor` fixture.
DATABASE_SENSITIVE = {
    # Text search: each database has its own full-text search (FTS5 / tsvector) under one contract.
    "tests/search/test_contract.py": "text search: the backend contract on this database",
    "tests/search/test_wagtail_text.py": "text search: Wagtail's per-database search backend path",
    "tests/search/test_search_page.py": "text search end to end: ranking, filters, bad input",
    # Raw SQL, JSON columns and query counts.
    "tests/search/test_cards.py": "JSON columns read back in one query",
    "tests/search/test_index_token.py": "the index token read from the database; query counts",
    "tests/directory/test_models.py": "query rules in SQL: JSON containment, ages, dates, districts",
    "tests/production/test_health.py": "the health check's query against the database",
    # Migrations and constraints.
    "tests/test_project.py": "migrations match the models; system checks on this database",
    # Transactions, locking and constraints.
    "tests/directory/test_review_cycle.py": "select_for_update, unique reminder rows, date arithmetic",
    "tests/directory/test_scheduling.py": "scheduled publishing: time comparisons in SQL, the index following",
    "tests/openreferral/test_import_export.py": "import atomicity (all or nothing), constraints, ids",
    "tests/insights/test_unmet_need.py": "demand counts: conditional aggregates, months, upserts; every table read",
    "tests/production/test_faults.py": "the database restarted under load (PostgreSQL only)",
}


def _database_sensitive(item) -> bool:
    path = item.path.relative_to(item.config.rootpath).as_posix()
    return (
        path in DATABASE_SENSITIVE
        or item.get_closest_marker("postgres_only") is not None
        or item.get_closest_marker("database_sensitive") is not None
        or "database_vendor" in getattr(item, "fixturenames", ())
    )


def pytest_itemcollected(item):
    """Marks read by `-m` and by xdist, so set as each test is collected: `database_sensitive`
    (see `DATABASE_SENSITIVE`), and the xdist groups that keep the demo's tests on one worker and
    each browser module's tests on one worker."""
    if _database_sensitive(item):
        item.add_marker(pytest.mark.database_sensitive)
    if DEMO_FIXTURE in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.xdist_group("demo"))
    elif "site_server" in getattr(item, "fixturenames", ()):
        # A browser module's tests share a directory built once per module (tests/browser/conftest.py):
        # on one worker, one after another, it is built once rather than once per chunk of tests.
        item.add_marker(pytest.mark.xdist_group(f"browser:{item.path.name}"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the tests on the shared demo first and one after another (see `demo_site`), so it is
    loaded once per session. Skip the database tests when PostgreSQL is chosen but unreachable."""
    on_demo = [item for item in items if DEMO_FIXTURE in getattr(item, "fixturenames", ())]
    items[:] = on_demo + [item for item in items if DEMO_FIXTURE not in getattr(item, "fixturenames", ())]
    _give_each_test_its_own_id(items)
    if getattr(config.option, "loadgroup", False):  # set in xdist workers only
        _name_xdist_groups(items)

    reason = _postgres_unreachable_reason()
    if reason is None:
        return
    marker = pytest.mark.skip(reason=reason)
    for item in items:
        if "django_db" in item.keywords or any(
            name in getattr(item, "fixturenames", ()) for name in ("db", "transactional_db", "live_server")
        ):
            item.add_marker(marker)


def _give_each_test_its_own_id(items):
    """Under pytest 9.2 schemathesis' per-operation tests (`test_the_api_conforms_to_its_openapi_document
    [GET /services]`, …) all report their function's id, without the operation. xdist's scheduler
    keys its work by id, so 8 of the 9 were silently never run on two workers."""
    from _pytest.nodeid import NodeId

    for item in items:
        if (
            "[" in item.name
            and not item.nodeid.endswith("]")
            and isinstance(getattr(item, "_id", None), NodeId)
        ):
            item._id = NodeId.parse(f"{item.parent.nodeid}::{item.name}")


def _name_xdist_groups(items):
    """`--dist loadgroup` reads each test's group from an `@group` suffix on the id its worker
    reports. pytest-xdist 3.8 adds it by setting `item._nodeid`, which pytest 9.2's structured node
    ids no longer read (pytest-dev/pytest-xdist#1386), so without this every group is ignored: the
    demo was loaded on both workers and browser modules built their directory on both."""
    from _pytest.nodeid import NodeId

    for item in items:
        groups = sorted({str(mark.args[0]) for mark in item.iter_markers("xdist_group") if mark.args})
        if (
            not groups
            or "@" in item.nodeid.rsplit("]", 1)[-1]
            or not isinstance(getattr(item, "_id", None), NodeId)
        ):
            continue
        item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(groups)}")


def pytest_report_header(config):
    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or database['NAME']}"


_SERIALIZED_CONTENTS: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
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
    _TREE.blocker = django_db_blocker
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
    """Each test starts with an empty cache: rate-limit counters and cached settings from one test's
    data must not answer in the next, nor the search index token a rolled-back test last read."""
    from django.core.cache import cache

    from search import snapshot

    cache.clear()
    snapshot.forget_token()


@pytest.fixture
def site_tree(db):
    """Home, Services, Organisations, Guidance and Pathways, published (`home.site_tree`). Fresh
    instances each test; the rows usually come from the shared build (`SharedSiteTree`)."""
    from home.site_tree import ensure_site_tree

    return ensure_site_tree()


class OuterTransaction:
    """Data built once inside an outer transaction that a run of tests shares: each test's own
    transaction is a savepoint within it, and `close` rolls the whole build back."""

    def __init__(self):
        self.blocker = None  # pytest-django's, once the test database exists (`django_db_setup`)
        self._outer = None

    def build(self):
        raise NotImplementedError

    def open(self):
        from search import snapshot
        from search.backends import get_backend

        with self.blocker.unblock():
            self._outer = transaction.atomic()
            self._outer.__enter__()
            get_backend.cache_clear()
            snapshot.forget()
            self.build()

    def close(self):
        if self._outer is None:
            return
        from search import snapshot

        with self.blocker.unblock():
            transaction.set_rollback(True)
            self._outer.__exit__(None, None, None)
        self._outer = None
        snapshot.forget()

    @property
    def closed(self):
        return self._outer is None


class SharedSiteTree(OuterTransaction):
    """The site tree built once and shared by a run of consecutive tests that ask for `site_tree`.

    Building it publishes five pages (revisions, log entries, search and reference index rows):
    about 0.6 s, which ~300 tests paid each. Before such a test's fixtures are set up
    (`pytest_runtest_setup`) the tree is built inside an outer transaction, so the test's own
    transaction is a savepoint within it and rolls back to the tree as built; the outer one is
    rolled back after the last test of the run (`pytest_runtest_teardown`), so a test that does
    not ask for the tree never sees it. A test with a transaction of its own (transactional, live
    server, or another fixture's outer transaction) builds the tree itself, as before.
    """

    def build(self):
        from home.site_tree import ensure_site_tree

        ensure_site_tree()


_TREE = SharedSiteTree()

_OWN_TRANSACTION_FIXTURES = {"transactional_db", "live_server", "django_db_serialized_rollback"}


def _on_shared_tree(item) -> bool:
    """Whether `item` asks for `site_tree` and runs in a plain savepoint that can sit inside
    the shared tree's transaction."""
    names = set(getattr(item, "fixturenames", ()))
    if "site_tree" not in names or names & _OWN_TRANSACTION_FIXTURES:
        return False
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback")):
        return False
    for fixturedefs in item._fixtureinfo.name2fixturedefs.values():
        fixturedef = fixturedefs[-1]
        if (
            fixturedef.scope != "function"
            and "django_db_blocker" in fixturedef.argnames
            and not fixturedef.func.__module__.startswith("pytest_django")
            and fixturedef.argname != "django_db_setup"
        ):
            return False  # holds an outer transaction of its own (the demo, a module's directory)
    return True


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _TREE.closed and _TREE.blocker is not None and _on_shared_tree(item):
        _TREE.open()


@pytest.fixture
def database_vendor():
    return connections["default"].vendor


# --------------------------------------------------------------------------- the shared demo

DEMO_FIXTURE = "demo_site"


class DemoSite(OuterTransaction):
    """The demo as `load_demo` left it, with what the command printed."""

    def __init__(self):
        super().__init__()
        self.output = ""

    def build(self):
        from django.core.management import call_command

        printed = StringIO()
        call_command("load_demo", stdout=printed)
        self.output = printed.getvalue()


_DEMO = DemoSite()


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker):
    """The whole demo (directory, guidance, pathways, logins), loaded ONCE per test session by the
    real `load_demo` command, inside a transaction that is rolled back after the last test that
    uses it. Each test runs in its own savepoint within it (ask for `db` too), so a test may change
    the demo and the next one sees it as loaded.

    The tests that use it are run first and together (`pytest_collection_modifyitems`), and the
    transaction is rolled back as soon as the next test does not use it
    (`pytest_runtest_teardown`), so no other test ever sees the demo.
    """
    if _DEMO.closed and _DEMO.output:
        pytest.fail("demo_site was asked for after its transaction was rolled back: test order changed")
    if _DEMO.closed:
        _DEMO.blocker = django_db_blocker
        _DEMO.open()
    yield _DEMO
    _DEMO.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if not _DEMO.closed and (nextitem is None or DEMO_FIXTURE not in getattr(nextitem, "fixturenames", ())):
        _DEMO.close()
    if not _TREE.closed and (nextitem is None or not _on_shared_tree(nextitem)):
        _TREE.close()
    return result


@pytest.fixture(autouse=True)
def no_demand_left_from_another_test():
    """Demand is written in bulk (insights/recording.py): a test starts with none waiting, so
    another test's searches are never written into this one."""
    from insights.recording import buffer

    buffer.take()
    yield
