"""Soundness of the demo directory content (``demo.directory.services``), without a database.

The loader trusts this data, so these tests check what the models and forms would otherwise
reject: vocabularies, ages, postcodes and districts, opening times, phone numbers.
"""

import datetime
import re
from collections import Counter

from django.core.exceptions import ValidationError

from demo.directory import places
from demo.directory import services as content
from directory import geo
from directory.models.choices import AccessRouteKind, Cost, ServedArea, ServiceKind
from directory.reference_data import ACCESSIBILITY_FEATURES, DELIVERY_MODES, LANGUAGES
from directory.validators import validate_uk_phone
from directory.vocabulary import DEFAULT_THEMES

SERVICES = content.SERVICES
ORGANISATIONS = content.ORGANISATIONS
THEME_SLUGS = {theme["slug"] for theme in DEFAULT_THEMES}
MODE_SLUGS = {slug for slug, _ in DELIVERY_MODES}
LANGUAGE_CODES = {code for code, _ in LANGUAGES}
ACCESS_ROUTES = {route.value for route in AccessRouteKind}


def problems(check, items) -> list[str]:
    """Run a check over every item; each failure named by the item's slug with its message. One
    assertion per check over the whole demo (rather than a test per service) keeps the suite fast
    and still fails on any single bad service, saying which."""
    found = []
    for item in items:
        try:
            check(item)
        except AssertionError as problem:
            first_line = str(problem).strip().splitlines()[0] if str(problem).strip() else "failed"
            found.append(f"{item['slug']}: {first_line}")
    return found


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


def check_service_text_fields(service):
    assert service["name"].strip()
    assert 0 < len(service["summary"]) <= 200
    assert 2 <= len(service["description"]) <= 4
    text = " ".join([service["name"], service["summary"], service["eligibility"], *service["description"]])
    assert "{" not in text and "}" not in text, "a template placeholder was left unfilled"
    assert "<" not in text, "descriptions are plain text; the loader escapes and wraps them"


def check_service_vocabularies(service):
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


def check_ages_are_in_range(service):
    assert -1 <= service["age_min"] <= service["age_max"] <= 25


def test_ages_run_from_pregnancy_to_twenty_five():
    assert any(s["age_min"] == s["age_max"] == -1 for s in SERVICES), "a pregnancy-only service"
    assert any(s["age_min"] >= 16 and s["age_max"] == 25 for s in SERVICES), "a service for 16 to 25s"
    assert min(s["age_min"] for s in SERVICES) == -1
    assert max(s["age_max"] for s in SERVICES) == 25


def check_served_area_and_locations_agree(service):
    districts = service["served_districts"]
    if service["served_area"] == ServedArea.DISTRICTS:
        assert districts and set(districts) <= set(geo.district_names())
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
    for district in geo.district_names():
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


def check_opening_times_are_valid_and_do_not_overlap(service):
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


def check_contact_details(item):
    if item["phone"]:
        try:
            validate_uk_phone(item["phone"])
        except ValidationError:
            raise AssertionError(f"{item['phone']!r} is not a valid UK phone number") from None
    if item["email"]:
        assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", item["email"])
    if item["website"]:
        assert item["website"].startswith("https://")


def check_organisations(organisation):
    assert organisation["name"] and organisation["description"]
    if organisation["postcode"]:
        assert geo.locate_postcode(organisation["postcode"]).precision == "postcode"


def test_local_organisations_use_fictional_contact_details():
    """Only the national helplines are real; everyone else is on example.org.uk."""
    real = {"nspcc", "samaritans", "refuge", "frank", "shout", "youngminds", "shelter"}
    for organisation in ORGANISATIONS:
        if organisation["slug"] not in real:
            assert organisation["website"].endswith(".example.org.uk")


def test_every_service_has_plain_filled_in_text():
    assert problems(check_service_text_fields, SERVICES) == []


def test_every_service_uses_the_vocabularies():
    assert problems(check_service_vocabularies, SERVICES) == []


def test_every_service_has_ages_in_range():
    assert problems(check_ages_are_in_range, SERVICES) == []


def test_every_service_has_served_area_and_locations_that_agree():
    assert problems(check_served_area_and_locations_agree, SERVICES) == []


def test_every_service_has_valid_opening_times_that_do_not_overlap():
    assert problems(check_opening_times_are_valid_and_do_not_overlap, SERVICES) == []


def test_every_service_and_organisation_has_valid_contact_details():
    assert problems(check_contact_details, SERVICES + ORGANISATIONS) == []


def test_every_organisation_is_described_with_a_real_postcode():
    assert problems(check_organisations, ORGANISATIONS) == []


def test_a_single_bad_service_fails_its_check_and_is_named():
    bad = {**SERVICES[0], "slug": "the-bad-one", "age_min": 30, "phone": "not a phone"}
    found = problems(check_ages_are_in_range, [*SERVICES[1:4], bad])
    assert len(found) == 1 and found[0].startswith("the-bad-one: assert ")
    assert problems(check_contact_details, [*SERVICES[1:4], bad]) == [
        "the-bad-one: 'not a phone' is not a valid UK phone number"
    ]
