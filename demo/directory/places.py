"""Places for the demo directory: towns and venues in each of Lancashire's districts.

The venues are data (``demo/data/places.yaml``); this module answers questions about them ("the
first hub in Fylde", "the towns of Pendle, main town first").
"""

from __future__ import annotations

from typing import NamedTuple

from directory.area import DEFAULT_AREA_FILE, load

from .. import datafiles

# The demo is Lancashire's, read from the demo's area file (directory/data/areas/lancashire.toml).
DISTRICT_NAMES = load(DEFAULT_AREA_FILE).district_names


class Venue(NamedTuple):
    district: str
    town: str
    kind: str
    name: str
    address: str
    postcode: str

    def location(self) -> dict:
        """The shape a service's ``locations`` entry takes."""
        return {"name": self.name, "address": self.address, "town": self.town, "postcode": self.postcode}


def _venues() -> list[Venue]:
    fields = dict.fromkeys(Venue._fields, str)
    venues = [Venue(**entry) for entry in datafiles.records("places", "venues", required=fields)]
    for index, venue in enumerate(venues):
        datafiles.require(
            venue.district in DISTRICT_NAMES,
            f"demo/data/places.yaml: venues[{index}] ({venue.name})",
            f"district '{venue.district}' is not one of {', '.join(DISTRICT_NAMES)}",
        )
    return venues


VENUES: list[Venue] = _venues()


def towns(district: str) -> list[str]:
    """The district's towns, main town first."""
    seen: list[str] = []
    for venue in VENUES:
        if venue.district == district and venue.town not in seen:
            seen.append(venue.town)
    return seen


def main_town(district: str) -> str:
    return towns(district)[0]


def venues(district: str, kind: str | None = None, town: str | None = None) -> list[Venue]:
    return [
        venue
        for venue in VENUES
        if venue.district == district
        and (kind is None or venue.kind == kind)
        and (town is None or venue.town == town)
    ]


def venue(district: str, *kinds: str, town: str | None = None) -> Venue:
    """The first venue of the first kind the district (or town) has, e.g. ``venue("fylde", "youth", "hub")``."""
    for kind in kinds:
        found = venues(district, kind, town)
        if found:
            return found[0]
    raise LookupError(f"No {kinds} venue in {town or district}")
