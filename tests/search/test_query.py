"""Parsing a search from GET parameters: nothing unusable gets through, and people are told."""

from django.http import QueryDict

import pytest

from search.query import DEFAULT_RADIUS, SearchQuery, Vocabulary

VOCABULARY = Vocabulary(
    {
        "theme": {"domestic-abuse": "Domestic abuse", "send": "SEND"},
        "kind": {"universal": "Universal", "specialist": "Specialist"},
        "level": {"1": "Level 1", "4": "Level 4"},
        "access": {"self_referral": "Families can refer themselves"},
        "free": {"1": "Free"},
        "mode": {"online": "Online"},
        "when": {"evenings": "Evenings (after 5pm)", "weekends": "Weekends"},
        "language": {"ur": "Urdu"},
    }
)


def parse(query_string: str) -> SearchQuery:
    return SearchQuery.from_params(QueryDict(query_string), VOCABULARY)


def test_a_full_search_is_read_as_typed():
    query = parse(
        "q=dv&near=PR1+2HE&radius=10&theme=domestic-abuse&theme=send&age=7&kind=specialist&level=4"
        "&access=self_referral&free=1&mode=online&when=evenings&language=ur&sort=nearest&page=2&per_page=50"
    )
    assert query.text == "dv"
    assert query.place.label == "PR1 2HE" and query.radius_miles == 10
    assert query.themes == ("domestic-abuse", "send")
    assert (query.age, query.kinds, query.levels) == (7, ("specialist",), ("4",))
    assert query.access_routes == ("self_referral",) and query.free_only
    assert (query.modes, query.when, query.languages) == (("online",), ("evenings",), ("ur",))
    assert (query.sort, query.page, query.per_page) == ("nearest", 2, 50)
    assert query.messages == ()


@pytest.mark.parametrize(
    ("query_string", "expected_sort"),
    [
        ("q=dv", "relevance"),
        ("near=PR1", "nearest"),
        ("q=dv&near=PR1", "relevance"),
        ("theme=send", "relevance"),
        ("sort=nearest", "name"),
    ],
)
def test_sensible_default_sorts(query_string, expected_sort):
    assert parse(query_string).sort == expected_sort


def test_radius_is_clamped_to_the_nearest_offered_distance():
    query = parse("near=PR1&radius=7")
    assert query.radius_miles == 5
    assert "We searched within 5 miles" in query.messages[0]
    assert parse("near=PR1&radius=-3").radius_miles == DEFAULT_RADIUS
    assert parse("near=PR1&radius=nan").radius_miles == DEFAULT_RADIUS
    assert parse("near=PR1&radius=1000").radius_miles == 25


def test_pregnancy_is_an_age():
    assert parse("age=pregnancy").age == -1


@pytest.mark.parametrize("age", ["26", "-4", "seven", "7.5"])
def test_impossible_ages_are_ignored_with_a_note(age):
    query = parse(f"age={age}")
    assert query.age is None and query.messages


def test_unknown_filter_values_are_dropped_with_a_note_and_known_ones_kept():
    query = parse("theme=send&theme=unicorns&kind=secret")
    assert query.themes == ("send",) and query.kinds == ()
    assert len(query.messages) == 2


def test_a_huge_query_is_cut_down_and_control_characters_removed():
    query = parse("q=" + "counselling%00 " * 1000)
    assert len(query.text) <= 200 and "\x00" not in query.text
    assert query.messages


def test_an_unknown_place_is_reported_not_raised():
    query = parse("near=ZZ99+9ZZ&q=dv")
    assert query.place is None and query.near == "ZZ99 9ZZ"
    assert query.place_error.startswith("We couldn't find that postcode")


def test_links_rebuild_the_same_search():
    query = parse("q=dv&near=PR1&theme=send&age=pregnancy&free=1")
    again = SearchQuery.from_params(QueryDict(query.url().split("?", 1)[1]), VOCABULARY)
    assert again == query
    assert "page=3" in query.url(page=3)
    assert "theme" not in query.url(theme=None)


def test_facets_are_counted_without_their_own_filter():
    query = parse("theme=send&kind=specialist")
    assert query.without_filter("theme").themes == () and query.without_filter("theme").kinds == (
        "specialist",
    )


def test_crisis_ordering_is_read_and_kept_in_links():
    """An urgent pathway outcome's "See all" link keeps its crisis ordering; anything but 1 is off."""
    query = parse("theme=domestic-abuse&crisis=1")
    assert query.crisis and query.url() == "/search/?theme=domestic-abuse&crisis=1"
    assert not parse("theme=domestic-abuse&crisis=yes").crisis
    assert "crisis" not in parse("theme=domestic-abuse").url()
