"""The requests a search sends, as Elasticsearch query DSL. Pure: nothing here talks to the cluster.

The parts: which services the words find (`text_query`, as `ranking.candidates` finds them), the
place (`place_query`) and the filters (`filter_queries`); the approximate orders (`preorder_query`
scores close to `search.ranking`, `nearest_query`); the facet aggregations. The whole requests:
`build_search` (the candidates, with filters and facets), `candidate_searches` (the two sent together
in one `_msearch`), `listing_request` (every listing, read with `search_after`) and
`document_frequency_request` (the words' weights). Their answers are read in `responses`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from elasticsearch.dsl import A, Q, Search

from directory import distances, facets, geo, review

from ... import ranking
from ...query import FACET_PARAMETERS, SearchQuery
from ...text import AnalysedText
from .mapping import DEFAULT_INDEX, MAX_RESULT_WINDOW

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


def near_query(query: SearchQuery):
    """A venue within the radius of the place."""
    return Q("geo_distance", distance=_miles(query.radius_miles), locations=_origin(query.place))


def box_query(query: SearchQuery):
    """A venue in the database backend's bounding box around the place (`distances.bounding_box`)."""
    min_lat, max_lat, min_lng, max_lng = distances.bounding_box(
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
    """How many services (groups of listings, one card each) a bucket holds: distinct group numbers
    (`mapping.group_number`)."""
    return A("cardinality", field="group_id", precision_threshold=CARDINALITY_PRECISION)


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
    candidate is fetched, Python counts them), and each hit's packed `features` doc value, what
    `parse_response` ranks, groups and (with `filtered` False) filters by. `weights` are the
    terms' idf; `size` overrides `fetch_size` (0: the facets alone)."""
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
    # One binary doc value per hit (`mapping.FEATURE_FIELDS`, packed), and no stored fields: not
    # the `_source`, not even the `_id`, whose decompression cost more than the query itself.
    return search.sort(*sort_keys(query)).extra(
        _source=False, stored_fields="_none_", docvalue_fields=["features"]
    )


def candidate_searches(
    query: SearchQuery,
    analysed: AnalysedText | None,
    *,
    using: Any = "default",
    index: str = DEFAULT_INDEX,
    weights: Mapping[str, float] | None = None,
) -> list[dict[str, Any]]:
    """The two searches a search sends together, in one `_msearch`: every candidate unfiltered
    and without facets (used when it holds them all: Python filters and counts them), and what
    answers when it does not: with filters in use, the best candidates filtered, with the facets;
    without, the facets alone (`size` 0, so Elasticsearch's shard request cache keeps them: they
    are the costly part, a `cardinality` of the services in every bucket). Filtered facets are not
    asked apart: a size-0 search of each filtered search would be cached too, and at the default
    cache size (1% of the heap) evict the unfiltered searches' facets, which are asked most and
    cost most. Asking both at once costs Elasticsearch the unused one's work, and saves a round
    trip."""

    def search(**options: Any) -> dict[str, Any]:
        return build_search(query, analysed, using=using, index=index, weights=weights, **options).to_dict()

    if filter_queries(query):
        return [search(filtered=False, facets=False), search(filtered=True, facets=True)]
    return [search(filtered=False, facets=False), search(filtered=True, facets=True, size=0)]


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
