"""Search pages shared from the cache, only when nothing in them belongs to one visitor."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from search import page_cache
from search.indexing import index_services
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db

SEARCH = "/search/?q=baby&near=PR1"


@pytest.fixture
def services(site_tree):
    return [
        ServicePageFactory(title="Baby group", locations=[{"postcode": "PR1 2HE"}]),
        ServicePageFactory(title="Baby massage", locations=[{"postcode": "PR1 8BU"}]),
    ]


def queries_for(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    return html, len(captured)


def test_a_repeated_search_is_served_from_the_cache_with_the_same_page(client, services):
    first, first_queries = queries_for(client, SEARCH)
    again, again_queries = queries_for(Client(), SEARCH)
    assert "Baby group" in first and again == first
    assert again_queries == 0 < first_queries, "a cached page needs no database at all"


def test_a_page_built_by_another_worker_is_served_from_the_shared_cache(client, services, monkeypatch):
    first = client.get(SEARCH).content
    page_cache.local_pages.forget()  # this worker's own copy is gone; the shared cache still has it
    monkeypatch.setattr("search.views._search", lambda request: pytest.fail("the search ran again"))
    assert Client().get(SEARCH).content == first


def test_a_publish_is_seen_at_once(client, services):
    queries_for(client, SEARCH)
    newcomer = ServicePageFactory(title="Baby sensory", locations=[{"postcode": "PR1 2HE"}])
    index_services([newcomer.pk])
    html, _ = queries_for(Client(), SEARCH)
    assert "Baby sensory" in html


def test_a_publish_in_another_worker_is_seen_within_the_token_lifetime(
    client, services, monkeypatch, settings
):
    now = [1000.0]
    monkeypatch.setattr(page_cache, "clock", lambda: now[0])
    queries_for(client, SEARCH)
    # Another worker publishes and marks the index changed: nothing tells this one.
    monkeypatch.setattr("search.snapshot._change_listeners", [])
    newcomer = ServicePageFactory(title="Baby sensory", locations=[{"postcode": "PR1 2HE"}])
    index_services([newcomer.pk])
    html, queries = queries_for(Client(), SEARCH)
    assert "Baby sensory" not in html and queries == 0, "this worker still trusts its token"
    now[0] += settings.SEARCH_PAGE_TOKEN_SECONDS
    html, _ = queries_for(Client(), SEARCH)
    assert "Baby sensory" in html


def test_a_token_read_overtaken_by_a_change_is_not_trusted(monkeypatch):
    pages = page_cache.LocalPages(max_bytes=1000)
    reads = []

    def read_while_a_publish_lands():
        reads.append(1)
        if len(reads) == 1:
            pages.forget()  # this worker marks the index changed while the old token is read
            return "old"
        return "new"

    monkeypatch.setattr(page_cache.snapshot, "current_version", read_while_a_publish_lands)
    assert pages.token() == "old"
    assert pages.token() == "new", "the overtaken read was not kept for the next second"
    assert pages.token() == "new" and len(reads) == 2


def test_each_workers_copy_is_bounded_and_keeps_the_most_recently_used():
    pages = page_cache.LocalPages(max_bytes=250)
    for name in ("a", "b", "c"):
        pages.put(name, (name.encode() * 100, "text/html"))
    assert pages.get("a") is None, "the oldest page made room"
    assert pages.get("b") and pages.get("c")
    pages.get("b")
    pages.put("d", (b"d" * 100, "text/html"))
    assert pages.get("c") is None and pages.get("b") and pages.get("d")
    assert pages.size_in_bytes <= 250
    pages.put("huge", (b"x" * 1000, "text/html"))
    assert pages.get("huge") is None and pages.get("d"), "a page bigger than the whole copy is not kept"


def test_a_visitor_with_a_shortlist_gets_their_own_page_not_the_shared_one(client, services):
    queries_for(Client(), SEARCH)  # someone else's search fills the cache
    client.post("/shortlist/add/", {"slug": "baby-group", "next": SEARCH})
    html, queries = queries_for(client, SEARCH)
    assert "Remove from shortlist" in html and queries > 1


def test_searching_from_my_location_is_never_cached(client, services):
    url = "/search/?q=baby&near=53.7590,-2.6990"
    queries_for(client, url)
    _, queries = queries_for(Client(), url)
    assert queries > 1
    assert not page_cache.cacheable(Client().get(url).wsgi_request)


def test_a_signed_in_editor_is_never_given_a_shared_page(admin_client, services):
    queries_for(Client(), SEARCH)
    _, queries = queries_for(admin_client, SEARCH)
    assert queries > 1


def test_results_pages_hold_no_csrf_token_to_share(client, services):
    html = client.get(SEARCH).content.decode()
    assert "Add to shortlist" in html
    assert "csrfmiddlewaretoken" not in html
    assert not client.get(SEARCH).cookies


def test_a_broken_cache_does_not_break_search(client, services, monkeypatch):
    class BrokenCache:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get

    monkeypatch.setattr(page_cache, "cache", BrokenCache())
    for _ in range(2):
        response = client.get(SEARCH)
        assert response.status_code == 200 and "Baby group" in response.content.decode()


def test_the_shortlist_accepts_its_own_forms_without_a_token(services):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        "/shortlist/add/",
        {"slug": "baby-group", "next": SEARCH},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 302 and response["Location"] == SEARCH
    assert "Baby group" in browser.get("/shortlist/").content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://evil.example"},
        {"Referer": "https://evil.example/page"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_another_website_cannot_change_someones_shortlist(services, headers):
    browser = Client(enforce_csrf_checks=True)
    browser.post("/shortlist/add/", {"slug": "baby-massage"}, headers={"Sec-Fetch-Site": "same-origin"})
    for action in ("add", "remove", "clear"):
        response = browser.post(f"/shortlist/{action}/", {"slug": "baby-group"}, headers=headers)
        assert response.status_code == 302 and response["Location"] == "/shortlist/"
    html = browser.get("/shortlist/").content.decode()
    assert "Baby massage" in html and "Baby group" not in html
    assert "came from another website" in html
