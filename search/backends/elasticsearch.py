"""The Elasticsearch backend: the same answers as the database backend, from an Elasticsearch 8 cluster.

Chosen with SEARCH_BACKEND = "elasticsearch" and ELASTICSEARCH_URL (ELASTICSEARCH_INDEX names the
index, "rightdoor-services" by default). `search.backends.get_backend` puts the database backend
behind it: whenever the cluster cannot answer (down, unreachable, slower than `REQUEST_TIMEOUT`,
overloaded, or the index not built yet) every method here raises `BackendUnavailable` and the
database backend answers instead.

The semantics are the database backend's (`search/backends/database.py`), request for request:

- candidates: services whose text matches any of the (spelling-corrected) words, or that are
  tagged with a theme the words describe, and (with a place) that have a venue within the radius
  or serve the place (nationally; county-wide or in its district when the place is in Lancashire);
- filters go in `post_filter`, so each facet can be counted over the candidates with every *other*
  filter applied (disjunctive facets), one `filter` aggregation per facet;
- sorts: relevance (text and theme score, Gaussian nearness, out-of-date listings weighted down),
  nearest venue in the radius (services with none after, by name), name, last checked;
- every hit's distance and nearest venue are measured here from `_source` with
  `directory.geo.distances_miles`, the function the database backend uses, so both report the
  same miles.

`build_search` and `parse_response` are pure: the tests check the request body and read a
hand-written response without a cluster. `autocomplete_search` is the search-as-you-type query.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import (
    A,
    Date,
    Document,
    GeoPoint,
    InnerDoc,
    Integer,
    Keyword,
    MetaField,
    Object,
    Q,
    Search,
    SearchAsYouType,
    Text,
    analyzer,
    char_filter,
    normalizer,
    token_filter,
)
from elasticsearch.dsl import Index as DslIndex
from elasticsearch.exceptions import ApiError, ConnectionError, ConnectionTimeout, TransportError

from directory import geo, review
from directory.models.pages import PREGNANCY
from directory.vocabulary import DEFAULT_THEMES

from .. import text
from ..documents import ServiceRecord
from ..query import FACET_PARAMETERS, MAX_PAGE, PER_PAGE_CHOICES, SearchQuery
from ..text import AnalysedText
from .base import BackendResults, BackendUnavailable, Hit, NearestLocation, SearchBackend
from .database import COVERAGE_NEARNESS, OUT_OF_DATE_FACTOR

logger = logging.getLogger(__name__)

DEFAULT_INDEX = "rightdoor-services"
# A search page must not wait on a struggling cluster: after this it falls back to the database.
REQUEST_TIMEOUT = 2.0
# Creating, deleting and bulk-loading the index may take longer than a search.
ADMIN_TIMEOUT = 30.0
BULK_CHUNK_SIZE = 500
# Publishing a page indexes one service, inside the editor's request: that must fail as fast as a
# search. Only a rebuild-sized batch gets `ADMIN_TIMEOUT`.
SMALL_BATCH = 50

# Relevance. BM25 scores are not normalised as the database backend's are, so the theme bonus is a
# boost on the same scale as a good text match.
NAME_BOOST, SUMMARY_BOOST = 3, 2
THEME_BOOST = 2.0
# More buckets than any facet has values (themes, languages, ...), so no count is ever cut off.
FACET_SIZE = 500
AGE_VALUES = ("pregnancy", *(str(age) for age in range(0, 26)))
# Deep pages must still be reachable: the last page of the largest page size.
MAX_RESULT_WINDOW = MAX_PAGE * max(PER_PAGE_CHOICES)
# Elasticsearch's own mean Earth radius (GeoUtils.EARTH_MEAN_RADIUS, 6371008.7714 m), in miles, so
# the "nearest" sort script measures exactly as the `geo_distance` filter does.
EARTH_MEAN_RADIUS_MILES = 6371008.7714 / 1609.344
# The "nearest" sort key of a service with no venue in the radius: after every venue, then by name.
BEYOND_RADIUS = 1.0e9

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

# ---------------------------------------------------------------------------- analysis
#
# Text is read as `search.text` reads it for the database backend: apostrophes join their word
# ("can't" -> "cant"), lower case, accents folded, the project's stop words dropped, and the Snowball
# English (Porter2) stemmer, the algorithm `snowballstemmer.stemmer("english")` implements.

apostrophes = char_filter("join_apostrophes", "pattern_replace", pattern="['\u2018\u2019]", replacement="")
stop_words = token_filter("rightdoor_stop", "stop", stopwords=sorted(text.STOP_WORDS))
english_stemmer = token_filter("english_snowball", "snowball", language="English")

english_text = analyzer(
    "english_text",
    tokenizer="standard",
    char_filter=[apostrophes],
    filter=["lowercase", "asciifolding", stop_words, english_stemmer],
)
sort_key = normalizer("sort_key", filter=["lowercase"])
autocomplete_text = analyzer(
    "autocomplete_text", tokenizer="standard", char_filter=[apostrophes], filter=["lowercase", "asciifolding"]
)


def default_theme_phrases() -> dict[str, list[str]]:
    """The starting vocabulary (`directory.vocabulary`), by slug: the theme's name, then its synonyms."""
    return {theme["slug"]: [theme["name"], *theme["synonyms"]] for theme in DEFAULT_THEMES}


def synonym_rules(theme_phrases: Mapping[str, Sequence[str]]) -> list[str]:
    """`synonym_graph` rules: each family phrase also means its theme's name ("dv => dv, domestic abuse").

    `theme_phrases` maps a slug to the theme's name followed by its synonyms (the shape of
    `search.snapshot.theme_phrases()`). Phrases are normalised and stripped of stop words as queries
    are (`build_search` sends the corrected words without stop words), so "scared of my partner"
    becomes "scared partner" on both sides; the chain before the filter (standard tokenizer,
    lowercase, asciifolding) then reads the rules exactly as it reads a query.
    """
    rules = []
    for phrases in theme_phrases.values():
        if not phrases:
            continue
        name = " ".join(text.words(phrases[0]))
        for phrase in phrases[1:]:
            words = " ".join(text.words(phrase))
            if words and name and words != name:
                rules.append(f"{words} => {words}, {name}")
    return sorted(set(rules))


def search_analyzer(theme_phrases: Mapping[str, Sequence[str]]):
    """The query-time analyzer: `english_text` plus the theme synonyms, before stemming.

    No stop filter: removing tokens after a `synonym_graph` breaks its graph, and `build_search`
    has already dropped the stop words. `lenient` skips a rule Elasticsearch cannot parse rather
    than failing to create the index over one moderator's phrase.
    """
    synonyms = token_filter(
        "theme_synonyms", "synonym_graph", synonyms=synonym_rules(theme_phrases), lenient=True
    )
    return analyzer(
        "english_search",
        tokenizer="standard",
        char_filter=[apostrophes],
        filter=["lowercase", "asciifolding", synonyms, english_stemmer],
    )


english_search = search_analyzer(default_theme_phrases())

# ---------------------------------------------------------------------------- the document


class Venue(InnerDoc):
    """One venue, as stored for reporting the nearest (the geo queries use `locations`)."""

    name = Keyword(index=False)
    postcode = Keyword()
    district = Keyword()
    location = GeoPoint()


class ServiceDocument(Document):
    """One live service: `search.documents.ServiceRecord` in Elasticsearch."""

    service_id = Integer()
    name = Text(
        analyzer=english_text,
        search_analyzer=english_search,
        fields={
            "sort": Keyword(normalizer=sort_key),
            "suggest": SearchAsYouType(analyzer=autocomplete_text),
        },
    )
    slug = Keyword(index=False)
    url_path = Keyword(index=False)
    organisation = Keyword(index=False)
    summary = Text(analyzer=english_text, search_analyzer=english_search)
    body = Text(analyzer=english_text, search_analyzer=english_search)
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
    # Every venue's point, for geo_distance, the Gaussian decay and the "nearest" sort; `venues`
    # holds the same venues, in the same order, with their names and postcodes.
    locations = GeoPoint(multi=True)
    venues = Object(Venue, multi=True)

    class Index:
        name = DEFAULT_INDEX
        settings = {"number_of_shards": 1, "max_result_window": MAX_RESULT_WINDOW}

    class Meta:
        dynamic = MetaField("strict")


def index_definition(name: str = DEFAULT_INDEX, theme_phrases: Mapping[str, Sequence[str]] | None = None):
    """The index (settings, analysis, mapping) under `name`, with synonyms from `theme_phrases`
    (the live vocabulary) instead of the starting one when given."""
    index = ServiceDocument._index.clone(name=name)
    if theme_phrases:
        index.analyzer(search_analyzer(theme_phrases))
    return index


def document_source(record: ServiceRecord) -> dict[str, Any]:
    """A record as the `_source` of its document: dates in ISO form, venues as lat/lon."""
    return {
        "service_id": record.service_id,
        "name": record.name,
        "slug": record.slug,
        "url_path": record.url_path,
        "organisation": record.organisation,
        "summary": record.summary,
        "body": record.body,
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


def bulk_actions(records: Iterable[ServiceRecord], index_name: str) -> Iterator[dict[str, Any]]:
    """`helpers.bulk` actions that add or replace each record's document (id = service id)."""
    for record in records:
        yield {
            "_op_type": "index",
            "_index": index_name,
            "_id": str(record.service_id),
            "_source": document_source(record),
        }


# ---------------------------------------------------------------------------- queries


def _miles(value: float) -> str:
    return f"{value:g}mi"


def _origin(place: geo.Place) -> dict[str, float]:
    return {"lat": place.latitude, "lon": place.longitude}


def query_words(analysed: AnalysedText | None) -> str:
    """The corrected words without stop words: what the text is matched on (the database backend
    matches their stems, `analysed.terms`; Elasticsearch stems them itself)."""
    if analysed is None:
        return ""
    return " ".join(text.words(analysed.corrected))


def text_query(analysed: AnalysedText | None):
    """Any of the words in the name, summary or body, or a tag of a theme they describe; None
    when the words give nothing to match (no text: every service is a candidate)."""
    words = query_words(analysed)
    themes = list(analysed.themes) if analysed is not None else []
    clauses = []
    if words:
        clauses.append(
            Q(
                "multi_match",
                query=words,
                fields=[f"name^{NAME_BOOST}", f"summary^{SUMMARY_BOOST}", "body"],
                type="best_fields",
                tie_breaker=0.3,
                operator="or",
                fuzziness="AUTO",
                prefix_length=1,
                # A phrase synonym ("emotional health wellbeing") must match its words wherever the
                # stop words removed at indexing left gaps, so it is a conjunction, not a phrase.
                auto_generate_synonyms_phrase_query=False,
            )
        )
    if themes:
        clauses.append(Q("terms", themes=themes, boost=THEME_BOOST))
    if not clauses:
        return None
    return Q("bool", should=clauses, minimum_should_match=1)


def near_query(query: SearchQuery):
    """A venue within the radius of the place."""
    return Q("geo_distance", distance=_miles(query.radius_miles), locations=_origin(query.place))


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


def relevance_query(base, query: SearchQuery, today: datetime.date | None = None):
    """`base` scored as the database backend scores relevance.

    With a place, the score is multiplied by 0.5 + 0.5 × nearness: a Gaussian decay of the nearest
    venue's distance (1 at the door, 0.5 at half the radius), or a flat `COVERAGE_NEARNESS` for a
    service that only covers the place. Listings more than 90 days past their review are weighted
    down by `OUT_OF_DATE_FACTOR`.
    """
    scored = base
    if query.place is not None:
        near = near_query(query)
        scale = max(query.radius_miles / 2, 0.5)
        scored = Q(
            "function_score",
            query=scored,
            functions=[
                {"weight": 0.5},
                {
                    "filter": near,
                    "weight": 0.5,
                    "gauss": {
                        "locations": {
                            "origin": _origin(query.place),
                            "scale": _miles(scale),
                            "offset": "0mi",
                            "decay": 0.5,
                        },
                        "multi_value_mode": "min",
                    },
                },
                {"filter": ~near, "weight": 0.5 * COVERAGE_NEARNESS},
            ],
            score_mode="sum",
            boost_mode="multiply",
        )
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


# The smallest distance from the place to a venue within the radius, in miles; `beyond` without one.
NEAREST_SCRIPT = """
double best = params.beyond;
def points = doc['locations'];
for (int i = 0; i < points.size(); ++i) {
  def point = points.get(i);
  double lat = Math.toRadians(point.getLat());
  double dLat = lat - params.lat;
  double dLon = Math.toRadians(point.getLon()) - params.lon;
  double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(params.lat) * Math.cos(lat) * Math.pow(Math.sin(dLon / 2), 2);
  double miles = 2 * params.earth_radius * Math.asin(Math.sqrt(Math.min(1.0, h)));
  if (miles <= params.radius && miles < best) {
    best = miles;
  }
}
return best;
""".strip()

BY_NAME = [{"name.sort": {"order": "asc"}}, {"service_id": {"order": "asc"}}]


def sort_keys(query: SearchQuery) -> list[Any]:
    """The requested order, ties by name (then id, so pages never overlap)."""
    if query.sort == "relevance":
        return ["_score", *BY_NAME]
    if query.sort == "checked":
        return [{"last_checked": {"order": "desc"}}, *BY_NAME]
    if query.sort == "nearest" and query.place is not None:
        # Not `_geo_distance`: that would rank a county-wide service by its venue 30 miles away,
        # where the contract puts every service without a venue in the radius after, by name.
        return [
            {
                "_script": {
                    "type": "number",
                    "order": "asc",
                    "script": {
                        "lang": "painless",
                        "source": NEAREST_SCRIPT,
                        "params": {
                            "lat": math.radians(query.place.latitude),
                            "lon": math.radians(query.place.longitude),
                            "radius": float(query.radius_miles),
                            "earth_radius": EARTH_MEAN_RADIUS_MILES,
                            "beyond": BEYOND_RADIUS,
                        },
                    },
                }
            },
            *BY_NAME,
        ]
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
    candidates = []
    matched = text_query(analysed)
    if matched is not None:
        candidates.append(matched)
    if query.place is not None:
        candidates.append(place_query(query))
    if matched is not None:
        base = Q("bool", must=[matched], filter=candidates[1:])
    elif candidates:
        base = Q("bool", filter=candidates)
    else:
        base = Q("match_all")
    if query.sort == "relevance":
        base = relevance_query(base, query, today)

    search = Search(using=using, index=index).query(base)
    filters = filter_queries(query)
    if filters:
        search = search.post_filter(_all_of(list(filters.values())))
    for parameter in FACET_PARAMETERS:
        others = [clause for other, clause in filters.items() if other != parameter]
        search.aggs.bucket(f"facet_{parameter}", facet_aggregation(parameter, others))
    start = (query.page - 1) * query.per_page
    return (
        search.sort(*sort_keys(query))
        .source(SOURCE_FIELDS)
        .extra(from_=start, size=query.per_page, track_total_hits=True)
    )


def autocomplete_search(
    prefix: str, *, using: Any = "default", index: str = DEFAULT_INDEX, size: int = 8
) -> Search:
    """Services whose name starts with the words typed so far ("fam su" -> "Family support ...")."""
    return (
        Search(using=using, index=index)
        .query(
            "multi_match",
            query=prefix,
            type="bool_prefix",
            fields=["name.suggest", "name.suggest._2gram", "name.suggest._3gram"],
        )
        .source(["service_id", "name", "url_path"])
        .extra(size=size)
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


# ---------------------------------------------------------------------------- the backend


def _error_type(error: ApiError) -> str:
    """Elasticsearch's name for an error ("index_not_found_exception"), from its body."""
    body = error.body
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        return str(body["error"].get("type", ""))
    return str(error.message)


def _unavailable(error: ApiError) -> bool:
    """The cluster cannot answer now (5xx; 429, overloaded) or has no index yet (not built, or being
    rebuilt). Any other 4xx is a mistake in the request and is raised as it is."""
    if error.status_code >= 500 or error.status_code == 429:
        return True
    return error.status_code == 404 and _error_type(error) == "index_not_found_exception"


@contextlib.contextmanager
def _available(action: str):
    """Turn every way the cluster can fail to answer into `BackendUnavailable`."""
    try:
        yield
    except (ConnectionError, ConnectionTimeout, TransportError) as error:
        raise BackendUnavailable(f"Elasticsearch {action}: {error}") from error
    except ApiError as error:
        if _unavailable(error):
            raise BackendUnavailable(f"Elasticsearch {action}: {error}") from error
        raise


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str, index_name: str = DEFAULT_INDEX, *, timeout: float = REQUEST_TIMEOUT):
        self.url = url
        self.index_name = index_name
        self.timeout = timeout
        # One retry for a dropped connection; a timeout is not retried, so a hung cluster costs
        # one `timeout` before the database answers.
        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False)

    @classmethod
    def from_settings(cls) -> ElasticsearchBackend:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        url = getattr(settings, "ELASTICSEARCH_URL", "")
        if not url:
            raise ImproperlyConfigured('SEARCH_BACKEND is "elasticsearch" but ELASTICSEARCH_URL is not set.')
        return cls(url, getattr(settings, "ELASTICSEARCH_INDEX", "") or DEFAULT_INDEX)

    @property
    def _admin(self) -> Elasticsearch:
        return self.client.options(request_timeout=ADMIN_TIMEOUT)

    # ------------------------------------------------------------------ searching

    def build_search(self, query: SearchQuery, analysed: AnalysedText | None) -> Search:
        return build_search(query, analysed, using=self.client, index=self.index_name)

    def parse_response(self, response: Mapping[str, Any], query: SearchQuery) -> BackendResults:
        return parse_response(response, query)

    def autocomplete_search(self, prefix: str, size: int = 8) -> Search:
        return autocomplete_search(prefix, using=self.client, index=self.index_name, size=size)

    def search(self, query: SearchQuery, analysed: AnalysedText | None) -> BackendResults:
        search = self.build_search(query, analysed)
        with _available("search"):
            response = self.client.search(index=self.index_name, body=search.to_dict())
        return parse_response(response.body, query)

    # ------------------------------------------------------------------ indexing

    def index_definition(self) -> DslIndex:
        return index_definition(self.index_name, _live_theme_phrases())

    def create_index(self) -> None:
        """Create the index with its mapping, unless it exists."""
        with _available("create index"):
            if self.client.indices.exists(index=self.index_name):
                return
            try:
                self.index_definition().create(using=self._admin)
                logger.info("Created Elasticsearch index %s", self.index_name)
            except ApiError as error:
                if _error_type(error) != "resource_already_exists_exception":  # another worker won
                    raise

    def index(self, records: Iterable[ServiceRecord]) -> None:
        records = list(records)
        if not records:
            return
        self.create_index()
        small = len(records) <= SMALL_BATCH
        client = self.client if small else self._admin
        with _available("index"):
            helpers.bulk(client, bulk_actions(records, self.index_name), chunk_size=BULK_CHUNK_SIZE)
            if small:  # a publish is searchable at once; a rebuild waits for the next periodic refresh
                client.indices.refresh(index=self.index_name)

    def remove(self, service_ids: Iterable[int]) -> None:
        actions = [
            {"_op_type": "delete", "_index": self.index_name, "_id": str(service_id)}
            for service_id in service_ids
        ]
        if not actions:
            return
        small = len(actions) <= SMALL_BATCH
        client = self.client if small else self._admin
        with _available("remove"):
            # A delete must never create the index (with a guessed mapping): no index, nothing to remove.
            if not client.indices.exists(index=self.index_name):
                return
            helpers.bulk(client, actions, ignore_status=(404,), chunk_size=BULK_CHUNK_SIZE)
            if small:
                client.indices.refresh(index=self.index_name)

    def clear(self) -> None:
        """Delete the index and create it afresh (which also picks up a changed vocabulary)."""
        self.delete_index()
        self.create_index()

    def delete_index(self) -> None:
        """Delete the index and leave it deleted (test clean-up; `clear` recreates it)."""
        with _available("delete index"):
            self._admin.options(ignore_status=404).indices.delete(index=self.index_name)

    def refresh(self) -> None:
        """Make everything indexed so far searchable now (tests; Elasticsearch does it each second)."""
        with _available("refresh"):
            self._admin.indices.refresh(index=self.index_name)

    def count(self) -> int:
        with _available("count"):
            response = self.client.options(ignore_status=404).count(index=self.index_name)
        return int(response.body.get("count", 0)) if response.meta.status == 200 else 0


def _live_theme_phrases() -> dict[str, list[str]]:
    """The vocabulary moderators keep in the database, or the starting one if there is none yet."""
    from ..snapshot import theme_phrases

    return theme_phrases() or default_theme_phrases()
