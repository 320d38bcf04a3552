"""Paging past the candidate bound on the live node: more than CANDIDATE_LIMIT (500) listings,
loaded with one bulk request, read page after page by the Open Referral API's listing (every
listing, name order) and by the site's search (one card per service)."""

import uuid

import pytest

from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.elasticsearch import queries as es_queries
from search.query import SearchQuery
from tests.search.elasticsearch_node import ELASTICSEARCH_URL, es_skip_reason
from tests.search.test_elasticsearch_backend import record

pytestmark = pytest.mark.skipif(not ELASTICSEARCH_URL, reason=es_skip_reason())

SERVICES = 330  # each listed in two districts: 660 listings, more than CANDIDATE_LIMIT


def listings() -> list:
    """Two district listings per service (same organisation and name: one card), ids chosen so
    that id order is not name order."""
    made = []
    for number in range(SERVICES):
        name = f"Service {(number * 7919) % SERVICES:03d}"
        for district in (0, 1):
            made.append(
                record(
                    service_id=10_000 + 2 * number + district,
                    name=name,
                    organisation="Paging Trust",
                    served_districts=(("preston", "chorley")[district],),
                )
            )
    return made


@pytest.fixture(scope="module")
def many():
    assert len(listings()) > es_queries.CANDIDATE_LIMIT
    backend = ElasticsearchBackend(ELASTICSEARCH_URL, f"rightdoor-test-{uuid.uuid4().hex[:8]}", replicas=0)
    backend.create_index()
    backend.index(listings())  # one bulk load (more than a publish-sized batch)
    backend.refresh()
    yield backend
    backend.delete_index()


def by_name(records) -> list[int]:
    return [r.service_id for r in sorted(records, key=lambda r: (r.name.casefold(), r.service_id))]


def test_the_api_listing_pages_through_every_listing_once_in_name_order(many):
    expected = by_name(listings())
    seen, page = [], 1
    while True:
        query = SearchQuery(sort="name", page=page, per_page=50, one_per_service=False)
        results = many.search(query, None)
        assert results.total == len(expected)
        if not results.hits:
            break
        seen += [hit.service_id for hit in results.hits]
        page += 1
    assert seen == expected
    assert page == 15  # 14 pages of 50 (the last one short), then an empty one


def test_the_api_reads_every_listing_in_one_request_window(many):
    # As openreferral.api asks: page 1 of the whole window.
    query = SearchQuery(sort="name", page=1, per_page=50_000, one_per_service=False)
    assert [hit.service_id for hit in many.search(query, None).hits] == by_name(listings())


def test_site_search_pages_through_every_service_once_past_the_candidate_bound(many):
    # One card per service: 330 cards from 660 listings. Deep pages need more listings than
    # page × per_page, since every card stands for two.
    cards, also_in = [], {}
    for page in range(1, 8):
        results = many.search(SearchQuery(sort="name", page=page, per_page=50), None)
        assert results.total == SERVICES
        cards += [hit.service_id for hit in results.hits]
        also_in |= {hit.service_id: hit.also_in for hit in results.hits}
    expected = [service_id for service_id in by_name(listings()) if service_id % 2 == 0]
    assert cards == expected
    assert all(also_in[card] == (card + 1,) for card in cards)


def test_a_filtered_search_past_the_bound_counts_services_and_facets_in_elasticsearch(many):
    query = SearchQuery(sort="name", per_page=50, kinds=("commissioned",), languages=("ur",))
    results = many.search(query, None)
    assert results.total == SERVICES  # services, not their 660 listings
    assert len(results.hits) == 50
    assert results.facets["kind"] == {"commissioned": SERVICES}
