"""Geography for Right Door: postcodes, places and the area's districts.

This is the single place the project turns what someone typed ("PR1 2HE", "pr1",
"Clitheroe", "Ribble Valley", "53.76,-2.70") into coordinates and a district of the
area the site serves (:mod:`directory.area`). Measuring between points is :mod:`directory.distances`.

It is deliberately pure Python with no Django imports, so forms, search, pathways
and the API can all use it. Data is loaded lazily and cached once per process:

* outward-code centroids and town names: ``data/postcode_districts.csv``
  (ONS Postcode Directory / OS Code-Point Open, via doogal.co.uk; see
  ``data/ATTRIBUTION.md``);
* the district of each of the area's outward codes: the area file (``directory.area``);
* full postcodes: OS Code-Point Open converted to latitude and longitude at build time
  (``data/postcodes/``, made by ``scripts/build_postcode_coordinates.py``), loaded one postcode
  area ("PR", "BB", "L", ...) at a time.

It stays one module (about 490 lines) because it is one concept, reading a place: the parsers, the
cached data and the lookups share private caches and rules (`_outward_codes`, `_town`,
`_postcode_area`), and splitting them would only make those private names cross modules.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from statistics import fmean

from . import area as areas
from .distances import distance_miles

DATA_DIRECTORY = Path(__file__).resolve().parent / "data"
OUTWARD_CODES_CSV = DATA_DIRECTORY / "postcode_districts.csv"

# Every full postcode in Great Britain with its latitude and longitude (see _postcode_area).
POSTCODES_DIRECTORY = DATA_DIRECTORY / "postcodes"
FULL_POSTCODE_DATA_AVAILABLE: bool = POSTCODES_DIRECTORY.is_dir()

MAX_PLACE_LENGTH = 100

# Outward codes that list the same town name and lie this close together are one town.
_SAME_TOWN_MILES = 15.0

# Longest compact postcode ("SW1A1AA").
_MAX_COMPACT_POSTCODE_LENGTH = 7

# Royal Mail's letter rules, except that Z is allowed second so that the NHS
# pseudo-postcodes (ZZ99 3VZ, "no fixed abode") read as well-formed but unknown.
_OUTWARD_PATTERN = (
    r"(?:[A-PR-UWYZ][0-9][0-9]?"  # A9, A99
    r"|[A-PR-UWYZ][A-HK-Z][0-9][0-9]?"  # AA9, AA99
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"  # A9A
    r"|[A-PR-UWYZ][A-HK-Z][0-9][ABEHMNPRVWXY])"  # AA9A
)
# The inward letters never include C, I, K, M, O or V.
_INWARD_PATTERN = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE_RE = re.compile(
    rf"(?P<outward>{_OUTWARD_PATTERN})(?P<inward>{_INWARD_PATTERN})?|(?P<girobank>GIR(?:0AA)?)"
)
_AREA_RE = re.compile(r"[A-Z]+")

_COORDINATE = r"[+-]?[0-9]{1,3}(?:\.[0-9]{1,15})?"
_COORDINATES_RE = re.compile(rf"\s*(?P<latitude>{_COORDINATE})\s*,\s*(?P<longitude>{_COORDINATE})\s*")


def examples() -> dict[str, str]:
    """The area's example postcode, its outward code and town, for messages ("like PR1 2HE")."""
    area = areas.current()
    postcode = area.example_postcode or "SW1A 1AA"
    return {"postcode": postcode, "outward": postcode.split()[0], "town": area.example_town or area.name}


class PlaceNotFound(ValueError):
    """Raised when text cannot be turned into a place; ``message`` is safe to show the user."""

    default_message = "We couldn't find that place. Try a postcode or a town name."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message.format(**examples())
        super().__init__(self.message)


class InvalidPostcode(PlaceNotFound):
    """The text is not in the format of a UK postcode (or is empty or far too long)."""

    default_message = "Enter a postcode in the correct format, like {postcode} or {outward}."


class AskedForNearMe(PlaceNotFound):
    """ "near me" typed in the place box: the page cannot know where that is without the device's
    location (static/js/use-my-location.js asks for it before the form is sent)."""

    default_message = "To search near you, enter your postcode or town, like {postcode} or {town}."


# What people type when they mean "where I am now".
_NEAR_ME = re.compile(r"\s*(?:near\s+)?(?:me|here|my\s+location|current\s+location|where\s+i\s+am)\s*", re.I)


class UnknownPostcode(PlaceNotFound):
    """The postcode is well-formed but does not exist in the data."""

    default_message = "We couldn't find that postcode. Check it and try again, or enter a town."


@dataclass(frozen=True)
class Postcode:
    """A UK postcode, or just its outward code ("PR1") when ``inward`` is None."""

    outward: str
    inward: str | None

    @property
    def is_full(self) -> bool:
        """Whether this is a whole postcode rather than only an outward code."""
        return self.inward is not None

    @property
    def area(self) -> str:
        """The postcode area: the leading letters of the outward code ("PR", "L")."""
        match = _AREA_RE.match(self.outward)
        return match.group() if match else self.outward

    def __str__(self) -> str:
        return f"{self.outward} {self.inward}" if self.inward else self.outward


@dataclass(frozen=True)
class Place:
    """A point someone is searching from, with what to call it and how precise it is."""

    label: str
    latitude: float
    longitude: float
    district: str | None
    precision: str  # "postcode" | "outward_code" | "town" | "district" | "coordinates"
    # Said to the searcher when the place is not quite what they typed ("… so we searched near BB1").
    note: str = ""

    @property
    def coordinates(self) -> tuple[float, float]:
        """``(latitude, longitude)``, the shape :func:`directory.distances.distance_miles` takes."""
        return (self.latitude, self.longitude)


@dataclass(frozen=True)
class _OutwardCode:
    code: str
    latitude: float
    longitude: float
    in_use: bool
    towns: tuple[str, ...]
    post_towns: tuple[str, ...]


# Parsing ------------------------------------------------------------------


def parse_postcode(raw: str) -> Postcode:
    """Parse a full UK postcode or an outward code in any case and with any spacing.

    Only the format is checked, not whether the postcode exists: use
    :func:`locate_postcode` for that. Raises :class:`InvalidPostcode`, whose
    message never repeats the input.
    """
    compact = "".join(raw.split())
    if not compact:
        raise InvalidPostcode("Enter a postcode, like {postcode}.".format(**examples()))
    if len(compact) > _MAX_COMPACT_POSTCODE_LENGTH:
        raise InvalidPostcode(
            "That is too long to be a postcode. Enter a postcode like {postcode}, or just {outward}.".format(
                **examples()
            )
        )
    # Checked before upper-casing, which maps a few non-ASCII letters onto ASCII ones ("ſ" -> "S").
    match = _POSTCODE_RE.fullmatch(compact.upper()) if compact.isascii() else None
    if match is None:
        raise InvalidPostcode()
    if match["girobank"]:
        return Postcode("GIR", "0AA" if match["girobank"] == "GIR0AA" else None)
    return Postcode(match["outward"], match["inward"])


def normalise_postcode(raw: str) -> str:
    """Return the postcode in its standard form ("pr12he" -> "PR1 2HE"); see :func:`parse_postcode`."""
    return str(parse_postcode(raw))


def _place_key(text: str) -> str:
    """Fold a place name for matching: case, punctuation and "Saint" versus "St" are ignored."""
    folded = text.casefold().replace("&", " and ")
    folded = re.sub(r"['\u2019`]", "", folded)
    words = re.sub(r"[\W_]+", " ", folded).split()
    return " ".join("st" if word == "saint" else word for word in words)


# Data loading ---------------------------------------------------------------


@cache
def _outward_codes() -> dict[str, _OutwardCode]:
    """Every outward code with a centroid, from the ONS Postcode Directory export."""

    def names(cell: str) -> tuple[str, ...]:
        return tuple(name.strip(" .") for name in cell.split(",") if name.strip(" ."))

    outward_codes: dict[str, _OutwardCode] = {}
    with OUTWARD_CODES_CSV.open(encoding="utf-8", newline="") as csv_file:
        for row in csv.DictReader(csv_file):
            if not row["Latitude"] or not row["Longitude"]:
                continue
            towns = names(row["Town/Area"])
            geographic = not any(town.casefold() == "non-geographic" for town in towns)
            code = row["Postcode"].strip().upper()
            outward_codes[code] = _OutwardCode(
                code=code,
                latitude=float(row["Latitude"]),
                longitude=float(row["Longitude"]),
                # Terminated districts (no active postcodes) and PO-box-only
                # districts still locate, but are left out of town and district centroids.
                in_use=geographic and int(row["Active postcodes"] or 0) > 0,
                towns=towns if geographic else (),
                post_towns=names(row["Post Town"]) if geographic else (),
            )
    return outward_codes


@cache
def _district_by_outward_code(area: areas.Area) -> dict[str, str]:
    """Outward code -> slug of the area's district most of its postcodes are in."""
    return {code: district.slug for district in area.districts for code in district.outward_codes}


def district_names() -> dict[str, str]:
    """The area's districts: slug -> name ("ribble-valley" -> "Ribble Valley"), in the file's order."""
    return areas.current().district_names


def outward_code_districts() -> dict[str, str]:
    """Outward code -> slug of the area's district most of its postcodes are in."""
    return dict(_district_by_outward_code(areas.current()))


def _mean_centroid(outward_codes: list[_OutwardCode]) -> tuple[float, float]:
    preferred = [outward_code for outward_code in outward_codes if outward_code.in_use]
    chosen = preferred or outward_codes
    return (
        fmean(outward_code.latitude for outward_code in chosen),
        fmean(outward_code.longitude for outward_code in chosen),
    )


@cache
def _district_centroids(area: areas.Area) -> dict[str, tuple[float, float]]:
    """District slug -> mean of its outward codes' centroids."""
    outward_codes = _outward_codes()
    members: dict[str, list[_OutwardCode]] = defaultdict(list)
    for code, slug in _district_by_outward_code(area).items():
        if code in outward_codes:
            members[slug].append(outward_codes[code])
    return {
        district.slug: _mean_centroid(members[district.slug])
        for district in area.districts
        if members[district.slug]
    }


def district_centre(slug: str) -> tuple[float, float] | None:
    """Where to centre a district: its main town from the area file, else its outward codes' mean."""
    area = areas.current()
    district = area.district(slug)
    if district is not None and district.latitude is not None and district.longitude is not None:
        return (district.latitude, district.longitude)
    return _district_centroids(area).get(slug)


@cache
def _district_slugs_by_key(area: areas.Area) -> dict[str, str]:
    keys = {_place_key(district.slug): district.slug for district in area.districts}
    keys.update({_place_key(district.name): district.slug for district in area.districts})
    return keys


@dataclass(frozen=True)
class _Town:
    label: str
    latitude: float
    longitude: float
    district: str | None


@cache
def _outward_codes_by_town() -> dict[str, tuple[str, tuple[_OutwardCode, ...]]]:
    """Folded town name -> (label, the outward codes that list it).

    Names from the Town/Area column win; the Post Town column only fills gaps
    (for example "Southport", which no Town/Area cell names).
    """
    by_town_area: dict[str, list[_OutwardCode]] = defaultdict(list)
    by_post_town: dict[str, list[_OutwardCode]] = defaultdict(list)
    labels: dict[str, str] = {}
    for outward_code in _outward_codes().values():
        for name in outward_code.towns:
            by_town_area[_place_key(name)].append(outward_code)
            labels.setdefault(_place_key(name), name)
        for name in outward_code.post_towns:
            by_post_town[_place_key(name)].append(outward_code)
            # Post Town spellings are the tidier ones ("Poulton-le-Fylde").
            labels[_place_key(name)] = name
    return {
        key: (labels[key], tuple(by_town_area.get(key) or by_post_town[key]))
        for key in by_post_town.keys() | by_town_area.keys()
    }


@cache
def _area_centre(area: areas.Area) -> tuple[float, float]:
    centroids = _district_centroids(area).values()
    return (fmean(lat for lat, _ in centroids), fmean(lng for _, lng in centroids))


@cache
def _town(key: str, area: areas.Area) -> _Town:
    """The town a folded name means: the mean centroid of the outward codes that list it.

    Many names recur across the country (Nelson, Colne, Fulwood, Blackburn), and
    averaging namesakes would land in a field between them. The directory serves one
    area, so the outward code nearest the area's centre is taken as the town and
    only codes within ``_SAME_TOWN_MILES`` of it are averaged.
    """
    label, outward_codes = _outward_codes_by_town()[key]
    centre = _area_centre(area)
    nearest = min(outward_codes, key=lambda code: distance_miles(centre, (code.latitude, code.longitude)))
    members = [
        code
        for code in outward_codes
        if distance_miles((nearest.latitude, nearest.longitude), (code.latitude, code.longitude))
        <= _SAME_TOWN_MILES
    ]
    latitude, longitude = _mean_centroid(members)
    district_by_outward_code = _district_by_outward_code(area)
    districts = {district_by_outward_code.get(member.code) for member in members}
    return _Town(
        label=label,
        latitude=latitude,
        longitude=longitude,
        district=districts.pop() if len(districts) == 1 else None,
    )


@cache
def _postcode_area(area: str) -> dict[str, tuple[float, float] | None] | None:
    """Postcode -> (latitude, longitude) for one postcode area, from ``data/postcodes/<area>.csv.gz``.

    The files are OS Code-Point Open converted to WGS84 once, at build time, by
    ``scripts/build_postcode_coordinates.py`` (pyproj). Returns None when Code-Point Open does not
    cover the area (Northern Ireland, the Channel Islands, the Isle of Man). A postcode mapped to
    None exists but has no position.
    """
    data_file = POSTCODES_DIRECTORY / f"{area.lower()}.csv.gz"
    if not data_file.is_file():
        return None
    coordinates: dict[str, tuple[float, float] | None] = {}
    with gzip.open(data_file, "rt", encoding="ascii", newline="") as rows:
        for postcode, latitude, longitude in csv.reader(rows):
            coordinates[postcode] = (float(latitude), float(longitude)) if latitude else None
    return coordinates


# Public lookups ---------------------------------------------------------------


def district_for_postcode(postcode: Postcode | str) -> str | None:
    """The area's district slug for a postcode's outward code, or None outside its districts.

    An outward code that straddles a boundary gives its main district. Raises
    :class:`InvalidPostcode` if given text that is not a postcode.
    """
    if isinstance(postcode, str):
        postcode = parse_postcode(postcode)
    return _district_by_outward_code(areas.current()).get(postcode.outward)


def district_name(slug: str) -> str:
    """The display name of one of the area's district slugs ("ribble-valley" -> "Ribble Valley").

    Raises KeyError for a slug that is not one of the area's districts.
    """
    area = areas.current()
    district = area.district(slug)
    if district is None:
        raise KeyError(f"Not a district of {area.name}: {slug!r}")
    return district.name


def locate_postcode(raw: str) -> Place:
    """Locate a full postcode (its own point) or an outward code (its centroid).

    Raises :class:`InvalidPostcode` for text that is not a postcode and
    :class:`UnknownPostcode` for a well-formed one that does not exist.
    """
    postcode = parse_postcode(raw)
    outward_code = _outward_codes().get(postcode.outward)
    district = district_for_postcode(postcode)

    if postcode.is_full and FULL_POSTCODE_DATA_AVAILABLE:
        points = _postcode_area(postcode.area)
        if points is not None:
            if str(postcode) not in points:
                raise UnknownPostcode()
            coordinates = points[str(postcode)]
            if coordinates is not None:
                return Place(str(postcode), *coordinates, district, "postcode")
            # The postcode exists but has no grid reference: its outward centroid is the best we have.

    if outward_code is None:
        raise UnknownPostcode()
    return Place(str(postcode), outward_code.latitude, outward_code.longitude, district, "outward_code")


def _parse_coordinates(text: str) -> Place | None:
    match = _COORDINATES_RE.fullmatch(text)
    if match is None:
        return None
    latitude, longitude = float(match["latitude"]), float(match["longitude"])
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise PlaceNotFound(
            "Those coordinates are not on the map. Latitude must be between -90 and 90, "
            "and longitude between -180 and 180."
        )
    return Place("your location", latitude, longitude, None, "coordinates")


def resolve_place(raw: str) -> Place:
    """Turn what someone typed into a search's "where" box into a :class:`Place`.

    Tries, in order: "lat,lng" coordinates, a name or slug of one of the area's districts,
    a postcode or outward code, then a town name. A full postcode we cannot find falls back to
    its postcode district, with a ``note`` saying so. Raises :class:`PlaceNotFound` (or a
    subclass, :class:`AskedForNearMe` for "near me") with a message for the user.
    """
    if len(raw) > MAX_PLACE_LENGTH:
        raise PlaceNotFound(
            "That is too long. Enter a postcode or a town name, like {postcode} or {town}.".format(
                **examples()
            )
        )
    text = raw.strip()
    if not text:
        raise PlaceNotFound("Enter a postcode or a town name.")

    coordinates = _parse_coordinates(text)
    if coordinates is not None:
        return coordinates

    area = areas.current()
    key = _place_key(text)
    key = _place_key(area.place_aliases.get(key, key))
    slug = _district_slugs_by_key(area).get(key)
    if slug is not None:
        latitude, longitude = _district_centroids(area)[slug]
        return Place(area.district_names[slug], latitude, longitude, slug, "district")

    if _NEAR_ME.fullmatch(text):
        raise AskedForNearMe()

    try:
        postcode = parse_postcode(text)
    except InvalidPostcode:
        pass
    else:
        try:
            return locate_postcode(text)
        except UnknownPostcode:
            # A full postcode we have no record of (new, mistyped, or not in Code-Point Open):
            # its postcode district is still a good guess at where the family is.
            if not postcode.is_full or postcode.outward not in _outward_codes():
                raise
            near = locate_postcode(postcode.outward)
            return replace(near, note=f"We couldn't find {postcode}, so we searched near {postcode.outward}.")

    # Checked first so the cache behind _town only ever holds real town names.
    if key in _outward_codes_by_town():
        town = _town(key, area)
        return Place(town.label, town.latitude, town.longitude, town.district, "town")
    raise PlaceNotFound()
