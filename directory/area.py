"""The area a Right Door site serves, described by data rather than code.

A council is a TOML file (format: docs/adopting-right-door.md): its name, its county if any, its
local authority districts (ONS codes and names, each with the postcode districts that are mostly in
it), its children's social care front door and the place names its search box should know. The demo's
is ``data/areas/lancashire.toml``; ``AREA_FILE`` (a setting read from the environment) points at
another.

Pure Python apart from reading that one setting, so :mod:`directory.geo` can use it. Each file is read
once per process; :func:`current` returns the configured one.
"""

from __future__ import annotations

import csv
import os
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

DATA_DIRECTORY = Path(__file__).resolve().parent / "data"
DEFAULT_AREA_FILE = DATA_DIRECTORY / "areas" / "lancashire.toml"
OUTWARD_CODES_CSV = DATA_DIRECTORY / "postcode_districts.csv"

# ONS GSS codes: a letter for the nation, two digits for the kind of area, six for the area.
_ONS_CODE = re.compile(r"[ENSW][0-9]{8}")
_OUTWARD_CODE = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")


class AreaFileError(ValueError):
    """The area file cannot be used; the message names the file and what to change."""


@dataclass(frozen=True)
class District:
    """A local authority district of the area."""

    slug: str
    code: str  # ONS code, e.g. "E07000123"
    name: str
    outward_codes: tuple[str, ...]
    # Where to centre the district (its main town); None: the mean of its outward codes' centres.
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class County:
    code: str
    name: str


@dataclass(frozen=True)
class FrontDoor:
    """Children's social care front door: where worries about a child's safety go."""

    name: str
    phone: str
    out_of_hours_phone: str = ""
    url: str = ""


# eq=False: an Area is hashed by identity, so caches keyed on it (directory.geo) see one per file.
@dataclass(frozen=True, eq=False)
class Area:
    name: str
    council: str
    districts: tuple[District, ...]
    front_door: FrontDoor
    county: County | None = None
    example_postcode: str = ""
    example_town: str = ""
    place_aliases: dict[str, str] = field(default_factory=dict)
    source: Path | None = None

    @cached_property
    def district_names(self) -> dict[str, str]:
        """District slug -> name, in the file's order."""
        return {district.slug: district.name for district in self.districts}

    @property
    def whole_area_label(self) -> str:
        """What a service that covers every district serves: "the whole of Lancashire"."""
        return f"the whole of {self.name}"

    @property
    def state_province(self) -> str:
        """The region line of an address (Open Referral's `state_province`): the county, if any."""
        return self.county.name if self.county else ""

    def district(self, slug: str) -> District | None:
        return next((district for district in self.districts if district.slug == slug), None)

    def whole_area_names(self) -> set[str]:
        """Lower-cased names an imported service area may use for the whole area."""
        names = {self.name, self.council, f"the whole of {self.name}", f"all of {self.name}"}
        if self.county:
            names |= {self.county.name, self.county.code}
        return {name.casefold() for name in names if name}


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


@cache
def _outward_codes_by_main_district() -> dict[str, tuple[str, ...]]:
    """District name (case-folded) -> the outward codes the postcode data gives it as main district."""
    by_name: dict[str, list[str]] = defaultdict(list)
    with OUTWARD_CODES_CSV.open(encoding="utf-8", newline="") as csv_file:
        for row in csv.DictReader(csv_file):
            in_use = int(row["Active postcodes"] or 0) > 0 and row["Latitude"]
            if in_use and row["Region"].strip():
                by_name[row["Region"].strip().casefold()].append(row["Postcode"].strip().upper())
    return {name: tuple(codes) for name, codes in by_name.items()}


def _text(table: dict, key: str, where: str, *, required: bool = True) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise AreaFileError(f"{where}: '{key}' must be text in quotes.")
    if required and not value.strip():
        raise AreaFileError(f"{where}: '{key}' is missing. Add {key} = \"…\".")
    return value.strip()


def _district(table: object, number: int, label: str) -> District:
    where = f"{label}: district {number}"
    if not isinstance(table, dict):
        raise AreaFileError(f"{where} must be a [[districts]] table.")
    name = _text(table, "name", where)
    where = f"{label}: district {number} ({name})"
    code = _text(table, "code", where).upper()
    if not _ONS_CODE.fullmatch(code):
        raise AreaFileError(f"{where}: '{code}' is not an ONS code like E07000123.")
    slug = _text(table, "slug", where, required=False) or slugify(name)
    outward = table.get("outward_codes")
    if outward is None:
        outward_codes = _outward_codes_by_main_district().get(name.casefold(), ())
        if not outward_codes:
            raise AreaFileError(
                f"{where}: the postcode data names no postcode district as mostly in '{name}'. "
                'Check the spelling, or list them with outward_codes = ["AB1", …].'
            )
    elif isinstance(outward, list) and outward and all(isinstance(item, str) for item in outward):
        outward_codes = tuple(item.strip().upper() for item in outward)
        wrong = [item for item in outward_codes if not _OUTWARD_CODE.fullmatch(item)]
        if wrong:
            raise AreaFileError(f"{where}: {', '.join(wrong)} is not a postcode district like PR1.")
    else:
        raise AreaFileError(f'{where}: outward_codes must be a list like ["PR1", "PR2"].')
    latitude, longitude = table.get("latitude"), table.get("longitude")
    if (latitude is None) != (longitude is None):
        raise AreaFileError(f"{where}: give both latitude and longitude, or neither.")
    if latitude is not None and longitude is not None:
        if not (isinstance(latitude, int | float) and isinstance(longitude, int | float)) or not (
            -90 <= latitude <= 90 and -180 <= longitude <= 180
        ):
            raise AreaFileError(f"{where}: latitude and longitude must be numbers, like 53.76 and -2.70.")
        latitude, longitude = float(latitude), float(longitude)
    return District(slug, code, name, outward_codes, latitude, longitude)


def parse(data: dict, label: str = "area file", source: Path | None = None) -> Area:
    """An :class:`Area` from the parsed TOML; raises :class:`AreaFileError` saying what to change."""
    name = _text(data, "name", label)
    council = _text(data, "council", label, required=False) or name
    county = None
    if "county" in data:
        table = data["county"]
        if not isinstance(table, dict):
            raise AreaFileError(f"{label}: [county] must be a table with a code and a name.")
        county = County(
            _text(table, "code", f"{label}: [county]").upper(), _text(table, "name", f"{label}: [county]")
        )
        if not _ONS_CODE.fullmatch(county.code):
            raise AreaFileError(f"{label}: [county] '{county.code}' is not an ONS code like E10000017.")
    door = data.get("front_door")
    if not isinstance(door, dict):
        raise AreaFileError(
            f"{label}: [front_door] is missing: the children's social care front door's name and phone."
        )
    front_door = FrontDoor(
        name=_text(door, "name", f"{label}: [front_door]"),
        phone=_text(door, "phone", f"{label}: [front_door]"),
        out_of_hours_phone=_text(door, "out_of_hours_phone", f"{label}: [front_door]", required=False),
        url=_text(door, "url", f"{label}: [front_door]", required=False),
    )
    tables = data.get("districts")
    if not isinstance(tables, list) or not tables:
        raise AreaFileError(f"{label}: no districts. Add a [[districts]] table for each one.")
    districts = tuple(_district(table, number, label) for number, table in enumerate(tables, start=1))
    for attribute in ("slug", "code", "name"):
        values = [getattr(district, attribute) for district in districts]
        repeated = sorted({value for value in values if values.count(value) > 1})
        if repeated:
            raise AreaFileError(f"{label}: two districts have the {attribute} {', '.join(repeated)}.")
    claimed: dict[str, str] = {}
    for district in districts:
        for code in district.outward_codes:
            if code in claimed:
                raise AreaFileError(
                    f"{label}: {code} is listed under both {claimed[code]} and {district.name}; "
                    "give it to the district most of its postcodes are in."
                )
            claimed[code] = district.name
    search = data.get("search") or {}
    places = data.get("places") or {}
    aliases = places.get("aliases") or {} if isinstance(places, dict) else {}
    if not isinstance(aliases, dict) or not all(isinstance(value, str) for value in aliases.values()):
        raise AreaFileError(f'{label}: [places.aliases] must be lines like "poulton" = "poulton le fylde".')
    return Area(
        name=name,
        council=council,
        districts=districts,
        front_door=front_door,
        county=county,
        example_postcode=_text(search, "example_postcode", f"{label}: [search]", required=False),
        example_town=_text(search, "example_town", f"{label}: [search]", required=False),
        place_aliases={key.casefold(): value.casefold() for key, value in aliases.items()},
        source=source,
    )


@cache
def load(path: Path) -> Area:
    """The area described by the TOML file at `path` (read once per process)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as failure:
        raise AreaFileError(f"Cannot read the area file {path}: {failure.strerror}.") from None
    except tomllib.TOMLDecodeError as failure:
        raise AreaFileError(f"{path.name} is not valid TOML: {failure}.") from None
    return parse(data, path.name, path)


def configured_path() -> Path:
    """The area file the settings name (``AREA_FILE``), else the demo's Lancashire."""
    path = ""
    try:
        from django.conf import settings

        if settings.configured:
            path = getattr(settings, "AREA_FILE", "")
    except ImportError:  # pragma: no cover - Django is always installed with the site
        pass
    return Path(path or os.environ.get("AREA_FILE") or DEFAULT_AREA_FILE)


def current() -> Area:
    """The area this site serves."""
    return load(configured_path())
