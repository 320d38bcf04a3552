"""SEARCH_BACKEND=elasticsearch on the live node: every page that lists services answers from it,
and the node going away mid-traffic shows no visitor an error page.

To prove the answers come from Elasticsearch, one service is taken out of the Elasticsearch index
only: the database index still holds it, so a page that lists it was not answered by Elasticsearch.
"""

import uuid

import pytest

from demo.guidance import blocks as build
from guidance.views import step_url
from search import snapshot
from search.backends import get_backend
from search.backends.elasticsearch import ElasticsearchBackend
from search.documents import build_record
from search.indexing import rebuild
from tests.guidance.factories import (
    GuidancePageFactory,
    PathwayPageFactory,
    SafeguardingContactFactory,
    simple_flow,
)
from tests.search.conftest import PRESTON_CENTRE
from tests.search.elasticsearch_node import ELASTICSEARCH_URL, Cable, es_skip_reason

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(not ELASTICSEARCH_URL, reason=es_skip_reason())]

HIDDEN = "Family Lifeline"  # in the database index, taken out of Elasticsearch's
# Listed on every one of those pages, before and after: a families' pathway outcome lists only
# services a family can contact itself, so the early-help-only parenting course is not on it.
STILL_LISTED = "Parenting drop-in"


def pages(client, guidance_url: str, pathway_url: str) -> dict[str, str]:
    """What each kind of page lists, as text: search (HTML and JSON), the ORUK API, a guidance
    block and a pathway outcome."""
    api = client.get("/api/services", {"text": "parenting", "per_page": 50})
    assert api.status_code == 200, api.content
    return {
        "search page": client.get("/search/", {"q": "parenting"}).content.decode(),
        "search json": client.get(
            "/search/", {"q": "parenting", "near": PRESTON_CENTRE, "format": "json"}
        ).content.decode(),
        "ORUK API": api.content.decode(),
        "guidance block": client.get(guidance_url).content.decode(),
        "pathway outcome": client.get(pathway_url).content.decode(),
    }


@pytest.fixture
def listing_pages(contract_services, db):
    guidance = GuidancePageFactory(
        title="Parenting", body=[build.services("Services for parents", ["parenting"])]
    )
    questions, outcomes = simple_flow(SafeguardingContactFactory().pk)
    pathway = PathwayPageFactory(title="Worries", slug="worries", questions=questions, outcomes=outcomes)
    return guidance.url, step_url(pathway, 4, "danger=no&age=4&worries=sleep")  # the sleep outcome


def test_search_the_api_guidance_and_pathways_all_answer_from_elasticsearch(client, es_site, listing_pages):
    primary = get_backend().primary
    before = pages(client, *listing_pages)
    for name, html in before.items():
        assert HIDDEN in html and STILL_LISTED in html, name

    primary.remove([es_site["helpline"].pk])
    snapshot.mark_changed()  # results pages are cached by index token: start afresh
    hidden = pages(client, *listing_pages)
    for name, html in hidden.items():
        assert HIDDEN not in html, f"{name} was not answered by Elasticsearch"
        assert STILL_LISTED in html, name

    primary.index([build_record(es_site["helpline"].specific)])
    snapshot.mark_changed()
    for name, html in pages(client, *listing_pages).items():
        assert HIDDEN in html, name


def test_the_node_going_away_mid_traffic_shows_no_error_page(
    client, settings, contract_services, listing_pages
):
    """Through a proxy to the live node that first hangs (a stuck cluster) and is then cut (the
    node stopped): every page still answers 200, from the database, within one timeout."""
    cable = Cable(ELASTICSEARCH_URL)
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = cable.url
    settings.ELASTICSEARCH_INDEX = f"rightdoor-test-{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    settings.ELASTICSEARCH_COOLOFF_SECONDS = 1
    get_backend.cache_clear()
    rebuild()
    direct = ElasticsearchBackend(ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX)
    assert direct.count() == len(contract_services)
    addresses = [
        "/search/?q=parenting",
        f"/search/?q=dv&near={PRESTON_CENTRE}&format=json",
        "/search/?q=counselling&near=PR1+2HE&radius=1&mode=online&level=1",
        "/api/services?text=parenting",
        listing_pages[0],
        listing_pages[1],
    ]
    statuses = []
    try:
        for round_ in range(12):
            if round_ == 4:
                cable.hang()
            if round_ == 8:
                cable.cut()
            for address in addresses:
                response = client.get(address)
                statuses.append(response.status_code)
                if address.startswith("/search/?q=parenting"):
                    assert "Parenting Together course" in response.content.decode()
    finally:
        cable.close()
        direct.delete_index()
        get_backend.cache_clear()
    assert statuses.count(200) == len(statuses) == 12 * len(addresses), "0 error pages"
