"""Public pages ask no other host for anything, and run under the strict Content Security Policy.

Read from Playwright's network log, page type by page type (home, search with results, a service,
an organisation, the shortlist, a page that does not exist), in a browser context that enforces the
site's CSP (the other browser tests bypass it so that axe can be injected). Any CSP violation shows
up in the console as "Refused to …" and fails the test: it would mean an inline script, handler
or style that the browser did not run.
"""

import re

import pytest

pytestmark = pytest.mark.browser


def test_public_pages_request_nothing_from_other_hosts_and_break_no_csp(open_tab, directory, site_server):
    tab = open_tab(bypass_csp=False)
    page = tab.page
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error"
            and ("Content Security Policy" in message.text or "Refused to" in message.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    seen: dict[str, int] = {}

    def visit(path: str, status: int = 200):
        before = len(tab.requests)
        response = page.goto(tab.base + path)
        page.wait_for_load_state("networkidle")
        assert response is not None and response.status == status, (
            f"{path} answered {response and response.status}"
        )
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert "geolocation=(self)" in response.headers["permissions-policy"], path
        seen[path] = len(tab.requests) - before

    visit("/")
    visit("/search/?q=parenting&near=PR1+2HE")
    assert page.locator(".rd-card").count() >= 1, "the search has results"
    # Scripts really ran under the policy: "Use my location" is revealed by static/js, never inline.
    assert page.get_by_role("button", name=re.compile("Use my location")).first.is_visible()
    page.get_by_role("button", name=re.compile(r"Add to shortlist \(Family Support Preston\)")).first.click()
    page.wait_for_load_state("networkidle")
    visit(directory.local_service.url)
    visit(directory.organisation.url)
    visit("/shortlist/")
    assert page.get_by_role("link", name="Family Support Preston", exact=True).is_visible()
    visit("/no-such-page-here/", status=404)

    foreign = tab.foreign_requests()
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert problems == [], f"CSP violations or script errors: {problems}"
    assert all(count >= 1 for count in seen.values()), seen
    # Static files were fetched from the site itself (the network log really was recording).
    assert any("/static/" in url and url.startswith(site_server.url) for url in tab.requests)


def test_the_admin_works_under_its_own_policy(open_tab, directory, django_user_model):
    """Wagtail's admin is kept out of the strict policy: signing in and opening the page editor
    under the enforced admin policy raises no CSP violation and no script error."""
    django_user_model.objects.create_superuser("csp-admin", "csp-admin@example.org", "a-long-password-1")
    tab = open_tab(bypass_csp=False)
    page = tab.page
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error"
            and ("Content Security Policy" in message.text or "Refused to" in message.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    tab.open("/admin/login/")
    page.get_by_label("Username").fill("csp-admin")
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button", name=re.compile("Sign in")).click()
    page.wait_for_url(re.compile(r"/admin/$"))
    response = tab.open(f"/admin/pages/{directory.local_service.pk}/edit/")
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    # The editor's scripts ran: the Draftail rich text editor has rendered.
    assert page.locator(".Draftail-Editor").first.is_visible()
    assert problems == [], f"CSP violations or script errors in the admin: {problems}"
