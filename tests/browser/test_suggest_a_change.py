"""Suggest a change, in a real browser: it works with and without JavaScript, the error summary
takes focus and links to the fields, and the form, its error state and the thank-you page pass
axe-core at 320px and 1280px without scrolling sideways."""

from django.core.cache import cache

import pytest

from directory.models import ListingFeedback

from .axe import describe_violations, run_axe

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def empty_rate_limit_cache():
    # The live server runs in this process, so it shares the local-memory cache with the tests.
    cache.clear()
    yield
    cache.clear()


def form_path(service) -> str:
    return service.url + "suggest-a-change/"


def send_a_suggestion(page, reason: str, details: str):
    page.get_by_label(reason).check()
    page.get_by_label("What needs to change?").fill(details)
    page.get_by_role("button", name="Send suggestion").click()
    page.wait_for_load_state()


def test_a_family_can_suggest_a_change_without_javascript(tab_without_js, directory):
    suggest_a_change_from_the_service_page(tab_without_js, directory)


def test_a_family_can_suggest_a_change_with_javascript(tab, directory):
    suggest_a_change_from_the_service_page(tab, directory)


def test_errors_are_summarised_focused_and_linked_without_javascript(tab_without_js, directory):
    check_errors_are_summarised_focused_and_linked(tab_without_js, directory)


def test_errors_are_summarised_focused_and_linked_with_javascript(tab, directory):
    check_errors_are_summarised_focused_and_linked(tab, directory)


# The fixtures are named in each test rather than chosen with request.getfixturevalue: the harness
# restores the database for tests that ask for the live server by name.


def suggest_a_change_from_the_service_page(browsing, directory):
    page = browsing.page
    service = directory.local_service

    browsing.open(service.url)
    page.get_by_role("link", name="Suggest a change to this listing").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Suggest a change to this listing"

    send_a_suggestion(page, "The opening times are wrong", "It opens at 9:30 on Mondays now.")

    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your suggestion"
    assert page.url.endswith(form_path(service) + "?sent=1")
    feedback = ListingFeedback.objects.get()
    assert (feedback.service_id, feedback.reason) == (service.pk, "times")
    assert feedback.details == "It opens at 9:30 on Mondays now."


def check_errors_are_summarised_focused_and_linked(browsing, directory):
    """...and nothing typed is lost."""
    page = browsing.page
    browsing.open(form_path(directory.local_service))

    page.get_by_label("Something else").check()
    page.get_by_label("What needs to change?").fill("   ")
    page.get_by_role("button", name="Send suggestion").click()
    page.wait_for_load_state()

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.title().startswith("Error: ")
    # Focused on arrival, so a screen reader reads it at once; its role="alert" announces it too.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert summary.get_by_role("alert").count() == 1
    link = summary.get_by_role("link", name="Tell us what needs to change")
    assert link.get_attribute("href") == "#details"
    assert page.locator("#details").get_attribute("aria-describedby") == "details-hint details-error"
    assert page.get_by_label("Something else").is_checked()

    # An unchosen reason with text: the text stays, and the summary links to the first radio.
    page.get_by_label("What needs to change?").fill("The building moved to Church Street.")
    page.evaluate("document.querySelectorAll('input[name=reason]').forEach(input => input.checked = false)")
    page.get_by_role("button", name="Send suggestion").click()
    page.wait_for_load_state()

    link = page.locator(".govuk-error-summary").get_by_role(
        "link", name="Select what is wrong with the listing"
    )
    assert link.get_attribute("href") == "#reason"
    assert page.locator("#reason").get_attribute("type") == "radio"
    assert page.get_by_label("What needs to change?").input_value() == "The building moved to Church Street."
    link.click()
    assert page.locator("#reason").is_visible()
    assert ListingFeedback.objects.count() == 0


def test_the_honeypot_is_invisible_and_unreachable(tab, directory):
    tab.open(form_path(directory.local_service))

    honeypot = tab.page.locator("#website")
    # Inside a 1-pixel, overflow-hidden, aria-hidden box (GOV.UK's visually-hidden).
    box = tab.page.locator("div:has(> #website)")
    assert box.get_attribute("aria-hidden") == "true"
    assert box.bounding_box()["width"] <= 1 and box.bounding_box()["height"] <= 1
    assert box.evaluate("element => getComputedStyle(element).overflow") == "hidden"
    assert honeypot.get_attribute("tabindex") == "-1"
    assert tab.page.get_by_role("textbox", name="Leave this blank").count() == 0
    # Tabbing through the form never lands on it.
    focused = []
    for _ in range(40):
        tab.page.keyboard.press("Tab")
        focused.append(tab.page.evaluate("document.activeElement.id"))
    assert "website" not in focused
    assert "details" in focused


def test_the_rate_limit_message_keeps_the_text(tab, directory):
    from directory.feedback import RATE_LIMIT

    for number in range(RATE_LIMIT):
        tab.open(form_path(directory.local_service))
        send_a_suggestion(tab.page, "The service has closed", f"Closed, says neighbour {number}.")

    tab.open(form_path(directory.local_service))
    send_a_suggestion(tab.page, "Something else", "One more thing.")

    summary = tab.page.locator(".govuk-error-summary")
    assert (
        "You've sent a lot of suggestions in the last hour. Please try again later." in summary.inner_text()
    )
    assert tab.page.get_by_label("What needs to change?").input_value() == "One more thing."
    assert tab.page.get_by_label("Something else").is_checked()
    assert ListingFeedback.objects.count() == RATE_LIMIT
    violations = run_axe(tab.page)
    assert violations == [], describe_violations(violations)


def test_form_errors_and_thanks_pass_axe_on_a_phone_and_a_desktop(tab, directory):
    problems = []

    def check(state: str, width: int):
        violations = run_axe(tab.page)
        if violations:
            problems.append(f"{state} at {width}px:\n" + describe_violations(violations))
        scroll_width = tab.page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems.append(f"{state} is {scroll_width}px wide at {width}px, so it scrolls sideways")

    for width in (320, 1280):
        tab.page.set_viewport_size({"width": width, "height": 800})
        tab.open(form_path(directory.local_service))
        check("the form", width)

        tab.page.get_by_role("button", name="Send suggestion").click()
        tab.page.wait_for_load_state()
        assert tab.page.locator(".govuk-error-summary").is_visible()
        check("the error state", width)

        send_a_suggestion(tab.page, "Something else", "The website address has changed. " * 70)
        assert "2,000 characters or fewer" in tab.page.locator(".govuk-error-summary").inner_text()
        check("the too-long error", width)

        send_a_suggestion(tab.page, "The address or the area it covers is wrong", "It moved.")
        assert tab.page.get_by_role("heading", level=1).inner_text() == "Thank you for your suggestion"
        check("the thank-you page", width)

    assert problems == [], "\n".join(problems)
