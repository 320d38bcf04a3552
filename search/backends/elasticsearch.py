"""The Elasticsearch backend: the same answers as the database backend, from an Elasticsearch 8 cluster.

Chosen with SEARCH_BACKEND = "elasticsearch" and ELASTICSEARCH_URL (ELASTICSEARCH_INDEX names the
alias searches go to, "rightdoor-services" by default; see `client_options` for credentials and
TLS). `search.backends.get_backend` puts the database backend behind it: whenever the cluster cannot
answer (down, hung, refusing our credentials, not Elasticsearch at all, an index whose mapping has
drifted, ...) every method here raises `BackendUnavailable` with a `reason` safe to show in
/healthz, and the database backend answers instead.

**One analysis pipeline for both backends.** Nothing is analysed in Elasticsearch: the document
holds the terms `search.text` already produced for the database backend (English stems, accents
folded, stop words dropped) in fields with the core `whitespace` analyser, and the themes a
family's words describe ("partner hurts me" -> domestic-abuse) are found in Python too
(`AnalysedText.themes`), so the index needs no `snowball`, `synonym_graph` or `pattern_replace`
(Elastic's minimal distribution has none of them) and a vocabulary change needs no new index.

The answers are the database backend's (`search/backends/database.py`), with its own functions:

- the words' weights: one `size: 0` request counts the services holding each word (`ranking.idf`);
- candidates (Elasticsearch): the rule of `ranking.candidates` (any word in the name or body; with
  a detected need, the need or most of the weighted words, by `min_score`), and with a place a
  venue within the radius or a served area covering it;
- up to CANDIDATE_LIMIT listings come back with the features ranking needs in `_source` and, per
  hit, which words matched where (`matched_queries`), approximately ordered (`preorder_query`);
- the order, one card per service (`also_in`, the nearest listing standing for its group), and,
  when every candidate was fetched, the filters and facet counts over the cards are computed in
  Python by `search.ranking` and `snapshot.FilterColumns`, the code the database backend runs;
  a larger answer is filtered in `post_filter` and counted by a `cardinality` of the group key;
- distances and nearest venues are measured with `directory.geo.distances_miles` over the venues in
  the database backend's bounding box.

See docs/elasticsearch.md ("Ranking") for the bound and what differs above it.

**Indexes behind an alias.** Searches and writes go to the alias (ELASTICSEARCH_INDEX). `rebuild`
builds a new versioned index, loads it, and swaps the alias in one atomic `_aliases` call, so a
search never sees a half-built index; publishes during a rebuild are written to both.

`build_search` and `parse_response` are pure: the tests check the request body and read a
hand-written response, as well as running everything against a live node.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import numpy as np
from elastic_transport import ConnectionError, ConnectionTimeout, TlsError, TransportError
from elasticsearch import Elasticsearch, OrjsonSerializer, helpers
from elasticsearch.dsl import (
    A,
    Boolean,
    Date,
    Document,
    GeoPoint,
    Integer,
    Keyword,
    MetaField,
    Object,
    Q,
    Search,
    Text,
)
from elasticsearch.dsl import Index as DslIndex
from elasticsearch.exceptions import ApiError, UnsupportedProductError

from directory import facets, geo, review

from .. import ranking
from ..documents import ServiceRecord
from ..query import FACET_PARAMETERS, MAX_PAGE, PER_PAGE_CHOICES, SearchQuery
from ..snapshot import FilterColumns, base_name
from ..text import AnalysedText
from .base import BackendResults, BackendUnavailable, Hit, NearestLocation, SearchBackend

logger = logging.getLogger(__name__)

DEFAULT_INDEX = "rightdoor-services"
# A search page must not wait on a struggling cluster: after this it falls back to the database.
REQUEST_TIMEOUT = 2.0
# Creating, deleting and bulk-loading an index may take longer than a search.
ADMIN_TIMEOUT = 60.0
BULK_CHUNK_SIZE = 500
# Publishing a page indexes one service, inside the editor's request: that must fail as fast as a
# search. Only a rebuild-sized batch gets `ADMIN_TIMEOUT`.
SMALL_BATCH = 50
# 429 (too many requests) is retried with exponential back-off: 0.2 s, 0.4 s for a publish (an
# editor is waiting), 1, 2, 4, 8 s for a rebuild.
PUBLISH_RETRIES, PUBLISH_BACKOFF = 2, 0.2
REBUILD_RETRIES, REBUILD_BACKOFF = 4, 1.0

# Relevance is `search.ranking`'s, computed in Python over a bounded candidate set (module docstring).
# Elasticsearch returns at most this many listings of a search, in an approximate order (see
# `preorder_query`); at or below it every answer (order, groups, totals) is exact.
CANDIDATE_LIMIT = 500
# A text match counts this share of its word's weight, and this for the word in the name, as
# `ranking.text_score` counts them (the query's score is that 0-1 share).
ANYWHERE_SHARE = 1.0 / (1 + ranking.TITLE_BOOST)
TITLE_SHARE = ranking.TITLE_BOOST / (1 + ranking.TITLE_BOOST)
# A service with a detected need passes the text threshold whatever its words.
NEED_GATE = 1.0
# Group counts (services, not listings) are exact below this many groups.
CARDINALITY_PRECISION = 10000
# More buckets than any facet has values (themes, languages, ...), so no count is ever cut off.
FACET_SIZE = 500
# Deep pages must still be reachable: the last page of the largest page size.
MAX_RESULT_WINDOW = MAX_PAGE * max(PER_PAGE_CHOICES)

# Indexed (searched) but not kept in the stored `_source`: what is stored is what ranking reads
# (`SOURCE_FIELDS`), so a search returns it whole, which Elasticsearch does without parsing it.
UNSTORED_FIELDS = ("name_terms", "body_terms", "locations")

# ---------------------------------------------------------------------------- the document


def _terms_field():
    """Terms produced by `search.text`, split on spaces and matched exactly. Scores come from
    constant-score clauses, so no norms or term frequencies are kept."""
    return Text(analyzer="whitespace", norms=False, index_options="docs")


class ServiceDocument(Document):
    """One live service: what search filters, ranks and reports from a `ServiceRecord`."""

    service_id = Integer()
    name = Keyword(index=False, doc_values=False)  # for people reading the index
    # One card per service: organisation and base name (`snapshot.base_name`), as the database groups.
    group = Keyword()
    primary_theme = Keyword()
    always_open = Boolean()
    name_sort = Keyword()  # name.casefold(): the database backend's name order
    name_terms = _terms_field()  # ServiceRecord.title_terms
    body_terms = _terms_field()  # ServiceRecord.body_terms (summary and body)
    # Every facet's codes, one keyword field each (`directory.facets`), added below the class.
    served_area = Keyword()
    served_districts = Keyword(multi=True)
    age_min = Integer()
    age_max = Integer()
    last_checked = Date()
    next_review = Date()
    # Every venue's point, for geo_distance and the decays; `venues` holds the same venues with
    # their names and postcodes, only to be read back from `_source`.
    locations = GeoPoint(multi=True)
    venues = Object(enabled=False)

    class Index:
        name = DEFAULT_INDEX

    class Meta:
        dynamic = MetaField("strict")
        # The terms (and the venues' points, held in `venues`) are
        # searched, never read back: leaving them out of the stored `_source` halves what a search
        # that fetches CANDIDATE_LIMIT hits has to read and decompress.
        source = MetaField(excludes=list(UNSTORED_FIELDS))


for _facet in facets.FACETS:
    # A filter keeps a document holding any chosen code; a facet is a `terms` count of the field.
    ServiceDocument._doc_type.mapping.field(_facet.field, Keyword(multi=True))


def index_settings(replicas: int = 1) -> dict[str, Any]:
    return {"number_of_shards": 1, "number_of_replicas": replicas, "max_result_window": MAX_RESULT_WINDOW}


def index_definition(name: str = DEFAULT_INDEX, *, replicas: int = 1) -> DslIndex:
    """The index (settings and mapping) under `name`."""
    index = ServiceDocument._index.clone(name=name)
    index.settings(**index_settings(replicas))
    return index


def expected_mapping() -> dict[str, Any]:
    """The mapping this code writes and reads: a live index with another one has drifted."""
    return index_definition().to_dict()["mappings"]


def group_key(organisation: str, name: str) -> str:
    """The listings of one service share this key: the database backend's group (organisation and
    the name without its place suffix)."""
    return f"{organisation}\x1f{base_name(name)}"


def document_source(record: ServiceRecord) -> dict[str, Any]:
    """A record as the `_source` of its document: terms as text, dates in ISO form, venues as lat/lon."""
    return {
        "service_id": record.service_id,
        "name": record.name,
        "name_sort": record.name.casefold(),
        "group": group_key(record.organisation, record.name),
        "primary_theme": record.primary_theme,
        "always_open": bool(record.always_open),
        "name_terms": record.title_terms,
        "body_terms": record.body_terms,
        **{field: list(record.codes(field)) for field in facets.FIELDS},
        "served_area": record.served_area,
        "served_districts": list(record.served_districts),
        "age_min": record.age_min,
        "age_max": record.age_max,
        "last_checked": record.last_checked.isoformat(),
        "next_review": record.next_review.isoformat() if record.next_review else None,
        "locations": [{"lat": venue.latitude, "lon": venue.longitude} for venue in record.locations],
        "venues": [
            {
                "name": venue.name,
                "postcode": venue.postcode,
                "district": venue.district,
                "location": {"lat": venue.latitude, "lon": venue.longitude},
            }
            for venue in record.locations
        ],
    }


def bulk_actions(records: Iterable[ServiceRecord], index_names: Iterable[str]) -> Iterator[dict[str, Any]]:
    """`helpers.bulk` actions that add or replace each record's document (id = service id) in
    every one of `index_names` (during a rebuild: the live index and the one being built)."""
    if isinstance(index_names, str):
        index_names = [index_names]
    names = list(index_names)
    for record in records:
        source = document_source(record)
        for name in names:
            yield {"_op_type": "index", "_index": name, "_id": str(record.service_id), "_source": source}


# ---------------------------------------------------------------------------- queries


def _miles(value: float) -> str:
    return f"{value:g}mi"


def _origin(place: geo.Place) -> dict[str, float]:
    return {"lat": place.latitude, "lon": place.longitude}


def _term_in(field: str, term: str, name: str):
    return Q("term", **{field: {"value": term, "_name": name}})


def term_matches(term: str, position: int):
    """The term in the name or the body; each clause named, so a hit says which words it matched
    (`matched_queries`: "a<position>" anywhere, "n<position>" in the name)."""
    return Q(
        "bool",
        should=[_term_in("name_terms", term, f"n{position}"), _term_in("body_terms", term, f"b{position}")],
        minimum_should_match=1,
    )


def text_query(analysed: AnalysedText | None, weights: Mapping[str, float] | None = None):
    """The services the words find, as the database backend finds them (`ranking.candidates`):
    any of the terms in the name or the body, or, when the words describe a need, a service with
    that need or one matching most of the (idf-weighted) words. The query's score is
    `ranking.text_score` (0–1), plus NEED_GATE for a need. None when the words give nothing to
    match (every service is then a candidate). `weights` are the terms' idf (all 1 when not given)."""
    terms = ranking.query_terms(analysed)
    strong, weak, from_words = ranking.needs(SearchQuery(), analysed)
    if not from_words:
        return None
    themes = [*strong, *weak]
    weights = {term: (weights or {}).get(term, 1.0) for term in terms}
    total = sum(weights.values()) or 1.0
    clauses = []
    for position, term in enumerate(terms):
        share = weights[term] / total
        clauses.append(Q("constant_score", filter=term_matches(term, position), boost=share * ANYWHERE_SHARE))
        clauses.append(Q("constant_score", filter=Q("term", name_terms=term), boost=share * TITLE_SHARE))
    if themes:
        clauses.append(Q("constant_score", filter=Q("terms", themes=themes), boost=NEED_GATE))
    if not clauses:
        return None
    found = Q("bool", should=clauses, minimum_should_match=1)
    if not themes:
        return found
    # Text about something else must match most of the words. Scores are 32-bit floats: allow
    # for their rounding below the threshold.
    return Q(
        "function_score",
        query=found,
        functions=[{"weight": 1.0}],
        boost_mode="multiply",
        min_score=ranking.MIN_TEXT_WITHOUT_THEME - 1e-5,
    )


def document_frequency_request(terms: Iterable[str]) -> dict[str, Any]:
    """How many services hold each term (in the name or the body), and how many there are: the
    words' idf, as the database backend weighs them."""
    return {
        "size": 0,
        "track_total_hits": True,
        "query": {"match_all": {}},
        "aggs": {
            "df": {
                "filters": {
                    "filters": {
                        term: Q(
                            "bool",
                            should=[Q("term", name_terms=term), Q("term", body_terms=term)],
                            minimum_should_match=1,
                        ).to_dict()
                        for term in terms
                    }
                }
            }
        },
    }


def term_weights(response: Mapping[str, Any], terms: Iterable[str]) -> dict[str, float]:
    """Each term's idf (`ranking.idf`) from a `document_frequency_request` response."""
    total = response.get("hits", {}).get("total", {})
    n = int(total.get("value", 0) if isinstance(total, Mapping) else total)
    buckets = response.get("aggregations", {}).get("df", {}).get("buckets", {})
    return {term: ranking.idf(int(buckets.get(term, {}).get("doc_count", 0)), n) for term in terms}


def near_query(query: SearchQuery):
    """A venue within the radius of the place."""
    return Q("geo_distance", distance=_miles(query.radius_miles), locations=_origin(query.place))


def box_query(query: SearchQuery):
    """A venue in the database backend's bounding box around the place (`geo.bounding_box`)."""
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(
        query.place.latitude, query.place.longitude, query.radius_miles
    )
    return Q(
        "geo_bounding_box",
        locations={
            "top_left": {"lat": max_lat, "lon": min_lng},
            "bottom_right": {"lat": min_lat, "lon": max_lng},
        },
    )


def place_query(query: SearchQuery):
    """A venue within the radius, or a served area that covers the place (as `serving_mask`)."""
    covering = [near_query(query), Q("term", served_area="national")]
    if query.place.district is not None:
        covering.append(Q("term", served_area="county"))
        covering.append(Q("term", served_districts=query.place.district))
    return Q("bool", should=covering, minimum_should_match=1)


def filter_queries(query: SearchQuery) -> dict[str, Any]:
    """Each filter in use, as a query, by GET parameter; values within one filter are alternatives."""
    filters = {}
    for facet in facets.FACETS:
        selected = query.selected(facet.parameter)
        if selected:
            filters[facet.parameter] = Q("terms", **{facet.field: list(selected)})
    return filters


def _all_of(queries: list) -> Any:
    return Q("bool", filter=queries) if queries else Q("match_all")


def facet_aggregation(parameter: str, others: list):
    """A facet's counts over the candidates with every other filter in use applied."""
    values = A("terms", field=facets.BY_PARAMETER[parameter].field, size=FACET_SIZE)
    values.metric("services", services_count())
    aggregation = A("filter", filter=_all_of(others))
    aggregation.bucket("values", values)
    return aggregation


def services_count():
    """How many services (groups of listings, one card each) a bucket holds."""
    return A("cardinality", field="group", precision_threshold=CARDINALITY_PRECISION)


def out_of_date_before(today: datetime.date | None = None) -> datetime.date:
    """Listings whose next review is before this day are out of date (as `review.is_out_of_date`)."""
    return (today or review.today()) - review.OUT_OF_DATE_AFTER


def _nearness_functions(query: SearchQuery, weight: float) -> list[dict[str, Any]]:
    """`weight` × the Gaussian nearness (`ranking.nearness`) of the nearest venue in the radius,
    or × COVERAGE_NEARNESS for a service that only covers the place."""
    near = near_query(query)
    return [
        {
            "filter": near,
            "weight": weight,
            "gauss": {
                "locations": {
                    "origin": _origin(query.place),
                    "scale": _miles(ranking.nearness_scale(query.radius_miles)),
                    "offset": "0mi",
                    "decay": 0.5,
                },
                "multi_value_mode": "min",
            },
        },
        {"filter": ~near, "weight": weight * ranking.COVERAGE_NEARNESS},
    ]


def preorder_query(
    base, query: SearchQuery, analysed: AnalysedText | None, today: datetime.date | None = None
):
    """`base` scored close to `ranking.score`, so that when a search finds more than
    CANDIDATE_LIMIT listings the ones fetched are the best: the text share (`text_query`'s score,
    × W_TEXT here approximated by the query's own 0-1 score plus NEED_GATE), the need (W_THEME,
    weak × WEAK_THEME), the primary need, self-referral and the nearness decay, summed, times the
    out-of-date factor. The exact order is then computed in Python (`ranking.order`)."""
    strong, weak, _ = ranking.needs(query, analysed)
    functions: list[dict[str, Any]] = [{"weight": 0.0}]
    if strong:
        functions.append({"filter": Q("terms", themes=list(strong)), "weight": ranking.W_THEME})
        functions.append({"filter": Q("terms", primary_theme=list(strong)), "weight": ranking.W_PRIMARY})
    if weak:
        functions.append(
            {
                "filter": Q("terms", themes=list(weak)) & ~Q("terms", themes=list(strong)),
                "weight": ranking.W_THEME * ranking.WEAK_THEME,
            }
        )
    functions.append(
        {"filter": Q("term", access_routes=ranking.SELF_REFERRAL), "weight": ranking.W_SELF_REFERRAL}
    )
    if query.place is not None:
        functions.extend(_nearness_functions(query, ranking.W_NEARNESS))
    scored = Q("function_score", query=base, functions=functions, score_mode="sum", boost_mode="sum")
    return Q(
        "function_score",
        query=scored,
        functions=[
            {
                "filter": Q("range", next_review={"lt": out_of_date_before(today).isoformat()}),
                "weight": ranking.OUT_OF_DATE_FACTOR,
            }
        ],
        score_mode="multiply",
        boost_mode="multiply",
    )


def nearest_query(base, query: SearchQuery):
    """`base` scored by how near its nearest venue in the bounding box is: 1 + an exponential
    decay of the distance (1–2, falling with distance) for services with a venue in the box, 1
    for the rest, which then tie and go by name, as the database backend orders them."""
    box = box_query(query)
    return Q(
        "function_score",
        query=base,
        functions=[
            {"filter": box, "weight": 1.0},
            {
                "filter": box,
                "exp": {
                    "locations": {
                        "origin": _origin(query.place),
                        "scale": _miles(max(query.radius_miles, 0.5)),
                        "offset": "0mi",
                        "decay": 0.5,
                    },
                    "multi_value_mode": "min",
                },
            },
        ],
        score_mode="sum",
        boost_mode="replace",
    )


BY_NAME = [{"name_sort": {"order": "asc"}}, {"service_id": {"order": "asc"}}]


def sort_keys(query: SearchQuery) -> list[Any]:
    """The requested order, ties by name (then id, so pages never overlap)."""
    if query.sort == "relevance" or (query.sort == "nearest" and query.place is not None):
        return [{"_score": {"order": "desc"}}, *BY_NAME]
    if query.sort == "checked":
        return [{"last_checked": {"order": "desc"}}, *BY_NAME]
    return list(BY_NAME)


SOURCE_FIELDS = [
    "service_id",
    "name_sort",
    "group",
    "primary_theme",
    "always_open",
    "served_area",
    "served_districts",
    "last_checked",
    "next_review",
    "venues",
    "age_min",
    "age_max",
    # Every filter's codes: ranking reads the themes, ways in and modes, and `parse_response`
    # applies the filters to each service's card.
    *facets.FIELDS,
]


def fetch_size(query: SearchQuery) -> int:
    """How many listings one search fetches: CANDIDATE_LIMIT, or more to reach a deep page."""
    return min(max(CANDIDATE_LIMIT, query.page * query.per_page), MAX_RESULT_WINDOW)


def build_search(
    query: SearchQuery,
    analysed: AnalysedText | None,
    *,
    using: Any = "default",
    index: str = DEFAULT_INDEX,
    today: datetime.date | None = None,
    weights: Mapping[str, float] | None = None,
    filtered: bool = True,
    facets: bool = True,
    size: int | None = None,
) -> Search:
    """The whole request for one search: candidates in `query` (approximately ordered, so the
    best come first when there are more than CANDIDATE_LIMIT), filters in `post_filter`,
    disjunctive facets counting services in `aggs` (unless `facets` is False: when every
    candidate is fetched, Python counts them), and the `_source` fields `parse_response`
    ranks, groups and (with `filtered` False) filters by. `weights` are the terms' idf; `size`
    overrides `fetch_size` (0: the facets alone)."""
    matched = text_query(analysed, weights)
    filters = [place_query(query)] if query.place is not None else []
    if matched is not None:
        base = Q("bool", must=[matched], filter=filters)
    elif filters:
        base = Q("bool", filter=filters)
    else:
        base = Q("match_all")
    if query.sort == "relevance":
        base = preorder_query(base, query, analysed, today)
    elif query.sort == "nearest" and query.place is not None:
        base = nearest_query(base, query)

    search = Search(using=using, index=index).query(base)
    filters_by_parameter = filter_queries(query)
    if filters_by_parameter and filtered:
        search = search.post_filter(_all_of(list(filters_by_parameter.values())))
    if facets:
        for parameter in FACET_PARAMETERS:
            others = [clause for other, clause in filters_by_parameter.items() if other != parameter]
            search.aggs.bucket(f"facet_{parameter}", facet_aggregation(parameter, others))
        search.aggs.bucket(
            "services", A("filter", filter=_all_of(list(filters_by_parameter.values())))
        ).metric("count", services_count())
    size = fetch_size(query) if size is None else size
    search = search.extra(from_=0, size=size, track_total_hits=True)
    if not size:
        return search
    # The whole stored `_source` (`SOURCE_FIELDS` and the name): filtering it would cost parsing it.
    return search.sort(*sort_keys(query)).extra(_source=True)


def candidate_count_request(query: SearchQuery, analysed: AnalysedText | None, weights=None) -> dict:
    """Whether a search finds more than CANDIDATE_LIMIT listings before its filters, and nothing
    else: no hits, no facets, and counting stops past the limit. Much cheaper than fetching."""
    matched = text_query(analysed, weights)
    filters = [place_query(query)] if query.place is not None else []
    must = [matched] if matched is not None else []
    base = Q("bool", must=must, filter=filters) if must or filters else Q("match_all")
    return {"query": base.to_dict(), "size": 0, "track_total_hits": CANDIDATE_LIMIT + 1}


# Sorts whose order Elasticsearch gives exactly (no ranking in Python), so listings can be read
# page after page with `search_after`.
LISTING_SORTS = ("name", "checked")
LISTING_CHUNK = 5000


def listing_request(
    query: SearchQuery, analysed: AnalysedText | None, weights: Mapping[str, float] | None = None
) -> dict[str, Any]:
    """The first page of every listing that matches, filters applied to each (no grouping), in
    the requested order with the service id as the last sort key (unique, so `search_after` from
    a hit's sort values never skips or repeats one); only the id is read, from doc values."""
    matched = text_query(analysed, weights)
    filters = [place_query(query)] if query.place is not None else []
    filters += list(filter_queries(query).values())
    must = [matched] if matched is not None else []
    base = Q("bool", must=must, filter=filters) if must or filters else Q("match_all")
    return {
        "query": base.to_dict(),
        "sort": sort_keys(query),
        "size": LISTING_CHUNK,
        "track_total_hits": True,
        "_source": False,
        "stored_fields": "_none_",
        "docvalue_fields": ["service_id"],
    }


# What `parse_response` reads of a search response: not each hit's index name, id or sort values.
RESPONSE_PATHS = [
    "took",
    "hits.total",
    "hits.hits._score",
    "hits.hits._source",
    "hits.hits.matched_queries",
    "aggregations",
]


def total_of(response: Mapping[str, Any]) -> int:
    total = response.get("hits", {}).get("total", {})
    return int(total.get("value", 0) if isinstance(total, Mapping) else total)


# ---------------------------------------------------------------------------- responses


def nearest_venues(
    place: geo.Place, radius_miles: float, sources: list[Mapping[str, Any]]
) -> tuple[np.ndarray, list[NearestLocation | None]]:
    """Each source's distance to its nearest venue inside the database backend's bounding box
    (`geo.bounding_box`), measured in one call of the function it uses, and that venue; inf and
    None for a source without a venue in the box."""
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(place.latitude, place.longitude, radius_miles)
    rows, points = [], []
    for row, source in enumerate(sources):
        for venue in source.get("venues") or ():
            location = venue.get("location")
            if (
                location
                and min_lat <= float(location["lat"]) <= max_lat
                and min_lng <= float(location["lon"]) <= max_lng
            ):
                rows.append(row)
                points.append(venue)
    distances = np.full(len(sources), np.inf)
    nearest: list[NearestLocation | None] = [None] * len(sources)
    if not points:
        return distances, nearest
    rows_array = np.array(rows, dtype=np.int64)
    measured = geo.distances_miles(
        place.coordinates,
        [float(venue["location"]["lat"]) for venue in points],
        [float(venue["location"]["lon"]) for venue in points],
    )
    np.minimum.at(distances, rows_array, measured)
    for position in np.flatnonzero(measured == distances[rows_array]):
        row, venue = rows[position], points[position]
        if nearest[row] is None:  # the first of equally near venues, as listed
            nearest[row] = NearestLocation(
                venue.get("name", ""),
                venue.get("postcode", ""),
                float(venue["location"]["lat"]),
                float(venue["location"]["lon"]),
            )
    return distances, nearest


def coverage(source: Mapping[str, Any], query: SearchQuery, distance: float | None) -> str:
    """How a hit reaches the searched place, as the database backend labels it."""
    place = query.place
    if place is None:
        return ""
    if distance is not None and distance <= query.radius_miles:
        return "venue"
    area = source.get("served_area")
    if area == "national":
        return "national"
    if place.district is not None:
        if area == "county":
            return "county"
        if area == "districts" and place.district in (source.get("served_districts") or ()):
            return "district"
    # Elasticsearch's spherical geo_distance let in a venue the ellipsoid puts a few yards outside.
    return "venue" if distance is not None else ""


def _count(bucket: Mapping[str, Any]) -> int:
    """Services in a bucket (its `services` cardinality), or listings in a response without one."""
    services = bucket.get("services")
    if isinstance(services, Mapping) and "value" in services:
        return int(services["value"])
    return int(bucket.get("doc_count", 0))


def _facet_counts(parameter: str, aggregation: Mapping[str, Any]) -> dict[str, int]:
    values = aggregation.get("values", {})
    counts = {str(bucket["key"]): _count(bucket) for bucket in values.get("buckets", ())}
    # In the facet's order (ages youngest first), as the database backend lists them.
    return {
        value: counts[value]
        for value in sorted(counts, key=facets.BY_PARAMETER[parameter].order)
        if counts[value]
    }


NO_DAY = 10**7  # no review date: never out of date (as the database table holds it)


def _day(value: Any, default: int = 0) -> int:
    return datetime.date.fromisoformat(str(value)[:10]).toordinal() if value else default


def _mask(values: Iterable[Any]) -> np.ndarray:
    return np.array([bool(value) for value in values], dtype=bool)


def is_complete(response: Mapping[str, Any]) -> bool:
    """Every listing the search found is in the response (no more than `fetch_size`)."""
    return total_of(response) <= len(response.get("hits", {}).get("hits", []))


def parse_response(
    response: Mapping[str, Any],
    query: SearchQuery,
    analysed: AnalysedText | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    today: datetime.date | None = None,
    filtered: bool = True,
) -> BackendResults:
    """`BackendResults` from an Elasticsearch search response (as a dict): the fetched listings
    ranked by `search.ranking` (the database backend's functions), one card per service, paged.
    `filtered`: the request put the filters in `post_filter` (else they are applied here, which
    needs every candidate fetched: `is_complete`)."""
    raw_hits = list(response.get("hits", {}).get("hits", []))
    sources = [raw.get("_source") or {} for raw in raw_hits]
    n = len(raw_hits)
    ids = np.fromiter(
        (
            int(source["service_id"] if "service_id" in source else raw["_id"])
            for raw, source in zip(raw_hits, sources, strict=True)
        ),
        dtype=np.int64,
        count=n,
    )
    matched_queries = [set(raw.get("matched_queries") or ()) for raw in raw_hits]

    strong, weak, from_words = ranking.needs(query, analysed)
    themes = [set(source.get("themes") or ()) for source in sources]
    theme = ranking.theme_feature(
        _mask(found & set(strong) for found in themes), _mask(found & set(weak) for found in themes)
    )
    primary = _mask(source.get("primary_theme") in strong for source in sources)
    text = np.zeros(n, dtype=float)
    keep = np.ones(n, dtype=bool)
    if from_words:
        terms = ranking.query_terms(analysed)
        weights = {term: (weights or {}).get(term, 1.0) for term in terms}
        anywhere = {
            term: _mask({f"n{i}", f"b{i}"} & found for found in matched_queries)
            for i, term in enumerate(terms)
        }
        in_title = {
            term: _mask(f"n{i}" in found for found in matched_queries) for i, term in enumerate(terms)
        }
        text = ranking.text_score(anywhere, in_title, weights, n)
        # Elasticsearch compared 32-bit scores with the threshold: the exact rule decides.
        keep = ranking.candidates(text, theme, bool(strong or weak))

    distances = np.full(n, np.inf)
    nearest: list[NearestLocation | None] = [None] * n
    if query.place is not None:
        distances, nearest = nearest_venues(query.place, query.radius_miles, sources)

    names = np.array([source.get("name_sort", "") for source in sources], dtype=object)
    name_rank = np.empty(n, dtype=np.int64)
    name_rank[np.lexsort((ids, names)) if n else []] = np.arange(n)
    access = [set(source.get("access_routes") or ()) for source in sources]
    self_referral = _mask(ranking.SELF_REFERRAL in routes for routes in access)
    national = _mask(source.get("served_area") == "national" for source in sources)
    county = _mask(source.get("served_area") == "county" for source in sources)
    remote = _mask(set(source.get("modes") or ()) & set(ranking.REMOTE_MODES) for source in sources)
    rows = np.flatnonzero(keep)
    order = ranking.order(
        sort=query.sort,
        name_rank=name_rank[rows],
        last_checked=np.fromiter((_day(s.get("last_checked")) for s in sources), np.int64, n)[rows],
        distances=distances[rows],
        radius_miles=query.radius_miles if query.place is not None else None,
        text=text[rows],
        theme=theme[rows],
        primary=primary[rows],
        self_referral=self_referral[rows],
        contact_now=ranking.contact_now(
            self_referral, _mask(s.get("always_open") for s in sources), national, remote
        )[rows],
        safeguarding=ranking.safeguarding(
            county, _mask(ranking.STATUTORY_REFERRAL in routes for routes in access), self_referral
        )[rows],
        next_review=np.fromiter((_day(s.get("next_review"), NO_DAY) for s in sources), np.int64, n)[rows],
        today=(today or review.today()).toordinal(),
        out_of_date_after=review.OUT_OF_DATE_AFTER.days,
        crisis=bool(analysed and analysed.crisis),
    )
    ordered = rows[order]
    # One card per service: a listing without a group key stands alone, and so does every listing
    # when the caller lists them all (the Open Referral API: `one_per_service` False).
    keys = [
        (query.one_per_service and source.get("group")) or f"#{service_id}"
        for source, service_id in zip(sources, ids, strict=True)
    ]
    numbers: dict[str, int] = {}
    groups = np.fromiter((numbers.setdefault(key, len(numbers)) for key in keys), dtype=np.int64, count=n)
    cards = ordered[ranking.first_per_group(groups[ordered])]

    aggregations = response.get("aggregations", {})
    services = aggregations.get("services", {}).get("count", {})
    counts = None
    if not filtered and is_complete(response):
        # Every candidate fetched, unfiltered: filter and count the cards as the database does
        # (a service is kept and counted by its best-placed listing's attributes).
        columns = FilterColumns.from_values(
            {field: [s.get(field) or () for s in sources] for field in facets.FIELDS}
        )
        is_card = np.zeros(n, dtype=bool)
        is_card[cards] = True
        kept, counts = columns.filter_and_count(is_card, query)
        cards = cards[kept[cards]]
        found = len(cards)
    elif is_complete(response) or "value" not in services:
        found = len(cards)  # every (filtered) listing fetched: the groups counted here are exact
    else:
        found = int(services["value"])

    start = (query.page - 1) * query.per_page
    hits = []
    for row in cards[start : start + query.per_page]:
        members = np.flatnonzero(groups[rows] == groups[row])
        distance = float(distances[row]) if np.isfinite(distances[row]) else None
        hits.append(
            Hit(
                service_id=int(ids[row]),
                score=float(raw_hits[row].get("_score") or 0.0),
                distance_miles=distance,
                nearest_location=nearest[row],
                coverage=coverage(sources[row], query, distance),
                also_in=tuple(sorted(int(ids[rows[m]]) for m in members if rows[m] != row)),
            )
        )
    if counts is None:
        counts = {
            parameter: _facet_counts(parameter, aggregations.get(f"facet_{parameter}", {}))
            for parameter in FACET_PARAMETERS
        }
    return BackendResults(hits=hits, total=found, facets=counts, backend=ElasticsearchBackend.name)


# ---------------------------------------------------------------------------- failures


def _error_type(error: ApiError) -> str:
    """Elasticsearch's name for an error ("index_not_found_exception"), from its body."""
    body = error.body
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        return str(body["error"].get("type", ""))
    return str(error.message)


def reason_for(error: BaseException) -> str:
    """Why the cluster could not answer, in words safe for /healthz and the log: never a URL, a
    host name or a credential."""
    if isinstance(error, BackendUnavailable):
        return error.reason
    if isinstance(error, ConnectionTimeout):
        return "timed out"
    if isinstance(error, TlsError):
        return "TLS failed (certificate, CA or fingerprint)"
    if isinstance(error, ConnectionError):
        return "unreachable"
    if isinstance(error, TransportError):
        return "transport error"
    if isinstance(error, UnsupportedProductError):
        return "the server is not Elasticsearch"
    if isinstance(error, helpers.BulkIndexError):
        statuses = sorted({_bulk_item_status(item) for item in error.errors})
        types = sorted({_bulk_item_type(item) for item in error.errors} - {""})
        if "cluster_block_exception" in types:
            return f"the index is read-only (cluster block: disk flood stage?); {len(error.errors)} writes refused"
        return f"{len(error.errors)} documents rejected (status {statuses}; {', '.join(types) or 'error'})"
    if isinstance(error, ApiError):
        error_type = _error_type(error)
        if error_type == "cluster_block_exception":
            return "the index is read-only (cluster block: disk flood stage?)"
        if error.status_code == 401:
            return "authentication failed (401): check ELASTICSEARCH_API_KEY or the user and password"
        if error.status_code == 403:
            return "not authorised (403): the credentials lack a privilege on the index"
        if error.status_code == 404 and error_type == "index_not_found_exception":
            return "the index is not built: run rebuild_search_index"
        if error.status_code == 429:
            return "overloaded (429 too many requests)"
        if error.status_code == 400:
            return f"request rejected (400 {error_type}): the index mapping has drifted; run rebuild_search_index"
        if error.status_code >= 500:
            return f"server error ({error.status_code} {error_type})"
        return f"error {error.status_code} {error_type}"
    return type(error).__name__


def _bulk_item_status(item: Mapping[str, Any]) -> int:
    return int(next(iter(item.values()), {}).get("status", 0))


def _bulk_item_type(item: Mapping[str, Any]) -> str:
    error = next(iter(item.values()), {}).get("error")
    return str(error.get("type", "")) if isinstance(error, Mapping) else ""


class _Available:
    """Turn every way the cluster can fail to answer into `BackendUnavailable` with a reason."""

    def __init__(self, action: str):
        self.action = action

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is None or isinstance(error, BackendUnavailable):
            return False
        if isinstance(error, ApiError | TransportError | helpers.BulkIndexError):
            reason = reason_for(error)
            raise BackendUnavailable(f"Elasticsearch {self.action}: {reason}", reason) from error
        return False


def _available(action: str) -> _Available:
    return _Available(action)


# ---------------------------------------------------------------------------- connecting


def client_options(
    url: str,
    *,
    api_key: str = "",
    username: str = "",
    password: str = "",
    ca_certs: str = "",
    fingerprint: str = "",
    verify_certs: bool = True,
    timeout: float = REQUEST_TIMEOUT,
) -> dict[str, Any]:
    """The `Elasticsearch(...)` keyword arguments for a URL and production credentials: an API key
    (preferred) or basic auth, TLS verified against a CA bundle or pinned by the certificate's
    SHA-256 fingerprint. One retry for a dropped connection; a timeout is not retried, so a hung
    cluster costs one `timeout` before the database answers (and the circuit breaker then skips it)."""
    options: dict[str, Any] = {
        "request_timeout": timeout,
        "max_retries": 1,
        "retry_on_timeout": False,
        # 429 and 5xx are not retried at once by the transport: bulk writes back off and retry
        # 429 themselves (`_write`), and a search falls back rather than asking twice.
        "retry_on_status": (),
        # A search reads 500 hits' features: orjson decodes them several times faster than json.
        "serializer": OrjsonSerializer(),
    }
    if api_key:
        options["api_key"] = api_key
    elif username:
        options["basic_auth"] = (username, password)
    if url.startswith("https"):
        if fingerprint:
            options["ssl_assert_fingerprint"] = fingerprint.replace(":", "").lower()
            options["verify_certs"] = False
        else:
            options["verify_certs"] = verify_certs
            if ca_certs:
                options["ca_certs"] = ca_certs
    return options


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


def versioned_name(alias: str) -> str:
    """A new concrete index behind `alias`, sortable by when it was built."""
    return f"{alias}-v{time.strftime('%Y%m%d%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:6]}"


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

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

    @property
    def building_alias(self) -> str:
        """Points at an index being built by `rebuild`, so publishes meanwhile are written there too."""
        return f"{self.index_name}-building"

    def _client(self) -> Elasticsearch:
        if self.client is None:
            raise BackendUnavailable(self.config_error)
        return self.client

    @property
    def _admin(self) -> Elasticsearch:
        return self._client().options(request_timeout=ADMIN_TIMEOUT)

    # ------------------------------------------------------------------ searching

    def build_search(self, query: SearchQuery, analysed: AnalysedText | None) -> Search:
        return build_search(query, analysed, using=self.client, index=self.index_name)

    def parse_response(self, response: Mapping[str, Any], query: SearchQuery) -> BackendResults:
        return parse_response(response, query)

    def search(self, query: SearchQuery, analysed: AnalysedText | None) -> BackendResults:
        """At most three requests, usually one or two: the words' weights (cached), then either
        every candidate unfiltered (no facets: Python counts them), or, when there are more than
        CANDIDATE_LIMIT, the best of them filtered with the facets. With filters, a count that
        stops past the limit says which; without, the unfiltered fetch says it and the facets
        follow alone."""
        client = self._client()
        with _available("search"):
            if not query.one_per_service and query.sort in LISTING_SORTS:
                return self._listings(query, analysed)
            weights = self._weights(query, analysed)
            filters = filter_queries(query)
            if filters:
                probe = client.search(
                    index=self.index_name, body=candidate_count_request(query, analysed, weights)
                )
                if total_of(probe.body) <= CANDIDATE_LIMIT:
                    response = self._search(query, analysed, weights, filtered=False, facets=False)
                    # (Unless services were published between the two requests.)
                    if is_complete(response):
                        return parse_response(response, query, analysed, weights=weights, filtered=False)
                response = self._search(query, analysed, weights, filtered=True, facets=True)
            else:
                response = self._search(query, analysed, weights, filtered=False, facets=False)
                if is_complete(response):
                    return parse_response(response, query, analysed, weights=weights, filtered=False)
                counted = self._search(query, analysed, weights, filtered=True, facets=True, size=0)
                response = {**response, "aggregations": counted.get("aggregations", {})}
            return self._deep_enough(response, query, analysed, weights)

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

    # ------------------------------------------------------------------ the index and its alias

    def index_definition(self, name: str | None = None) -> DslIndex:
        return index_definition(name or self.index_name, replicas=self.replicas)

    def live_indexes(self) -> list[str]:
        """The concrete indexes behind the alias (one, except mid-swap or after an old deploy)."""
        client = self._client()
        with _available("read alias"):
            response = client.options(ignore_status=404).indices.get_alias(name=self.index_name)
            if response.meta.status == 200:
                return sorted(response.body)
            response = client.options(ignore_status=404).indices.get(index=self.index_name)
            return [self.index_name] if response.meta.status == 200 else []

    def _building_indexes(self, client: Elasticsearch) -> list[str]:
        response = client.options(ignore_status=404).indices.get_alias(name=self.building_alias)
        return sorted(response.body) if response.meta.status == 200 else []

    def create_index(self) -> None:
        """Create the first index behind the alias, unless the alias (or an index of that name) exists."""
        client = self._client()
        with _available("create index"):
            if client.indices.exists(index=self.index_name):
                return
            name = f"{self.index_name}-v0"
            response = self._admin.options(ignore_status=400).indices.create(
                index=name,
                settings=index_settings(self.replicas),
                mappings=expected_mapping(),
                aliases={self.index_name: {}},
            )
            if (
                response.meta.status == 400
                and _error_type_of(response.body) != "resource_already_exists_exception"
            ):
                raise BackendUnavailable(f"Elasticsearch create index: {response.body}")
            if response.meta.status == 200:
                logger.info("Created Elasticsearch index %s behind %s", name, self.index_name)

    def mapping_drift(self) -> list[str]:
        """Fields whose mapping in the live index differs from `expected_mapping` (empty: none)."""
        client = self._client()
        with _available("read mapping"):
            mappings = client.indices.get_mapping(index=self.index_name).body
        expected_all = expected_mapping()
        expected = expected_all["properties"]
        drifted = set()
        for body in mappings.values():
            if body.get("mappings", {}).get("_source") != expected_all.get("_source"):
                drifted.add("_source")
            actual = body.get("mappings", {}).get("properties", {})
            for field, definition in expected.items():
                if actual.get(field) != definition:
                    drifted.add(field)
            drifted |= set(actual) - set(expected)
        return sorted(drifted)

    # ------------------------------------------------------------------ writing

    def _write(
        self, actions: list[dict[str, Any]], client: Elasticsearch, small: bool, **kwargs: Any
    ) -> None:
        retries, backoff = (PUBLISH_RETRIES, PUBLISH_BACKOFF) if small else (REBUILD_RETRIES, REBUILD_BACKOFF)
        helpers.bulk(
            client,
            actions,
            chunk_size=BULK_CHUNK_SIZE,
            max_retries=retries,
            initial_backoff=backoff,
            max_backoff=8,
            **kwargs,
        )

    def index(self, records: Iterable[ServiceRecord]) -> None:
        records = list(records)
        if not records:
            return
        self.create_index()
        small = len(records) <= SMALL_BATCH
        client = self._client() if small else self._admin
        with _available("index"):
            targets = [self.index_name, *self._building_indexes(client)]
            self._write(list(bulk_actions(records, targets)), client, small)
            self._searchable(client, targets)

    def remove(self, service_ids: Iterable[int]) -> None:
        ids = [str(service_id) for service_id in service_ids]
        if not ids:
            return
        small = len(ids) <= SMALL_BATCH
        client = self._client() if small else self._admin
        with _available("remove"):
            # A delete must never create the index (with a guessed mapping): no index, nothing to remove.
            if not client.indices.exists(index=self.index_name):
                return
            targets = [*self.live_indexes(), *self._building_indexes(client)]
            actions = [{"_op_type": "delete", "_index": name, "_id": id_} for name in targets for id_ in ids]
            self._write(actions, client, small, ignore_status=(404,))
            self._searchable(client, targets)

    def _searchable(self, client: Elasticsearch, targets: list[str]) -> None:
        """Make a write searchable now, whatever its size, then forget the words' weights: a
        search between the write and the periodic refresh would see part of it (an import's
        services missing for a second) and cache weights counted on that part for minutes."""
        try:
            client.indices.refresh(index=targets)
        finally:
            self.word_weights.forget()

    def rebuild(self, batches: Callable[[], Iterable[list[ServiceRecord]]]) -> int:
        """Build a new versioned index from `batches()`, then point the alias at it in one atomic
        step and delete the old ones. Searches see the old index until the swap; any failure
        deletes the new index and leaves the old one serving, never a half-built one."""
        client = self._admin
        new = versioned_name(self.index_name)
        count = 0
        with _available("rebuild"):
            client.indices.create(
                index=new,
                settings={**index_settings(self.replicas), "refresh_interval": "-1"},
                mappings=expected_mapping(),
                aliases={self.building_alias: {}},
            )
        try:
            with _available("rebuild"):
                for batch in batches():
                    self._write(list(bulk_actions(batch, [new])), client, small=False)
                    count += len(batch)
                client.indices.put_settings(index=new, settings={"refresh_interval": None})
                client.indices.refresh(index=new)
                old = self.live_indexes()
                actions: list[dict[str, Any]] = [
                    {"remove": {"index": new, "alias": self.building_alias}},
                    {"add": {"index": new, "alias": self.index_name}},
                ]
                for name in old:
                    if name == self.index_name:  # an index (not an alias) of that name: an old deploy
                        actions.append({"remove_index": {"index": name}})
                    else:
                        actions.append({"remove": {"index": name, "alias": self.index_name}})
                client.indices.update_aliases(actions=actions)
                self.word_weights.forget()  # counted on the old index until the swap
        except BaseException:
            client.options(ignore_status=404).indices.delete(index=new)
            raise
        for name in old:
            if name != self.index_name:
                client.options(ignore_status=404).indices.delete(index=name)
        logger.info("Rebuilt Elasticsearch index %s (%d services) behind %s", new, count, self.index_name)
        return count

    def clear(self) -> None:
        """Replace the live index with an empty one (an atomic swap, like `rebuild`)."""
        self.rebuild(lambda: [])

    def delete_index(self) -> None:
        """Delete the alias's indexes and any being built (test clean-up)."""
        client = self._client()
        with _available("delete index"):
            names = [*self.live_indexes(), *self._building_indexes(client)]
            for name in names:
                self._admin.options(ignore_status=404).indices.delete(index=name)

    def refresh(self) -> None:
        """Make everything indexed so far searchable now (tests; Elasticsearch does it each second)."""
        with _available("refresh"):
            self._admin.indices.refresh(index=self.index_name)

    def count(self) -> int:
        client = self._client()
        with _available("count"):
            response = client.options(ignore_status=404).count(index=self.index_name)
        return int(response.body.get("count", 0)) if response.meta.status == 200 else 0

    def indexed_ids(self) -> set[int]:
        """Every service id in the live index (for `reconcile_search_index`)."""
        client = self._admin
        with _available("scan"):
            return {
                int(hit["_id"])
                for hit in helpers.scan(
                    client, index=self.index_name, query={"query": {"match_all": {}}}, _source=False
                )
            }


ElasticsearchBackend.word_weights = WordWeights()


def _error_type_of(body: Any) -> str:
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        return str(body["error"].get("type", ""))
    return ""
