"""Soundness of the demo directory content (``directory.demo.content``), without a database.

The loader trusts this data, so these tests check what the models and forms would otherwise
reject: vocabularies, ages, postcodes and districts, opening times, phone numbers.
"""

import datetime
import re
from collections import Counter

from django.core.exceptions import ValidationError

import pytest

from directory import geo
from directory.demo import content, places
from directory.models.pages import AccessRouteKind, Cost, ServedArea, ServiceKind
from directory.reference_data import ACCESSIBILITY_FEATURES, DELIVERY_MODES, LANGUAGES
from directory.validators import validate_uk_phone
from directory.vocabulary import DEFAULT_THEMES

SERVICES = content.SERVICES
ORGANISATIONS = content.ORGANISATIONS
THEME_SLUGS = {theme["slug"] for theme in DEFAULT_THEMES}
MODE_SLUGS = {slug for slug, _ in DELIVERY_MODES}
LANGUAGE_CODES = {code for code, _ in LANGUAGES}
ACCESS_ROUTES = {route.value for route in AccessRouteKind}


def _ids(services):
    return [service["slug"] for service in services]


def test_there_is_enough_content():
    assert len(SERVICES) >= 330
    assert len(ORGANISATIONS) >= 45
    assert len({theme for service in SERVICES for theme in service["themes"]}) >= 12


def test_slugs_are_unique_and_well_formed():
    for items in (SERVICES, ORGANISATIONS):
        slugs = [item["slug"] for item in items]
        assert len(slugs) == len(set(slugs))
        assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) for slug in slugs)


def test_every_service_belongs_to_a_known_organisation_and_every_organisation_has_a_service():
    organisation_slugs = {organisation["slug"] for organisation in ORGANISATIONS}
    used = {service["organisation"] for service in SERVICES}
    assert used <= organisation_slugs
    assert organisation_slugs - used == set()


@pytest.mark.parametrize("service", SERVICES, ids=_ids(SERVICES))
def test_service_text_fields(service):
    assert service["name"].strip()
    assert 0 < len(service["summary"]) <= 200
    assert 2 <= len(service["description"]) <= 4
    text = " ".join([service["name"], service["summary"], service["eligibility"], *service["description"]])
    assert "{" not in text and "}" not in text, "a template placeholder was left unfilled"
    assert "<" not in text, "descriptions are plain text; the loader escapes and wraps them"


@pytest.mark.parametrize("service", SERVICES, ids=_ids(SERVICES))
def test_service_vocabularies(service):
    assert service["kind"] in ServiceKind.values
    assert service["cost"] in Cost.values
    assert service["served_area"] in ServedArea.values
    assert service["levels"] and set(service["levels"]) <= {1, 2, 3, 4}
    assert service["themes"] and set(service["themes"]) <= THEME_SLUGS
    assert service["delivery_modes"] and set(service["delivery_modes"]) <= MODE_SLUGS
    assert service["access_routes"] and set(service["access_routes"]) <= ACCESS_ROUTES
    assert all(how.strip() for how in service["access_routes"].values())
    assert set(service["languages"]) <= LANGUAGE_CODES
    assert set(service["accessibility"]) <= set(ACCESSIBILITY_FEATURES)


@pytest.mark.parametrize("service", SERVICES, ids=_ids(SERVICES))
def test_ages_are_in_range(service):
    assert -1 <= service["age_min"] <= service["age_max"] <= 25


def test_ages_run_from_pregnancy_to_twenty_five():
    assert any(s["age_min"] == s["age_max"] == -1 for s in SERVICES), "a pregnancy-only service"
    assert any(s["age_min"] >= 16 and s["age_max"] == 25 for s in SERVICES), "a service for 16 to 25s"
    assert min(s["age_min"] for s in SERVICES) == -1
    assert max(s["age_max"] for s in SERVICES) == 25


@pytest.mark.parametrize("service", SERVICES, ids=_ids(SERVICES))
def test_served_area_and_locations_agree(service):
    districts = service["served_districts"]
    if service["served_area"] == ServedArea.DISTRICTS:
        assert districts and set(districts) <= set(geo.LANCASHIRE_DISTRICTS)
    else:
        assert districts == []
    if service["served_area"] == ServedArea.NATIONAL:
        assert service["locations"] == []
    if "in-person" in service["delivery_modes"]:
        assert service["locations"], "in-person services need somewhere to go"
    if set(service["delivery_modes"]) <= {"phone", "online"}:
        assert service["locations"] == []
    for location in service["locations"]:
        assert location["name"] and location["address"] and location["town"]
        place = geo.locate_postcode(location["postcode"])
        assert place.precision == "postcode"
        assert geo.normalise_postcode(location["postcode"]) == location["postcode"]
        if service["served_area"] == ServedArea.DISTRICTS:
            assert place.district in districts


def test_every_venue_postcode_is_real_and_in_its_district():
    for venue in places.VENUES:
        place = geo.locate_postcode(venue.postcode)
        assert place.precision == "postcode", venue
        assert geo.district_for_postcode(venue.postcode) == venue.district, venue


def test_each_district_has_at_least_fifteen_local_services():
    local = Counter(district for service in SERVICES for district in service["served_districts"])
    for district in geo.LANCASHIRE_DISTRICTS:
        assert local[district] >= 15, district


def test_every_kind_level_route_and_mode_is_used():
    assert {s["kind"] for s in SERVICES} == set(ServiceKind.values)
    assert {level for s in SERVICES for level in s["levels"]} == {1, 2, 3, 4}
    assert {route for s in SERVICES for route in s["access_routes"]} == ACCESS_ROUTES
    assert {mode for s in SERVICES for mode in s["delivery_modes"]} == MODE_SLUGS
    assert {s["served_area"] for s in SERVICES} == set(ServedArea.values)
    assert any(s["always_open"] for s in SERVICES)


def test_every_theme_has_at_least_eight_services():
    counts = Counter(theme for service in SERVICES for theme in service["themes"])
    for slug in THEME_SLUGS:
        assert counts[slug] >= 8, slug


@pytest.mark.parametrize("service", SERVICES, ids=_ids(SERVICES))
def test_opening_times_are_valid_and_do_not_overlap(service):
    by_day: dict[int, list[tuple[datetime.time, datetime.time]]] = {}
    for day, opens, closes in service["opening_times"]:
        assert day in range(7)
        opens, closes = datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes)
        assert closes > opens
        by_day.setdefault(day, []).append((opens, closes))
    for slots in by_day.values():
        slots.sort()
        for (_, earlier_close), (later_open, _) in zip(slots, slots[1:], strict=False):
            assert later_open >= earlier_close


def test_some_services_open_in_the_evening_and_at_weekends():
    slots = [slot for service in SERVICES for slot in service["opening_times"]]
    assert any(closes > "17:00" and opens >= "17:00" for _, opens, closes in slots)
    assert any(day >= 5 for day, _, _ in slots)


@pytest.mark.parametrize("item", SERVICES + ORGANISATIONS, ids=_ids(SERVICES + ORGANISATIONS))
def test_contact_details(item):
    if item["phone"]:
        try:
            validate_uk_phone(item["phone"])
        except ValidationError:
            pytest.fail(f"{item['phone']!r} is not a valid UK phone number")
    if item["email"]:
        assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", item["email"])
    if item["website"]:
        assert item["website"].startswith("https://")


@pytest.mark.parametrize("organisation", ORGANISATIONS, ids=_ids(ORGANISATIONS))
def test_organisations(organisation):
    assert organisation["name"] and organisation["description"]
    if organisation["postcode"]:
        assert geo.locate_postcode(organisation["postcode"]).precision == "postcode"


def test_local_organisations_use_fictional_contact_details():
    """Only the national helplines are real; everyone else is on example.org.uk."""
    real = {"nspcc", "samaritans", "refuge", "frank", "shout", "youngminds", "shelter"}
    for organisation in ORGANISATIONS:
        if organisation["slug"] not in real:
            assert organisation["website"].endswith(".example.org.uk")
