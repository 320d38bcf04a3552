"""Every filter of the registry (`directory.facets`), on every reachable backend: a search for one
code keeps exactly the services the browse pages' `matching` keeps, and the facet counts say how
many there are. A filter added to the registry is held to this with no test of its own to write."""

import pytest

from directory import facets
from directory.models import ServicePage
from search.query import SearchQuery, Vocabulary
from search.service import run_search
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(each_backend, contract_services):
    return contract_services


def browsed(parameter: str, code: str) -> list[str]:
    return sorted(ServicePage.objects.live().matching(**{parameter: [code]}).values_list("title", flat=True))


def test_every_facet_counts_what_browsing_by_each_of_its_values_finds(directory):
    vocabulary = Vocabulary.from_database()
    results = run_search(SearchQuery(), vocabulary)
    for facet in facets.FACETS:
        expected = {code: len(browsed(facet.parameter, code)) for code in vocabulary.choices(facet.parameter)}
        assert results.facets[facet.parameter] == {code: n for code, n in expected.items() if n}, (
            facet.parameter
        )


def test_searching_by_any_value_of_any_facet_keeps_what_browsing_by_it_keeps(directory):
    vocabulary = Vocabulary.from_database()
    checked = 0
    for facet in facets.FACETS:
        for code in vocabulary.choices(facet.parameter):
            expected = browsed(facet.parameter, code)
            if expected:
                assert sorted(titles(search(**{facet.parameter: code, "per_page": 50}))) == expected, (
                    facet.parameter,
                    code,
                )
                checked += 1
    assert checked >= 2 * len(facets.FACETS)  # the directory exercises every facet


def test_every_facet_is_offered_on_the_search_page_under_its_label(directory):
    results = search(q="support")
    offered = {group.parameter: group.label for group in results.facet_groups}
    assert offered == {
        facet.parameter: facet.label for facet in facets.FACETS if offered.get(facet.parameter)
    }
    assert {"theme", "age", "kind"} <= set(offered)


def test_a_family_needing_step_free_access_finds_only_services_that_have_it(directory):
    results = search(accessibility="wheelchair-accessible-entrance")
    assert titles(results) == ["Parenting Together course"]
    assert results.query.selected("accessibility") == ("wheelchair-accessible-entrance",)
    # Offered with the other filters, counted, and said back as a tag that removes it.
    group = next(group for group in search(q="parenting").facet_groups if group.parameter == "accessibility")
    assert group.label == "Accessibility"
    assert {(option.label, option.count) for option in group.options} == {
        ("Wheelchair accessible entrance", 1),
        ("Hearing loop", 1),
    }
    assert "accessibility=wheelchair-accessible-entrance" in results.query.url()
    assert "accessibility" not in results.query.without_filter("accessibility").url()


def test_an_accessibility_feature_nobody_offers_is_ignored_with_a_note(directory):
    results = search(accessibility="teleporter")
    assert "We ignored an accessibility feature we don't recognise." in results.query.messages
    assert len(titles(results)) == len(directory)
