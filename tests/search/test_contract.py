"""The search contract: the same answers on the same data from every reachable backend.

Runs against the database backend on whichever database this run uses (SQLite, then PostgreSQL in
`make test`), and against Elasticsearch when ELASTICSEARCH_URL is set. This suite is the
definition of "correct" for a backend.
"""

import pytest

from directory import geo
from directory.distances import distance_miles
from directory.models import ServiceLocation
from tests.search.conftest import PRESTON_CENTRE, search, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(each_backend, contract_services):
    return {key: type(page).objects.get(pk=page.pk) for key, page in contract_services.items()}


def test_radius_filters_and_orders_by_distance_measured_like_geopy(directory):
    results = search(near=PRESTON_CENTRE, radius=3, sort="nearest")
    origin = geo.locate_postcode(PRESTON_CENTRE)
    venues = [item for item in results.items if item.hit.coverage == "venue"]
    assert [item.card.title for item in venues] == [
        "Parenting drop-in",
        "Safe Together outreach",
        "Parenting Together course",
    ] or [item.card.title for item in venues] == [
        "Safe Together outreach",
        "Parenting drop-in",
        "Parenting Together course",
    ]
    for item in venues:
        location = ServiceLocation.objects.get(service_id=item.card.service_id)
        expected = distance_miles(
            (origin.latitude, origin.longitude), (location.latitude, location.longitude)
        )
        assert item.hit.distance_miles == pytest.approx(expected, abs=0.01)
        assert expected <= 3
    distances = [item.hit.distance_miles for item in venues]
    assert distances == sorted(distances)
    assert "Open Door counselling for young people" not in titles(results), "Chorley is outside 3 miles"


def test_a_wider_radius_brings_in_further_venues(directory):
    assert "Open Door counselling for young people" in titles(search(near=PRESTON_CENTRE, radius=10))
    assert "Autism and ADHD family group" not in titles(search(near=PRESTON_CENTRE, radius=10))
    assert "Autism and ADHD family group" in titles(search(near=PRESTON_CENTRE, radius=25))


def test_services_covering_the_place_without_a_venue_nearby_are_included_and_labelled(directory):
    results = search(near=PRESTON_CENTRE, radius=1)
    labels = {item.card.title: item.served_label for item in results.items}
    assert labels["Family Lifeline"] == "National helpline"
    assert labels["Safer Streets team"] == "Covers all of Lancashire"


def test_county_services_are_not_offered_outside_the_county_but_national_ones_are(directory):
    results = search(near="M1 1AE", radius=5)
    assert titles(results) == ["Family Lifeline"]


def test_age_filter_matches_overlapping_ranges(directory):
    assert set(titles(search(age=12))) == {
        "Safe Together outreach",
        "Open Door counselling for young people",
        "Autism and ADHD family group",
        "Safer Streets team",
        "Family Lifeline",
        "Parenting drop-in",
    }
    assert set(titles(search(age="pregnancy"))) == {"Safe Together outreach", "Family Lifeline"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "domestic-abuse"}, {"Safe Together outreach"}),
        ({"theme": ["send", "exploitation"]}, {"Autism and ADHD family group", "Safer Streets team"}),
        ({"kind": "specialist"}, {"Safer Streets team"}),
        ({"level": "4"}, {"Safer Streets team"}),
        ({"access": "early_help_assessment"}, {"Parenting Together course"}),
        ({"mode": "online"}, {"Open Door counselling for young people"}),
        ({"mode": "phone"}, {"Family Lifeline"}),
        ({"when": "weekends"}, {"Parenting Together course", "Family Lifeline"}),
        ({"when": "evenings"}, {"Safe Together outreach", "Family Lifeline"}),
        (
            {"theme": "parenting", "age": 5},
            {"Parenting Together course", "Family Lifeline", "Parenting drop-in"},
        ),
    ],
)
def test_every_filter(directory, params, expected):
    assert set(titles(search(**params, per_page=50))) == expected


def test_free_only_leaves_out_services_that_cost(directory):
    assert "Parenting Together course" not in titles(search(free=1, per_page=50))
    assert len(titles(search(free=1, per_page=50))) == len(directory) - 1


@pytest.mark.parametrize(
    "base", [{}, {"near": PRESTON_CENTRE, "radius": 10}, {"q": "parenting"}, {"theme": "parenting"}]
)
def test_facet_counts_equal_the_totals_you_get_by_choosing_them(directory, base):
    results = search(**base)
    for parameter, counts in results.facets.items():
        for value, count in counts.items():
            if value in results.query.selected(parameter):
                continue
            narrowed = search(**{**base, parameter: value})
            assert narrowed.total == count, (
                f"{parameter}={value}: facet says {count}, search finds {narrowed.total}"
            )


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("partner hurts me", "Safe Together outreach"),
        ("dv", "Safe Together outreach"),
        ("county lines", "Safer Streets team"),
        ("adhd", "Autism and ADHD family group"),
        ("talking therapy", "Open Door counselling for young people"),
    ],
)
def test_families_own_words_find_the_right_service(directory, words, expected):
    assert expected in titles(search(q=words))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("councelling", "Open Door counselling for young people"),
        ("parentting", "Parenting Together course"),
        ("domestik abuse", "Safe Together outreach"),
    ],
)
def test_typos_are_forgiven(directory, typed, expected):
    results = search(q=typed)
    assert expected in titles(results)
    assert results.understood.corrected


def test_stemming_matches_other_forms_of_a_word(directory):
    assert "Parenting Together course" in titles(search(q="parents"))


def test_out_of_date_listings_rank_below_current_ones(directory):
    ranked = titles(search(q="parenting drop-in course", per_page=50))
    assert ranked.index("Parenting Together course") < ranked.index("Parenting drop-in")


def test_zero_results_offer_a_wider_radius_related_themes_and_helplines(directory):
    results = search(q="counselling", near=PRESTON_CENTRE, radius=1, mode="online", level="1")
    assert results.total == 0
    assert results.suggestions.wider_radius == (10, 1)
    assert "mental-health" in [slug for slug, _ in results.suggestions.related_themes]
    assert [page.title for page in results.suggestions.helplines] == ["Family Lifeline"]


def test_unpublishing_takes_a_service_out_of_search(directory):
    directory["send"].unpublish()
    assert "Autism and ADHD family group" not in titles(search(q="autism"))


def test_publishing_a_change_is_searchable_at_once(directory):
    page = directory["send"]
    page.summary = "Meet other parents of children with dyslexia."
    page.save_revision().publish()
    assert "Autism and ADHD family group" in titles(search(q="dyslexia"))
