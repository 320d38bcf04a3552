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
from dataclasses import replace

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch.exceptions import ApiError

from directory import distances, facets, geo
from search import ranking, text
from search.backends.base import BackendUnavailable, NearestLocation
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.elasticsearch import faults as es_faults
from search.backends.elasticsearch import indexes as es_indexes
from search.backends.elasticsearch import mapping as es_mapping
from search.backends.elasticsearch import queries as es_queries
from search.backends.elasticsearch import responses as es_responses
from search.documents import LocationRecord, ServiceRecord
from search.query import FACET_PARAMETERS, MAX_PAGE, PER_PAGE_CHOICES, SearchQuery
from search.text import AnalysedText
from tests.search.elasticsearch_node import es_skip_reason

PRESTON = geo.Place("PR1 2HE", 53.7579, -2.7018, "preston", "postcode")
MANCHESTER = geo.Place("M1 1AE", 53.4808, -2.2426, None, "postcode")
TODAY = datetime.date(2025, 6, 1)

KEYWORD_FIELDS = (
    "themes",
    "ages",
    "kind",
    "free",
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


FACET_FIELDS = {facet.field for facet in facets.FACETS}


def record(**changes) -> ServiceRecord:
    """A record as `build_record` makes one; facet codes may be given by field (`themes=(…)`)."""
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
    codes = {field: tuple(values.pop(field)) for field in list(values) if field in FACET_FIELDS - {"kind"}}
    codes["kind"] = (values["kind"],)
    codes["free"] = ("1",) if values["cost"] == "free" else ()
    codes["ages"] = facets.ages_covered(values["age_min"], values["age_max"])
    return ServiceRecord(**values, facets=codes)


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
    return es_queries.build_search(query, words, today=TODAY).to_dict()


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
    return es_mapping.index_definition().to_dict()


def test_the_index_is_named_from_settings_by_default_rightdoor_services(definition):
    assert es_mapping.ServiceDocument._index._name == "rightdoor-services"
    assert es_mapping.index_definition("elsewhere")._name == "elsewhere"


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
    assert es_mapping.index_definition(replicas=2).to_dict()["settings"]["number_of_replicas"] == 2
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    settings.ELASTICSEARCH_REPLICAS = 0
    assert (
        ElasticsearchBackend.from_settings().index_definition().to_dict()["settings"]["number_of_replicas"]
        == 0
    )


# ---------------------------------------------------------------------------- documents


def test_a_record_becomes_its_source_with_terms_iso_dates_and_lat_lon_venues():
    source = es_mapping.document_source(record())
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


def test_what_ranking_reads_is_packed_in_one_doc_value_and_read_back_whole():
    source = es_mapping.document_source(record())
    features = es_mapping.unpack_features(source["features"])
    assert list(features) == es_mapping.FEATURE_FIELDS
    assert {field: features[field] for field in ("service_id", "name_sort", "group", "themes", "ages")} == {
        field: source[field] for field in ("service_id", "name_sort", "group", "themes", "ages")
    }
    # Venues compactly, in their order: [lat, lon, name, postcode].
    assert features["venues"] == [
        [53.7632, -2.7044, "Preston hub", "PR1 8BU"],
        [53.696, -2.697, "Leyland office", "PR25 2LU"],
    ]
    assert (
        es_mapping.unpack_features(es_mapping.document_source(record(next_review=None))["features"])[
            "next_review"
        ]
        is None
    )


def test_listings_of_one_service_share_a_group_number_and_other_services_do_not():
    chorley = es_mapping.document_source(record(service_id=8, name="Safe Together outreach – Chorley"))
    preston = es_mapping.document_source(record())
    other = es_mapping.document_source(record(service_id=9, name="Family Lifeline"))
    assert chorley["group_id"] == preston["group_id"] != other["group_id"]
    assert -(2**63) <= other["group_id"] < 2**63  # an Elasticsearch long


def test_a_record_with_no_review_date_and_no_venues():
    source = es_mapping.document_source(record(next_review=None, locations=()))
    assert source["next_review"] is None
    assert source["locations"] == []
    assert source["venues"] == []


def test_every_source_field_is_in_the_strict_mapping(definition):
    properties = definition["mappings"]["properties"]
    source = es_mapping.document_source(record())
    assert set(source) == set(properties)


def test_bulk_actions_index_each_record_under_its_service_id():
    actions = list(es_mapping.bulk_actions([record(), record(service_id=8, name="Other")], "services-x"))
    assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
        ("index", "services-x", "7"),
        ("index", "services-x", "8"),
    ]
    assert actions[0]["_source"] == es_mapping.document_source(record())
    # During a rebuild a publish goes to the live index and the one being built.
    both = list(es_mapping.bulk_actions([record()], ["live", "building"]))
    assert [action["_index"] for action in both] == ["live", "building"]


# ---------------------------------------------------------------------------- the query


def text_clauses(request: dict) -> tuple[dict, list[dict]]:
    [clause] = [
        clause
        for clause in find(request["query"], "bool")
        if "should" in clause and any("constant_score" in option for option in clause["should"])
    ]
    return clause, [option["constant_score"] for option in clause["should"]]


def test_text_is_any_term_in_the_name_or_body_or_a_need_scored_by_word_rarity():
    weights = {"partner": 1.0, "hurt": 3.0}
    request = es_queries.build_search(
        every_filter_query(),
        analysed("partner hurts me", themes=("domestic-abuse",)),
        today=TODAY,
        weights=weights,
    ).to_dict()
    clause, scores = text_clauses(request)
    assert clause["minimum_should_match"] == 1
    # Each word counts its share of the idf weights (`ranking.text_score`): half for a match
    # anywhere, the other half in the name; the rarer word "hurt" 3 times "partner".
    anywhere, in_name = scores[2], scores[3]
    assert anywhere["boost"] == pytest.approx(0.75 * es_queries.ANYWHERE_SHARE)
    assert in_name == {
        "filter": {"term": {"name_terms": "hurt"}},
        "boost": pytest.approx(0.75 * es_queries.TITLE_SHARE),
    }
    assert scores[0]["boost"] == pytest.approx(0.25 * es_queries.ANYWHERE_SHARE)
    # Named, so each hit says which words it matched and where.
    assert anywhere["filter"]["bool"]["should"] == [
        {"term": {"name_terms": {"value": "hurt", "_name": "n1"}}},
        {"term": {"body_terms": {"value": "hurt", "_name": "b1"}}},
    ]
    # Or tagged with the need the words describe, which passes the threshold on its own.
    assert scores[4] == {"filter": {"terms": {"themes": ["domestic-abuse"]}}, "boost": es_queries.NEED_GATE}
    # Text about something else must match most of the words (`ranking.MIN_TEXT_WITHOUT_THEME`).
    [gate] = [item for item in find(request["query"], "function_score") if "min_score" in item]
    assert gate["min_score"] == pytest.approx(ranking.MIN_TEXT_WITHOUT_THEME, abs=1e-4)
    assert find(request, "fuzziness") == [], "spelling is corrected in Python, for both backends"


def test_without_a_need_any_word_finds_a_service():
    request = body(every_filter_query(), analysed("partner hurts me"))
    assert [item for item in find(request["query"], "function_score") if "min_score" in item] == []
    clause, _ = text_clauses(request)
    assert clause["minimum_should_match"] == 1


def test_word_weights_are_the_idf_of_how_many_services_hold_each_word():
    request = es_queries.document_frequency_request(["partner", "hurt"])
    assert request["size"] == 0 and request["track_total_hits"] is True
    assert request["aggs"]["df"]["filters"]["filters"]["hurt"] == {
        "bool": {
            "should": [{"term": {"name_terms": "hurt"}}, {"term": {"body_terms": "hurt"}}],
            "minimum_should_match": 1,
        }
    }
    answer = {
        "hits": {"total": {"value": 100, "relation": "eq"}},
        "aggregations": {"df": {"buckets": {"partner": {"doc_count": 40}, "hurt": {"doc_count": 2}}}},
    }
    weights = es_responses.term_weights(answer, ["partner", "hurt"])
    assert weights == {"partner": ranking.idf(40, 100), "hurt": ranking.idf(2, 100)}
    assert weights["hurt"] > weights["partner"]


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


def preorder(request: dict) -> dict:
    """The function_score that approximates `ranking.score` (inside the out-of-date factor)."""
    return request["query"]["function_score"]["query"]["function_score"]


def test_relevance_decays_with_distance_from_the_nearest_venue():
    request = body(every_filter_query(), analysed("partner hurts me", themes=("domestic-abuse",)))
    [gauss] = find(request["query"], "gauss")
    assert gauss["locations"]["origin"] == {"lat": 53.7579, "lon": -2.7018}
    assert gauss["locations"]["scale"] == "2.5mi"  # half the 5-mile radius
    assert gauss["multi_value_mode"] == "min"
    scored = preorder(request)
    assert scored["score_mode"] == "sum"
    assert scored["boost_mode"] == "sum"
    [decay, covering] = [function for function in scored["functions"] if "filter" in function][-2:]
    assert decay["filter"]["geo_distance"]["distance"] == "5mi"
    assert decay["weight"] == ranking.W_NEARNESS
    assert covering["filter"] == {"bool": {"must_not": [decay["filter"]]}}
    assert covering["weight"] == pytest.approx(ranking.W_NEARNESS * ranking.COVERAGE_NEARNESS)
    assert find(request, "script") == [] and find(request, "_script") == []


def test_a_need_its_primary_services_and_self_referral_lead_the_candidates_fetched():
    request = body(every_filter_query(), analysed("partner hurts me", themes=("domestic-abuse",)))
    weights = {
        str(function["filter"]): function["weight"]
        for function in preorder(request)["functions"]
        if "filter" in function
    }
    assert weights[str({"terms": {"themes": ["domestic-abuse"]}})] == ranking.W_THEME
    assert weights[str({"terms": {"primary_theme": ["domestic-abuse"]}})] == ranking.W_PRIMARY
    assert weights[str({"term": {"access_routes": "self_referral"}})] == ranking.W_SELF_REFERRAL


def test_a_need_chosen_without_words_ranks_by_fit_not_by_name():
    # New relevance rules (issue 15): a theme filter with no words is ordered by how central the
    # need is to each service, not A to Z.
    request = body(SearchQuery(sort="relevance", themes=("parenting",)), None)
    functions = preorder(request)["functions"]
    assert {"filter": {"terms": {"themes": ["parenting"]}}, "weight": ranking.W_THEME} in functions
    assert {"filter": {"terms": {"primary_theme": ["parenting"]}}, "weight": ranking.W_PRIMARY} in functions
    assert find(request, "gauss") == []


def test_listings_long_past_their_review_are_weighted_down():
    request = body(every_filter_query(), analysed("partner hurts me"))
    freshness = request["query"]["function_score"]
    [out_of_date] = freshness["functions"]
    # 90 days before TODAY (1 June 2025).
    assert out_of_date["filter"] == {"range": {"next_review": {"lt": "2025-03-03"}}}
    assert 0 < out_of_date["weight"] < 1
    assert freshness["score_mode"] == freshness["boost_mode"] == "multiply"


def test_the_out_of_date_cut_off_is_90_days_ago():
    assert es_queries.out_of_date_before(TODAY) == TODAY - datetime.timedelta(days=90)


def expected_filters() -> dict[str, dict]:
    return {
        "theme": {"terms": {"themes": ["domestic-abuse"]}},
        "age": {"terms": {"ages": ["4"]}},
        "kind": {"terms": {"kind": ["commissioned", "targeted"]}},
        "level": {"terms": {"levels": ["2"]}},
        "access": {"terms": {"access_routes": ["self_referral"]}},
        "free": {"terms": {"free": ["1"]}},
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
    assert set(request["aggs"]) == {f"facet_{parameter}" for parameter in FACET_PARAMETERS} | {"services"}
    filters = expected_filters()
    for parameter in FACET_PARAMETERS:
        applied = request["aggs"][f"facet_{parameter}"]["filter"]["bool"]["filter"]
        assert applied == [clause for other, clause in filters.items() if other != parameter], parameter
    theme = request["aggs"]["facet_theme"]["filter"]["bool"]["filter"]
    assert filters["kind"] in theme
    assert filters["theme"] not in theme


def test_facet_values_are_terms_of_their_keyword_fields():
    request = body(every_filter_query(), analysed("partner hurts me"))
    for facet in facets.FACETS:
        values = request["aggs"][f"facet_{facet.parameter}"]["aggs"]["values"]
        assert values == {"terms": {"field": facet.field, "size": es_queries.FACET_SIZE}, "aggs": SERVICES}


# One card per service: facets and the total count groups of listings, not listings.
SERVICES = {
    "services": {
        "cardinality": {"field": "group_id", "precision_threshold": es_queries.CARDINALITY_PRECISION}
    }
}


def test_the_total_counts_services_with_every_filter_applied():
    request = body(every_filter_query(), analysed("partner hurts me"))
    assert request["aggs"]["services"]["filter"] == request["post_filter"]
    assert request["aggs"]["services"]["aggs"] == {"count": SERVICES["services"]}


def test_the_age_facet_counts_services_covering_each_age_from_pregnancy_to_25():
    # One terms count over the ages each document covers (indexed with it), not 27 range filters.
    request = body(every_filter_query(), analysed("partner hurts me"))
    values = request["aggs"]["facet_age"]["aggs"]["values"]
    assert values == {"terms": {"field": "ages", "size": es_queries.FACET_SIZE}, "aggs": SERVICES}
    assert facets.ages_covered(-1, 0) == ("pregnancy", "0")
    assert facets.ages_covered(11, 16) == ("11", "12", "13", "14", "15", "16")
    assert facets.ages_covered(18, 99) == tuple(str(age) for age in range(18, 26))
    assert es_mapping.document_source(record(age_min=24, age_max=30))["ages"] == ["24", "25"]


def test_with_no_filters_the_facets_count_every_candidate():
    request = body(SearchQuery(text="dv", sort="relevance"), analysed("dv"))
    for parameter in FACET_PARAMETERS:
        assert request["aggs"][f"facet_{parameter}"]["filter"] == {"match_all": {}}


def test_a_bounded_candidate_set_is_fetched_and_paged_in_python():
    # Grouping listings into services happens after ranking, so a page is cut from the ranked
    # candidates, not by Elasticsearch's from/size.
    request = body(every_filter_query(page=3, per_page=10), analysed("partner hurts me"))
    assert request["from"] == 0
    assert request["size"] == es_queries.CANDIDATE_LIMIT
    assert request["track_total_hits"] is True
    # With the features the shared ranking and grouping read, packed in one doc value per hit:
    # no stored field is read (not the `_source`, not the `_id`).
    assert request["docvalue_fields"] == ["features"]
    assert (request["_source"], request["stored_fields"]) == (False, "_none_")
    assert set(es_mapping.FEATURE_FIELDS) >= {
        "service_id",
        "venues",
        "group",
        "themes",
        "primary_theme",
        "always_open",
    }
    mapping = es_mapping.expected_mapping()
    assert mapping["_source"] == {"excludes": list(es_mapping.UNSTORED_FIELDS)}
    assert set(mapping["properties"]) - set(es_mapping.UNSTORED_FIELDS) == {
        *es_mapping.FEATURE_FIELDS,
        "name",
    }
    assert mapping["properties"]["features"] == {"type": "binary", "doc_values": True}
    deep = body(every_filter_query(page=MAX_PAGE, per_page=max(PER_PAGE_CHOICES)), analysed("dv"))
    assert deep["size"] == MAX_PAGE * max(PER_PAGE_CHOICES)


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
    min_lat, max_lat, min_lng, max_lng = distances.bounding_box(PRESTON.latitude, PRESTON.longitude, 3)
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
    backend = ElasticsearchBackend("http://127.0.0.1:9", "services-x")
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


SAFE_TOGETHER = "Safe Together\x1fsafe together outreach"


def source(service_id, name, area, districts, venues, **features) -> dict:
    return {
        "service_id": service_id,
        "name_sort": name.casefold(),
        "group": features.pop("group", f"org\x1f{name.casefold()}"),
        "served_area": area,
        "served_districts": districts,
        "venues": venues,
        "themes": features.pop("themes", []),
        "primary_theme": features.pop("primary_theme", ""),
        "access_routes": features.pop("access_routes", []),
        "modes": features.pop("modes", []),
        "always_open": features.pop("always_open", False),
        "last_checked": "2025-05-01",
        "next_review": "2025-12-01",
    }


def response(**changes: dict) -> dict:
    """A search response as Elasticsearch 8 returns it (with made-up scores and counts), in
    Elasticsearch's approximate order: `parse_response` ranks it with `search.ranking`. Each hit's
    features are packed in its `features` doc value, as the index holds them; `changes` (by
    service id, "s41") alter a hit's features first."""
    answer = {
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
                    "_source": source(
                        7,
                        "Safe Together outreach",
                        "districts",
                        ["preston", "south-ribble"],
                        # Leyland first: the nearest is found by measuring, not by position.
                        [
                            venue("Leyland office", "PR25 2LU", LEYLAND, "south-ribble"),
                            venue("Preston hub", "PR1 8BU", PRESTON_HUB, "preston"),
                        ],
                        group=SAFE_TOGETHER,
                        themes=["domestic-abuse"],
                        primary_theme="domestic-abuse",
                        access_routes=["self_referral"],
                    ),
                    "matched_queries": ["b0"],
                    "sort": [7.25, "safe together outreach", 7],
                },
                {
                    "_index": "rightdoor-services",
                    "_id": "12",
                    "_score": 3.5,
                    "_source": source(
                        12,
                        "Safer Streets Team",
                        "county",
                        [],
                        [venue("Burnley office", "BB11 1JG", BURNLEY_OFFICE, "burnley")],
                        themes=["domestic-abuse", "parenting"],
                        primary_theme="parenting",
                        access_routes=["professional_referral"],
                    ),
                    "sort": [3.5, "safer streets team", 12],
                },
                {
                    "_index": "rightdoor-services",
                    "_id": "31",
                    "_score": 2.0,
                    "_source": source(
                        31,
                        "Family Lifeline",
                        "national",
                        [],
                        [],
                        themes=["domestic-abuse"],
                        primary_theme="domestic-abuse",
                        access_routes=["self_referral"],
                        modes=["phone"],
                        always_open=True,
                    ),
                    "sort": [2.0, "family lifeline", 31],
                },
                {
                    "_index": "rightdoor-services",
                    "_id": "40",
                    "_score": None,
                    "_source": source(
                        40,
                        "Burnley and Preston group",
                        "districts",
                        ["preston"],
                        [venue("Burnley office", "BB11 1JG", BURNLEY_OFFICE, "burnley")],
                        themes=["parenting"],
                    ),
                    # Both words in the name: enough text to be found without the need.
                    "matched_queries": ["n0", "b0", "n1"],
                    "sort": [1.0, "burnley and preston group", 40],
                },
                {
                    "_index": "rightdoor-services",
                    "_id": "41",
                    "_score": 1.0,
                    "_source": source(
                        41,
                        "Safe Together outreach – Burnley",
                        "districts",
                        ["burnley"],
                        [venue("Burnley office", "BB11 1JG", BURNLEY_OFFICE, "burnley")],
                        group=SAFE_TOGETHER,
                        themes=["domestic-abuse"],
                        primary_theme="domestic-abuse",
                        access_routes=["self_referral"],
                    ),
                    "sort": [1.0, "safe together outreach – burnley", 41],
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
                        # 12 listings of 9 services.
                        {"key": "domestic-abuse", "doc_count": 12, "services": {"value": 9}},
                        {"key": "parenting", "doc_count": 5, "services": {"value": 5}},
                    ],
                },
            },
            "facet_age": {
                "doc_count": 40,
                "values": {
                    "doc_count_error_upper_bound": 0,
                    "sum_other_doc_count": 0,
                    # Most listings first, as a terms aggregation answers.
                    "buckets": [
                        {"key": "0", "doc_count": 5},
                        {"key": "pregnancy", "doc_count": 3},
                        {"key": "25", "doc_count": 2},
                    ],
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
            "facet_free": {"doc_count": 41, "values": {"buckets": [{"key": "1", "doc_count": 29}]}},
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
            "services": {"doc_count": 37, "count": {"value": 30}},
        },
    }
    for raw in answer["hits"]["hits"]:
        features = raw.pop("_source")
        features.update(changes.get(f"s{features['service_id']}", {}))
        raw["fields"] = {"features": [es_mapping.pack_features(features)]}
    return answer


def miles_from_preston(point) -> float:
    return float(distances.distances_miles(PRESTON.coordinates, [point[0]], [point[1]])[0])


def parsed(query: SearchQuery | None = None, words: AnalysedText | None = None):
    query = query or every_filter_query(page=1)
    words = words or analysed("partner hurts me", themes=("domestic-abuse",))
    return es_responses.parse_response(response(), query, words, today=TODAY)


def test_hits_are_ranked_by_the_shared_ranking_not_elasticsearchs_approximate_score():
    results = parsed()
    # The need first, its primary services before one that lists it second, self-referral and
    # nearness after; a service without the need stays in on its words (both in its name).
    assert [hit.service_id for hit in results.hits] == [7, 31, 12, 40]
    assert results.backend == "elasticsearch"


def test_one_card_per_service_with_the_other_listings_in_also_in():
    hits = parsed().hits
    assert 41 not in [hit.service_id for hit in hits]
    assert hits[0].also_in == (41,)
    assert [hit.also_in for hit in hits[1:]] == [(), (), ()]


def test_the_nearest_listing_stands_for_its_service_with_a_place():
    near_burnley = geo.Place("BB11 1JG", *BURNLEY_OFFICE, "burnley", "postcode")
    hits = parsed(every_filter_query(page=1, place=near_burnley)).hits
    [card] = [hit for hit in hits if 41 in hit.also_in or hit.service_id == 41]
    assert card.service_id == 41 and card.also_in == (7,)


def test_words_about_something_else_must_match_most_of_them():
    words = analysed("partner hurts me", themes=("domestic-abuse",))
    only_one_word = response()
    only_one_word["hits"]["hits"][3]["matched_queries"] = ["b1"]
    results = es_responses.parse_response(only_one_word, every_filter_query(page=1), words, today=TODAY)
    assert 40 not in [hit.service_id for hit in results.hits]


def test_the_total_counts_services_from_elasticsearch_when_not_every_listing_was_fetched():
    assert parsed().total == 30
    everything = response()
    everything["hits"]["total"]["value"] = 5
    assert es_responses.parse_response(everything, every_filter_query(page=1), None).total == 4  # 41 joins 7


def test_every_listing_stands_alone_when_the_caller_lists_them_all():
    # The Open Referral API lists each district's listing as its own service record.
    everything = response()
    everything["hits"]["total"]["value"] = 5
    query = replace(every_filter_query(page=1), one_per_service=False)
    results = es_responses.parse_response(everything, query, None)
    assert results.total == 5
    assert {7, 41} <= {hit.service_id for hit in results.hits}
    assert all(hit.also_in == () for hit in results.hits)


def test_pages_are_cut_from_the_ranked_cards():
    second = parsed(every_filter_query(page=2, per_page=3))
    assert [hit.service_id for hit in second.hits] == [40]


def test_each_hit_has_its_nearest_venue_measured_from_the_source():
    hits = parsed().hits
    assert hits[0].distance_miles == pytest.approx(miles_from_preston(PRESTON_HUB))
    assert hits[0].nearest_location == NearestLocation("Preston hub", "PR1 8BU", *PRESTON_HUB)
    # As the database backend: only venues in the bounding box around the place are measured.
    by_id = {hit.service_id: hit for hit in hits}
    assert by_id[12].distance_miles is None and by_id[12].nearest_location is None
    assert by_id[31].distance_miles is None
    assert by_id[31].nearest_location is None


def test_each_hit_says_how_it_covers_the_place():
    hits = parsed().hits
    assert [hit.coverage for hit in hits] == ["venue", "national", "county", "district"]


def test_outside_lancashire_a_county_service_does_not_cover_the_place():
    source = {"served_area": "county", "served_districts": []}
    assert es_responses.coverage(source, every_filter_query(place=MANCHESTER), None) == ""
    assert (
        es_responses.coverage({"served_area": "national"}, every_filter_query(place=MANCHESTER), None)
        == "national"
    )


def test_without_a_place_there_is_no_distance_or_coverage():
    hits = es_responses.parse_response(response(), SearchQuery(text="dv")).hits
    assert len(hits) == 4
    assert all(hit.distance_miles is None and hit.nearest_location is None for hit in hits)
    assert all(hit.coverage == "" for hit in hits)


def test_facets_come_back_as_counts_by_value_for_every_facet():
    facets = es_responses.parse_response(response(), every_filter_query()).facets
    assert list(facets) == list(FACET_PARAMETERS)
    assert facets["theme"] == {"domestic-abuse": 9, "parenting": 5}  # services, not listings
    assert facets["age"] == {"pregnancy": 3, "0": 5, "25": 2}  # ages nobody covers are left out
    assert list(facets["age"]) == ["pregnancy", "0", "25"]  # youngest first
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
            "facet_free": {"doc_count": 0, "values": {"buckets": []}},
            "facet_age": {
                "doc_count": 0,
                "values": {"buckets": []},
            },
        },
    }
    results = es_responses.parse_response(empty, every_filter_query())
    assert results.hits == []
    assert results.total == 0
    assert results.facets == {parameter: {} for parameter in FACET_PARAMETERS}


# ---------------------------------------------------------------------------- when the cluster cannot answer


CLOSED_PORT = "http://127.0.0.1:9"  # the discard port: nothing listens on it here


def test_an_unreachable_cluster_is_unavailable_at_once():
    backend = ElasticsearchBackend(CLOSED_PORT)
    started = time.monotonic()
    with pytest.raises(BackendUnavailable):
        backend.search(every_filter_query(), analysed("partner hurts me"))
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("method", "args"),
    [("index", ([record()],)), ("remove", ([7],)), ("clear", ()), ("count", ()), ("refresh", ())],
)
def test_every_operation_on_an_unreachable_cluster_is_unavailable(method, args):
    backend = ElasticsearchBackend(CLOSED_PORT)
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
    backend = ElasticsearchBackend(silent_server, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(BackendUnavailable):
        backend.search(SearchQuery(), None)
    assert time.monotonic() - started < 1.5  # one timeout, not retried


def test_searches_time_out_after_two_seconds_by_default():
    backend = ElasticsearchBackend(CLOSED_PORT)
    assert backend.timeout == es_faults.REQUEST_TIMEOUT == 2.0


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
    with pytest.raises(BackendUnavailable), es_faults._available("search"):
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
    with pytest.raises(BackendUnavailable) as raised, es_faults._available("search"):
        raise api_error(status, error_type)
    assert words in raised.value.reason
    assert "localhost" not in raised.value.reason and "9200" not in raised.value.reason


def test_from_settings_needs_a_url(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(ImproperlyConfigured):
        ElasticsearchBackend.from_settings()


def test_from_settings_reads_the_url_and_index(settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    settings.ELASTICSEARCH_INDEX = "services-x"
    backend = ElasticsearchBackend.from_settings()
    assert (backend.url, backend.index_name, backend.name) == (CLOSED_PORT, "services-x", "elasticsearch")
    del settings.ELASTICSEARCH_INDEX
    assert ElasticsearchBackend.from_settings().index_name == "rightdoor-services"


# ---------------------------------------------------------------------------- against a real cluster

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
needs_cluster = pytest.mark.skipif(not ELASTICSEARCH_URL, reason=es_skip_reason())


@pytest.fixture
def live():
    backend = ElasticsearchBackend(ELASTICSEARCH_URL, f"rightdoor-test-{uuid.uuid4().hex[:8]}", replicas=0)
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
def test_live_word_weights_are_asked_once_and_again_after_a_write(live):
    asked = []
    search = live.client.search

    def counting(*args, **kwargs):
        body = kwargs.get("body") or {}
        asked.append("df" in body.get("aggs", {}))
        return search(*args, **kwargs)

    live.client.search = counting
    query = SearchQuery(text="parenting helpline", sort="relevance")
    first = live.search(query, analysed("parenting helpline"))
    assert asked.count(True) == 1
    asked.clear()
    assert live.search(query, analysed("parenting helpline")).hits == first.hits
    assert True not in asked, "the weights came from the cache"
    live.remove([8])  # a write: the words' rarity may have changed
    live.search(query, analysed("parenting helpline"))
    assert asked.count(True) == 1


def node_requests(backend: ElasticsearchBackend) -> list[tuple[str, str, object]]:
    """Every request `backend` sends to the node from now on, (method, path, body), recorded
    at its client's transport: what actually goes over the wire."""
    sent: list[tuple[str, str, object]] = []
    transport = backend.client.transport
    perform = transport.perform_request

    def recording(method, target, *args, **kwargs):
        sent.append((method, target.split("?")[0], kwargs.get("body")))
        return perform(method, target, *args, **kwargs)

    transport.perform_request = recording
    return sent


@needs_cluster
def test_live_a_small_answer_is_one_round_trip_filtered_and_counted_in_python(live):
    # Every candidate fits in one fetch: Python filters and counts them (as the database backend
    # does), from the same single `_msearch` that would have answered a large search.
    sent = node_requests(live)
    results = live.search(
        SearchQuery(place=PRESTON, radius_miles=1, sort="nearest", kinds=("commissioned",)), None
    )
    assert [(method, path) for method, path, _ in sent] == [("POST", "/_msearch")]
    assert [hit.service_id for hit in results.hits] == [7, 9]
    assert results.facets["kind"] == {"commissioned": 2}
    assert results.total == 2


@needs_cluster
@pytest.mark.parametrize("filters", [{}, {"kinds": ("commissioned",)}], ids=["unfiltered", "filtered"])
def test_live_a_large_answer_is_one_round_trip_with_elasticsearchs_facets(live, monkeypatch, filters):
    # More candidates than one fetch holds (the bound lowered to 2 of the 3 services): the
    # answer, its total and its facets come from the same single round trip.
    monkeypatch.setattr(es_queries, "CANDIDATE_LIMIT", 2)
    sent = node_requests(live)
    results = live.search(SearchQuery(sort="name", per_page=1, **filters), None)
    assert [(method, path) for method, path, _ in sent] == [("POST", "/_msearch")]
    assert [hit.service_id for hit in results.hits] == [9]  # Family Lifeline, first by name
    assert results.total == (2 if filters else 3)
    assert results.facets["theme"] == (
        {"domestic-abuse": 1, "parenting": 1} if filters else {"domestic-abuse": 1, "parenting": 2}
    )
    assert results.facets["kind"] == {"commissioned": 2, "targeted": 1}  # not by its own filter


@needs_cluster
def test_live_a_large_answer_whose_filter_keeps_nothing_shows_nothing(live, monkeypatch):
    monkeypatch.setattr(es_queries, "CANDIDATE_LIMIT", 2)
    results = live.search(SearchQuery(sort="name", per_page=1, kinds=("specialist",)), None)
    assert (results.hits, results.total) == ([], 0)
    assert results.facets["kind"] == {"commissioned": 2, "targeted": 1}


@needs_cluster
def test_live_a_search_of_an_index_that_is_not_built_is_unavailable_saying_so():
    backend = ElasticsearchBackend(ELASTICSEARCH_URL, f"rightdoor-test-missing-{uuid.uuid4().hex[:8]}")
    with pytest.raises(BackendUnavailable) as refused:
        backend.search(SearchQuery(place=PRESTON, radius_miles=1, sort="nearest"), None)
    assert refused.value.reason == "the index is not built: run rebuild_search_index"


@needs_cluster
def test_live_an_index_without_packed_features_is_unavailable_until_rebuilt(live):
    # An index built by an older release holds no `features`: the database answers meanwhile.
    old = f"rightdoor-test-old-{uuid.uuid4().hex[:8]}"
    mapping = es_mapping.expected_mapping()
    del mapping["properties"]["features"]
    live.client.indices.create(index=old, mappings=mapping)
    try:
        source = es_mapping.document_source(record())
        del source["features"]
        live.client.index(index=old, id="7", document=source, refresh=True)
        backend = ElasticsearchBackend(ELASTICSEARCH_URL, old)
        with pytest.raises(BackendUnavailable) as refused:
            backend.search(SearchQuery(text="dv", sort="relevance"), analysed("dv"))
        assert "rebuild_search_index" in refused.value.reason
    finally:
        live.client.options(ignore_status=404).indices.delete(index=old)


@needs_cluster
def test_live_remove_and_count(live):
    assert live.count() == 3
    live.remove([8])
    assert live.count() == 2


def test_with_every_candidate_fetched_filters_and_facets_go_by_each_services_best_listing():
    # As the database backend: a service is kept, and counted in a facet, by the listing that
    # stands for it (the nearest with a place), not by any of its listings.
    everything = response(s41={"languages": ["ur"]})  # only the Burnley listing
    everything["hits"]["total"]["value"] = 5
    words = analysed("partner hurts me", themes=("domestic-abuse",))
    near_burnley = geo.Place("BB11 1JG", *BURNLEY_OFFICE, "burnley", "postcode")

    def search(place, **filters):
        query = SearchQuery(text="partner hurts me", place=place, sort="relevance", **filters)
        return es_responses.parse_response(everything, query, words, today=TODAY, filtered=False)

    assert search(PRESTON).facets["language"] == {}
    assert search(PRESTON, languages=("ur",)).hits == []
    assert search(near_burnley).facets["language"] == {"ur": 1}
    [card] = search(near_burnley, languages=("ur",)).hits
    assert (card.service_id, card.also_in) == (41, (7,))


@needs_cluster
def test_live_a_large_batch_is_searchable_as_soon_as_it_is_written_with_its_true_word_weights(live):
    # An import of many services (more than a publish-sized batch), then at once a search: the
    # search finds all of them, and the words' rarity it weighs by (then kept for minutes) is
    # counted on the whole batch, never on the part of it a periodic refresh had reached.
    batch = [
        record(
            service_id=100 + number,
            name=f"Homework club {number}",
            body="Homework club",
            themes=("education",),
        )
        for number in range(es_indexes.SMALL_BATCH * 3)
    ]
    live.index(batch)
    query = SearchQuery(text="homework", sort="relevance", per_page=50)
    results = live.search(query, analysed("homework"))
    assert results.total == len(batch)
    [term] = ranking.query_terms(analysed("homework"))
    weight = live.word_weights.get(live.index_name, [term])[term]
    assert weight == pytest.approx(ranking.idf(len(batch), len(batch) + 3))


@needs_cluster
def test_live_a_rebuild_forgets_the_word_weights_counted_on_the_index_it_replaced(live):
    query = SearchQuery(text="parenting", sort="relevance")
    [term] = ranking.query_terms(analysed("parenting"))
    more = [record(service_id=200 + n, name=f"Parenting group {n}", body="Parenting") for n in range(7)]

    def batches():
        # A search while the new index is built: the old one answers it.
        live.search(query, analysed("parenting"))
        yield more

    live.rebuild(batches)
    assert live.search(query, analysed("parenting")).total == len(more)
    assert live.word_weights.get(live.index_name, [term])[term] == pytest.approx(
        ranking.idf(len(more), len(more))
    )
