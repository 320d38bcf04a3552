"""Every kind of public page passes axe-core's WCAG 2.2 A and AA checks on a phone (320px) and a
desktop (1280px), and nothing makes a 320-pixel-wide phone scroll sideways."""

import pytest

from .axe import describe_violations, run_axe

pytestmark = pytest.mark.browser

PAGES = {
    "home": lambda d: "/",
    "service": lambda d: d.local_service.url,
    "out-of-date service": lambda d: d.county_service.url,
    "always-open service": lambda d: d.national_service.url,
    "search results": lambda d: "/search/?q=parenting&near=PR1+2HE",
    "search with an unknown place": lambda d: "/search/?q=&near=Nowhereville",
    "search with filters": lambda d: "/search/?q=parenting&theme=parenting&age=5",
    "search with no results": lambda d: "/search/?q=zzzzqqq",
    "empty search": lambda d: "/search/",
    "shortlist": lambda d: "/shortlist/",
    "services A to Z": lambda d: d.tree.services.url,
    "district": lambda d: d.tree.services.url + "district/preston/",
    "need theme": lambda d: d.tree.services.url + "theme/parenting/",
    "audience": lambda d: d.tree.services.url + "audience/families/",
    "organisations": lambda d: d.tree.organisations.url,
    "organisation": lambda d: d.organisation.url,
}


@pytest.mark.parametrize("name", PAGES)
def test_page_passes_axe_on_a_phone_and_a_desktop_and_fits_a_small_phone(tab, directory, name):
    # One test per page, both widths inside it: building the directory is the slow part.
    problems = []
    for width in (320, 1280):
        tab.page.set_viewport_size({"width": width, "height": 800})
        tab.open(PAGES[name](directory))
        violations = run_axe(tab.page)
        if violations:
            problems.append(f"axe at {width}px:\n" + describe_violations(violations))
        if width == 320:
            scroll_width = tab.page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > 320:
                problems.append(f"the page is {scroll_width}px wide at 320px, so it scrolls sideways")

    assert problems == [], f"the {name} page:\n" + "\n".join(problems)


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
