"""Every kind of public page passes axe-core's WCAG 2.2 A and AA checks on a phone and a desktop,
and nothing makes a 320-pixel-wide phone scroll sideways."""

import pytest

from .conftest import describe_violations, run_axe

pytestmark = pytest.mark.browser

PAGES = {
    "home": lambda d: "/",
    "service": lambda d: d.local_service.url,
    "out-of-date service": lambda d: d.county_service.url,
    "always-open service": lambda d: d.national_service.url,
    "search results": lambda d: "/search/?q=parenting&near=PR1+2HE",
    "search with an unknown place": lambda d: "/search/?q=&near=Nowhereville",
    "services A to Z": lambda d: d.tree.services.url,
    "district": lambda d: d.tree.services.url + "district/preston/",
    "need theme": lambda d: d.tree.services.url + "theme/parenting/",
    "audience": lambda d: d.tree.services.url + "audience/families/",
    "organisations": lambda d: d.tree.organisations.url,
    "organisation": lambda d: d.organisation.url,
}


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations(tab, directory, name, width):
    tab.page.set_viewport_size({"width": width, "height": 800})
    tab.open(PAGES[name](directory))

    violations = run_axe(tab.page)

    assert violations == [], f"axe found problems on the {name} page at {width}px:\n" + describe_violations(
        violations
    )


@pytest.mark.parametrize("name", PAGES)
def test_page_does_not_scroll_sideways_on_a_small_phone(tab, directory, name):
    tab.page.set_viewport_size({"width": 320, "height": 640})
    tab.open(PAGES[name](directory))

    scroll_width = tab.page.evaluate("document.documentElement.scrollWidth")

    assert scroll_width <= 320, f"the {name} page is {scroll_width}px wide at 320px"


def test_missing_page_is_helpful_and_accessible(tab):
    response = tab.page.goto(tab.base + "/no-such-page/")

    assert response.status == 404
    assert tab.page.get_by_role("heading", level=1).inner_text() == "We couldn’t find that page"
    assert tab.page.get_by_label("What do you need help with?").is_visible()
    violations = run_axe(tab.page)
    assert violations == [], "axe found problems on the 404 page:\n" + describe_violations(violations)


def test_every_page_has_one_main_heading(tab, directory):
    for name, path in PAGES.items():
        tab.open(path(directory))
        assert tab.page.locator("h1").count() == 1, f"the {name} page should have exactly one h1"
