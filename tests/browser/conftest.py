"""Real-browser tests: Playwright's sync API driving Debian's chromium, with axe-core.

Playwright's own browser download cannot work here, so the tests use /usr/bin/chromium. Anything
missing (chromium, axe-core, the compiled stylesheet) skips the tests with the reason printed
(`pytest -ra` shows it), so they never pass without having run.
"""

import os
import subprocess
from pathlib import Path

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


@pytest.fixture
def directory(transactional_db, django_db_serialized_rollback):
    """A small directory on the real site tree, committed so the live server thread can read it.

    `serialized_rollback` restores what migrations created (Wagtail's root page, the levels of need,
    districts, languages) after each test flushes the database.
    """
    from tests.browser.directory_data import build_directory

    return build_directory()


class Browsing:
    """A browser tab on the live server that records every request it makes."""

    def __init__(self, page, live_server_url: str):
        self.page = page
        self.base = live_server_url
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


def _new_tab(browser, live_server, request, **context_options):
    context = browser.new_context(**context_options)
    tab = context.new_page()
    browsing = Browsing(tab, live_server.url)
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
def tab(browser, live_server, directory, request):
    """A JavaScript-enabled tab, 1280 pixels wide unless a test resizes it."""
    # bypass_csp: axe is injected as an inline script, which the planned strict CSP would block.
    yield from _new_tab(
        browser, live_server, request, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )


@pytest.fixture
def open_tab(browser, live_server, directory, request):
    """Open more tabs, each in a browser context of its own (another person, another phone), with
    Playwright's context options: `open_tab(geolocation=…, permissions=["geolocation"])`.
    Each gets the same checks as `tab` when the test ends."""
    tabs = []

    def open_(**context_options):
        options = {"viewport": {"width": 1280, "height": 900}, "bypass_csp": True, **context_options}
        generator = _new_tab(browser, live_server, request, **options)
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
def tab_without_js(browser, live_server, directory, request):
    """A tab with JavaScript switched off, as some people browse (and as a slow phone behaves)."""
    yield from _new_tab(
        browser, live_server, request, viewport={"width": 320, "height": 800}, java_script_enabled=False
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item, so fixtures can screenshot failed tests.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def exit_url(settings, live_server):
    """Where "Exit this page" goes in tests: any address on the live server will do (this one is a
    404), so a test never leaves it."""
    settings.EXIT_PAGE_URL = live_server.url + "/exit-target-for-tests/"
    return settings.EXIT_PAGE_URL
