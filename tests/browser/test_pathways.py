"""A parent walks a whole guided pathway on a small phone: one question a page, answers only in the
address, Back, Change and Start again working, and no axe-core violations on any step."""

import re

import pytest

from .axe import describe_violations, run_axe

pytestmark = pytest.mark.browser


@pytest.fixture
def pathway(directory):
    from tests.guidance.factories import PathwayPageFactory, SafeguardingContactFactory, simple_flow

    contact = SafeguardingContactFactory(name="Police or ambulance: 999", phone="999")
    questions, outcomes = simple_flow(contact.pk, themes=("parenting",))
    return PathwayPageFactory(
        title="I'm worried about my child's sleep", slug="sleep", questions=questions, outcomes=outcomes
    )


def at(pathway, position: int, query: str = "") -> re.Pattern:
    """The address of the step at `position` (1: the first question), as the pages build it, with
    `query` as a regular expression ("" for none, "?" for any)."""
    from guidance.views import step_url

    return re.compile(re.escape(step_url(pathway, position)) + (r"\?" if query else "") + query + "$")


def check(tab, problems: list[str], step: str) -> None:
    violations = run_axe(tab.page)
    if violations:
        problems.append(f"axe on {step}:\n" + describe_violations(violations))
    width = tab.page.evaluate("document.documentElement.scrollWidth")
    if width > 320:
        problems.append(f"{step} is {width}px wide at 320px")


def test_a_whole_pathway_on_a_small_phone_with_no_accessibility_violations(tab, pathway):
    page = tab.page
    page.set_viewport_size({"width": 320, "height": 800})
    problems: list[str] = []

    tab.open(pathway.url)
    check(tab, problems, "the start page")
    assert page.get_by_role("heading", level=1).inner_text() == "I'm worried about my child's sleep"
    page.get_by_role("button", name="Start now").click()

    page.wait_for_url(at(pathway, 1))
    check(tab, problems, "the danger question")
    assert page.get_by_role("link", name="Exit this page").first.is_visible()
    page.get_by_role("button", name="Continue").click()  # nothing chosen
    assert "There is a problem" in page.get_by_role("alert").inner_text()
    assert page.title().startswith("Error: ")
    check(tab, problems, "the danger question with an error")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(at(pathway, 2, "danger=no"))
    check(tab, problems, "the age question")
    page.get_by_label("How old is your child?").fill("4")
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(at(pathway, 3, "danger=no&age=4"))
    check(tab, problems, "the multiple-choice question")
    page.get_by_label("School").check()
    page.get_by_label("Sleep").check()
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(at(pathway, 4, ".*"))
    assert "worries=sleep&worries=school" in page.url
    check(tab, problems, "the outcome")
    assert page.get_by_role("heading", level=1).inner_text() == "Help with sleep"
    assert page.locator(".rd-card", has=page.get_by_role("link", name="Family Support Preston")).is_visible()
    full_search = page.get_by_role("link", name=re.compile("full search|matching services"))
    assert "theme=parenting" in full_search.get_attribute("href") and "age=4" in full_search.get_attribute(
        "href"
    )

    # Change the age: back to that question with the earlier answers and the age already filled in,
    # then on again.
    page.get_by_role("link", name=re.compile("Change.*How old is your child")).click()
    page.wait_for_url(at(pathway, 2, "danger=no&previous=4"))
    assert page.get_by_label("How old is your child?").input_value() == "4"
    page.get_by_label("How old is your child?").fill("9")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(at(pathway, 3, "danger=no&age=9"))
    page.get_by_label("None of these").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(at(pathway, 4, ".*"))
    assert page.get_by_role("heading", level=1).inner_text() == "Other help"

    # The browser's Back button and a refresh work, because every step is a plain GET.
    page.go_back()
    page.wait_for_url(at(pathway, 3, "danger=no&age=9"))
    page.reload()
    assert page.get_by_role("heading", level=1).inner_text() == "What worries you?"

    page.get_by_role("link", name="Start again").click()
    page.wait_for_url(re.compile(r"/pathways/sleep/$"))
    assert problems == [], "\n".join(problems)


def test_a_place_shows_how_far_away_the_outcome_services_are(tab, pathway):
    page = tab.page
    page.set_viewport_size({"width": 320, "height": 800})
    from guidance.views import step_url

    tab.open(step_url(pathway, 4, "danger=no&age=4&worries=sleep"))
    page.get_by_label("Town or postcode (optional)").fill("PR1 2HE")
    page.get_by_role("button", name="Show services near here").click()
    page.wait_for_url(re.compile(r"near=PR1\+2HE"))
    # Best fit first (a national helpline may lead); services with a venue say how far it is.
    assert any("miles away" in card for card in page.locator(".rd-card").all_inner_texts())
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


def test_the_danger_answer_goes_straight_to_an_emergency_without_javascript(tab_without_js, pathway):
    page = tab_without_js.page
    tab_without_js.open(pathway.url)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url(at(pathway, 1))
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(at(pathway, 2, "danger=yes"))
    assert "emergency" not in page.url and "danger/" not in page.url
    assert "This is an emergency" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="999").first.get_attribute("href") == "tel:999"
    assert page.get_by_role("heading", name=re.compile("Who to contact")).is_visible()


def test_the_pathways_index_passes_axe_and_fits_a_small_phone(tab, pathway):
    tab.page.set_viewport_size({"width": 320, "height": 800})
    tab.open("/pathways/")
    problems: list[str] = []
    check(tab, problems, "the pathways index")
    assert problems == [], "\n".join(problems)
    assert tab.page.get_by_role("link", name="I'm worried about my child's sleep").is_visible()
