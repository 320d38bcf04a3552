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

The semantics are the database backend's (`search/backends/database.py`), request for request:

- candidates: services whose name or body terms hold any of the query's terms, or that are tagged
  with a theme the words describe, and (with a place) that have a venue within the radius or serve
  the place (nationally; county-wide or in its district when the place is in Lancashire);
- relevance is scored as `DocumentTable.text_relevance` scores it, with constant-score clauses
  (a text match 1/3, plus 2/3 shared among the query terms found in the name, plus the theme
  bonus), times 0.5 + 0.5 × a Gaussian decay of the nearest venue (or the flat coverage nearness),
  times the out-of-date factor; ties by name;
- "nearest" is an exponential decay on the venues in the database backend's bounding box (one
  function, no script): the nearer the venue the higher the score, everything else after, by name;
- filters go in `post_filter`, so each facet is counted over the candidates with every *other*
  filter applied (disjunctive facets), one `filter` aggregation per facet;
- every hit's distance and nearest venue are measured here from `_source` with
  `directory.geo.distances_miles`, the function the database backend uses.

**Indexes behind an alias.** Searches and writes go to the alias (ELASTICSEARCH_INDEX). `rebuild`
builds a new versioned index, loads it, and swaps the alias in one atomic `_aliases` call, so a
search never sees a half-built index; publishes during a rebuild are written to both.

`build_search` and `parse_response` are pure: the tests check the request body and read a
hand-written response, as well as running everything against a live node.
"""

from __future__ import annotations

import datetime
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from elastic_transport import ConnectionError, ConnectionTimeout, TlsError, TransportError
from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import (
    A,
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

from directory import geo, review
from directory.models.pages import PREGNANCY

from .. import ranking
from ..documents import ServiceRecord
from ..query import FACET_PARAMETERS, MAX_PAGE, PER_PAGE_CHOICES, SearchQuery
from ..text import AnalysedText
from .base import BackendResults, BackendUnavailable, Hit, NearestLocation, SearchBackend

COVERAGE_NEARNESS = ranking.COVERAGE_NEARNESS
OUT_OF_DATE_FACTOR = ranking.OUT_OF_DATE_FACTOR
# The theme bonus of the old formula, until the port to search.ranking's rules lands.
THEME_MATCH_BONUS = ranking.W_THEME

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

# Relevance, as `search.snapshot.DocumentTable.text_relevance` scores it: any match counts 1/3,
# the query's terms found in the name share the other 2/3. THEME_MATCH_BONUS, COVERAGE_NEARNESS and
# OUT_OF_DATE_FACTOR are read from the database backend, so the two cannot drift apart.
TEXT_MATCH_SCORE = 1.0 / 3.0
NAME_TERMS_SCORE = 2.0 / 3.0
# More buckets than any facet has values (themes, languages, ...), so no count is ever cut off.
FACET_SIZE = 500
AGE_VALUES = ("pregnancy", *(str(age) for age in range(0, 26)))
# Deep pages must still be reachable: the last page of the largest page size.
MAX_RESULT_WINDOW = MAX_PAGE * max(PER_PAGE_CHOICES)

# GET parameter -> keyword field, for the filters whose values are terms.
TERM_FIELDS = {
    "theme": "themes",
    "kind": "kind",
    "level": "levels",
    "access": "access_routes",
    "mode": "modes",
    "when": "when",
    "language": "languages",
}

# ---------------------------------------------------------------------------- the document


def _terms_field():
    """Terms produced by `search.text`, split on spaces and matched exactly. Scores come from
    constant-score clauses, so no norms or term frequencies are kept."""
    return Text(analyzer="whitespace", norms=False, index_options="docs")


class ServiceDocument(Document):
    """One live service: what search filters, ranks and reports from a `ServiceRecord`."""

    service_id = Integer()
    name = Keyword(index=False, doc_values=False)  # for people reading the index
    name_sort = Keyword()  # name.casefold(): the database backend's name order
    name_terms = _terms_field()  # ServiceRecord.title_terms
    body_terms = _terms_field()  # ServiceRecord.body_terms (summary and body)
    themes = Keyword(multi=True)
    kind = Keyword()
    cost = Keyword()
    levels = Keyword(multi=True)
    access_routes = Keyword(multi=True)
    modes = Keyword(multi=True)
    when = Keyword(multi=True)
    languages = Keyword(multi=True)
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


def document_source(record: ServiceRecord) -> dict[str, Any]:
    """A record as the `_source` of its document: terms as text, dates in ISO form, venues as lat/lon."""
    return {
        "service_id": record.service_id,
        "name": record.name,
        "name_sort": record.name.casefold(),
        "name_terms": record.title_terms,
        "body_terms": record.body_terms,
        "themes": list(record.themes),
        "kind": record.kind,
        "cost": record.cost,
        "levels": list(record.levels),
        "access_routes": list(record.access_routes),
        "modes": list(record.modes),
        "when": list(record.when),
        "languages": list(record.languages),
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


def text_query(analysed: AnalysedText | None):
    """Services whose name or body holds any of the terms, or that are tagged with a theme the
    words describe, scored as the database backend scores them; None when the words give nothing
    to match (every service is then a candidate, with no text score)."""
    terms = list(dict.fromkeys(analysed.terms)) if analysed is not None else []
    themes = list(analysed.themes) if analysed is not None else []
    clauses = []
    if terms:
        anywhere = Q(
            "bool",
            should=[Q("terms", name_terms=terms), Q("terms", body_terms=terms)],
            minimum_should_match=1,
        )
        clauses.append(Q("constant_score", filter=anywhere, boost=TEXT_MATCH_SCORE))
        share = NAME_TERMS_SCORE / len(terms)
        clauses.extend(Q("constant_score", filter=Q("term", name_terms=term), boost=share) for term in terms)
    if themes:
        clauses.append(Q("constant_score", filter=Q("terms", themes=themes), boost=THEME_MATCH_BONUS))
    if not clauses:
        return None
    # A name term implies a text match, so "any one clause" is "a text match or a theme".
    return Q("bool", should=clauses, minimum_should_match=1)


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


def age_query(age: int):
    """Services whose age range includes `age` (PREGNANCY, -1, for expectant parents)."""
    return Q("bool", filter=[Q("range", age_min={"lte": age}), Q("range", age_max={"gte": age})])


def filter_queries(query: SearchQuery) -> dict[str, Any]:
    """Each filter in use, as a query, by GET parameter; values within one filter are alternatives."""
    filters = {}
    for parameter in FACET_PARAMETERS:
        if parameter == "age":
            if query.age is not None:
                filters["age"] = age_query(query.age)
        elif parameter == "free":
            if query.free_only:
                filters["free"] = Q("term", cost="free")
        else:
            selected = query.selected(parameter)
            if selected:
                filters[parameter] = Q("terms", **{TERM_FIELDS[parameter]: list(selected)})
    return filters


def _all_of(queries: list) -> Any:
    return Q("bool", filter=queries) if queries else Q("match_all")


def facet_aggregation(parameter: str, others: list):
    """A facet's counts over the candidates with every other filter in use applied."""
    if parameter == "age":
        values = A(
            "filters",
            filters={
                value: age_query(PREGNANCY if value == "pregnancy" else int(value)) for value in AGE_VALUES
            },
        )
    elif parameter == "free":
        values = A("filter", filter=Q("term", cost="free"))
    else:
        values = A("terms", field=TERM_FIELDS[parameter], size=FACET_SIZE)
    aggregation = A("filter", filter=_all_of(others))
    aggregation.bucket("values", values)
    return aggregation


def out_of_date_before(today: datetime.date | None = None) -> datetime.date:
    """Listings whose next review is before this day are out of date (as `review.is_out_of_date`)."""
    return (today or review.today()) - review.OUT_OF_DATE_AFTER


def nearness_scale(radius_miles: float) -> float:
    """The Gaussian's scale, as `search.backends.database.nearness` sets it: 0.5 at half the radius."""
    return max(radius_miles / 2, 0.5)


def _nearness_functions(query: SearchQuery, weight: float) -> list[dict[str, Any]]:
    """`weight` × the Gaussian nearness of the nearest venue in the radius, or × the flat
    COVERAGE_NEARNESS for a service that only covers the place."""
    near = near_query(query)
    return [
        {
            "filter": near,
            "weight": weight,
            "gauss": {
                "locations": {
                    "origin": _origin(query.place),
                    "scale": _miles(nearness_scale(query.radius_miles)),
                    "offset": "0mi",
                    "decay": 0.5,
                },
                "multi_value_mode": "min",
            },
        },
        {"filter": ~near, "weight": weight * COVERAGE_NEARNESS},
    ]


def relevance_query(base, query: SearchQuery, has_text_score: bool, today: datetime.date | None = None):
    """`base` scored as the database backend scores relevance.

    With words and a place: text score × (0.5 + 0.5 × nearness). With a place and no words: the
    nearness alone. Listings more than 90 days past their review are weighted down by
    OUT_OF_DATE_FACTOR. With neither words nor a place every score is 0 and the name decides.
    """
    scored = base
    if query.place is not None:
        if query.text:
            scored = Q(
                "function_score",
                query=scored,
                functions=[{"weight": 0.5}, *_nearness_functions(query, 0.5)],
                score_mode="sum",
                boost_mode="multiply",
            )
        else:
            scored = Q(
                "function_score",
                query=scored,
                functions=_nearness_functions(query, 1.0),
                score_mode="sum",
                boost_mode="replace",
            )
    elif not has_text_score:
        return Q("constant_score", filter=base, boost=0.0)
    return Q(
        "function_score",
        query=scored,
        functions=[
            {
                "filter": Q("range", next_review={"lt": out_of_date_before(today).isoformat()}),
                "weight": OUT_OF_DATE_FACTOR,
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


SOURCE_FIELDS = ["service_id", "served_area", "served_districts", "venues"]


def build_search(
    query: SearchQuery,
    analysed: AnalysedText | None,
    *,
    using: Any = "default",
    index: str = DEFAULT_INDEX,
    today: datetime.date | None = None,
) -> Search:
    """The whole request for one search: candidates in `query`, filters in `post_filter`,
    disjunctive facets in `aggs`, then sort, page and the `_source` fields `parse_response` reads."""
    matched = text_query(analysed)
    filters = [place_query(query)] if query.place is not None else []
    if matched is not None:
        base = Q("bool", must=[matched], filter=filters)
    elif filters:
        base = Q("bool", filter=filters)
    else:
        base = Q("match_all")
    if query.sort == "relevance":
        base = relevance_query(base, query, matched is not None, today)
    elif query.sort == "nearest" and query.place is not None:
        base = nearest_query(base, query)

    search = Search(using=using, index=index).query(base)
    filters_by_parameter = filter_queries(query)
    if filters_by_parameter:
        search = search.post_filter(_all_of(list(filters_by_parameter.values())))
    for parameter in FACET_PARAMETERS:
        others = [clause for other, clause in filters_by_parameter.items() if other != parameter]
        search.aggs.bucket(f"facet_{parameter}", facet_aggregation(parameter, others))
    start = (query.page - 1) * query.per_page
    return (
        search.sort(*sort_keys(query))
        .source(SOURCE_FIELDS)
        .extra(from_=start, size=query.per_page, track_total_hits=True)
    )


# ---------------------------------------------------------------------------- responses


def _nearest(
    place: geo.Place, venues: list[Mapping[str, Any]]
) -> tuple[float | None, NearestLocation | None]:
    points = [venue for venue in venues if venue.get("location")]
    if not points:
        return None, None
    distances = geo.distances_miles(
        place.coordinates,
        [float(venue["location"]["lat"]) for venue in points],
        [float(venue["location"]["lon"]) for venue in points],
    )
    best = int(distances.argmin())
    venue = points[best]
    location = NearestLocation(
        venue.get("name", ""),
        venue.get("postcode", ""),
        float(venue["location"]["lat"]),
        float(venue["location"]["lon"]),
    )
    return float(distances[best]), location


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


def _facet_counts(parameter: str, aggregation: Mapping[str, Any]) -> dict[str, int]:
    values = aggregation.get("values", {})
    if parameter == "free":
        count = int(values.get("doc_count", 0))
        return {"1": count} if count else {}
    buckets = values.get("buckets", {})
    if parameter == "age":
        counts = {value: int(buckets.get(value, {}).get("doc_count", 0)) for value in AGE_VALUES}
        return {value: count for value, count in counts.items() if count}
    return {str(bucket["key"]): int(bucket["doc_count"]) for bucket in buckets if bucket["doc_count"]}


def parse_response(response: Mapping[str, Any], query: SearchQuery) -> BackendResults:
    """`BackendResults` from an Elasticsearch search response (as a dict)."""
    hits = []
    for raw in response.get("hits", {}).get("hits", []):
        source = raw.get("_source") or {}
        distance, nearest = (None, None)
        if query.place is not None:
            distance, nearest = _nearest(query.place, list(source.get("venues") or []))
        hits.append(
            Hit(
                service_id=int(source.get("service_id", raw["_id"])),
                score=float(raw.get("_score") or 0.0),
                distance_miles=distance,
                nearest_location=nearest,
                coverage=coverage(source, query, distance),
            )
        )
    total = response.get("hits", {}).get("total", {})
    aggregations = response.get("aggregations", {})
    facets = {
        parameter: _facet_counts(parameter, aggregations.get(f"facet_{parameter}", {}))
        for parameter in FACET_PARAMETERS
    }
    return BackendResults(
        hits=hits,
        total=int(total.get("value", 0) if isinstance(total, Mapping) else total),
        facets=facets,
        backend=ElasticsearchBackend.name,
    )


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
        client = self._client()
        search = self.build_search(query, analysed)
        with _available("search"):
            response = client.search(index=self.index_name, body=search.to_dict())
        return parse_response(response.body, query)

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
        expected = expected_mapping()["properties"]
        drifted = set()
        for body in mappings.values():
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
            if small:  # a publish is searchable at once; bigger batches wait for the periodic refresh
                client.indices.refresh(index=targets)

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
            if small:
                client.indices.refresh(index=targets)

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


def _error_type_of(body: Any) -> str:
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        return str(body["error"].get("type", ""))
    return ""
