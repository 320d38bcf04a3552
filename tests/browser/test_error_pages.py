"""Error pages still help, and still offer the way out, even when little else works."""

from django.template.loader import render_to_string

import pytest

from .axe import describe_violations, run_axe

pytestmark = pytest.mark.browser


def test_not_found_page_works_without_a_wagtail_site(tab):
    from wagtail.models import Site

    Site.objects.all().delete()
    response = tab.page.goto(tab.base + "/services/")

    assert response.status == 404
    assert tab.page.get_by_role("heading", level=1).inner_text() == "We couldn’t find that page"
    assert tab.page.get_by_role("link", name="Exit this page").is_visible()


def test_server_error_page_needs_no_database_and_passes_axe(tab, django_assert_num_queries):
    # Django renders 500.html with an empty context: no request, no context processors.
    with django_assert_num_queries(0):
        html = render_to_string("500.html")

    tab.open("/")  # so the page's /static/ addresses resolve against the live server
    tab.page.set_content(html)

    assert (
        tab.page.get_by_role("heading", level=1).inner_text() == "Sorry, there is a problem with the service"
    )
    assert tab.page.get_by_role("link", name="Exit this page").get_attribute("href")
    assert tab.page.evaluate("getComputedStyle(document.body).margin") == "0px", "main.css did not load"
    violations = run_axe(tab.page)
    assert violations == [], "axe found problems on the 500 page:\n" + describe_violations(violations)


@pytest.mark.parametrize("demo_mode", [True, False])
def test_demonstration_notice_shows_only_in_demo_mode(tab, settings, demo_mode):
    settings.DEMO_MODE = demo_mode
    tab.open("/")

    notice = tab.page.get_by_text("Demo: example services and numbers.")
    assert notice.is_visible() is demo_mode
