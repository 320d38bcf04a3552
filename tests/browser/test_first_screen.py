"""What a parent on a 360×740 phone and a GP at 1280×900 see first: the search box, the first
result, the safeguarding line with tap-to-call numbers, and a menu that folds away on phones."""

import re

import pytest

from .axe import describe_violations, run_axe

pytestmark = pytest.mark.browser

RESULTS = "/search/?q=parenting&near=PR1+2HE"


def top_and_bottom(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not on the page"
    return box["y"], box["y"] + box["height"]


def test_on_a_phone_the_home_search_box_is_in_the_first_screen(tab):
    tab.page.set_viewport_size({"width": 360, "height": 740})
    tab.open("/")
    _, bottom = top_and_bottom(tab.page, "#q")
    assert bottom <= 740, f"the search box ends at {bottom}px, below the first screen"


def test_on_a_phone_the_first_result_starts_within_a_screen_and_a_quarter(tab, directory):
    tab.page.set_viewport_size({"width": 360, "height": 740})
    tab.open(RESULTS)
    top, _ = top_and_bottom(tab.page, ".rd-card__title")
    assert top <= 1.25 * 740, f"the first result's title starts at {top}px"


def test_on_a_desktop_the_first_result_is_above_the_fold(tab, directory):
    tab.page.set_viewport_size({"width": 1280, "height": 900})
    tab.open(RESULTS)
    _, bottom = top_and_bottom(tab.page, ".rd-card__title")
    assert bottom <= 900, f"the first result's title ends at {bottom}px, below the fold"
    # The service name and every menu link on one line.
    _, header_bottom = top_and_bottom(tab.page, ".rd-header .govuk-service-navigation")
    assert header_bottom <= 80


@pytest.mark.parametrize("width", [320, 1280])
def test_every_page_starts_with_tap_to_call_safeguarding(tab, directory, width):
    tab.page.set_viewport_size({"width": width, "height": 800})
    paths = [
        "/",
        RESULTS,
        "/search/?q=zzzzqqq",
        directory.tree.services.url,
        directory.tree.services.url + "theme/parenting/",
        directory.organisation.url,
        directory.local_service.url,
        "/shortlist/",
        directory.tree.guidance.url,
        directory.tree.pathways.url,
    ]
    for path in paths:
        tab.open(path)
        line = tab.page.get_by_role("complementary", name="If a child is in danger")
        assert line.is_visible(), f"no safeguarding line on {path}"
        assert line.get_by_role("link", name="999").get_attribute("href") == "tel:999"
        assert line.locator('a[href^="tel:0"]').count() == 1, f"no front door number on {path}"
        top, _ = top_and_bottom(tab.page, ".rd-safety-line")
        assert top < 200, f"the safeguarding line on {path} starts at {top}px"


def test_the_phone_menu_opens_and_closes_with_javascript(tab):
    page = tab.page
    page.set_viewport_size({"width": 320, "height": 640})
    tab.open("/")
    nav = page.get_by_role("navigation", name="Main menu")
    menu = page.get_by_role("button", name="Menu")
    assert not nav.get_by_role("link", name="Organisations").is_visible()
    assert menu.get_attribute("aria-expanded") == "false"

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert nav.get_by_role("link", name="Organisations").is_visible()
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)

    menu.click()
    assert not nav.get_by_role("link", name="Organisations").is_visible()

    page.set_viewport_size({"width": 1280, "height": 800})
    assert not menu.is_visible() and nav.get_by_role("link", name="Organisations").is_visible()


def test_the_phone_menu_works_without_javascript(tab_without_js):
    page = tab_without_js.page
    tab_without_js.open("/")
    nav = page.get_by_role("navigation", name="Main menu")
    assert not nav.get_by_role("link", name="Organisations").is_visible()
    page.get_by_role("link", name="Menu").click()
    nav.get_by_role("link", name="Organisations").click()
    page.wait_for_url(re.compile("/organisations/$"))
