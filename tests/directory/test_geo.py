"""Tests for directory.geo: postcode parsing, place resolution and districts.

Plain pytest, no database: run with ``pytest tests/directory/test_geo.py -p no:django``.
"""

import csv
import gzip
import threading

import pytest
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from directory import geo
from directory.geo import (
    InvalidPostcode,
    Place,
    PlaceNotFound,
    Postcode,
    UnknownPostcode,
    district_for_postcode,
    district_name,
    locate_postcode,
    normalise_postcode,
    parse_postcode,
    resolve_place,
)

LANCASHIRE_DISTRICTS = geo.district_names()
LANCASHIRE_BOUNDS = {"min_lat": 53.4, "max_lat": 54.3, "min_lng": -3.2, "max_lng": -2.0}
JUNK = "x!" * 512


def km_between(place: Place, latitude: float, longitude: float) -> float:
    return geodesic((place.latitude, place.longitude), (latitude, longitude)).km


# Parsing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "outward", "inward"),
    [
        ("pr1 2he", "PR1", "2HE"),
        ("PR12HE", "PR1", "2HE"),
        (" pr1  2HE ", "PR1", "2HE"),
        ("PR1", "PR1", None),
        ("pr1", "PR1", None),
        ("sw1a1aa", "SW1A", "1AA"),
        ("w1a 0ax", "W1A", "0AX"),
        ("PR25 1AA", "PR25", "1AA"),
        ("L39", "L39", None),
        ("GIR 0AA", "GIR", "0AA"),
    ],
)
def test_parse_postcode_accepts_any_case_and_spacing(raw: str, outward: str, inward: str | None) -> None:
    postcode = parse_postcode(raw)
    assert postcode == Postcode(outward, inward)
    assert postcode.is_full is (inward is not None)


def test_postcode_str_is_the_standard_form() -> None:
    assert str(parse_postcode("pr12he")) == "PR1 2HE"
    assert str(parse_postcode(" pr1 ")) == "PR1"
    assert normalise_postcode("sw1a1aa") == "SW1A 1AA"


@pytest.mark.parametrize(
    "raw",
    [
        "PR1 2HEX",  # too long for the inward code
        "PR1 2H",  # inward code cut short
        "QR1 2HE",  # Q never starts a postcode
        "PR1 2CE",  # C is never an inward letter
        "PRESTON",
        "12345",
        "PR1-2HE",
        "PR1 2ſE",  # "ſ".upper() is "S": not a postcode letter
    ],
)
def test_parse_postcode_rejects_malformed_postcodes(raw: str) -> None:
    with pytest.raises(InvalidPostcode) as caught:
        parse_postcode(raw)
    assert "PR1 2HE" in caught.value.message  # shows what a postcode looks like


@pytest.mark.parametrize("raw", ["", "   ", "\t\n"])
def test_parse_postcode_asks_for_a_postcode_when_empty(raw: str) -> None:
    with pytest.raises(InvalidPostcode, match="Enter a postcode"):
        parse_postcode(raw)


def test_parse_postcode_rejects_junk_without_echoing_it() -> None:
    with pytest.raises(InvalidPostcode) as caught:
        parse_postcode(JUNK)
    assert "too long" in caught.value.message
    assert "x!x!" not in caught.value.message
    assert len(caught.value.message) < 120


def test_postcode_errors_are_place_not_found_and_value_errors() -> None:
    assert issubclass(InvalidPostcode, PlaceNotFound)
    assert issubclass(UnknownPostcode, PlaceNotFound)
    assert issubclass(PlaceNotFound, ValueError)
    assert str(PlaceNotFound("Custom message.")) == "Custom message."


# Locating postcodes -------------------------------------------------------------


def test_full_postcode_data_is_installed() -> None:
    assert geo.FULL_POSTCODE_DATA_AVAILABLE is True


def test_full_postcode_is_located_at_its_own_point() -> None:
    place = locate_postcode("pr1 2he")
    assert place.label == "PR1 2HE"
    assert place.precision == "postcode"
    assert place.district == "preston"
    assert km_between(place, 53.7614, -2.7074) < 0.5


def test_outward_code_is_located_at_its_centroid() -> None:
    place = locate_postcode("PR1")
    assert place == Place("PR1", 53.7579, -2.7018, "preston", "outward_code")


def test_full_postcodes_in_other_areas_use_their_own_area_file() -> None:
    lancaster = locate_postcode("LA1 1AA")  # Lancaster city centre
    assert lancaster.precision == "postcode"
    assert lancaster.district == "lancaster"
    assert km_between(lancaster, 54.047, -2.800) < 3
    birmingham = locate_postcode("B1 1AY")
    assert birmingham.district is None
    assert km_between(birmingham, 52.48, -1.90) < 5


def test_zz99_is_well_formed_but_unknown() -> None:
    assert parse_postcode("ZZ99 9ZZ") == Postcode("ZZ99", "9ZZ")
    with pytest.raises(UnknownPostcode) as caught:
        locate_postcode("ZZ99 9ZZ")
    assert caught.value.message == (
        "We couldn't find that postcode. Check it and try again, or enter a town."
    )


def test_missing_full_postcode_is_unknown_not_the_outward_centroid() -> None:
    with pytest.raises(UnknownPostcode):
        locate_postcode("PR1 9ZZ")


def test_unknown_outward_code_is_unknown() -> None:
    with pytest.raises(UnknownPostcode):
        locate_postcode("PR99")


def test_without_full_postcode_data_a_full_postcode_falls_back_to_its_outward_centroid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(geo, "FULL_POSTCODE_DATA_AVAILABLE", False)
    place = locate_postcode("PR1 2HE")
    assert place == Place("PR1 2HE", 53.7579, -2.7018, "preston", "outward_code")


# Districts ---------------------------------------------------------------------


def test_lancashire_districts_are_the_twelve_in_alphabetical_order() -> None:
    assert list(LANCASHIRE_DISTRICTS) == [
        "burnley",
        "chorley",
        "fylde",
        "hyndburn",
        "lancaster",
        "pendle",
        "preston",
        "ribble-valley",
        "rossendale",
        "south-ribble",
        "west-lancashire",
        "wyre",
    ]
    assert LANCASHIRE_DISTRICTS["ribble-valley"] == "Ribble Valley"


@pytest.mark.parametrize(
    ("postcode", "district"),
    [
        ("PR1", "preston"),
        ("BB11", "burnley"),
        ("L39", "west-lancashire"),
        ("FY8", "fylde"),
        ("PR25 1AA", "south-ribble"),
        ("FY1", None),  # Blackpool: a unitary council
        ("BB2", None),  # Blackburn with Darwen: a unitary council
        ("M1 1AE", None),
    ],
)
def test_district_for_postcode(postcode: str, district: str | None) -> None:
    assert district_for_postcode(postcode) == district
    assert district_for_postcode(parse_postcode(postcode)) == district


def test_district_for_postcode_rejects_text_that_is_not_a_postcode() -> None:
    with pytest.raises(InvalidPostcode):
        district_for_postcode("Preston")


def test_district_name() -> None:
    assert district_name("south-ribble") == "South Ribble"
    with pytest.raises(KeyError):
        district_name("blackpool")


def lancashire_outward_code_table() -> list[dict[str, str]]:
    """The demo area file's outward codes, each with its district's slug."""
    return [
        {"outward_code": code, "district_slug": district.slug}
        for district in geo.areas.current().districts
        for code in district.outward_codes
    ]


def test_every_outward_code_in_the_lancashire_table_exists_and_maps_back() -> None:
    rows = lancashire_outward_code_table()
    assert len({row["outward_code"] for row in rows}) == len(rows)
    for row in rows:
        place = locate_postcode(row["outward_code"])
        assert place.district == row["district_slug"]


@pytest.mark.parametrize("slug", list(LANCASHIRE_DISTRICTS))
def test_every_district_has_outward_codes_and_a_centroid_in_lancashire(slug: str) -> None:
    assert any(row["district_slug"] == slug for row in lancashire_outward_code_table())
    place = resolve_place(slug)
    assert place.precision == "district"
    assert place.district == slug
    assert LANCASHIRE_BOUNDS["min_lat"] <= place.latitude <= LANCASHIRE_BOUNDS["max_lat"]
    assert LANCASHIRE_BOUNDS["min_lng"] <= place.longitude <= LANCASHIRE_BOUNDS["max_lng"]


# Resolving places -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("Ribble Valley", "ribble-valley"),
        ("ribble-valley", "ribble-valley"),
        ("south ribble", "south-ribble"),
        ("WEST LANCASHIRE", "west-lancashire"),
        ("Preston", "preston"),
    ],
)
def test_district_names_and_slugs_resolve_to_the_district(text: str, district: str) -> None:
    place = resolve_place(text)
    assert place.precision == "district"
    assert place.district == district
    assert place.label == LANCASHIRE_DISTRICTS[district]


@pytest.mark.parametrize(
    ("text", "district", "near"),
    [
        ("Clitheroe", "ribble-valley", (53.871, -2.393)),
        ("Ormskirk", "west-lancashire", (53.567, -2.884)),
        ("Lytham St Annes", "fylde", (53.750, -3.000)),
        ("lytham st. annes", "fylde", (53.750, -3.000)),
        ("Leyland", "south-ribble", (53.697, -2.690)),
        ("Nelson", "pendle", (53.835, -2.218)),  # not the Nelsons in Wales or Shropshire
        ("Colne", "pendle", (53.856, -2.176)),
        ("Fulwood", "preston", (53.780, -2.700)),
    ],
)
def test_town_names_resolve_to_the_lancashire_town(
    text: str, district: str, near: tuple[float, float]
) -> None:
    place = resolve_place(text)
    assert place.precision == "town"
    assert place.district == district
    assert km_between(place, *near) < 8


def test_town_spelling_and_punctuation_do_not_matter() -> None:
    assert resolve_place("Lytham St Annes") == resolve_place("  LYTHAM ST. ANNES ")
    assert resolve_place("Poulton le Fylde") == resolve_place("Poulton-le-Fylde")
    assert resolve_place("lytham saint annes").label == "Lytham St. Annes"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Lytham", "Lytham St. Annes"),
        ("St Annes", "Lytham St. Annes"),
        ("Cleveleys", "Thornton-Cleveleys"),
        ("Thornton", "Thornton-Cleveleys"),  # not Thornton in Bradford or Sefton
        ("Poulton", "Poulton-le-Fylde"),
        ("Knott End", "Knott End-on-Sea"),
    ],
)
def test_everyday_names_for_fylde_coast_towns_resolve(text: str, label: str) -> None:
    place = resolve_place(text)
    assert place.label == label
    assert place.district in {"fylde", "wyre"}


def test_town_listed_in_several_outward_codes_is_their_mean_centroid() -> None:
    # Adlington is in both PR6 and PR7 (Chorley).
    pr6, pr7 = locate_postcode("PR6"), locate_postcode("PR7")
    place = resolve_place("Adlington")
    assert place.latitude == pytest.approx((pr6.latitude + pr7.latitude) / 2)
    assert place.longitude == pytest.approx((pr6.longitude + pr7.longitude) / 2)
    assert place.district == "chorley"


def test_postcodes_resolve_as_places() -> None:
    assert resolve_place("pr1 2he") == locate_postcode("PR1 2HE")
    assert resolve_place("PR1") == locate_postcode("PR1")
    with pytest.raises(UnknownPostcode):
        resolve_place("ZZ99 9ZZ")


@pytest.mark.parametrize(("typed", "district"), [("BB1 1AA", "BB1"), ("fy1 1aa", "FY1"), ("PR1 9ZZ", "PR1")])
def test_a_search_for_an_unknown_full_postcode_falls_back_to_its_district(typed, district) -> None:
    place = resolve_place(typed)
    assert place.coordinates == locate_postcode(district).coordinates
    assert place.label == district and place.precision == "outward_code"
    shown = typed.upper()
    assert place.note == f"We couldn't find {shown}, so we searched near {district}."
    # An editor entering a venue's postcode still gets an error, never a guess.
    with pytest.raises(UnknownPostcode):
        locate_postcode(typed)


@pytest.mark.parametrize("typed", ["near me", "Near me", "NEAR ME ", "my location", "here"])
def test_near_me_asks_for_a_postcode(typed) -> None:
    with pytest.raises(PlaceNotFound) as caught:
        resolve_place(typed)
    assert caught.value.message.startswith("To search near you, enter your postcode or town")


@pytest.mark.parametrize("text", ["53.76,-2.70", " 53.76 , -2.70 ", "+53.76,-2.7"])
def test_coordinates_resolve(text: str) -> None:
    assert resolve_place(text) == Place("your location", 53.76, -2.70, None, "coordinates")


@pytest.mark.parametrize("text", ["91,0", "-90.5,0", "0,181", "0,-180.01"])
def test_coordinates_out_of_range_are_rejected(text: str) -> None:
    with pytest.raises(PlaceNotFound, match="Latitude must be between -90 and 90"):
        resolve_place(text)


def test_unknown_place_is_not_found() -> None:
    with pytest.raises(PlaceNotFound) as caught:
        resolve_place("Atlantis")
    assert caught.value.message == "We couldn't find that place. Try a postcode or a town name."


def test_empty_place_asks_for_one() -> None:
    with pytest.raises(PlaceNotFound, match="Enter a postcode or a town name"):
        resolve_place("   ")


def test_overlong_place_is_rejected_without_echoing_it() -> None:
    with pytest.raises(PlaceNotFound) as caught:
        resolve_place("Preston" * 15)
    assert "too long" in caught.value.message
    assert "PrestonPreston" not in caught.value.message
    with pytest.raises(PlaceNotFound):
        resolve_place(JUNK)


# Properties of parsing ---------------------------------------------------------------

VALID_POSTCODES = st.from_regex(
    r"\A(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) [0-9][ABD-HJLNP-UW-Z]{2}\Z"
)


@given(postcode=VALID_POSTCODES, lower=st.booleans(), squash=st.booleans())
def test_any_well_formed_postcode_parses_back_to_itself(postcode: str, lower: bool, squash: bool) -> None:
    typed = postcode.lower() if lower else postcode
    typed = typed.replace(" ", "") if squash else f"  {typed}  "
    assert normalise_postcode(typed) == postcode
    assert normalise_postcode(normalise_postcode(typed)) == postcode


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=120))
def test_parse_postcode_raises_only_invalid_postcode(text: str) -> None:
    try:
        postcode = parse_postcode(text)
    except InvalidPostcode as error:
        assert error.message
        assert len(text.strip()) <= 20 or text.strip() not in error.message
    else:
        assert parse_postcode(str(postcode)) == postcode


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=120), st.from_regex(r"\A-?[0-9]{1,3}\.[0-9]{1,4},-?[0-9]{1,3}\Z")))
def test_resolve_place_raises_only_place_not_found(text: str) -> None:
    try:
        place = resolve_place(text)
    except PlaceNotFound as error:
        assert error.message
    else:
        assert -90 <= place.latitude <= 90 and -180 <= place.longitude <= 180
        assert place.district is None or place.district in LANCASHIRE_DISTRICTS


# The shipped postcode coordinates (scripts/build_postcode_coordinates.py) ------------------------


@pytest.fixture(scope="module")
def built_postcodes(tmp_path_factory) -> dict[str, tuple[str, str]]:
    """Run the build script on a small Code-Point Open file, as it was run on the whole of it."""
    pytest.importorskip("pyproj", reason="pyproj (requirements/test.txt) builds the postcode data")
    from scripts import build_postcode_coordinates as build

    source = tmp_path_factory.mktemp("codepoint")
    out = tmp_path_factory.mktemp("postcodes")
    rows = [
        # Grid references whose WGS84 positions by OS's OSTN15 (centimetre accuracy) we know.
        ("PR0 1AA", 10, 335000, 430000),
        ("PR0 1AB", 10, 320000, 400000),
        ("PR0 1AD", 10, 380000, 480000),
        ("PR0 1AE", 90, 0, 0),  # exists, but Code-Point Open has no position for it
    ]
    (source / "pr.csv").write_text("".join(f"{p},{q},{e},{n}\n" for p, q, e, n in rows))
    assert build.main([str(source), "--out", str(out)]) == 0
    with gzip.open(out / "pr.csv.gz", "rt") as handle:
        return {postcode: (latitude, longitude) for postcode, latitude, longitude in csv.reader(handle)}


@pytest.mark.parametrize(
    ("postcode", "expected"),
    [
        ("PR0 1AA", (53.76229328, -2.9874699)),
        ("PR0 1AB", (53.49061892, -3.20723642)),
        ("PR0 1AD", (54.21534831, -2.30819131)),
    ],
)
def test_the_build_converts_grid_references_to_wgs84_within_five_metres(
    built_postcodes, postcode, expected
) -> None:
    latitude, longitude = built_postcodes[postcode]
    assert geodesic((float(latitude), float(longitude)), expected).m < 5


def test_the_build_keeps_a_postcode_without_a_position_with_empty_coordinates(built_postcodes) -> None:
    assert built_postcodes["PR0 1AE"] == ("", "")


def test_a_shipped_postcode_without_a_position_falls_back_to_its_outward_centroid() -> None:
    assert geo._postcode_area("AB")["AB43 1AG"] is None
    place = locate_postcode("AB43 1AG")
    assert place.precision == "outward_code"
    assert place.coordinates == locate_postcode("AB43").coordinates


def test_full_postcodes_resolve_to_the_same_point_from_many_threads_at_once() -> None:
    """Gunicorn's threaded workers look postcodes up concurrently; the answer must not change."""
    postcodes = ["FY5 2NL", "PR1 2HE", "BB11 1JG", "LA1 1HH", "PR7 1DP"]
    geo._postcode_area.cache_clear()
    seen: list[tuple[str, tuple[float, float]]] = []

    def locate_many() -> None:
        for _ in range(200):
            for code in postcodes:
                seen.append((code, locate_postcode(code).coordinates))

    threads = [threading.Thread(target=locate_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4 * 200 * len(postcodes)
    expected = {code: locate_postcode(code).coordinates for code in postcodes}
    assert all(point == expected[code] for code, point in seen)
    for latitude, longitude in expected.values():
        assert LANCASHIRE_BOUNDS["min_lat"] <= latitude <= LANCASHIRE_BOUNDS["max_lat"]
        assert LANCASHIRE_BOUNDS["min_lng"] <= longitude <= LANCASHIRE_BOUNDS["max_lng"]
