"""The results page says what it shows, restates the chosen filters as tags that each remove one,
and keeps the distance with the other filters."""

import re
from html import unescape

import pytest

from .conftest import PRESTON_CENTRE

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(contract_services, db, settings):
    settings.SEARCH_BACKEND = "database"
    return contract_services


def heading(html: str) -> str:
    match = re.search(r'<h2 class="govuk-heading-m" id="results"[^>]*>(.*?)</h2>', html, re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


def test_the_heading_says_what_is_shown_where_and_how_far(client, directory):
    html = client.get("/search/", {"q": "abuse", "near": PRESTON_CENTRE, "radius": "5"}).content.decode()
    assert re.fullmatch(r"\d+ services? for “abuse” near PR1 2HE, within 5 miles", heading(html))


def test_chosen_filters_are_tags_that_each_remove_one(client, directory):
    params = {"near": PRESTON_CENTRE, "theme": ["domestic-abuse", "parenting"], "free": "1"}
    html = client.get("/search/", params).content.decode()
    tags = re.findall(r'<a class="rd-filter-tag" href="([^"]+)">(.*?)</a>', html, re.S)
    labels = [" ".join(unescape(re.sub(r"<[^>]+>", "", text)).split()) for _, text in tags]
    assert any("Domestic abuse" in label for label in labels), labels
    assert len(tags) == 3
    remove_da = unescape(next(href for href, text in tags if "Domestic abuse" in text))
    assert "theme=parenting" in remove_da and "domestic-abuse" not in remove_da
    assert "free=1" in remove_da and "near=PR1+2HE" in remove_da
    after = client.get(remove_da).content.decode()
    assert len(re.findall(r'class="rd-filter-tag"', after)) == 2


def test_no_tags_without_filters_and_the_distance_sits_with_the_filters(client, directory):
    html = client.get("/search/", {"q": "abuse", "near": PRESTON_CENTRE}).content.decode()
    assert "rd-filter-tag" not in html
    filters = html.split('class="govuk-details rd-filters"', 1)[1]
    assert 'id="radius" name="radius" form="search-form"' in filters
    assert html.count('id="radius"') == 1
