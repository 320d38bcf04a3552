"""Real-browser tests: Playwright's sync API driving Debian's chromium, with axe-core.

Isolation: each module's directory is built ONCE (`shared_directory`), inside a transaction that is
rolled back when the module's last test ends, and each test runs in a savepoint within it (`db`), so
whatever a test or the pages it drives change is undone before the next test. The live server
(`site_server`) answers on the very connection the test holds (the test database is SQLite in memory,
which Django shares with the server's threads), so it sees the uncommitted directory. That replaced
flushing every table and re-loading the post-migration rows after each test (serialized rollback),
then rebuilding the site tree and directory for the next one: ~8 s a test.

Playwright's own browser download cannot work here, so the tests use /usr/bin/chromium. Anything
missing (chromium, axe-core, the compiled stylesheet) skips the tests with the reason printed
(`pytest -ra` shows it), so they never pass without having run.
"""

import dataclasses
import os
import subprocess
import threading
from pathlib import Path

from django.db import connections, models, transaction

import pytest

from .axe import AXE

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the ORM
# calls the fixtures make from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
MAIN_CSS = REPO / "static" / "css" / "main.css"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts" / "browser"


def _skip(reason: str):
    print(f"\nBrowser tests skipped: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_requirements():
    """Chromium, axe-core and the compiled stylesheet, or a skip that says which is missing."""
    if not CHROMIUM.exists():
        _skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _skip("Playwright is not installed (pip install -r requirements/test.txt)")
    if not AXE.exists():
        _skip(f"axe-core is missing at {AXE}: run `make assets` (npm ci) first")
    if not MAIN_CSS.exists():
        # The stylesheet is build output (git-ignored): build it once rather than test unstyled pages.
        result = subprocess.run(["make", "assets"], cwd=REPO, capture_output=True, text=True, timeout=600)
        if result.returncode != 0 or not MAIN_CSS.exists():
            _skip(f"static/css/main.css is missing and `make assets` failed: {result.stderr.strip()[-500:]}")


@pytest.fixture(scope="session")
def browser(browser_requirements):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _shares_the_test_connection() -> bool:
    connection = connections["default"]
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


class _RequestGate:
    """The live server's requests share the test's connection and its open transaction, so they are
    answered one at a time (two at once would interleave their savepoints), and none is answered
    between tests: a request still in flight when a test ends is finished before its savepoint is
    rolled back, and a late one waits for the next test instead of running during the rollback."""

    def __init__(self):
        self._lock = threading.Lock()
        self._held_between_tests = False

    def handler(self, handler_class):
        lock = self._lock

        class OneAtATime(handler_class):
            def __call__(self, environ, start_response):
                with lock:
                    return super().__call__(environ, start_response)

        return OneAtATime

    def close(self):
        if not self._held_between_tests:
            self._lock.acquire()
            self._held_between_tests = True

    def open(self):
        if self._held_between_tests:
            self._held_between_tests = False
            self._lock.release()


_GATE = _RequestGate()


@pytest.fixture(scope="session")
def site_server(browser, django_db_setup, django_db_blocker):
    """pytest-django's live server, started after the browser so it is handed the connection the
    tests use (Playwright's running event loop gives the test thread a connection of its own), and
    not named `live_server`, which would make every test a flushing TransactionTestCase."""
    from django.test.utils import modify_settings

    from pytest_django.live_server_helper import LiveServer

    if not _shares_the_test_connection():
        _skip(
            "the browser tests share the test's uncommitted data with the live server through "
            "SQLite's in-memory test database; run them without DATABASE_URL (make test-sqlite)"
        )
    address = os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    with django_db_blocker.unblock():
        server = LiveServer(address, start=False)
    server.thread.static_handler = _GATE.handler(server.thread.static_handler)
    server.start()
    with modify_settings(ALLOWED_HOSTS={"append": address.split(":")[0]}):
        yield server
    _GATE.open()
    server.stop()


@pytest.fixture(scope="module")
def directory_builder():
    """What `shared_directory` builds for this module; a test module overrides it to build its own."""
    from tests.browser.directory_data import build_directory

    return build_directory


@pytest.fixture(scope="module")
def shared_directory(directory_builder, site_server, django_db_blocker):
    """The module's directory on the real site tree, built once in a transaction that is rolled back
    when the module's last test has run."""
    from wagtail.models import Page

    from search import snapshot
    from search.backends import get_backend

    with django_db_blocker.unblock():
        pages_before = Page.objects.count()
        outer = transaction.atomic()
        outer.__enter__()
        try:
            get_backend.cache_clear()
            snapshot.forget()
            yield directory_builder()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            snapshot.forget()
        pages_after = Page.objects.count()
    assert pages_after == pages_before, (
        f"{pages_after - pages_before} pages outlived this module's transaction: a test or a page it "
        "drove committed it, and the next module would see them"
    )


def _fresh(value):
    """The same rows read again, so a change one test made to a Python object is not seen by the next."""
    if isinstance(value, models.Model):
        return type(value).objects.get(pk=value.pk)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value, **{field.name: _fresh(getattr(value, field.name)) for field in dataclasses.fields(value)}
        )
    return value


@pytest.fixture
def directory(shared_directory, db):
    """The module's directory (`shared_directory`); this test's changes are rolled back after it."""
    _GATE.open()
    yield _fresh(shared_directory)
    _GATE.close()  # after the tabs have closed, before the savepoint is rolled back


class Browsing:
    """A browser tab on the live server that records every request it makes."""

    def __init__(self, page, server_url: str):
        self.page = page
        self.base = server_url
        self.requests: list[str] = []
        self.failed: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "response",
            lambda response: (
                self.failed.append(f"{response.status} {response.url}")
                if response.status >= 400 and "/static/" in response.url
                else None
            ),
        )

    def open(self, path: str):
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, f"{path} answered {response and response.status}"
        return response

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith((self.base, "about:", "data:"))]


def _new_tab(browser, server, request, **context_options):
    context = browser.new_context(**context_options)
    tab = context.new_page()
    browsing = Browsing(tab, server.url)
    yield browsing
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    # Every test, whatever else it checks: nothing was fetched from another host (no CDN, no web
    # fonts, no analytics) and no stylesheet, script or image 404'd.
    assert browsing.foreign_requests() == [], "requests to other hosts"
    assert browsing.failed == [], "static files that failed to load"


@pytest.fixture
def tab(browser, site_server, directory, request):
    """A JavaScript-enabled tab, 1280 pixels wide unless a test resizes it."""
    # bypass_csp: axe is injected as an inline script, which the planned strict CSP would block.
    yield from _new_tab(
        browser, site_server, request, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )


@pytest.fixture
def open_tab(browser, site_server, directory, request):
    """Open more tabs, each in a browser context of its own (another person, another phone), with
    Playwright's context options: `open_tab(geolocation=…, permissions=["geolocation"])`.
    Each gets the same checks as `tab` when the test ends."""
    tabs = []

    def open_(**context_options):
        options = {"viewport": {"width": 1280, "height": 900}, "bypass_csp": True, **context_options}
        generator = _new_tab(browser, site_server, request, **options)
        tabs.append(generator)
        return next(generator)

    yield open_
    problems = []
    for generator in tabs:  # close every context, even if one of them fails its checks
        try:
            next(generator, None)
        except AssertionError as problem:
            problems.append(problem)
    if problems:
        raise problems[0]


@pytest.fixture
def tab_without_js(browser, site_server, directory, request):
    """A tab with JavaScript switched off, as some people browse (and as a slow phone behaves)."""
    yield from _new_tab(
        browser, site_server, request, viewport={"width": 320, "height": 800}, java_script_enabled=False
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item, so fixtures can screenshot failed tests.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def exit_url(settings, site_server):
    """Where "Exit this page" goes in tests: any address on the live server will do (this one is a
    404), so a test never leaves it."""
    settings.EXIT_PAGE_URL = site_server.url + "/exit-target-for-tests/"
    return settings.EXIT_PAGE_URL
