"""The filter registry (`directory.facets`): one definition per filter, from which the search and
the browse pages derive theirs."""

import pytest

from directory import facets
from directory.models import ServicePage
from directory.seeding import seed_default_themes
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def test_each_filter_has_its_own_parameter_document_field_and_heading():
    assert len({facet.parameter for facet in facets.FACETS}) == len(facets.FACETS)
    assert len({facet.field for facet in facets.FACETS}) == len(facets.FACETS)
    assert all(facet.label and facet.description for facet in facets.FACETS)


def test_every_filter_offers_labelled_values_from_its_vocabulary():
    seed_default_themes()
    for facet in facets.FACETS:
        vocabulary = facet.vocabulary()
        assert vocabulary, facet.parameter
        assert all(isinstance(code, str) and label for code, label in vocabulary.items()), facet.parameter


def test_a_service_is_browsed_under_each_code_the_registry_gives_it():
    page = ServicePageFactory(
        title="Evening stay and play",
        age_min=-1,
        age_max=4,
        themes=["parenting"],
        delivery_modes=["in-person", "online"],
        opening_times=[(1, "16:00", "19:00")],
    )
    ServicePageFactory(title="Teen drop-in", age_min=13, age_max=19, cost="paid", opening_times=[])
    for parameter, codes in facets.facet_codes(page).items():
        facet = next(facet for facet in facets.FACETS if facet.field == parameter)
        for code in codes:
            found = ServicePage.objects.live().matching(**{facet.parameter: [code]})
            assert page in found, (facet.parameter, code)


def test_browsing_keeps_services_with_any_chosen_code_and_every_filter():
    baby = ServicePageFactory(
        title="Baby group", age_min=-1, age_max=1, opening_times=[(5, "10:00", "12:00")]
    )
    youth = ServicePageFactory(title="Youth club", age_min=11, age_max=19, cost="paid", opening_times=[])
    services = ServicePage.objects.live()
    assert set(services.matching(age=["pregnancy", "12"])) == {baby, youth}
    assert list(services.matching(age=["12"], free=["1"])) == []
    assert list(services.matching(when=["weekends"])) == [baby]
    assert list(services.matching(age=["30"])) == []


def test_the_browse_pages_filter_by_accessibility_features():
    from directory.models import AccessibilityFeature

    loop = ServicePageFactory(title="Hearing loop group")
    loop.accessibility_features.set(AccessibilityFeature.objects.filter(slug="hearing-loop"))
    loop.save()  # a ParentalManyToManyField is written when the page is
    ServicePageFactory(title="Upstairs group")
    assert list(ServicePage.objects.live().matching(accessibility=["hearing-loop"])) == [loop]
