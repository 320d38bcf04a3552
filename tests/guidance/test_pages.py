"""Guidance and pathway pages: where they may be created, and that each kind renders."""

from django.core.exceptions import ValidationError

import pytest

from demo.guidance import blocks as build
from directory.models import ServiceIndexPage
from guidance.models import (
    GuidanceIndexPage,
    GuidancePage,
    GuidanceRelatedPage,
    PathwayIndexPage,
    PathwayPage,
)
from guidance.views import step_url
from home.models import HomePage
from tests.factories import ServicePageFactory

from .factories import GuidancePageFactory, PathwayPageFactory, SafeguardingContactFactory, simple_flow

pytestmark = pytest.mark.django_db


def allowed(child, parent) -> bool:
    return child in parent.allowed_subpage_models() and parent in child.allowed_parent_page_models()


def test_page_tree_rules():
    assert allowed(GuidanceIndexPage, HomePage) and allowed(PathwayIndexPage, HomePage)
    assert allowed(GuidancePage, GuidanceIndexPage) and allowed(PathwayPage, PathwayIndexPage)
    assert not allowed(GuidancePage, HomePage) and not allowed(PathwayPage, HomePage)
    assert not allowed(PathwayPage, GuidanceIndexPage) and not allowed(GuidancePage, ServiceIndexPage)
    assert GuidancePage.allowed_subpage_models() == [] and PathwayPage.allowed_subpage_models() == []
    assert GuidanceIndexPage.max_count == 1 and PathwayIndexPage.max_count == 1


def test_the_site_tree_has_guidance_and_pathways_sections_once(site_tree):
    from home.site_tree import ensure_site_tree

    again = ensure_site_tree()
    assert site_tree.guidance.url == "/guidance/" and site_tree.pathways.url == "/pathways/"
    assert again.guidance.pk == site_tree.guidance.pk and GuidanceIndexPage.objects.count() == 1
    assert PathwayIndexPage.objects.count() == 1


def test_index_pages_render_their_children_by_audience(client, site_tree):
    GuidancePageFactory(title="Help for parents", audience="families")
    GuidancePageFactory(title="For teachers", audience="professionals")
    PathwayPageFactory(title="Worried about sleep", audience="families")
    guidance = client.get("/guidance/")
    pathways = client.get("/pathways/")
    assert guidance.status_code == 200 and pathways.status_code == 200
    html = guidance.content.decode()
    assert html.index("For families") < html.index("Help for parents") < html.index("For professionals")
    assert "For teachers" in html
    assert "Worried about sleep" in pathways.content.decode()
    for response in (guidance, pathways):
        assert "If a child is in immediate danger" in response.content.decode()


def test_a_guidance_page_renders_every_block_with_live_matching_services(client, site_tree):
    ServicePageFactory(title="Sleep clinic", themes=["parenting"], age_min=0, age_max=10)
    ServicePageFactory(title="Teen group", themes=["parenting"], age_min=13, age_max=18)
    ServicePageFactory(title="Unrelated", themes=["send"])
    related = GuidancePageFactory(title="Related reading")
    page = GuidancePageFactory(
        title="Sleep",
        body=[
            build.text("Plain words."),
            build.callout("Worth knowing", "<p>Callout text.</p>"),
            build.warning("If a child is in danger now, call 999."),
            build.accordion("More", [("First section", "First body"), ("Second section", "Second body")]),
            build.services("Services for sleep", ["parenting"], age=5),
        ],
    )
    GuidanceRelatedPage.objects.create(source=page, page=related)
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Plain words.",
        "Callout text.",
        "call 999",
        "First section",
        "Second body",
        "Services for sleep",
    ):
        assert text in html
    assert "Sleep clinic" in html and "Teen group" not in html and "Unrelated" not in html
    assert "/search/?theme=parenting&amp;age=5" in html
    assert "Related reading" in html and "Last reviewed on" in html
    assert "<details" in html  # the accordion works without JavaScript


def test_the_matching_services_block_puts_the_nearest_first_and_survives_a_bad_place(client, site_tree):
    ServicePageFactory(
        title="Far away",
        themes=["parenting"],
        locations=[{"postcode": "BB11 1JG"}],
        served_districts=["burnley"],
    )
    ServicePageFactory(title="Close by", themes=["parenting"], locations=[{"postcode": "PR1 8BU"}])
    page = GuidancePageFactory(body=[build.services("Near you", ["parenting"])])
    html = client.get(page.url + "?near=PR1+2HE").content.decode()
    assert "Close by" in html and "miles away" in html
    assert "Far away" not in html or html.index("Close by") < html.index("Far away")
    bad = client.get(page.url + "?near=Nowhereville%00")
    assert bad.status_code == 200 and "govuk-error-message" in bad.content.decode()


def test_a_sensitive_guidance_page_is_not_cached_and_keeps_a_neutral_title(client, site_tree):
    page = GuidancePageFactory(title="Domestic abuse", sensitive=True)
    response = client.get(page.url)
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "no-referrer"
    assert "<title>Get help" in response.content.decode()
    ordinary = client.get(GuidancePageFactory().url)
    assert "no-store" not in ordinary.get("Cache-Control", "")


def test_a_pathway_start_page_renders_with_a_start_button(client, site_tree):
    pathway = PathwayPageFactory(title="Sleep worries")
    response = client.get(pathway.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{step_url(pathway, 1)}"' in html and "Start now" in html
    assert "Exit this page" in html and "If a child is in immediate danger" in html


def test_a_pathway_preview_says_it_shows_the_start_page_only(site_tree):
    pathway = PathwayPageFactory(title="Sleep worries")
    html = pathway.make_preview_request().content.decode()
    assert "This preview shows the start page only" in html and "Check and map" in html
    assert "Start now" not in html, "the button would leave the preview for the live pathway"


def test_an_empty_guidance_section_says_so(client, site_tree):
    html = client.get("/guidance/").content.decode()
    assert "There is no guidance here yet." in html
    assert "For families" not in html, "no empty headings"


def test_saving_a_broken_pathway_outside_the_admin_is_refused(site_tree):
    questions, outcomes = simple_flow(contact_pk=None)  # the emergency has no escalation contact
    with pytest.raises(ValidationError) as raised:
        PathwayPageFactory(questions=questions, outcomes=outcomes)
    assert "escalation contact" in str(raised.value)


def test_safeguarding_contacts_need_a_way_to_reach_them(site_tree):
    contact = SafeguardingContactFactory.build(phone="", email="", url="")
    with pytest.raises(ValidationError):
        contact.full_clean()
