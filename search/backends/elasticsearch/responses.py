"""Reading Elasticsearch's answers. Pure: it reads response dicts and sends nothing.

`parse_response` turns a search response into `BackendResults`: the fetched listings ranked by the
database backend's own functions (`search.ranking`), one card per service, filtered and counted by
`columns.FilterColumns` when every candidate was fetched, each card with its nearest venue
(`nearest_venues`) and how it reaches the place (`coverage`), then paged. Also the totals
(`total_of`, `is_complete`), the facet counts and the words' weights (`term_weights`).
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import numpy as np

from directory import distances, facets, geo, review

from ... import ranking
from ...columns import FilterColumns
from ...query import FACET_PARAMETERS, SearchQuery
from ...text import AnalysedText
from ..base import BackendResults, BackendUnavailable, Hit, NearestLocation
from .mapping import unpack_features

# The backend's name in its results (`ElasticsearchBackend.name`).
NAME = "elasticsearch"

# What `parse_response` reads of a search response: not each hit's index name or sort values.
RESPONSE_PATHS = [
    "took",
    "hits.total",
    "hits.hits._score",
    "hits.hits.fields",
    "hits.hits.matched_queries",
    "aggregations",
]
# The same of each response of an `_msearch`, and a refused search's error.
MSEARCH_PATHS = [f"responses.{path}" for path in RESPONSE_PATHS] + ["responses.error", "responses.status"]


def total_of(response: Mapping[str, Any]) -> int:
    total = response.get("hits", {}).get("total", {})
    return int(total.get("value", 0) if isinstance(total, Mapping) else total)


def term_weights(response: Mapping[str, Any], terms: Iterable[str]) -> dict[str, float]:
    """Each term's idf (`ranking.idf`) from a `document_frequency_request` response."""
    n = total_of(response)
    buckets = response.get("aggregations", {}).get("df", {}).get("buckets", {})
    return {term: ranking.idf(int(buckets.get(term, {}).get("doc_count", 0)), n) for term in terms}


def nearest_venues(
    place: geo.Place, radius_miles: float, sources: list[Mapping[str, Any]]
) -> tuple[np.ndarray, list[NearestLocation | None]]:
    """Each source's distance to its nearest venue inside the database backend's bounding box
    (`distances.bounding_box`), measured in one call of the function it uses, and that venue; inf and
    None for a source without a venue in the box. Venues are [lat, lon, name, postcode]
    (`mapping.unpack_features`)."""
    min_lat, max_lat, min_lng, max_lng = distances.bounding_box(place.latitude, place.longitude, radius_miles)
    rows, points = [], []
    for row, source in enumerate(sources):
        for venue in source.get("venues") or ():
            if min_lat <= venue[0] <= max_lat and min_lng <= venue[1] <= max_lng:
                rows.append(row)
                points.append(venue)
    miles = np.full(len(sources), np.inf)
    nearest: list[NearestLocation | None] = [None] * len(sources)
    if not points:
        return miles, nearest
    rows_array = np.array(rows, dtype=np.int64)
    measured = distances.distances_miles(
        place.coordinates, [float(venue[0]) for venue in points], [float(venue[1]) for venue in points]
    )
    np.minimum.at(miles, rows_array, measured)
    for position in np.flatnonzero(measured == miles[rows_array]):
        row, (lat, lon, name, postcode) = rows[position], points[position]
        if nearest[row] is None:  # the first of equally near venues, as listed
            nearest[row] = NearestLocation(name or "", postcode or "", float(lat), float(lon))
    return miles, nearest


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


@contextmanager
def gc_paused() -> Iterator[None]:
    """No garbage collection while a response is read: its hits' features make thousands of
    short-lived lists, dicts and sets (none in a cycle, so reference counting frees them), which
    would otherwise set off collections of every object in the process, costing more than the
    reading itself (unpacking 500 hits: 4 ms paused, 10–19 ms not)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def hit_features(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A hit's features (`mapping.FEATURE_FIELDS`), from its packed `features` doc value."""
    packed = (raw.get("fields") or {}).get("features")
    if not packed:
        # An index built before the features were packed: the database answers until it is rebuilt.
        raise BackendUnavailable(
            "Elasticsearch search: the index has no packed features; run rebuild_search_index",
            "the index mapping has drifted; run rebuild_search_index",
        )
    return unpack_features(packed[0])


@gc_paused()
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
    sources = [hit_features(raw) for raw in raw_hits]
    n = len(raw_hits)
    ids = np.fromiter((int(source["service_id"]) for source in sources), dtype=np.int64, count=n)
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
    return BackendResults(hits=hits, total=found, facets=counts, backend=NAME)
