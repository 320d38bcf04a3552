"""The shortlist's promise, checked against what the browser actually keeps: the list is a
browser-session cookie of service slugs (no server session, no expiry date, nothing in local
storage), and "Exit this page" forgets it, with or without JavaScript."""

import re

import pytest

pytestmark = pytest.mark.browser


def add_to_shortlist(tab, service):
    tab.open(service.url)
    tab.page.get_by_role("button", name=f"Add to shortlist ({service.title})").click()
    tab.page.wait_for_load_state()
    assert tab.page.get_by_text("On your shortlist").is_visible()


def stored(page) -> dict:
    return {
        "cookies": {cookie["name"]: cookie for cookie in page.context.cookies()},
        "local": page.evaluate("Object.keys(localStorage)"),
        "session": page.evaluate("Object.keys(sessionStorage)"),
    }


def test_an_anonymous_shortlist_lives_only_in_a_browser_session_cookie(tab, directory):
    add_to_shortlist(tab, directory.local_service)
    tab.open("/shortlist/")
    page = tab.page
    assert page.get_by_text("kept only in this browser until you close it").is_visible()

    kept = stored(page)
    assert "sessionid" not in kept["cookies"], "no server session for an anonymous shortlist"
    cookie = kept["cookies"]["rd_shortlist"]
    assert cookie["value"] == directory.local_service.slug
    assert cookie["expires"] == -1, "a session cookie, gone when the browser closes"
    assert all(c["expires"] == -1 for c in kept["cookies"].values()), "no persistent cookie at all"
    assert kept["local"] == [] and kept["session"] == []


def test_exit_this_page_forgets_the_shortlist_with_javascript(tab, directory, exit_url):
    add_to_shortlist(tab, directory.local_service)
    tab.page.get_by_role("link", name="Exit this page").click()
    tab.page.wait_for_url(exit_url)
    assert "rd_shortlist" not in stored(tab.page)["cookies"]
    tab.open("/shortlist/")
    assert tab.page.get_by_text("There are no services on your shortlist yet").is_visible()


def test_exit_this_page_forgets_the_shortlist_without_javascript(tab_without_js, directory, exit_url):
    add_to_shortlist(tab_without_js, directory.local_service)
    tab_without_js.page.get_by_role("link", name="Exit this page").click()
    tab_without_js.page.wait_for_url(exit_url)
    assert "rd_shortlist" not in stored(tab_without_js.page)["cookies"]


def test_the_shortlist_page_is_not_kept_by_the_browser_cache(tab, directory):
    response = tab.open("/shortlist/")
    assert re.search(r"\bno-store\b", response.headers["cache-control"])
