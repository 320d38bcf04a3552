"""Services, organisations and their query rules."""

import datetime

from django.core.exceptions import ValidationError

import pytest

from directory import review
from directory.ages import PREGNANCY
from directory.models import District, FamilyHubsCategory, NeedLevel, ServicePage
from tests.factories import NeedThemeFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


def live_titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


def test_reference_vocabularies_are_seeded_by_migrations():
    assert list(NeedLevel.objects.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert District.objects.count() == 12
    top_level = FamilyHubsCategory.objects.filter(parent=None)
    assert top_level.count() == 6
    assert FamilyHubsCategory.objects.exclude(parent=None).count() == 43


def test_a_location_saved_with_only_a_postcode_gets_coordinates_and_district():
    service = ServicePageFactory(locations=[{"postcode": "pr1 2he"}])
    location = service.locations.get()
    assert location.postcode == "PR1 2HE"
    assert location.latitude == pytest.approx(53.7614, abs=0.01)
    assert location.longitude == pytest.approx(-2.7074, abs=0.01)
    assert location.district_id == "preston"


def test_coordinates_an_editor_typed_are_kept():
    service = ServicePageFactory(locations=[{"postcode": "PR1 2HE", "latitude": 53.8, "longitude": -2.6}])
    location = service.locations.get()
    assert (location.latitude, location.longitude) == (53.8, -2.6)


def test_for_age_includes_services_whose_range_covers_the_age():
    ServicePageFactory(title="Baby group", age_min=PREGNANCY, age_max=1)
    ServicePageFactory(title="Youth club", age_min=11, age_max=19)
    ServicePageFactory(title="Family hub", age_min=PREGNANCY, age_max=19)
    services = ServicePage.objects.live()
    assert live_titles(services.for_age(PREGNANCY)) == ["Baby group", "Family hub"]
    assert live_titles(services.for_age(11)) == ["Family hub", "Youth club"]
    assert live_titles(services.for_age(19)) == ["Family hub", "Youth club"]
    assert live_titles(services.for_age(20)) == []


def test_theme_level_and_access_route_filters():
    ServicePageFactory(
        title="Domestic abuse outreach",
        themes=["domestic-abuse"],
        levels=[2, 3],
        access_routes={"self_referral": "Call", "professional_referral": "Use the form"},
    )
    ServicePageFactory(title="Stay and play", themes=["early-years"], levels=[1])
    services = ServicePage.objects.live()
    assert live_titles(services.with_theme("domestic-abuse")) == ["Domestic abuse outreach"]
    assert live_titles(services.for_level(3)) == ["Domestic abuse outreach"]
    assert live_titles(services.for_level(1)) == ["Stay and play"]
    assert live_titles(services.with_access_route("professional_referral")) == ["Domestic abuse outreach"]
    assert services.with_access_route("self_referral").count() == 2


def test_serving_district_means_local_county_wide_or_national():
    ServicePageFactory(title="Preston youth club", served_districts=["preston"])
    ServicePageFactory(
        title="Burnley youth club", served_districts=["burnley"], locations=[{"postcode": "BB11 1JG"}]
    )
    ServicePageFactory(title="County advocacy", served_area="county", served_districts=[])
    ServicePageFactory(title="National helpline", served_area="national", served_districts=[], locations=[])
    services = ServicePage.objects.live()
    assert live_titles(services.serving_district("preston")) == [
        "County advocacy",
        "National helpline",
        "Preston youth club",
    ]
    assert live_titles(services.local_to_district("burnley")) == ["Burnley youth club"]


def test_next_review_defaults_from_last_check_and_kind():
    universal = ServicePageFactory(kind="universal", last_checked=datetime.date(2026, 8, 31))
    specialist = ServicePageFactory(kind="specialist", last_checked=datetime.date(2026, 8, 31))
    assert universal.next_review == datetime.date(2027, 2, 28)
    assert specialist.next_review == datetime.date(2027, 8, 31)


def test_review_state_as_families_see_it():
    today = review.today()
    fresh = ServicePageFactory(last_checked=today)
    due = ServicePageFactory(last_checked=today - datetime.timedelta(days=200))
    stale = ServicePageFactory(last_checked=today - datetime.timedelta(days=400))
    assert not fresh.is_due_for_review and not fresh.is_out_of_date
    assert due.is_due_for_review and not due.is_out_of_date
    assert stale.is_due_for_review and stale.is_out_of_date
    services = ServicePage.objects.live()
    assert set(services.due_for_review()) == {due, stale}
    assert list(services.out_of_date()) == [stale]


def test_minimum_age_above_maximum_is_a_field_error():
    service = ServicePageFactory()
    service.age_min, service.age_max = 12, 5
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "age_max" in error.value.message_dict


@pytest.mark.parametrize(
    ("age_min", "age_max", "label"),
    [
        (PREGNANCY, PREGNANCY, "During pregnancy"),
        (PREGNANCY, 5, "Pregnancy to age 5"),
        (11, 19, "Ages 11 to 19"),
        (16, 16, "Age 16"),
    ],
)
def test_age_range_label(age_min, age_max, label):
    assert ServicePage(age_min=age_min, age_max=age_max).age_range_label == label


def test_served_area_labels():
    assert (
        ServicePageFactory(served_area="national", served_districts=[]).served_area_label
        == "National service"
    )
    assert ServicePageFactory(served_districts=["preston"]).served_area_label == "Covers Preston"
    two = ServicePageFactory(served_districts=["chorley", "south-ribble"])
    assert two.served_area_label == "Covers Chorley and South Ribble"


def test_theme_synonyms_are_taggit_tags_shared_between_themes():
    abuse = NeedThemeFactory(
        name="Domestic abuse", slug="domestic-abuse", synonyms=["dv", "partner hurts me"]
    )
    relationships = NeedThemeFactory(name="Family relationships", synonyms=["partner hurts me", "arguing"])
    assert abuse.synonym_list() == ["dv", "partner hurts me"]
    assert abuse.synonyms.get(name="partner hurts me") == relationships.synonyms.get(name="partner hurts me")


def test_listing_data_is_fetched_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    for index in range(5):
        ServicePageFactory(title=f"Service {index}", themes=["send"], levels=[1, 2])
    with django_assert_max_num_queries(9):
        for service in ServicePage.objects.live().with_listing_data():
            _ = (
                service.organisation.title,
                service.theme_list,
                service.level_numbers,
                service.served_area_label,
                service.card,
            )
            _ = [location.district for location in service.locations.all()]
            _ = list(service.access_routes.all())
