"""A parent can search, read a service and call it, with or without JavaScript."""

import re

import pytest

from .directory_data import FRONT_DOOR_PHONE, SERVICE_PHONE

pytestmark = pytest.mark.browser


def test_home_search_works_without_javascript(tab_without_js):
    page = tab_without_js.page
    tab_without_js.open("/")

    page.get_by_label("What do you need help with?").fill("parenting")
    page.get_by_label("Where? Postcode or town").fill("PR1 2HE")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?"))

    assert page.url.startswith(tab_without_js.base + "/search/?q=parenting&near=PR1+2HE")
    assert page.get_by_label("What do you need help with?").input_value() == "parenting"
    assert page.get_by_label("Where? Postcode or town").input_value() == "PR1 2HE"
    assert page.get_by_role("heading", name=re.compile(r"^2 services")).is_visible()
    result = page.locator(".rd-card", has=page.get_by_role("link", name="Family Support Preston"))
    assert "Less than 0.1 miles away" in result.inner_text()


def test_unknown_place_is_explained_in_an_error_summary(tab):
    page = tab.page
    tab.open("/search/?q=&near=Nowhereville")

    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "near"
    assert page.title().startswith("Error: ")


def test_next_page_of_results_keeps_the_search(tab, monkeypatch):
    # One result a page, so two results make two pages.
    monkeypatch.setattr("search.query.DEFAULT_PER_PAGE", 1)
    page = tab.page
    tab.open("/search/?q=parenting&near=PR1+2HE")

    page.get_by_role("link", name=re.compile("Next page")).click()
    page.wait_for_url(re.compile("page=2"))

    assert "q=parenting" in page.url and "near=PR1+2HE" in page.url
    assert page.get_by_label("What do you need help with?").input_value() == "parenting"


def test_service_page_phone_numbers_are_tap_to_call(tab, directory):
    page = tab.page
    tab.open(directory.local_service.url)

    call = page.get_by_role("link", name=SERVICE_PHONE)
    assert call.get_attribute("href") == "tel:" + SERVICE_PHONE.replace(" ", "")
    # The full safeguarding box on the page (the compact line at the top is checked in test_first_screen).
    main = page.locator("main")
    assert main.get_by_role("link", name="999").get_attribute("href") == "tel:999"
    front_door = main.get_by_role("link", name=FRONT_DOOR_PHONE)
    assert front_door.get_attribute("href") == "tel:" + FRONT_DOOR_PHONE.replace(" ", "")
    email = directory.local_service.email
    assert page.get_by_role("link", name=email).get_attribute("href") == "mailto:" + email


def test_service_page_tells_a_family_how_to_get_in_and_when(tab, directory):
    page = tab.page
    tab.open(directory.local_service.url)
    text = page.locator("main").inner_text()

    assert "If a child is in immediate danger, call 999." in text
    # Families' words first, the professional terms beside them in small type.
    assert "You can contact them yourself" in text and "Families can refer themselves" in text
    assert "Open to any family (level 1 of 4: universal)" in text
    table = page.get_by_role("table")
    assert table.get_by_role("columnheader", name="Day").is_visible()
    assert table.get_by_role("row", name=re.compile("Monday")).inner_text().split("\t")[-1].strip() == (
        "9am to 5pm, 6pm to 8pm"
    )
    assert "Last checked on" in text
    assert "This listing may be out of date" not in text


def test_old_listing_is_flagged_as_out_of_date(tab, directory):
    page = tab.page
    tab.open(directory.county_service.url)

    assert page.get_by_text("This listing may be out of date").is_visible()

    tab.open(directory.tree.services.url + "district/preston/")
    card = page.locator(".rd-card", has=page.get_by_role("link", name="Young Carers Lancashire"))
    assert card.get_by_text("May be out of date").is_visible()


def test_shortlist_works_without_javascript(tab_without_js):
    page = tab_without_js.page
    tab_without_js.open("/search/?q=parenting")

    result = page.locator(".rd-card", has=page.get_by_role("link", name="Family Support Preston"))
    result.get_by_role("button", name="Add to shortlist (Family Support Preston)").click()
    page.wait_for_load_state()

    assert "/search/?q=parenting" in page.url, "adding should come back to the same results"
    assert result.get_by_text("On your shortlist").is_visible()
    page.get_by_role("link", name=re.compile(r"Your shortlist \(1 service\)")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your shortlist"
    assert page.get_by_role("link", name="Family Support Preston", exact=True).is_visible()

    page.get_by_role("button", name="Remove from shortlist (Family Support Preston)").click()
    page.wait_for_load_state()
    assert page.get_by_text("There are no services on your shortlist yet").is_visible()


def test_filters_narrow_the_results_without_javascript(tab_without_js):
    page = tab_without_js.page
    tab_without_js.open("/search/?q=parenting")
    assert page.get_by_role("heading", name=re.compile(r"^2 services")).is_visible()

    page.get_by_text("Filter results").click()
    page.get_by_label("Domestic abuse").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile("theme=domestic-abuse"))

    assert "q=parenting" in page.url, "the words searched for are kept when filtering"
    assert page.get_by_role("heading", name=re.compile(r"^1 service\b")).is_visible()
    assert page.get_by_label("Domestic abuse").is_checked()
