"""Pathway step addresses are neutral (issue 13, item 11): the path says how far along someone is
(`/pathways/<pathway>/step-3/`), never which question or outcome (`…/get-help-now/`), because access
logs and browser history keep paths. Addresses from before redirect there; anything else is an
ordinary 404."""

import html
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.test import Client

import pytest

from guidance.models import PathwayPage
from guidance.pathways.engine import MAX_POSITION
from guidance.pathways.paths import enumerate_paths
from guidance.views import step_url

from .factories import PathwayPageFactory

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r'(?:href|action)="([^"]*)"')
QUESTION_FORM = re.compile(r'<form action="([^"]*)" method="get"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]*)" value="([^"]*)">')
NEUTRAL = re.compile(r"(step-[0-9]+/)?")


def addresses_on(page: PathwayPage, text: str) -> list[str]:
    """The links and form targets on a page that stay within this pathway."""
    found = [html.unescape(address) for address in ADDRESS.findall(text)]
    return [address for address in found if urlsplit(address).path.startswith(page.url)]


def walk(client: Client, page: PathwayPage, path) -> tuple[list[str], str]:
    """Follow one route as a person would: Start now, then each question's form with that route's
    answer. Returns every address within the pathway the pages sent them to or offered, and the
    last page's HTML."""
    seen: list[str] = []
    text = client.get(page.url).content.decode()
    seen += addresses_on(page, text)
    address = html.unescape(re.search(r'<a href="([^"]*)" role="button"', text).group(1))
    for step in path.steps:
        text = client.get(address).content.decode()
        seen += addresses_on(page, text)
        action, form = next(found for found in QUESTION_FORM.findall(text) if 'name="step"' in found[1])
        action = html.unescape(action)
        answers = [(name, html.unescape(value)) for name, value in HIDDEN.findall(form)]
        answers += [(step.question.id, value) for value in step.values]
        response = client.get(f"{action}?{urlencode(answers)}")
        assert response.status_code == 302, (action, answers)
        address = response["Location"]
        seen.append(address)
    response = client.get(address)
    assert response.status_code == 200, address
    text = response.content.decode()
    seen += addresses_on(page, text)
    return seen, text


def test_no_address_on_any_route_of_any_demo_pathway_names_a_step_or_an_answer(demo_site, db):
    """Every route through the four demo pathways, walked through their own pages: each address
    is the pathway's own or a numbered step, with nothing of the editors' ids or wording in it."""
    client = Client()
    routes = 0
    for page in PathwayPage.objects.live().order_by("path"):
        graph = page.graph
        words = {node.id for node in graph.nodes.values()} | {
            answer.id for question in graph.questions for answer in question.answers
        }
        for path in enumerate_paths(graph):
            addresses, last = walk(client, page, path)
            assert path.outcome.heading.replace("'", "&#x27;") in last, "the walk reached its outcome"
            for address in addresses:
                rest = urlsplit(address).path.removeprefix(page.url)
                assert NEUTRAL.fullmatch(rest), f"{address} says more than a position"
                assert not {word for word in words if word in rest}, address
            routes += 1
    assert routes == 43  # every route of the four demo pathways (12 + 14 + 9 + 8)


def test_the_issue_s_safeguarding_outcome_has_a_neutral_address(demo_site, db):
    client = Client()
    old = client.get("/pathways/things-are-difficult-at-home/get-help-now/?danger=yes")
    assert old.status_code == 302
    assert old["Location"] == "/pathways/things-are-difficult-at-home/step-2/?danger=yes"
    outcome = client.get(old["Location"])
    assert outcome.status_code == 200 and "no-store" in outcome["Cache-Control"]
    assert "get-help-now" not in outcome.content.decode().split("<main")[1].split("</main>")[0]


@pytest.fixture
def pathway(site_tree):
    return PathwayPageFactory(title="Worries", slug="worries")  # danger → age → worries → outcomes


@pytest.mark.parametrize(
    "old, position, heading",
    [
        ("danger/", 1, "Is anyone in danger now?"),
        ("age/?danger=no", 2, "How old is your child?"),
        ("worries/?danger=no&age=4", 3, "What worries you?"),
        ("sleep-help/?danger=no&age=4&worries=sleep", 4, "Help with sleep"),
        ("emergency/?danger=yes", 2, "Call 999 now"),
    ],
)
def test_an_address_from_before_redirects_to_the_same_step_at_its_neutral_address(
    client, pathway, old, position, heading
):
    response = client.get(f"{pathway.url}{old}")
    assert response.status_code == 302
    query = urlsplit(old).query
    assert response["Location"] == step_url(pathway, position, query)
    step = client.get(response["Location"])
    assert step.status_code == 200 and heading in step.content.decode()


def test_an_old_address_keeps_a_form_error_and_an_earlier_answer(client, pathway):
    # A question page loaded before the change, submitted after it with an unusable age.
    error = client.get(f"{pathway.url}age/?danger=no&step=age&age=seven", follow=True)
    assert error.redirect_chain == [(step_url(pathway, 2, "danger=no&step=age&age=seven"), 302)]
    assert "Enter an age in years" in error.content.decode() and 'value="seven"' in error.content.decode()
    # An old Change link: the question shows the earlier answer already chosen.
    change = client.get(f"{pathway.url}worries/?danger=no&age=4&previous=sleep", follow=True)
    assert change.status_code == 200
    sleep = next(
        tag for tag in re.findall(r"<input[^>]*>", change.content.decode()) if 'value="sleep"' in tag
    )
    assert " checked" in sleep


def test_an_old_address_whose_answers_lead_elsewhere_ends_at_the_right_step(client, pathway):
    response = client.get(f"{pathway.url}sleep-help/?danger=yes", follow=True)
    assert response.status_code == 200 and "Call 999 now" in response.content.decode()
    final_path, final_query = urlsplit(response.redirect_chain[-1][0])[2:4]
    assert (final_path, parse_qsl(final_query)) == (step_url(pathway, 2), [("danger", "yes")])


@pytest.mark.parametrize(
    "rest",
    [
        "no-such-step/",
        "no-such-step/?danger=no",
        "step-0/",
        f"step-{MAX_POSITION + 1}/?danger=no",
        "step-" + "9" * 5000 + "/",  # more digits than Python will turn into an int
        "step-x/",
        "step--1/",
        "Step-1/",
        "x" * 3000 + "/",
    ],
)
def test_a_step_that_does_not_exist_is_an_ordinary_not_found_page(client, pathway, rest):
    response = client.get(f"{pathway.url}{rest}")
    assert response.status_code == 404, rest
    assert "We couldn’t find that page" in response.content.decode()
    # The pathway asks about danger, so even its 404 is not kept or referred.
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("rest", ["step-1/more/", "danger/more/", "%ff/"])
def test_a_path_below_a_step_is_an_ordinary_not_found_page(client, pathway, rest):
    # No route of the pathway matches these, so Wagtail answers its own 404 (no answers in it).
    response = client.get(f"{pathway.url}{rest}")
    assert response.status_code == 404, rest
    assert "We couldn’t find that page" in response.content.decode()


def test_the_furthest_position_is_still_a_step(client, pathway):
    response = client.get(step_url(pathway, MAX_POSITION, "danger=no"))
    assert response.status_code == 302 and response["Location"] == step_url(pathway, 2, "danger=no")
