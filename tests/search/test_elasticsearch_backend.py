"""The Elasticsearch backend: what it builds, and the same against a live node.

The first tests read what the backend *builds*: the index definition (`Index.to_dict()`), the
request body (`Search.to_dict()`) and what it makes of a response written out by hand in the shape
Elasticsearch 8 returns. The "unavailable" tests talk to a closed local port and to a socket that
never answers. The tests at the end index and search on a real node (`make services` starts one
on 127.0.0.1:9200, and `make test` sets ELASTICSEARCH_URL when it answers); without
ELASTICSEARCH_URL they are skipped with that reason printed. The whole search contract
(tests/search/test_contract.py) runs against the live node as well.
"""

import datetime
import os
import socket
import time
import uuid

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch.exceptions import ApiError

from directory import geo
from search import text
from search.backends import elasticsearch as es
from search.backends.base import BackendUnavailable, NearestLocation
from search.documents import LocationRecord, ServiceRecord
from search.query import FACET_PARAMETERS, MAX_PAGE, PER_PAGE_CHOICES, SearchQuery
from search.text import AnalysedText
from tests.search.elasticsearch_node import es_skip_reason

PRESTON = geo.Place("PR1 2HE", 53.7579, -2.7018, "preston", "postcode")
MANCHESTER = geo.Place("M1 1AE", 53.4808, -2.2426, None, "postcode")
TODAY = datetime.date(2025, 6, 1)

KEYWORD_FIELDS = (
    "themes",
    "kind",
    "cost",
    "levels",
    "access_routes",
    "modes",
    "when",
    "languages",
    "served_area",
    "served_districts",
)


def analysed(corrected: str, themes: tuple[str, ...] = (), original: str | None = None) -> AnalysedText:
    return AnalysedText(
        original=original or corrected,
        corrected=corrected,
        corrections=(),
        terms=tuple(text.terms(corrected)),
        themes=themes,
    )


def record(**changes) -> ServiceRecord:
    values = {
        "service_id": 7,
        "name": "Safe Together outreach",
        "slug": "safe-together-outreach",
        "url_path": "/home/services/safe-together-outreach/",
        "url": "/services/safe-together-outreach/",
        "organisation": "Lancashire Women",
        "summary": "Support for women and children living with abuse at home.",
        "body": "Outreach workers meet you somewhere safe. Domestic abuse dv domestic violence",
        "kind": "commissioned",
        "cost": "free",
        "age_min": -1,
        "age_max": 18,
        "themes": ("domestic-abuse",),
        "levels": ("2", "3"),
        "access_routes": ("professional_referral", "self_referral"),
        "modes": ("in-person",),
        "when": ("evenings",),
        "languages": ("en", "ur"),
        "served_area": "districts",
        "served_districts": ("preston", "south-ribble"),
        "last_checked": datetime.date(2025, 1, 31),
        "next_review": datetime.date(2025, 7, 31),
        "locations": (
            LocationRecord("Preston hub", "PR1 8BU", 53.7632, -2.7044, "preston"),
            LocationRecord("Leyland office", "PR25 2LU", 53.6960, -2.6970, "south-ribble"),
        ),
    }
    values.update(changes)
    return ServiceRecord(**values)


def every_filter_query(**changes) -> SearchQuery:
    values = {
        "text": "partner hurts me",
        "near": "PR1 2HE",
        "place": PRESTON,
        "radius_miles": 5,
        "themes": ("domestic-abuse",),
        "age": 4,
        "kinds": ("commissioned", "targeted"),
        "levels": ("2",),
        "access_routes": ("self_referral",),
        "free_only": True,
        "modes": ("in-person",),
        "when": ("evenings",),
        "languages": ("ur",),
        "sort": "relevance",
        "page": 3,
        "per_page": 10,
    }
    values.update(changes)
    return SearchQuery(**values)


def body(query: SearchQuery, words: AnalysedText | None = None) -> dict:
    return es.build_search(query, words, today=TODAY).to_dict()


def walk(node):
    """Every dict inside a request body, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def find(node, key: str) -> list:
    """The values of every `key` anywhere in a request body."""
    return [item[key] for item in walk(node) if key in item]


# ---------------------------------------------------------------------------- the index


@pytest.fixture(scope="module")
def definition() -> dict:
    return es.index_definition().to_dict()


def test_the_index_is_named_from_settings_by_default_rightdoor_services(definition):
    assert es.ServiceDocument._index._name == "rightdoor-services"
    assert es.index_definition("elsewhere")._name == "elsewhere"


def test_venues_are_geo_points_and_filters_are_keywords(definition):
    properties = definition["mappings"]["properties"]
    assert properties["locations"] == {"type": "geo_point"}
    # Venues' names and postcodes are only read back from _source: not indexed at all.
    assert properties["venues"] == {"type": "object", "enabled": False}
    for field in KEYWORD_FIELDS:
        assert properties[field] == {"type": "keyword"}, field
    assert properties["age_min"] == properties["age_max"] == {"type": "integer"}
    assert properties["last_checked"] == properties["next_review"] == {"type": "date"}
    assert definition["mappings"]["dynamic"] == "strict"


def test_text_is_held_as_the_terms_search_text_produces_split_on_spaces(definition):
    """Core analysers only: the minimal distribution has no snowball, synonym_graph or
    pattern_replace, and none is needed, as the words were analysed in Python."""
    properties = definition["mappings"]["properties"]
    for field in ("name_terms", "body_terms"):
        assert properties[field] == {
            "type": "text",
            "analyzer": "whitespace",
            "norms": False,
            "index_options": "docs",
        }
    assert "analysis" not in definition["settings"]
    analysers = {item["analyzer"] for item in walk(definition["mappings"]) if "analyzer" in item}
    assert analysers == {"whitespace"}


def test_the_name_sorts_by_its_case_folded_form(definition):
    assert definition["mappings"]["properties"]["name_sort"] == {"type": "keyword"}
    assert "suggest" not in str(definition), "search-as-you-type had no caller and needs mapper-extras"


def test_every_page_a_visitor_can_reach_is_inside_the_result_window(definition):
    assert definition["settings"]["max_result_window"] >= MAX_PAGE * max(PER_PAGE_CHOICES)
    assert definition["settings"]["number_of_shards"] == 1


def test_replicas_are_a_setting(settings):
    assert es.index_definition(replicas=2).to_dict()["settings"]["number_of_replicas"] == 2
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    settings.ELASTICSEARCH_REPLICAS = 0
    assert (
        es.ElasticsearchBackend.from_settings().index_definition().to_dict()["settings"]["number_of_replicas"]
        == 0
    )


# ---------------------------------------------------------------------------- documents


def test_a_record_becomes_its_source_with_terms_iso_dates_and_lat_lon_venues():
    source = es.document_source(record())
    assert source["service_id"] == 7
    assert source["name_sort"] == "safe together outreach"
    assert source["name_terms"] == "safe togeth outreach" == " ".join(text.terms(record().name))
    assert source["body_terms"] == record().body_terms
    assert "abus" in source["body_terms"].split() and "dv" in source["body_terms"].split()
    assert source["last_checked"] == "2025-01-31"
    assert source["next_review"] == "2025-07-31"
    assert source["locations"] == [{"lat": 53.7632, "lon": -2.7044}, {"lat": 53.6960, "lon": -2.6970}]
    assert source["venues"][0] == {
        "name": "Preston hub",
        "postcode": "PR1 8BU",
        "district": "preston",
        "location": {"lat": 53.7632, "lon": -2.7044},
    }
    assert source["themes"] == ["domestic-abuse"]
    assert source["served_districts"] == ["preston", "south-ribble"]
    assert source["age_min"] == -1


def test_a_record_with_no_review_date_and_no_venues():
    source = es.document_source(record(next_review=None, locations=()))
    assert source["next_review"] is None
    assert source["locations"] == []
    assert source["venues"] == []


def test_every_source_field_is_in_the_strict_mapping(definition):
    properties = definition["mappings"]["properties"]
    source = es.document_source(record())
    assert set(source) == set(properties)


def test_bulk_actions_index_each_record_under_its_service_id():
    actions = list(es.bulk_actions([record(), record(service_id=8, name="Other")], "services-x"))
    assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
        ("index", "services-x", "7"),
        ("index", "services-x", "8"),
    ]
    assert actions[0]["_source"] == es.document_source(record())
    # During a rebuild a publish goes to the live index and the one being built.
    both = list(es.bulk_actions([record()], ["live", "building"]))
    assert [action["_index"] for action in both] == ["live", "building"]


# ---------------------------------------------------------------------------- the query


def test_text_is_any_term_in_the_name_or_body_or_a_theme_scored_like_the_database():
    request = body(every_filter_query(), analysed("partner hurts me", themes=("domestic-abuse",)))
    [text_clause] = [
        clause
        for clause in find(request["query"], "bool")
        if "should" in clause and any("constant_score" in option for option in clause["should"])
    ]
    assert text_clause["minimum_should_match"] == 1
    scores = [option["constant_score"] for option in text_clause["should"]]
    # Any match: 1/3; the stems found in the name share 2/3 (`DocumentTable.text_relevance`).
    assert scores[0]["boost"] == pytest.approx(1 / 3)
    assert scores[0]["filter"]["bool"]["should"] == [
        {"terms": {"name_terms": ["partner", "hurt"]}},
        {"terms": {"body_terms": ["partner", "hurt"]}},
    ]
    assert scores[1] == {"filter": {"term": {"name_terms": "partner"}}, "boost": pytest.approx(1 / 3)}
    assert scores[2] == {"filter": {"term": {"name_terms": "hurt"}}, "boost": pytest.approx(1 / 3)}
    # Or tagged with a theme the words describe, with the database backend's bonus.
    assert scores[3] == {"filter": {"terms": {"themes": ["domestic-abuse"]}}, "boost": es.THEME_MATCH_BONUS}
    assert find(request, "fuzziness") == [], "spelling is corrected in Python, for both backends"


def test_words_that_are_all_stop_words_and_no_theme_match_everything():
    request = body(every_filter_query(text="help me", sort="name"), analysed("help me"))
    assert find(request["query"], "multi_match") == []


def test_no_text_searches_every_service():
    request = body(SearchQuery(sort="name"))
    assert request["query"] == {"match_all": {}}
    assert "post_filter" not in request


def test_the_place_is_a_venue_within_the_radius_or_a_served_area_that_covers_it():
    request = body(every_filter_query(sort="name", radius_miles=10), analysed("partner hurts me"))
    [place] = [
        clause
        for clause in find(request["query"], "bool")
        if "should" in clause and any("geo_distance" in option for option in clause["should"])
    ]
    assert place["minimum_should_match"] == 1
    assert place["should"] == [
        {"geo_distance": {"distance": "10mi", "locations": {"lat": 53.7579, "lon": -2.7018}}},
        {"term": {"served_area": "national"}},
        {"term": {"served_area": "county"}},
        {"term": {"served_districts": "preston"}},
    ]


def test_outside_lancashire_only_national_services_cover_the_place():
    request = body(every_filter_query(place=MANCHESTER, sort="name"), analysed("partner hurts me"))
    [place] = [
        clause
        for clause in find(request["query"], "bool")
        if "should" in clause and any("geo_distance" in option for option in clause["should"])
    ]
    assert place["should"][1:] == [{"term": {"served_area": "national"}}]


def test_relevance_decays_with_distance_from_the_nearest_venue():
    request = body(every_filter_query(), analysed("partner hurts me", themes=("domestic-abuse",)))
    [gauss] = find(request["query"], "gauss")
    assert gauss["locations"]["origin"] == {"lat": 53.7579, "lon": -2.7018}
    assert gauss["locations"]["scale"] == "2.5mi"  # half the 5-mile radius
    assert gauss["multi_value_mode"] == "min"
    nearness = request["query"]["function_score"]["query"]["function_score"]
    assert nearness["score_mode"] == "sum"
    assert nearness["boost_mode"] == "multiply"
    [constant, decay, covering] = nearness["functions"]
    assert constant == {"weight": 0.5}
    assert decay["filter"]["geo_distance"]["distance"] == "5mi"
    assert covering["filter"] == {"bool": {"must_not": [decay["filter"]]}}
    assert covering["weight"] == pytest.approx(0.5 * 0.4)
    assert find(request, "script") == [] and find(request, "_script") == []


def test_with_a_place_and_no_words_relevance_is_the_nearness_alone():
    request = body(every_filter_query(text=""), None)
    nearness = request["query"]["function_score"]["query"]["function_score"]
    assert nearness["boost_mode"] == "replace"
    assert [function["weight"] for function in nearness["functions"]] == [1.0, pytest.approx(0.4)]


def test_with_neither_words_nor_a_place_every_score_is_zero_and_the_name_decides():
    request = body(SearchQuery(sort="relevance", themes=("parenting",)), None)
    assert request["query"] == {"constant_score": {"filter": {"match_all": {}}, "boost": 0.0}}


def test_listings_long_past_their_review_are_weighted_down():
    request = body(every_filter_query(), analysed("partner hurts me"))
    freshness = request["query"]["function_score"]
    [out_of_date] = freshness["functions"]
    # 90 days before TODAY (1 June 2025).
    assert out_of_date["filter"] == {"range": {"next_review": {"lt": "2025-03-03"}}}
    assert 0 < out_of_date["weight"] < 1
    assert freshness["score_mode"] == freshness["boost_mode"] == "multiply"


def test_the_out_of_date_cut_off_is_90_days_ago():
    assert es.out_of_date_before(TODAY) == TODAY - datetime.timedelta(days=90)


def expected_filters() -> dict[str, dict]:
    return {
        "theme": {"terms": {"themes": ["domestic-abuse"]}},
        "age": {"bool": {"filter": [{"range": {"age_min": {"lte": 4}}}, {"range": {"age_max": {"gte": 4}}}]}},
        "kind": {"terms": {"kind": ["commissioned", "targeted"]}},
        "level": {"terms": {"levels": ["2"]}},
        "access": {"terms": {"access_routes": ["self_referral"]}},
        "free": {"term": {"cost": "free"}},
        "mode": {"terms": {"modes": ["in-person"]}},
        "when": {"terms": {"when": ["evenings"]}},
        "language": {"terms": {"languages": ["ur"]}},
    }


def test_filters_go_in_the_post_filter_all_of_them_required():
    request = body(every_filter_query(), analysed("partner hurts me"))
    assert request["post_filter"] == {"bool": {"filter": list(expected_filters().values())}}
    # The filters do not narrow the candidates the facets are counted over.
    for clause in expected_filters().values():
        assert clause not in list(walk(request["query"]))


def test_each_facet_is_counted_with_every_filter_but_its_own():
    request = body(every_filter_query(), analysed("partner hurts me"))
    assert set(request["aggs"]) == {f"facet_{parameter}" for parameter in FACET_PARAMETERS}
    filters = expected_filters()
    for parameter in FACET_PARAMETERS:
        applied = request["aggs"][f"facet_{parameter}"]["filter"]["bool"]["filter"]
        assert applied == [clause for other, clause in filters.items() if other != parameter], parameter
    theme = request["aggs"]["facet_theme"]["filter"]["bool"]["filter"]
    assert filters["kind"] in theme
    assert filters["theme"] not in theme


def test_facet_values_are_terms_of_their_keyword_fields():
    request = body(every_filter_query(), analysed("partner hurts me"))
    for parameter, field in es.TERM_FIELDS.items():
        values = request["aggs"][f"facet_{parameter}"]["aggs"]["values"]
        assert values == {"terms": {"field": field, "size": es.FACET_SIZE}}
    assert request["aggs"]["facet_free"]["aggs"]["values"] == {"filter": {"term": {"cost": "free"}}}


def test_the_age_facet_counts_services_covering_each_age_from_pregnancy_to_25():
    request = body(every_filter_query(), analysed("partner hurts me"))
    ages = request["aggs"]["facet_age"]["aggs"]["values"]["filters"]["filters"]
    assert list(ages) == ["pregnancy", *(str(age) for age in range(26))]
    assert ages["pregnancy"] == {
        "bool": {"filter": [{"range": {"age_min": {"lte": -1}}}, {"range": {"age_max": {"gte": -1}}}]}
    }
    assert ages["25"]["bool"]["filter"][1] == {"range": {"age_max": {"gte": 25}}}


def test_with_no_filters_the_facets_count_every_candidate():
    request = body(SearchQuery(text="dv", sort="relevance"), analysed("dv"))
    for parameter in FACET_PARAMETERS:
        assert request["aggs"][f"facet_{parameter}"]["filter"] == {"match_all": {}}


def test_page_three_of_ten_and_an_exact_total():
    request = body(every_filter_query(page=3, per_page=10), analysed("partner hurts me"))
    assert request["from"] == 20
    assert request["size"] == 10
    assert request["track_total_hits"] is True
    assert set(request["_source"]) >= {"service_id", "served_area", "served_districts", "venues"}


BY_NAME = [{"name_sort": {"order": "asc"}}, {"service_id": {"order": "asc"}}]
BY_SCORE = [{"_score": {"order": "desc"}}, *BY_NAME]


def test_relevance_sort_is_score_then_name():
    request = body(every_filter_query(sort="relevance"), analysed("partner hurts me"))
    assert request["sort"] == BY_SCORE


def test_name_sort_is_case_insensitive_by_the_case_folded_name():
    request = body(every_filter_query(sort="name"), analysed("partner hurts me"))
    assert request["sort"] == BY_NAME
    assert "function_score" not in request["query"]


def test_checked_sort_is_most_recently_checked_first_then_name():
    request = body(every_filter_query(sort="checked"), analysed("partner hurts me"))
    assert request["sort"] == [{"last_checked": {"order": "desc"}}, *BY_NAME]


def test_nearest_is_a_decay_on_venues_in_the_database_backends_box_not_a_script():
    request = body(every_filter_query(sort="nearest", radius_miles=3), analysed("partner hurts me"))
    assert request["sort"] == BY_SCORE
    nearest = request["query"]["function_score"]
    assert nearest["boost_mode"] == "replace" and nearest["score_mode"] == "sum"
    [inside, decay] = nearest["functions"]
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(PRESTON.latitude, PRESTON.longitude, 3)
    box = {
        "geo_bounding_box": {
            "locations": {
                "top_left": {"lat": max_lat, "lon": min_lng},
                "bottom_right": {"lat": min_lat, "lon": max_lng},
            }
        }
    }
    assert inside == {"filter": box, "weight": 1.0}
    assert decay["filter"] == box
    assert decay["exp"]["locations"]["origin"] == {"lat": 53.7579, "lon": -2.7018}
    assert decay["exp"]["multi_value_mode"] == "min"
    assert find(request, "script") == []


def test_nearest_without_a_place_falls_back_to_name():
    request = body(SearchQuery(sort="nearest"))
    assert request["sort"] == BY_NAME


def test_the_backend_builds_its_search_against_its_own_index_and_client():
    backend = es.ElasticsearchBackend("http://127.0.0.1:9", "services-x")
    search = backend.build_search(SearchQuery(), None)
    assert search._index == ["services-x"]
    assert search._using is backend.client


# ---------------------------------------------------------------------------- the response

# Distances from PRESTON, measured the way the database backend measures them.
PRESTON_HUB, LEYLAND = (53.7632, -2.7044), (53.6960, -2.6970)
BURNLEY_OFFICE = (53.7893, -2.2405)


def venue(name, postcode, point, district):
    return {
        "name": name,
        "postcode": postcode,
        "district": district,
        "location": {"lat": point[0], "lon": point[1]},
    }


def response() -> dict:
    """A search response as Elasticsearch 8 returns it (with made-up scores and counts)."""
    return {
        "took": 12,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": 37, "relation": "eq"},
            "max_score": 7.25,
            "hits": [
                {
                    "_index": "rightdoor-services",
                    "_id": "7",
                    "_score": 7.25,
                    "_source": {
                        "service_id": 7,
                        "served_area": "districts",
                        "served_districts": ["preston", "south-ribble"],
                        # Leyland first: the nearest is found by measuring, not by position.
                        "venues": [
                            venue("Leyland office", "PR25 2LU", LEYLAND, "south-ribble"),
                            venue("Preston hub", "PR1 8BU", PRESTON_HUB, "preston"),
                        ],
                    },
                    "sort": [7.25, "safe together outreach", 7],
                },
                {
                    "_index": "rightdoor-services",
                    "_id": "12",
                    "_score": 3.5,
                    "_source": {
                        "service_id": 12,
                        "served_area": "county",
                        "served_districts": [],
                        "venues": [venue("Burnley office", "BB11 1JG", BURNLEY_OFFICE, "burnley")],
                    },
                    "sort": [3.5, "safer streets team", 12],
                },
                {
                    "_index": "rightdoor-services",
                    "_id": "31",
                    "_score": 2.0,
                    "_source": {
                        "service_id": 31,
                        "served_area": "national",
                        "served_districts": [],
                        "venues": [],
                    },
                    "sort": [2.0, "family lifeline", 31],
                },
                {
                    "_index": "rightdoor-services",
                    "_id": "40",
                    "_score": None,
                    "_source": {
                        "service_id": 40,
                        "served_area": "districts",
                        "served_districts": ["preston"],
                        "venues": [venue("Burnley office", "BB11 1JG", BURNLEY_OFFICE, "burnley")],
                    },
                    "sort": [1.0, "burnley and preston group", 40],
                },
            ],
        },
        "aggregations": {
            "facet_theme": {
                "doc_count": 40,
                "values": {
                    "doc_count_error_upper_bound": 0,
                    "sum_other_doc_count": 0,
                    "buckets": [
                        {"key": "domestic-abuse", "doc_count": 12},
                        {"key": "parenting", "doc_count": 5},
                    ],
                },
            },
            "facet_age": {
                "doc_count": 40,
                "values": {
                    "buckets": {
                        "pregnancy": {"doc_count": 3},
                        "0": {"doc_count": 5},
                        **{str(age): {"doc_count": 0} for age in range(1, 25)},
                        "25": {"doc_count": 2},
                    }
                },
            },
            "facet_kind": {
                "doc_count": 38,
                "values": {
                    "doc_count_error_upper_bound": 0,
                    "sum_other_doc_count": 0,
                    "buckets": [
                        {"key": "commissioned", "doc_count": 20},
                        {"key": "universal", "doc_count": 18},
                    ],
                },
            },
            "facet_level": {
                "doc_count": 37,
                "values": {
                    "doc_count_error_upper_bound": 0,
                    "sum_other_doc_count": 0,
                    "buckets": [{"key": "2", "doc_count": 30}, {"key": "3", "doc_count": 9}],
                },
            },
            "facet_access": {
                "doc_count": 37,
                "values": {"doc_count_error_upper_bound": 0, "sum_other_doc_count": 0, "buckets": []},
            },
            "facet_free": {"doc_count": 41, "values": {"doc_count": 29}},
            "facet_mode": {
                "doc_count": 37,
                "values": {
                    "doc_count_error_upper_bound": 0,
                    "sum_other_doc_count": 0,
                    "buckets": [{"key": "in-person", "doc_count": 37}],
                },
            },
            "facet_when": {
                "doc_count": 37,
                "values": {
                    "doc_count_error_upper_bound": 0,
                    "sum_other_doc_count": 0,
                    "buckets": [{"key": "evenings", "doc_count": 4}],
                },
            },
            "facet_language": {
                "doc_count": 37,
                "values": {
                    "doc_count_error_upper_bound": 0,
                    "sum_other_doc_count": 0,
                    "buckets": [{"key": "ur", "doc_count": 2}],
                },
            },
        },
    }


def miles_from_preston(point) -> float:
    return float(geo.distances_miles(PRESTON.coordinates, [point[0]], [point[1]])[0])


def test_hits_come_back_in_order_with_their_ids_and_scores():
    results = es.parse_response(response(), every_filter_query())
    assert [hit.service_id for hit in results.hits] == [7, 12, 31, 40]
    assert [hit.score for hit in results.hits] == [7.25, 3.5, 2.0, 0.0]
    assert results.total == 37
    assert results.backend == "elasticsearch"


def test_each_hit_has_its_nearest_venue_measured_from_the_source():
    hits = es.parse_response(response(), every_filter_query()).hits
    assert hits[0].distance_miles == pytest.approx(miles_from_preston(PRESTON_HUB))
    assert hits[0].nearest_location == NearestLocation("Preston hub", "PR1 8BU", *PRESTON_HUB)
    # A venue far outside the radius is still reported, as the nearest there is.
    assert hits[1].distance_miles == pytest.approx(miles_from_preston(BURNLEY_OFFICE))
    assert hits[1].distance_miles > 15
    assert hits[2].distance_miles is None
    assert hits[2].nearest_location is None


def test_each_hit_says_how_it_covers_the_place():
    hits = es.parse_response(response(), every_filter_query()).hits
    assert [hit.coverage for hit in hits] == ["venue", "county", "national", "district"]


def test_outside_lancashire_a_county_service_does_not_cover_the_place():
    source = {"served_area": "county", "served_districts": []}
    assert es.coverage(source, every_filter_query(place=MANCHESTER), None) == ""
    assert es.coverage({"served_area": "national"}, every_filter_query(place=MANCHESTER), None) == "national"


def test_without_a_place_there_is_no_distance_or_coverage():
    hits = es.parse_response(response(), SearchQuery(text="dv")).hits
    assert all(hit.distance_miles is None and hit.nearest_location is None for hit in hits)
    assert all(hit.coverage == "" for hit in hits)


def test_facets_come_back_as_counts_by_value_for_every_facet():
    facets = es.parse_response(response(), every_filter_query()).facets
    assert list(facets) == list(FACET_PARAMETERS)
    assert facets["theme"] == {"domestic-abuse": 12, "parenting": 5}
    assert facets["age"] == {"pregnancy": 3, "0": 5, "25": 2}  # ages nobody covers are left out
    assert facets["kind"] == {"commissioned": 20, "universal": 18}
    assert facets["level"] == {"2": 30, "3": 9}
    assert facets["access"] == {}
    assert facets["free"] == {"1": 29}
    assert facets["mode"] == {"in-person": 37}
    assert facets["when"] == {"evenings": 4}
    assert facets["language"] == {"ur": 2}


def test_an_empty_response():
    empty = {
        "took": 1,
        "timed_out": False,
        "hits": {"total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []},
        "aggregations": {
            "facet_free": {"doc_count": 0, "values": {"doc_count": 0}},
            "facet_age": {
                "doc_count": 0,
                "values": {"buckets": {value: {"doc_count": 0} for value in es.AGE_VALUES}},
            },
        },
    }
    results = es.parse_response(empty, every_filter_query())
    assert results.hits == []
    assert results.total == 0
    assert results.facets == {parameter: {} for parameter in FACET_PARAMETERS}


# ---------------------------------------------------------------------------- when the cluster cannot answer


CLOSED_PORT = "http://127.0.0.1:9"  # the discard port: nothing listens on it here


def test_an_unreachable_cluster_is_unavailable_at_once():
    backend = es.ElasticsearchBackend(CLOSED_PORT)
    started = time.monotonic()
    with pytest.raises(BackendUnavailable):
        backend.search(every_filter_query(), analysed("partner hurts me"))
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("method", "args"),
    [("index", ([record()],)), ("remove", ([7],)), ("clear", ()), ("count", ()), ("refresh", ())],
)
def test_every_operation_on_an_unreachable_cluster_is_unavailable(method, args):
    backend = es.ElasticsearchBackend(CLOSED_PORT)
    with pytest.raises(BackendUnavailable):
        getattr(backend, method)(*args)


@pytest.fixture
def silent_server():
    """A port that accepts connections and never answers: a hung cluster."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_a_cluster_that_does_not_answer_in_time_is_unavailable(silent_server):
    backend = es.ElasticsearchBackend(silent_server, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(BackendUnavailable):
        backend.search(SearchQuery(), None)
    assert time.monotonic() - started < 1.5  # one timeout, not retried


def test_searches_time_out_after_two_seconds_by_default():
    backend = es.ElasticsearchBackend(CLOSED_PORT)
    assert backend.timeout == es.REQUEST_TIMEOUT == 2.0


def api_error(status: int, error_type: str) -> ApiError:
    meta = ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=HttpHeaders(),
        duration=0.0,
        node=NodeConfig("http", "localhost", 9200),
    )
    body = {
        "error": {"root_cause": [{"type": error_type, "reason": "..."}], "type": error_type, "reason": "..."}
    }
    return ApiError(error_type, meta, body)


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (503, "cluster_block_exception"),
        (500, "search_phase_execution_exception"),
        (429, "es_rejected_execution_exception"),
        (404, "index_not_found_exception"),
    ],
)
def test_server_errors_and_a_missing_index_are_unavailable(status, error_type):
    with pytest.raises(BackendUnavailable), es._available("search"):
        raise api_error(status, error_type)


@pytest.mark.parametrize(
    ("status", "error_type", "words"),
    [
        (400, "parsing_exception", "mapping has drifted"),
        (401, "security_exception", "authentication failed"),
        (403, "security_exception", "not authorised"),
        (403, "cluster_block_exception", "read-only"),
        (429, "es_rejected_execution_exception", "overloaded"),
    ],
)
def test_every_refusal_is_unavailable_with_a_reason_that_names_no_host(status, error_type, words):
    with pytest.raises(BackendUnavailable) as raised, es._available("search"):
        raise api_error(status, error_type)
    assert words in raised.value.reason
    assert "localhost" not in raised.value.reason and "9200" not in raised.value.reason


def test_from_settings_needs_a_url(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(ImproperlyConfigured):
        es.ElasticsearchBackend.from_settings()


def test_from_settings_reads_the_url_and_index(settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    settings.ELASTICSEARCH_INDEX = "services-x"
    backend = es.ElasticsearchBackend.from_settings()
    assert (backend.url, backend.index_name, backend.name) == (CLOSED_PORT, "services-x", "elasticsearch")
    del settings.ELASTICSEARCH_INDEX
    assert es.ElasticsearchBackend.from_settings().index_name == "rightdoor-services"


# ---------------------------------------------------------------------------- against a real cluster

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
needs_cluster = pytest.mark.skipif(not ELASTICSEARCH_URL, reason=es_skip_reason())


@pytest.fixture
def live():
    backend = es.ElasticsearchBackend(ELASTICSEARCH_URL, f"rightdoor-test-{uuid.uuid4().hex[:8]}", replicas=0)
    backend.create_index()
    backend.index(
        [
            record(),
            record(
                service_id=8,
                name="Parenting Together course",
                summary="A ten-week course for parents.",
                body="Parenting",
                themes=("parenting",),
                kind="targeted",
                cost="paid",
                age_min=3,
                age_max=11,
                served_area="districts",
                served_districts=("south-ribble",),
                locations=(LocationRecord("Leyland office", "PR25 2LU", *LEYLAND, "south-ribble"),),
            ),
            record(
                service_id=9,
                name="Family Lifeline",
                summary="A national helpline for parents.",
                body="Parenting helpline",
                themes=("parenting",),
                served_area="national",
                served_districts=(),
                locations=(),
            ),
        ]
    )
    yield backend
    backend.delete_index()


@needs_cluster
def test_live_words_a_family_uses_find_the_service(live):
    results = live.search(SearchQuery(text="dv", sort="relevance"), analysed("dv"))
    assert [hit.service_id for hit in results.hits][:1] == [7]


@needs_cluster
def test_live_stemming_finds_other_forms_of_a_word(live):
    results = live.search(SearchQuery(text="parents", sort="name"), analysed("parents"))
    assert {hit.service_id for hit in results.hits} >= {8, 9}


@needs_cluster
def test_live_place_filters_and_facets(live):
    query = SearchQuery(place=PRESTON, radius_miles=1, sort="nearest", kinds=("commissioned",))
    results = live.search(query, None)
    assert [hit.service_id for hit in results.hits] == [7, 9]
    assert [hit.coverage for hit in results.hits] == ["venue", "national"]
    assert results.facets["kind"] == {"commissioned": 2}
    assert results.facets["theme"] == {"domestic-abuse": 1, "parenting": 1}


@needs_cluster
def test_live_nearest_puts_services_without_a_venue_in_the_radius_after_by_name(live):
    results = live.search(SearchQuery(place=PRESTON, radius_miles=5, sort="nearest"), None)
    assert [hit.service_id for hit in results.hits] == [7, 8, 9]


@needs_cluster
def test_live_remove_and_count(live):
    assert live.count() == 3
    live.remove([8])
    assert live.count() == 2
