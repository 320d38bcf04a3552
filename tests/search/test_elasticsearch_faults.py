"""The Elasticsearch backend under real faults: the live node (missed deletes, a read-only index, a
rejected document mid-rebuild, a vocabulary change, a rebuild under searches) and real local HTTP
servers that answer like a broken cluster (401, 403, 400, 429, not Elasticsearch, TLS, hung).

No mocks: every fault is a real server answering, or not answering, over a socket.
"""

import base64
import dataclasses
import logging
import socket
import time

from django.core.management import CommandError, call_command

import pytest
from elasticsearch import Elasticsearch

from directory.models import NeedTheme
from search.backends import BackendUnavailable, get_backend
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.elasticsearch import indexes as es_indexes
from search.documents import build_record, services_for_indexing
from search.indexing import rebuild
from search.models import SearchDocument
from search.query import SearchQuery
from search.service import analyse_text
from tests.search.conftest import PRESTON_CENTRE, search, titles
from tests.search.elasticsearch_node import (
    ELASTICSEARCH_URL,
    FakeCluster,
    error_body,
    es_skip_reason,
    self_signed_certificate,
)
from tests.search.test_elasticsearch_backend import record

pytestmark = pytest.mark.django_db
needs_node = pytest.mark.skipif(not ELASTICSEARCH_URL, reason=es_skip_reason())


@pytest.fixture
def on_fake(settings, contract_services, db):
    """Point the site at a fake cluster: `on_fake(fake)`; a long cool-off, as in production."""

    def point(url):
        settings.SEARCH_BACKEND = "elasticsearch"
        settings.ELASTICSEARCH_URL = url
        settings.ELASTICSEARCH_COOLOFF_SECONDS = 60
        settings.ELASTICSEARCH_TIMEOUT = 0.5
        get_backend.cache_clear()
        return contract_services

    yield point
    get_backend.cache_clear()


def live_ids() -> set[int]:
    return set(SearchDocument.objects.values_list("service_id", flat=True))


# ---------------------------------------------------------------------------- missed writes


@needs_node
def test_a_delete_missed_while_the_node_was_down_is_dropped_logged_and_repaired(es_site, caplog):
    backend = get_backend()
    page = es_site["send"]
    node = backend.primary.client
    backend.primary.client = Elasticsearch("http://127.0.0.1:9", request_timeout=0.5)  # the node is down
    page.unpublish()
    backend.primary.client = node  # ... and back
    assert page.pk in backend.primary.indexed_ids(), "the delete never reached Elasticsearch"

    with caplog.at_level(logging.WARNING, logger="search.backends"):
        results = search(q="autism adhd")
    assert results.backend == "elasticsearch"
    assert "Autism and ADHD family group" not in titles(results)
    assert results.total == len(results.items)
    assert any("no longer live" in entry.getMessage() for entry in caplog.records)
    assert page.pk not in backend.primary.indexed_ids(), "the stale document was deleted"


def district_copy_in_elasticsearch_only(page, service_id: int):
    """Another district's listing of `page`'s service (same organisation and name: one card)
    that Elasticsearch still holds and the database does not: deleted while the node was down."""
    copy = dataclasses.replace(build_record(page), service_id=service_id)
    get_backend().primary.index([copy])
    return copy


@needs_node
def test_a_deleted_district_copy_is_dropped_from_also_in_and_from_the_index(es_site, caplog):
    backend = get_backend()
    page = es_site["da"]
    district_copy_in_elasticsearch_only(page, 987654)
    query = SearchQuery(text="outreach", sort="relevance")
    raw = backend.primary.search(query, analyse_text(query))
    assert [(hit.service_id, hit.also_in) for hit in raw.hits] == [(page.pk, (987654,))], (
        "one card, two listings"
    )

    with caplog.at_level(logging.WARNING, logger="search.backends"):
        results = backend.search(query, analyse_text(query))
    assert results.backend == "elasticsearch"
    assert [(hit.service_id, hit.also_in) for hit in results.hits] == [(page.pk, ())]
    assert results.total == 1
    assert any("987654" in entry.getMessage() for entry in caplog.records)
    assert 987654 not in backend.primary.indexed_ids(), "the stale copy was deleted"


@needs_node
def test_a_card_whose_own_listing_is_stale_gives_way_to_the_services_live_listing(es_site):
    backend = get_backend()
    page = es_site["da"]
    district_copy_in_elasticsearch_only(page, 1)  # the lower id: it stands for the service
    query = SearchQuery(text="outreach", sort="relevance")
    assert [hit.service_id for hit in backend.primary.search(query, analyse_text(query)).hits] == [1]
    results = backend.search(query, analyse_text(query))
    assert [(hit.service_id, hit.also_in) for hit in results.hits] == [(page.pk, ())]
    assert results.total == 1


@needs_node
def test_reconcile_finds_and_fixes_missing_and_stale_documents(es_site):
    primary = get_backend().primary
    primary.remove([es_site["da"].pk])  # a publish Elasticsearch never saw
    ghost = dataclasses.replace(build_record(services_for_indexing().first()), service_id=987654)
    primary.index([ghost])  # a service deleted while it was down
    call_command("reconcile_search_index")
    primary.refresh()
    assert primary.indexed_ids() == live_ids()
    assert "Safe Together outreach" in titles(search(q="dv"))


@needs_node
def test_reconcile_rebuilds_an_index_whose_mapping_has_drifted(es_site, settings):
    primary = get_backend().primary
    primary.delete_index()
    # An index from another version of the code, with a mapping of its own.
    primary._admin.indices.create(
        index=primary.index_name, mappings={"properties": {"name": {"type": "text"}}}
    )
    assert primary.mapping_drift()
    call_command("reconcile_search_index")
    assert primary.mapping_drift() == []
    assert primary.live_indexes() != [primary.index_name]  # an alias now, over a versioned index
    assert primary.indexed_ids() == live_ids()


# ---------------------------------------------------------------------------- bulk failures


@needs_node
def test_a_read_only_index_never_breaks_an_editors_publish(es_site, caplog):
    primary = get_backend().primary
    [name] = primary.live_indexes()
    primary._admin.indices.put_settings(index=name, settings={"index.blocks.write": True})
    try:
        page = es_site["send"]
        page.summary = "Meet other parents of children with dyslexia."
        with caplog.at_level(logging.ERROR, logger="search.backends"):
            page.save_revision().publish()  # no exception: the editor's publish stands
        assert "dyslexia" in SearchDocument.objects.get(pk=page.pk).body_terms
        assert any("read-only" in entry.getMessage() for entry in caplog.records)
        assert "Autism and ADHD family group" in titles(search(q="dyslexia"))  # the database answered
    finally:
        primary._admin.indices.put_settings(index=name, settings={"index.blocks.write": None})
    call_command("reconcile_search_index")


@needs_node
def test_a_rebuild_that_fails_half_way_leaves_the_old_index_serving(es_site):
    primary = get_backend().primary
    before, ids_before = primary.live_indexes(), primary.indexed_ids()
    good = [build_record(page) for page in services_for_indexing()]
    rejected = dataclasses.replace(good[0], service_id=123456, age_min="not a number")
    with pytest.raises(BackendUnavailable) as raised:
        primary.rebuild(lambda: [good[:3], [rejected], good[3:]])
    assert "rejected" in raised.value.reason
    assert primary.live_indexes() == before
    assert primary.indexed_ids() == ids_before
    leftovers = primary._admin.indices.get(index=f"{primary.index_name}-v*").body
    assert sorted(leftovers) == before, "the half-built index was deleted"


@needs_node
def test_the_rebuild_command_says_when_elasticsearch_kept_its_old_index(es_site, settings):
    backend = get_backend()
    node = backend.primary.client
    backend.primary.client = Elasticsearch("http://127.0.0.1:9", request_timeout=0.5)
    try:
        with pytest.raises(CommandError, match="keeps serving its previous index"):
            call_command("rebuild_search_index")
    finally:
        backend.primary.client = node
    assert SearchDocument.objects.count() == len(es_site)  # the database index was rebuilt all the same


def bulk_ok(body_items=1) -> dict:
    return {
        "took": 1,
        "errors": False,
        "items": [{"index": {"_index": "x", "_id": "7", "status": 201}}] * body_items,
    }


def test_429_is_retried_with_back_off_and_then_succeeds():
    bulks = []

    def respond(method, path):
        if path.startswith("/_bulk"):
            bulks.append(time.monotonic())
            if len(bulks) <= 2:
                return 429, error_body(429, "es_rejected_execution_exception")
            return 200, bulk_ok()
        if "/_alias/" in path:
            return 404, error_body(404, "aliases_not_found_exception")
        return 200, {}

    with FakeCluster(respond=respond) as fake:
        ElasticsearchBackend(fake.url, "x").index([record()])
    assert len(bulks) == 3
    assert bulks[1] - bulks[0] >= es_indexes.PUBLISH_BACKOFF
    assert bulks[2] - bulks[1] >= 2 * es_indexes.PUBLISH_BACKOFF  # exponential


def test_429_that_never_stops_gives_up_quickly_and_says_overloaded():
    def respond(method, path):
        if path.startswith("/_bulk"):
            return 429, error_body(429, "es_rejected_execution_exception")
        if "/_alias/" in path:
            return 404, error_body(404, "aliases_not_found_exception")
        return 200, {}

    with FakeCluster(respond=respond) as fake:
        started = time.monotonic()
        with pytest.raises(BackendUnavailable) as raised:
            ElasticsearchBackend(fake.url, "x").index([record()])
    assert "overloaded" in raised.value.reason
    assert time.monotonic() - started < 3, "an editor is waiting"


def test_a_rejected_document_is_unavailable_not_an_error_page():
    def respond(method, path):
        if path.startswith("/_bulk"):
            item = {
                "index": {
                    "_index": "x",
                    "_id": "7",
                    "status": 400,
                    "error": {"type": "mapper_parsing_exception"},
                }
            }
            return 200, {"took": 1, "errors": True, "items": [item]}
        if "/_alias/" in path:
            return 404, error_body(404, "aliases_not_found_exception")
        return 200, {}

    with FakeCluster(respond=respond) as fake, pytest.raises(BackendUnavailable) as raised:
        ElasticsearchBackend(fake.url, "x").index([record()])
    assert "1 documents rejected" in raised.value.reason and "mapper_parsing_exception" in raised.value.reason


# ---------------------------------------------------------------------------- refusals: fall back, say why


@pytest.mark.parametrize(
    ("status", "body", "headers", "words"),
    [
        (401, error_body(401, "security_exception"), {}, "authentication failed"),
        (403, error_body(403, "security_exception"), {}, "not authorised"),
        (200, {"name": "a web server"}, {"X-Elastic-Product": None}, "not Elasticsearch"),
        (400, error_body(400, "query_shard_exception"), {}, "mapping has drifted"),
    ],
    ids=["401", "403", "not-elasticsearch", "400-mapping-drift"],
)
def test_a_cluster_that_refuses_us_the_database_answers_healthz_says_why_logged_once(
    client, on_fake, caplog, status, body, headers, words
):
    with FakeCluster(status, body, headers) as fake:
        on_fake(fake.url)
        with caplog.at_level(logging.ERROR, logger="search.backends"):
            for _ in range(5):
                response = client.get("/search/", {"q": "dv", "format": "json"})
                assert response.status_code == 200
                assert response.json()["results"][0]["name"] == "Safe Together outreach"
        health = client.get("/healthz")
        searches = [path for method, path, _ in fake.requests if "_search" in path]
    assert health.status_code == 503
    check = health.json()["checks"]["search"]
    assert check["ok"] is False and check["fallback_ok"] is True
    assert words in check["reason"]
    assert str(fake.server.server_address[1]) not in health.content.decode()
    assert len([entry for entry in caplog.records if "unavailable" in entry.getMessage()]) == 1, (
        "once per period"
    )
    assert len(searches) == 1, "the circuit breaker kept the other searches off the cluster"


def test_a_url_without_a_port_falls_back_and_healthz_says_so(client, on_fake):
    on_fake("http://search.example")
    response = client.get("/search/", {"q": "dv", "format": "json"})
    assert response.status_code == 200
    assert response.json()["results"][0]["name"] == "Safe Together outreach"
    health = client.get("/healthz")
    assert health.status_code == 503
    assert "no port" in health.json()["checks"]["search"]["reason"]
    assert "search.example" not in health.content.decode()


def test_tls_is_verified_by_a_ca_bundle_or_a_pinned_fingerprint_and_refused_otherwise(tmp_path):
    cert, key, fingerprint = self_signed_certificate(tmp_path)
    with FakeCluster(body={"count": 3}, tls=(cert, key)) as fake:
        with pytest.raises(BackendUnavailable) as raised:
            ElasticsearchBackend(fake.url).check()  # an unknown issuer
        assert "TLS" in raised.value.reason
        assert ElasticsearchBackend(fake.url, ca_certs=cert).check() == {"documents": 3}
        assert ElasticsearchBackend(fake.url, fingerprint=fingerprint).check() == {"documents": 3}
        with pytest.raises(BackendUnavailable):
            ElasticsearchBackend(fake.url, fingerprint="AB:" * 31 + "AB").check()


def test_an_api_key_or_a_user_and_password_are_sent(settings):
    with FakeCluster(body={"count": 0}) as fake:
        settings.ELASTICSEARCH_URL = fake.url
        settings.ELASTICSEARCH_API_KEY = "a2V5OnNlY3JldA=="
        ElasticsearchBackend.from_settings().check()
        settings.ELASTICSEARCH_API_KEY = ""
        settings.ELASTICSEARCH_USERNAME, settings.ELASTICSEARCH_PASSWORD = "rightdoor", "s3cret"
        ElasticsearchBackend.from_settings().check()
    sent = [
        {name.lower(): value for name, value in headers.items()}.get("authorization")
        for _, _, headers in fake.requests
    ]
    assert sent == ["ApiKey a2V5OnNlY3JldA==", "Basic " + base64.b64encode(b"rightdoor:s3cret").decode()]


# ---------------------------------------------------------------------------- a hung cluster


@pytest.fixture
def hung_node():
    """A port that accepts connections and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_a_hung_cluster_costs_one_timeout_then_none_for_the_cool_off(client, on_fake, hung_node):
    on_fake(hung_node)
    # A zero-result page asks the backend several times (wider radii, related needs).
    zero = {"q": "counselling", "near": PRESTON_CENTRE, "radius": 1, "mode": "online", "level": "1"}
    started = time.monotonic()
    response = client.get("/search/", zero)
    first = time.monotonic() - started
    assert response.status_code == 200
    assert 0.5 <= first < 1.5, "one timeout (0.5 s), not one per backend call"
    started = time.monotonic()
    for _ in range(5):
        assert client.get("/search/", {"q": "parenting"}).status_code == 200
    assert time.monotonic() - started < 1.5, "no timeout at all while the circuit is open"
    check = client.get("/healthz").json()["checks"]["search"]
    assert check["ok"] is False and check["reason"] == "timed out"


# ---------------------------------------------------------------------------- rebuilds and vocabulary


@needs_node
def test_rebuild_builds_a_new_index_and_swaps_the_alias_searches_never_see_it_half_built(es_site):
    primary = get_backend().primary
    [old] = primary.live_indexes()
    everything = SearchQuery(per_page=50, sort="name")
    seen = []

    def while_rebuilding(done, total):
        seen.append(primary.search(everything, None).total)

    rebuild(progress=while_rebuilding, batch_size=2)
    [new] = primary.live_indexes()
    assert new != old and new.startswith(f"{primary.index_name}-v")
    assert len(seen) > 4 and set(seen) == {len(es_site)}
    assert not primary._admin.indices.exists(index=old), "the old index was deleted after the swap"


@needs_node
def test_a_publish_during_a_rebuild_reaches_the_new_index(es_site):
    primary = get_backend().primary
    page = es_site["send"]

    def batches():
        yield [build_record(p) for p in services_for_indexing().exclude(pk=page.pk)]
        page.summary = "Meet other parents of children with dyspraxia."
        page.save_revision().publish()  # an editor publishes while the new index is being built

    primary.rebuild(batches)
    assert "Autism and ADHD family group" in titles(search(q="dyspraxia"))


@needs_node
def test_a_new_synonym_reaches_search_without_a_rebuild(es_site):
    theme = NeedTheme.objects.get(slug="domestic-abuse")
    theme.synonyms.add("coercive control")
    theme.save()
    results = search(q="coercive control")
    assert results.backend == "elasticsearch"
    assert "Safe Together outreach" in titles(results)
    # The theme's services were indexed again with the new words (searched, not kept in `_source`).
    primary = get_backend().primary
    for term in ("coerciv", "control"):
        found = primary.client.search(
            index=primary.index_name, query={"term": {"body_terms": term}}, _source=False
        )
        assert es_site["da"].pk in {int(hit["_id"]) for hit in found["hits"]["hits"]}, term


@needs_node
def test_an_import_dry_run_leaves_the_live_index_as_it_was(es_site, tmp_path):
    """A dry run (`--dry-run --sync`) reports what would happen and changes nothing: no listing
    leaves Elasticsearch for a withdrawal that was rolled back, no new words reach it."""
    import io
    import json

    from tests.openreferral.feed_records import feed_record

    def feed(*numbers: int, renamed: str = "") -> str:
        records = [
            feed_record(f"feed-{n}", renamed if n == 1 and renamed else f"Club {n}", ("feed-org", "Feed Org"))
            for n in numbers
        ]
        path = tmp_path / "feed.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        return str(path)

    def in_elasticsearch(words: str) -> list[int]:
        primary = get_backend().primary
        query = SearchQuery(text=words, sort="relevance")
        return [hit.service_id for hit in primary.search(query, analyse_text(query)).hits]

    call_command("import_openreferral", feed(1, 2), publish=True, stdout=io.StringIO())
    club_2 = in_elasticsearch("club 2")
    assert club_2, "the published import reached Elasticsearch"

    out = io.StringIO()
    call_command(
        "import_openreferral",
        feed(1, renamed="Zebra swimming"),
        publish=True,
        sync=True,
        dry_run=True,
        stdout=out,
    )
    assert "No longer in the feed" in out.getvalue()
    assert in_elasticsearch("club 2") == club_2
    assert in_elasticsearch("zebra") == []
