"""The demo guidance and pathways, loaded with the real demo directory: every path of every pathway
reaches an outcome that renders with real matching services, and the demo checks clean."""

from io import StringIO
from urllib.parse import urlencode

from django.core.management import call_command
from django.test import Client

import pytest

from demo.guidance import content as demo_content
from demo.guidance.loader import load_demo_guidance
from guidance.models import GuidancePage, PathwayPage
from guidance.pathways.graph import Graph
from guidance.pathways.paths import enumerate_paths
from guidance.pathways.validation import full_report
from guidance.views import step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_site, db):
    """The whole demo (directory, guidance, pathways), loaded once per session by `load_demo`
    (`demo_site` in tests/conftest.py); each test runs in a savepoint within it."""
    return demo_site


def all_paths():
    for spec in demo_content.PATHWAYS:
        graph = Graph.from_data(
            [(block["type"], block["value"]) for block in spec["questions"]],
            [block["value"] for block in spec["outcomes"]],
            safeguarding_relevant=spec["safeguarding_relevant"],
        )
        for number, path in enumerate(enumerate_paths(graph), start=1):
            yield pytest.param(spec["slug"], path, id=f"{spec['slug']}-{number}")


@pytest.mark.parametrize("slug, path", list(all_paths()))
def test_every_path_of_every_demo_pathway_renders_its_outcome_with_real_services(demo, slug, path):
    client = Client()
    # The outcome is the step after the route's last answer.
    page = PathwayPage.objects.get(slug=slug)
    address = step_url(page, len(path.steps) + 1, urlencode(path.params()))
    response = client.get(address)
    html = response.content.decode()
    assert response.status_code == 200, address
    assert path.outcome.heading.replace("'", "&#x27;") in html
    assert html.count('class="rd-card"') >= 1, f"{address} lists no services"
    assert "/search/?" in html and "Your answers" in html
    # With a place, the same outcome still finds services.
    near = client.get(address + "&near=PR1+2HE").content.decode()
    assert near.count('class="rd-card"') >= 1, f"{address}&near=PR1+2HE lists no services"


def test_the_demo_has_the_four_pathways_in_the_issue_for_the_right_audiences(demo):
    pathways = {page.slug: page for page in PathwayPage.objects.live()}
    assert ", 4 pathways and" in demo.output and len(pathways) >= 4, "the first load added four"
    families = {slug for slug, page in pathways.items() if page.audience == "families"}
    assert {"behaviour-or-feelings", "baby-or-young-child", "things-are-difficult-at-home"} <= families
    assert pathways["right-door-for-professionals"].audience == "professionals"
    home = pathways["things-are-difficult-at-home"]
    assert home.sensitive and home.safeguarding_relevant
    assert home.graph.start.asks_about_danger
    assert "domestic" in " ".join(
        a.label.lower() + " " + a.next for a in home.graph.question("what").answers
    ) or any(outcome.filter["themes"] == ["domestic-abuse"] for outcome in home.graph.outcomes)


def test_every_demo_pathway_checks_clean_with_services_for_every_outcome(demo):
    for page in PathwayPage.objects.live():
        report = full_report(page.graph)
        assert report.errors == [] and report.warnings == [], (page.slug, report)


def test_check_pathways_passes_on_the_demo_and_fails_on_a_broken_pathway(demo):
    output = StringIO()
    call_command("check_pathways", stdout=output)
    assert "4 pathways checked, 0 with errors." in output.getvalue()

    page = PathwayPage.objects.get(slug="baby-or-young-child")
    questions = page.questions.get_prep_value()
    questions[1]["value"]["answers"][0]["value"]["next"] = "nowhere"  # list items are stored wrapped
    PathwayPage.objects.filter(pk=page.pk).update(questions=questions)  # bypasses the editor's checks
    output, errors = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("check_pathways", stdout=output, stderr=errors)
    assert exited.value.code == 1
    assert "There is no question or outcome with the id 'nowhere'" in output.getvalue()
    assert "1 with errors" in errors.getvalue()


def test_the_demo_guidance_covers_the_issue_and_every_page_renders(demo):
    pages = {page.slug: page for page in GuidancePage.objects.live()}
    assert {"continuum-of-need", "early-help-assessment", "worried-about-a-child"} <= set(pages)
    assert pages["continuum-of-need"].audience == "professionals"
    family_topics = [
        p for p in pages.values() if p.audience == "families" and p.slug != "worried-about-a-child"
    ]
    assert len(family_topics) >= 6
    client = Client()
    for page in pages.values():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert 'class="rd-card"' in response.content.decode(), f"{page.url} lists no services"
    worried = client.get(pages["worried-about-a-child"].url).content.decode()
    assert "999" in worried and "MASH" in worried
    assert client.get("/guidance/").status_code == 200 and client.get("/pathways/").status_code == 200


def test_loading_the_demo_guidance_again_changes_nothing(demo):
    counts = (GuidancePage.objects.count(), PathwayPage.objects.count())
    report = load_demo_guidance()
    assert (report.contacts_created, report.guidance_created, report.pathways_created) == (0, 0, 0)
    assert (GuidancePage.objects.count(), PathwayPage.objects.count()) == counts
