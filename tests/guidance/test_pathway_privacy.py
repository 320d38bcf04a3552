"""Pathway sensitivity comes from the content, not only from a flag (issue 13, item 11)."""

import pytest

from guidance.models import PathwayPage
from tests.guidance.factories import PathwayPageFactory, SafeguardingContactFactory, build, simple_flow

pytestmark = pytest.mark.django_db


def sensitive_headers(response) -> bool:
    return (
        "no-store" in response.get("Cache-Control", "") and response.get("Referrer-Policy") == "no-referrer"
    )


def test_a_pathway_that_asks_about_danger_is_sensitive_without_the_flag(client, site_tree):
    questions, outcomes = simple_flow(SafeguardingContactFactory().pk)
    page = PathwayPageFactory(
        title="Behaviour or feelings",
        sensitive=False,
        safeguarding_relevant=True,
        questions=questions,
        outcomes=outcomes,
    )
    page = PathwayPage.objects.get(pk=page.pk)
    assert page.is_sensitive
    response = client.get(page.url)
    assert sensitive_headers(response)
    assert "Behaviour or feelings" not in response.content.decode().split("</title>")[0]


def plain_flow():
    questions = [
        build.single(
            "sleep",
            "Is sleep the main worry?",
            [build.answer("yes", "Yes", "sleep-help"), build.answer("no", "No", "other-help")],
        )
    ]
    outcomes = [
        build.outcome(
            "sleep-help", "Help with sleep", build.rich("Sleep advice."), level=1, themes=["parenting"]
        ),
        build.outcome("other-help", "Other help", build.rich("Other advice."), level=1, themes=["parenting"]),
    ]
    return questions, outcomes


def test_a_plain_pathway_is_not_sensitive(client, site_tree):
    questions, outcomes = plain_flow()
    page = PathwayPageFactory(
        sensitive=False, safeguarding_relevant=False, questions=questions, outcomes=outcomes
    )
    page = PathwayPage.objects.get(pk=page.pk)
    assert not page.is_sensitive
    assert not sensitive_headers(client.get(page.url))


def test_the_demo_pathways_that_ask_about_danger_are_all_sensitive(client, demo_site, db):
    for slug in ("behaviour-or-feelings", "right-door-for-professionals", "things-are-difficult-at-home"):
        page = PathwayPage.objects.get(slug=slug)
        assert page.is_sensitive, slug
        assert sensitive_headers(client.get(page.url)), slug
