"""Guidance pages pass axe-core on a phone and a desktop, fit 320 pixels, and their sections open
without JavaScript."""

import pytest

from .axe import describe_violations, run_axe

pytestmark = pytest.mark.browser


@pytest.fixture
def guidance(directory):
    from demo.guidance import blocks as build
    from tests.guidance.factories import GuidancePageFactory

    related = GuidancePageFactory(title="Parenting courses", slug="parenting-courses")
    page = GuidancePageFactory(
        title="Worried about a child",
        slug="worried-about-a-child",
        body=[
            build.warning("If a child is in danger now, call 999."),
            build.text("If you think a child is being hurt, tell someone. You do not need to be sure."),
            build.accordion(
                "What to look out for", [("Signs a child may be hurt", "Marks or bruises nobody explains.")]
            ),
            build.callout(
                "You can talk to someone first", "<p>Children can call Childline on 0800 1111.</p>"
            ),
            build.services("Services that help", ["parenting"]),
        ],
    )
    from guidance.models import GuidanceRelatedPage

    GuidanceRelatedPage.objects.create(source=page, page=related)
    return page


@pytest.mark.parametrize(
    "address",
    [
        "/guidance/",
        "/guidance/worried-about-a-child/",
        "/guidance/worried-about-a-child/?near=PR1+2HE",
        "/guidance/worried-about-a-child/?near=Nowhereville",
    ],
)
def test_guidance_passes_axe_on_a_phone_and_a_desktop_and_fits_a_small_phone(tab, guidance, address):
    problems = []
    for width in (320, 1280):
        tab.page.set_viewport_size({"width": width, "height": 800})
        tab.open(address)
        violations = run_axe(tab.page)
        if violations:
            problems.append(f"axe at {width}px:\n" + describe_violations(violations))
        if width == 320 and (scroll := tab.page.evaluate("document.documentElement.scrollWidth")) > 320:
            problems.append(f"{address} is {scroll}px wide at 320px")
        assert tab.page.locator("h1").count() == 1
    assert problems == [], "\n".join(problems)


def test_guidance_sections_open_without_javascript(tab_without_js, guidance):
    page = tab_without_js.page
    tab_without_js.open(guidance.url)
    assert not page.get_by_text("Marks or bruises nobody explains.").is_visible()
    page.get_by_text("Signs a child may be hurt").click()
    assert page.get_by_text("Marks or bruises nobody explains.").is_visible()
    assert page.locator(".rd-card", has=page.get_by_role("link", name="Family Support Preston")).is_visible()
    assert page.get_by_role("link", name="Parenting courses").is_visible()
