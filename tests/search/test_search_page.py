"""The search page as families and professionals use it: HTML, JSON, bad input, resilience."""

import io
import json
import logging
import re

from django.core.management import call_command

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from search.backends import get_backend
from search.models import SearchDocument
from tests.search.conftest import PRESTON_CENTRE

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(contract_services, db, settings):
    settings.SEARCH_BACKEND = "database"
    get_backend.cache_clear()
    yield contract_services
    get_backend.cache_clear()


def get_json(client, **params):
    response = client.get("/search/", {**params, "format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_json_rendition_has_every_documented_field(client, directory):
    data = get_json(client, q="dv", near=PRESTON_CENTRE, radius=5)
    assert {"total", "page", "per_page", "facets", "suggestions", "results"} <= data.keys()
    assert data["total"] >= 1 and data["page"] == 1 and data["per_page"] == 20
    assert data["facets"]["theme"]["domestic-abuse"] >= 1
    first = data["results"][0]
    assert first["slug"] == "safe-together-outreach"
    assert set(first) >= {
        "slug",
        "name",
        "url",
        "organisation",
        "summary",
        "distance_miles",
        "nearest_location",
        "served_area",
        "themes",
        "kind",
        "levels",
        "access_routes",
        "age_min",
        "age_max",
        "cost",
        "last_checked",
        "review_overdue",
    }
    assert first["url"].endswith("/services/safe-together-outreach/")
    assert 0 < first["distance_miles"] < 1
    assert first["nearest_location"]["postcode"] == "PR1 8BU"
    assert first["themes"] == ["domestic-abuse"]
    assert first["levels"] == [2, 3]
    assert first["access_routes"] == ["professional_referral", "self_referral"]


def test_json_without_a_place_has_no_distances(client, directory):
    data = get_json(client, theme="parenting")
    assert data["results"] and all(result["distance_miles"] is None for result in data["results"])
    assert all(result["nearest_location"] is None for result in data["results"])


def test_json_pages_follow_the_html_order(client, directory):
    everything = get_json(client, sort="name", per_page=50)["results"]
    first_page = get_json(client, sort="name", per_page=10)
    assert [r["slug"] for r in first_page["results"]] == [r["slug"] for r in everything[:10]]


def test_stale_listings_say_so(client, directory):
    data = get_json(client, q="parenting drop-in")
    stale = next(result for result in data["results"] if result["slug"] == "parenting-drop-in")
    assert stale["review_overdue"] is True
    html = client.get("/search/", {"q": "parenting drop-in"}).content.decode()
    assert "may be out of date" in html


def test_an_unknown_postcode_says_so_and_keeps_the_other_choices(client, directory):
    html = client.get("/search/", {"q": "counselling", "near": "ZZ99 9ZZ", "age": "14"}).content.decode()
    assert "We couldn&#x27;t find that postcode" in html or "We couldn't find that postcode" in html
    assert 'value="ZZ99 9ZZ"' in html, "the place the person typed is kept in the form"
    assert 'value="counselling"' in html


def test_an_unknown_full_postcode_searches_its_district_and_says_so(client, directory):
    html = client.get("/search/", {"q": "counselling", "near": "PR1 9ZZ"}).content.decode()
    assert "We couldn&#x27;t find PR1 9ZZ, so we searched near PR1." in html
    assert "govuk-error-summary" not in html
    assert re.search(r"near PR1, within \d+ miles", html)


def test_near_me_without_javascript_asks_for_a_postcode(client, directory):
    html = client.get("/search/", {"q": "counselling", "near": "near me"}).content.decode()
    assert "govuk-error-summary" in html
    assert "To search near you, enter your postcode or town" in html


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"near": PRESTON_CENTRE, "radius": "7"}, "We searched within 5 miles"),
        ({"near": PRESTON_CENTRE, "radius": "lots"}, "We didn't understand the distance"),
        ({"age": "40"}, "We ignored the age"),
        ({"age": "baby"}, "We ignored the age because it wasn't a number"),
        ({"theme": "unicorns"}, "We ignored a need we don"),
        ({"page": "x"}, "We showed the first page"),
        ({"q": "help " * 2000}, "Your search was long"),
    ],
)
def test_junk_values_are_ignored_or_clamped_with_a_note(client, directory, params, note):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert note in response.content.decode().replace("&#x27;", "'")


def test_a_page_past_the_end_shows_the_last_page(client, directory):
    data = get_json(client, per_page=10, page=99)
    assert data["page"] == 1 and data["results"]


PARAMETERS = [
    "q",
    "near",
    "radius",
    "theme",
    "age",
    "kind",
    "level",
    "access",
    "free",
    "mode",
    "when",
    "language",
    "sort",
    "page",
    "per_page",
    "format",
]


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=st.lists(st.tuples(st.sampled_from(PARAMETERS), st.text(max_size=60)), max_size=8))
def test_no_combination_of_parameters_gives_a_server_error(client, directory, params):
    response = client.get("/search/", params)
    assert response.status_code == 200


def test_elasticsearch_down_means_the_database_answers_and_the_failure_is_logged(
    client, directory, settings, caplog
):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    get_backend.cache_clear()
    with caplog.at_level(logging.ERROR, logger="search.backends"):
        data = get_json(client, q="dv", near=PRESTON_CENTRE)
    assert data["results"][0]["slug"] == "safe-together-outreach"
    assert any("unavailable" in record.getMessage() for record in caplog.records)


def test_the_index_follows_delete(directory):
    page = directory["send"]
    assert SearchDocument.objects.filter(service_id=page.pk).exists()
    page.delete()
    assert not SearchDocument.objects.filter(service_id=page.pk).exists()


def test_rebuild_search_index_shows_progress(capsys, directory):
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index")
    output = capsys.readouterr().out
    assert f"{len(directory)}/{len(directory)} services" in output
    assert "100% |" in output and "#" in output
    assert SearchDocument.objects.count() == len(directory)


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_the_progress_bar_redraws_one_line(directory):
    """Redrawn in place with carriage returns: not one new line per step (Django's command
    output ends every write with a newline unless told otherwise)."""
    terminal = Terminal()
    call_command("rebuild_search_index", stdout=terminal)
    lines = terminal.getvalue().split("\n")
    assert lines[0].startswith("Rebuilding the database search index")
    bar = lines[1]
    assert bar.startswith("\r") and bar.count("\r") >= 2, bar
    assert f"{len(directory)}/{len(directory)} services" in bar
    assert lines[2] == f"Indexed {len(directory)} live services."
