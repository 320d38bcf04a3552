"""`ElasticsearchBackend`: made from settings, searching in one round trip (plus the words'
weights, cached per process in `WordWeights`), and the /healthz check.
The index's upkeep (writes, rebuilds) is mixed in from `indexes.IndexMaintenance`; the requests
are built in `queries` and read in `responses`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.dsl import Search

from ... import ranking
from ...query import SearchQuery
from ...text import AnalysedText
from ..base import BackendResults, BackendUnavailable, Hit, SearchBackend
from .faults import REQUEST_TIMEOUT, _available, client_options, item_error
from .indexes import IndexMaintenance
from .mapping import DEFAULT_INDEX, MAX_RESULT_WINDOW
from .queries import (
    LISTING_SORTS,
    build_search,
    candidate_searches,
    document_frequency_request,
    filter_queries,
    listing_request,
)
from .responses import (
    MSEARCH_PATHS,
    NAME,
    RESPONSE_PATHS,
    is_complete,
    parse_response,
    term_weights,
    total_of,
)


def _setting(name: str, default: Any = "") -> Any:
    from django.conf import settings

    return getattr(settings, name, default)


class WordWeights:
    """Each word's idf per index, kept for `seconds` (five minutes): a word's rarity in thousands of
    services hardly moves between searches, and asking for it cost a request per search with
    words. Forgotten when this process writes to the index; other processes' writes reach it
    within the period (only the weights of a word, never which services match, can be stale)."""

    def __init__(self, seconds: float = 300.0, clock=time.monotonic, limit: int = 20000):
        self.seconds, self.clock, self.limit = seconds, clock, limit
        self._weights: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.Lock()

    def get(self, index: str, terms: Iterable[str]) -> dict[str, float]:
        now = self.clock()
        with self._lock:
            found = {term: self._weights.get((index, term)) for term in terms}
        return {term: held[0] for term, held in found.items() if held is not None and held[1] > now}

    def put(self, index: str, weights: Mapping[str, float]) -> None:
        expires = self.clock() + self.seconds
        with self._lock:
            if len(self._weights) + len(weights) > self.limit:
                self._weights.clear()
            for term, weight in weights.items():
                self._weights[(index, term)] = (weight, expires)

    def forget(self) -> None:
        with self._lock:
            self._weights.clear()


class ElasticsearchBackend(IndexMaintenance, SearchBackend):
    name = NAME

    def __init__(
        self,
        url: str,
        index_name: str = DEFAULT_INDEX,
        *,
        timeout: float = REQUEST_TIMEOUT,
        replicas: int = 1,
        **credentials: Any,
    ):
        self.url = url
        self.index_name = index_name  # the alias searches and writes go to
        self.timeout = timeout
        self.replicas = replicas
        # A URL the client refuses (no port, no scheme) must not break every page: the backend
        # exists, and says why it cannot answer.
        self.config_error = ""
        try:
            self.client = Elasticsearch(url, **client_options(url, timeout=timeout, **credentials))
        except (ValueError, TypeError) as error:
            self.client = None
            self.config_error = f"ELASTICSEARCH_URL is not usable ({error})".replace(url, "…")
            if "port" in str(error):
                self.config_error = "ELASTICSEARCH_URL has no port (it needs one, e.g. :9200 or :443)"

    @classmethod
    def from_settings(cls) -> ElasticsearchBackend:
        from django.core.exceptions import ImproperlyConfigured

        url = _setting("ELASTICSEARCH_URL")
        if not url:
            raise ImproperlyConfigured('SEARCH_BACKEND is "elasticsearch" but ELASTICSEARCH_URL is not set.')
        return cls(
            url,
            _setting("ELASTICSEARCH_INDEX") or DEFAULT_INDEX,
            timeout=float(_setting("ELASTICSEARCH_TIMEOUT", REQUEST_TIMEOUT) or REQUEST_TIMEOUT),
            replicas=int(_setting("ELASTICSEARCH_REPLICAS", 1)),
            api_key=_setting("ELASTICSEARCH_API_KEY"),
            username=_setting("ELASTICSEARCH_USERNAME"),
            password=_setting("ELASTICSEARCH_PASSWORD"),
            ca_certs=_setting("ELASTICSEARCH_CA_CERTS"),
            fingerprint=_setting("ELASTICSEARCH_SSL_FINGERPRINT"),
            verify_certs=bool(_setting("ELASTICSEARCH_VERIFY_CERTS", True)),
        )

    # The words' idf, shared by every backend instance in this process (see `WordWeights`).
    word_weights = None  # set below the class

    def _client(self) -> Elasticsearch:
        if self.client is None:
            raise BackendUnavailable(self.config_error)
        return self.client

    # ------------------------------------------------------------------ searching

    def build_search(self, query: SearchQuery, analysed: AnalysedText | None) -> Search:
        return build_search(query, analysed, using=self.client, index=self.index_name)

    def parse_response(self, response: Mapping[str, Any], query: SearchQuery) -> BackendResults:
        return parse_response(response, query)

    def search(self, query: SearchQuery, analysed: AnalysedText | None) -> BackendResults:
        """Usually one round trip (plus the words' weights, cached): one `_msearch` of every
        candidate unfiltered and, beside it, the best of them filtered with the facets
        (`queries.candidate_searches`). When the first holds every candidate (no more than
        CANDIDATE_LIMIT), Python filters and counts them; otherwise the second answers."""
        client = self._client()
        with _available("search"):
            if not query.one_per_service and query.sort in LISTING_SORTS:
                return self._listings(query, analysed)
            weights = self._weights(query, analysed)
            searches = candidate_searches(
                query, analysed, using=self.client, index=self.index_name, weights=weights
            )
            everything, best = self._msearch(client, searches)
            if is_complete(everything):
                return parse_response(everything, query, analysed, weights=weights, filtered=False)
            if not filter_queries(query):  # the second is the facets alone
                best = {**everything, "aggregations": best.get("aggregations", {})}
            return self._deep_enough(best, query, analysed, weights)

    def _msearch(self, client: Elasticsearch, bodies: list[dict[str, Any]]) -> list[Mapping[str, Any]]:
        """Each body's response, asked in one `_msearch`; a search the node refused raises, as
        a refused `search` would (`faults.item_error`)."""
        searches: list[Mapping[str, Any]] = []
        for body in bodies:
            searches += [{"index": self.index_name}, body]
        answers = client.msearch(searches=searches, filter_path=MSEARCH_PATHS).body.get("responses", [])
        if len(answers) != len(bodies):
            raise BackendUnavailable("Elasticsearch search: an incomplete multi-search answer")
        for answer in answers:
            if "error" in answer:
                raise item_error(answer)
        return answers

    def _deep_enough(self, response, query, analysed, weights) -> BackendResults:
        """The requested page of cards from a search that fetched only some of its listings. A
        service listed in several districts makes fewer cards than listings, so a deep page may
        need more listings than `fetch_size`: fetch twice as many until the page is full, the
        search is complete, or the result window is reached."""
        while True:
            results = parse_response(response, query, analysed, weights=weights, filtered=True)
            fetched = len(response.get("hits", {}).get("hits", []))
            wanted = min(query.per_page, max(0, results.total - (query.page - 1) * query.per_page))
            if len(results.hits) >= wanted or is_complete(response) or fetched >= MAX_RESULT_WINDOW:
                return results
            deeper = self._search(
                query,
                analysed,
                weights,
                filtered=True,
                facets=False,
                size=min(2 * fetched, MAX_RESULT_WINDOW),
            )
            response = {**response, "hits": deeper.get("hits", {})}

    def _search(
        self, query, analysed, weights, *, filtered: bool, facets: bool, size=None
    ) -> Mapping[str, Any]:
        search = build_search(
            query,
            analysed,
            using=self.client,
            index=self.index_name,
            weights=weights,
            filtered=filtered,
            facets=facets,
            size=size,
        )
        return (
            self._client()
            .search(index=self.index_name, body=search.to_dict(), filter_path=RESPONSE_PATHS)
            .body
        )

    def _weights(self, query: SearchQuery, analysed: AnalysedText | None) -> dict[str, float] | None:
        """The words' idf (the text threshold and score weigh by it), from `word_weights` where
        it holds them, else one request for the rest."""
        terms = ranking.query_terms(analysed) if ranking.needs(query, analysed)[2] else ()
        if not terms:
            return None
        known = self.word_weights.get(self.index_name, terms)
        missing = [term for term in terms if term not in known]
        if missing:
            response = self._client().search(index=self.index_name, body=document_frequency_request(missing))
            fetched = term_weights(response.body, missing)
            self.word_weights.put(self.index_name, fetched)
            known = {**known, **fetched}
        return {term: known[term] for term in terms}

    def _listings(self, query: SearchQuery, analysed: AnalysedText | None) -> BackendResults:
        """Every listing (no grouping: the Open Referral API) in Elasticsearch's own order, read
        in pages with `search_after`, ids only: exact however many match, with no result window
        and no features fetched, since name and checked orders need no ranking in Python."""
        client = self._client()
        body = listing_request(query, analysed, self._weights(query, analysed))
        hits: list[Hit] = []
        total = None
        while True:
            response = client.search(index=self.index_name, body=body).body
            if total is None:
                total = total_of(response)
            page = response.get("hits", {}).get("hits", [])
            hits.extend(Hit(service_id=int(raw["fields"]["service_id"][0])) for raw in page)
            if len(page) < body["size"] or len(hits) >= total:
                break
            body = {**body, "search_after": page[-1]["sort"], "track_total_hits": False}
        start = (query.page - 1) * query.per_page
        return BackendResults(
            hits=hits[start : start + query.per_page],
            total=len(hits),
            facets={},
            backend=ElasticsearchBackend.name,
        )

    def check(self) -> dict[str, Any]:
        """For /healthz: the documents in the live index, or `BackendUnavailable` with the reason."""
        client = self._client()
        with _available("health check"):
            count = client.count(index=self.index_name).body["count"]
        return {"documents": int(count)}


ElasticsearchBackend.word_weights = WordWeights()
