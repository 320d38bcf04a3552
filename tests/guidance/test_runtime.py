"""Walking a pathway over HTTP: answers live only in the address, bad addresses redirect to the
right step, nothing is stored, and sensitive pathways are not cached or referred.

Step addresses are built with `step_url` (a step's position along the route), as the pages build
them; `tests/guidance/test_step_addresses.py` holds what those addresses may and may not say."""

import logging
import re
from urllib.parse import parse_qsl, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from guidance.views import step_url
from tests.factories import ServicePageFactory

from .factories import GuidancePageFactory, PathwayPageFactory, SafeguardingContactFactory, simple_flow

pytestmark = pytest.mark.django_db


@pytest.fixture
def pathway(site_tree):
    ServicePageFactory(title="Parenting Preston", themes=["parenting"], age_min=0, age_max=18)
    return PathwayPageFactory(title="Worries", slug="worries")


def location(response) -> tuple[str, list[tuple[str, str]]]:
    parts = urlsplit(response["Location"])
    return parts.path, parse_qsl(parts.query)


def at(page, position: int) -> str:
    """The path of the step at `position` (1: the first question) along a route through `page`."""
    return step_url(page, position)


# Positions along the worries pathway (`simple_flow`): danger → age → worries → an outcome; the
# danger answer "yes" goes straight to the emergency, which is then step 2.
DANGER, AGE, WORRIES, OUTCOME = 1, 2, 3, 4
EMERGENCY = 2


def test_a_whole_pathway_by_form_submissions(client, pathway):
    response = client.get(at(pathway, DANGER), {"step": "danger", "danger": "no"})
    assert location(response) == (at(pathway, AGE), [("danger", "no")])
    response = client.get(at(pathway, AGE), {"danger": "no", "step": "age", "age": "4"})
    assert location(response) == (at(pathway, WORRIES), [("danger", "no"), ("age", "4")])
    response = client.get(
        at(pathway, WORRIES),
        {"danger": "no", "age": "4", "step": "worries", "worries": ["school", "sleep"]},
    )
    path, params = location(response)
    assert path == at(pathway, OUTCOME)
    outcome = client.get(response["Location"])
    html = outcome.content.decode()
    assert outcome.status_code == 200
    assert "Help with sleep" in html and "Likely level 1" in html
    assert "Parenting Preston" in html
    assert "/search/?theme=parenting&amp;age=4" in html
    assert "Your answers" in html and "Start again" in html
    # Each Change link goes back to its question with the earlier answers, and that answer to show.
    assert f'href="{at(pathway, AGE)}?danger=no&amp;previous=4"' in html
    assert f'href="{at(pathway, DANGER)}?previous=no"' in html


def test_change_and_back_show_the_earlier_answer_already_chosen(client, pathway):
    outcome = client.get(f"{at(pathway, OUTCOME)}?danger=no&age=4&worries=sleep&worries=school")
    assert outcome.status_code == 200
    html = outcome.content.decode()
    change_worries = f"{at(pathway, WORRIES)}?danger=no&age=4&previous=sleep&previous=school"
    assert f'href="{change_worries.replace("&", "&amp;")}"' in html
    question = client.get(change_worries)
    assert question.status_code == 200
    page = question.content.decode()
    assert checked(page, "worries", "school") and checked(page, "worries", "sleep")
    assert not checked(page, "worries", "none")
    assert 'name="previous"' not in page, "the form sends answers only"

    age = client.get(f"{at(pathway, AGE)}?danger=no&previous=4").content.decode()
    assert 'value="4"' in age
    danger = client.get(f"{at(pathway, DANGER)}?previous=no").content.decode()
    assert checked(danger, "danger", "no") and not checked(danger, "danger", "yes")
    # With no earlier answer, nothing is chosen for them.
    assert not checked(client.get(at(pathway, DANGER)).content.decode(), "danger", "no")


def test_read_more_lists_only_published_guidance_and_is_left_out_when_none_is(client, site_tree):
    live = GuidancePageFactory(title="Sleep and your child")
    withdrawn = GuidancePageFactory(title="Old sleep leaflet")
    questions, outcomes = simple_flow(SafeguardingContactFactory().pk)
    sleep_help = next(block for block in outcomes if block["value"]["id"] == "sleep-help")
    sleep_help["value"]["related_guidance"] = [live.pk, withdrawn.pk]
    school_help = next(block for block in outcomes if block["value"]["id"] == "school-help")
    school_help["value"]["related_guidance"] = [withdrawn.pk]
    pathway = PathwayPageFactory(title="Sleep", slug="sleep", questions=questions, outcomes=outcomes)
    withdrawn.unpublish()

    sleep = client.get(f"{at(pathway, OUTCOME)}?danger=no&age=4&worries=sleep").content.decode()
    assert "Read more" in sleep and "Sleep and your child" in sleep and "Old sleep leaflet" not in sleep
    school = client.get(f"{at(pathway, OUTCOME)}?danger=no&age=4&worries=school").content.decode()
    assert "Help with school" in school and "Read more" not in school


def test_an_earlier_answer_on_an_outcome_is_dropped(client, pathway):
    response = client.get(f"{at(pathway, EMERGENCY)}?danger=yes&previous=no")
    assert location(response) == (at(pathway, EMERGENCY), [("danger", "yes")])


def checked(html: str, name: str, value: str) -> bool:
    tags = [
        tag
        for tag in re.findall(r"<input[^>]*>", html)
        if f'name="{name}"' in tag and f'value="{value}"' in tag
    ]
    assert len(tags) == 1, f"no single {name}={value} input"
    return " checked" in tags[0]


def test_an_empty_or_bad_submission_shows_an_error_on_the_same_question(client, pathway):
    empty = client.get(at(pathway, DANGER), {"step": "danger"})
    assert empty.status_code == 200
    assert "There is a problem" in empty.content.decode() and "Select an answer" in empty.content.decode()
    age = client.get(at(pathway, AGE), {"danger": "no", "step": "age", "age": "seven"})
    assert age.status_code == 200 and "Enter an age in years" in age.content.decode()
    assert 'value="seven"' in age.content.decode()
    mixed = client.get(
        at(pathway, WORRIES),
        {"danger": "no", "age": "4", "step": "worries", "worries": ["none", "sleep"]},
    )
    assert mixed.status_code == 200 and "on its own" in mixed.content.decode()


@pytest.mark.parametrize(
    "position, query, expected",
    [
        # A later step without the answers that lead to it.
        (OUTCOME, "", (DANGER, [])),
        # An answer that does not exist.
        (AGE, "danger=perhaps", (DANGER, [])),
        # A position past the end of any route these answers take.
        (99, "danger=no", (AGE, [("danger", "no")])),
        # Stale: the answers now lead somewhere else (the emergency, not the worries question).
        (WORRIES, "danger=yes", (EMERGENCY, [("danger", "yes")])),
        # Answers after the outcome, junk and repeated values are dropped.
        (EMERGENCY, "danger=yes&age=5&utm_source=x&danger=yes", (EMERGENCY, [("danger", "yes")])),
        # Answers in another order are put back in order.
        (WORRIES, "age=5&danger=no", (WORRIES, [("danger", "no"), ("age", "5")])),
        # Control characters are stripped (as search does) and absurd values never reach anything.
        (DANGER, "danger=no%00", (AGE, [("danger", "no")])),
        (WORRIES, "danger=no&age=" + "9" * 5000, (AGE, [("danger", "no")])),
    ],
)
def test_tampered_and_stale_addresses_redirect_to_the_right_step(client, pathway, position, query, expected):
    response = client.get(f"{at(pathway, position)}?{query}")
    assert response.status_code == 302
    expected_position, expected_params = expected
    assert location(response) == (at(pathway, expected_position), expected_params)
    assert client.get(response["Location"]).status_code == 200  # and that step is canonical: no loop


def test_answers_are_never_stored_or_logged(client, pathway, caplog):
    caplog.set_level(logging.DEBUG)
    client.get("/pathways/worries/")  # the site's safeguarding settings row is created on first use
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{at(pathway, OUTCOME)}?danger=no&age=9&worries=school", follow=True)
    assert response.status_code == 200 and "Help with school" in response.content.decode()
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert "sessionid" not in response.cookies and not response.cookies
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "age=9" not in logged and "worries=school" not in logged
    # A bad answer is a redirect, never a 404 that Django would log with the address.
    assert client.get(f"{at(pathway, AGE)}?danger=zzz").status_code == 302


def test_a_sensitive_pathway_is_not_cached_or_referred_and_keeps_neutral_titles(client, site_tree):
    home = PathwayPageFactory(title="Home troubles", slug="home", sensitive=True)
    for address in (
        home.url,
        at(home, DANGER),
        f"{at(home, WORRIES)}?danger=yes",  # a redirect
        f"{at(home, EMERGENCY)}?danger=yes",
        "/pathways/home/emergency/?danger=yes",  # an address from before steps were numbered
        "/pathways/home/no-such-step/",  # not found
    ):
        response = client.get(address)
        assert "no-store" in response["Cache-Control"], address
        assert response["Referrer-Policy"] == "no-referrer", address
        if response.status_code == 200:
            assert "<title>Get help – Right Door</title>" in response.content.decode(), address
            assert "Home troubles</title>" not in response.content.decode()


def test_an_ordinary_pathway_may_be_cached(client, site_tree):
    # No danger question, no urgent outcome, no safeguarding contact: nothing in it is sensitive.
    questions, outcomes = simple_flow()
    tips = PathwayPageFactory(
        title="Sleep tips",
        slug="sleep-tips",
        safeguarding_relevant=False,
        questions=[block for block in questions if block["value"]["id"] != "danger"],
        outcomes=[block for block in outcomes if block["value"]["id"] != "emergency"],
    )
    response = client.get(at(tips, 1))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    # The pathway that asks about danger is not cached, though no editor ticked "sensitive".
    worries = PathwayPageFactory(title="Worries", slug="worries")
    assert "no-store" in client.get(at(worries, DANGER)).get("Cache-Control", "")


def test_the_place_sorts_services_nearest_first_and_a_bad_place_is_explained(client, site_tree):
    ServicePageFactory(
        title="Burnley group",
        themes=["parenting"],
        locations=[{"postcode": "BB11 1JG"}],
        served_districts=["burnley"],
    )
    ServicePageFactory(title="Preston group", themes=["parenting"], locations=[{"postcode": "PR1 8BU"}])
    near = PathwayPageFactory(slug="near")
    base = f"{at(near, OUTCOME)}?danger=no&age=4&worries=sleep"
    html = client.get(base + "&near=PR1+2HE").content.decode()
    assert "Preston group" in html and "miles away" in html
    assert "near=PR1+2HE" in html  # the full search link keeps the place
    bad = client.get(base + "&near=Atlantis")
    assert bad.status_code == 200 and "govuk-error-message" in bad.content.decode()


def test_every_step_shows_the_safeguarding_box_and_exit_this_page(client, pathway):
    for address in (
        pathway.url,
        at(pathway, DANGER),
        f"{at(pathway, EMERGENCY)}?danger=yes",
    ):
        html = client.get(address).content.decode()
        assert "If a child is in immediate danger" in html, address
        assert "Exit this page" in html, address


@pytest.mark.parametrize(
    "position, query",
    [
        (DANGER, "danger=%ff%fe"),
        (AGE, "danger=no&age=%F0%9F%98%80"),
        (WORRIES, "danger=no&age=4&worries=" + "&worries=".join(["sleep"] * 200)),
        (WORRIES, "danger=no&age=4&step=worries&worries=" + "x" * 10000),
        (OUTCOME, "danger=no&age=4&worries=sleep&near=%00%01"),
        (OUTCOME, "danger=no&age=4&worries=sleep&near=" + "PR1" * 1000),
        (DANGER, "step=" + "s" * 5000),
        (EMERGENCY, "danger=yes&danger=no"),
    ],
)
def test_bad_input_never_fails(client, pathway, position, query):
    response = client.get(f"{at(pathway, position)}?{query}", follow=True)
    assert response.status_code == 200, query


def test_a_bad_place_on_the_guidance_index_never_fails(client, pathway):
    assert client.get("/guidance/?near=%00").status_code == 200


def test_an_undecodable_step_is_an_ordinary_not_found(client, pathway):
    # Wagtail cannot route a path that is not UTF-8; that 404 carries no answers (no query string).
    assert client.get("/pathways/worries/%ff/").status_code == 404
