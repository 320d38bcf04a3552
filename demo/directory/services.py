"""The demo directory's services, expanded from the templates in ``demo/data/``.

Local services come from ``service_templates.yaml``: each template is repeated across the districts
(or towns) that have the right venues, run by the organisation that plays its role there.
County-wide and national services come one by one from ``county_and_national.yaml``. Every choice
between wordings, timetables and venues is made by a ``random.Random`` seeded with 2026 and the
listing's slug, so the content is the same on every run and adding one listing does not reshuffle
the others.
"""

from __future__ import annotations

import random
import re

from .. import datafiles
from . import places
from .organisations import ORGANISATIONS, ORGANISATIONS_BY_SLUG, organisation_for

__all__ = ["ORGANISATIONS", "SERVICES"]

DISTRICTS = list(places.DISTRICT_NAMES)
_DAYS = {name: number for number, name in enumerate(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])}

# A template's fields (described at the top of service_templates.yaml) and the defaults of those
# it may leave out.
TEMPLATE_FIELDS: dict[str, datafiles.Kind] = {
    "key": str,
    "org": str,
    "kind": str,
    "levels": list,
    "themes": list,
    "ages": list,
    "cost": str,
    "modes": list,
    "name": list,
    "summary": list,
    "description": list,
}
TEMPLATE_DEFAULTS: dict[str, tuple[datafiles.Kind, object]] = {
    "per": (str, "district"),
    "limit": (int, None),
    "only": (list, None),
    "at": (list, []),
    "sites": (int, 1),
    "phone": (str, None),
    "email": (str, None),
    "website": (str, None),
    "eligibility": (str, ""),
    "cost_detail": (str, ""),
    "languages": (list, ["en"]),
    "features": (list, None),
    "always_open": (bool, False),
    "access": (dict, {}),
    "times": (list, []),
    "notes": (list, []),
}


def templates(file: str, section: str) -> list[dict]:
    return datafiles.records(file, section, required=TEMPLATE_FIELDS, optional=TEMPLATE_DEFAULTS)


_local_languages = datafiles.section("service_templates", "local_languages", dict)
_venue_features = datafiles.section("service_templates", "venue_features", dict)
# Community languages offered through bilingual staff or interpreters, beyond English.
LOCAL_LANGUAGES: dict[str, list[str]] = {
    district: list(codes or []) for district, codes in _local_languages.items()
}
FEATURES_BY_VENUE_KIND: dict[str, list[str]] = _venue_features


def parse_times(text: str) -> list[list]:
    """'Mon-Fri 09:00-17:00, Sat 10:00-12:00' -> [[0, "09:00", "17:00"], ..., [5, "10:00", "12:00"]]."""
    slots = []
    for part in text.split(","):
        days, span = part.split()
        opens, closes = span.split("-")
        first, _, last = days.partition("-")
        slots.extend([day, opens, closes] for day in range(_DAYS[first], _DAYS[last or first] + 1))
    return sorted(slots)


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _choose_venues(
    district: str, kinds: list[str], count: int, offset: int, town: str | None = None
) -> list[places.Venue]:
    """Up to ``count`` venues of the preferred kinds, in different towns where possible.

    ``offset`` rotates among venues of the most preferred kind, so that different templates land
    in different towns of the same district.
    """
    candidates = [venue for kind in kinds for venue in places.venues(district, kind, town)]
    if not candidates:
        return []
    best = [venue for venue in candidates if venue.kind == candidates[0].kind]
    start = offset % len(best)
    ordered = best[start:] + best[:start] + [venue for venue in candidates if venue not in best]
    chosen: list[places.Venue] = []
    for venue in ordered:
        if venue.town not in {picked.town for picked in chosen}:
            chosen.append(venue)
    chosen += [venue for venue in ordered if venue not in chosen]
    return chosen[:count]


def _languages(tokens: list[str], district: str | None) -> list[str]:
    codes: list[str] = []
    for token in tokens:
        expanded = ["en", *LOCAL_LANGUAGES.get(district or "", [])] if token == "local" else [token]
        codes += [code for code in expanded if code not in codes]
    return codes


def _features(template: dict, venues: list[places.Venue], rng: random.Random) -> list[str]:
    if template["features"] is not None:
        return template["features"]
    if not venues:
        return []
    features = list(FEATURES_BY_VENUE_KIND[venues[0].kind])
    # Leave one feature out now and then so that venues of a kind don't all read the same;
    # never step-free access or baby changing, which families filter on.
    optional = [name for name in features[2:] if name != "Baby changing facilities"]
    if len(features) > 4 and optional:
        features.remove(rng.choice(optional))
    return features


def _service(
    template: dict,
    *,
    slug: str,
    organisation: str,
    district: str | None,
    venues: list[places.Venue],
    served_area: str,
) -> dict:
    org = ORGANISATIONS_BY_SLUG[organisation]
    rng = random.Random(f"2026:{slug}")
    phone = org["phone"] if template["phone"] is None else template["phone"]
    town = venues[0].town if venues else (places.main_town(district) if district else "Lancashire")
    context = {
        "town": town,
        "venue": venues[0].name if venues else (places.venue(district, "hub").name if district else ""),
        "district": places.DISTRICT_NAMES[district] if district else "Lancashire",
        "org": org["name"],
        "phone": phone,
    }

    def fill(text: str) -> str:
        return text.format_map(context)

    return {
        "slug": slug,
        "name": fill(rng.choice(template["name"])),
        "organisation": organisation,
        "summary": fill(rng.choice(template["summary"])),
        "description": [fill(rng.choice(variants)) for variants in template["description"]],
        "kind": template["kind"],
        "levels": template["levels"],
        "themes": template["themes"],
        "age_min": template["ages"][0],
        "age_max": template["ages"][1],
        "eligibility": fill(template["eligibility"]),
        "access_routes": {route: fill(how) for route, how in template["access"].items()},
        "cost": template["cost"],
        "cost_detail": template["cost_detail"],
        "delivery_modes": template["modes"],
        "languages": _languages(template["languages"], district),
        "accessibility": _features(template, venues, rng),
        "phone": phone,
        "email": org["email"] if template["email"] is None else template["email"],
        "website": org["website"] if template["website"] is None else template["website"],
        "always_open": template["always_open"],
        "opening_times": parse_times(rng.choice(template["times"])) if template["times"] else [],
        "opening_notes": rng.choice(template["notes"]) if template["notes"] else "",
        "served_area": served_area,
        "served_districts": [district] if district else [],
        "locations": [venue.location() for venue in venues],
    }


def expand(template: dict, template_index: int = 0) -> list[dict]:
    """One listing per district (or per town, up to the template's limit) that can host it."""
    services = []
    for district_index, district in enumerate(DISTRICTS):
        if template["only"] is not None and district not in template["only"]:
            continue
        organisation = organisation_for(template["org"], district)
        if organisation is None:
            continue
        if template["per"] == "town":
            hosted = [
                (town, venues)
                for town in places.towns(district)
                if (venues := _choose_venues(district, template["at"], 1, 0, town))
            ][: template["limit"]]
            units = [(f"{template['key']}-{_slugify(town)}", venues) for town, venues in hosted]
        else:
            offset = template_index + district_index
            venues = _choose_venues(district, template["at"], template["sites"], offset)
            if template["at"] and not venues:
                continue
            units = [(f"{template['key']}-{district}", venues)]
        for slug, venues in units:
            services.append(
                _service(
                    template,
                    slug=slug,
                    organisation=organisation,
                    district=district,
                    venues=venues,
                    served_area="districts",
                )
            )
    return services


def single(template: dict) -> dict:
    """A county-wide or national listing; ``at`` names venues as ``district/kind``."""
    venues = [places.venue(*token.split("/")) for token in template["at"]]
    return _service(
        template,
        slug=template["key"],
        organisation=template["org"],
        district=None,
        venues=venues,
        served_area=template["per"],
    )


TEMPLATES = templates("service_templates", "templates")
COUNTY_SERVICES = templates("county_and_national", "county")
NATIONAL_SERVICES = templates("county_and_national", "national")
LOCAL_SERVICES: list[dict] = [
    service for index, template in enumerate(TEMPLATES) for service in expand(template, index)
]
SERVICES: list[dict] = LOCAL_SERVICES + [single(template) for template in COUNTY_SERVICES + NATIONAL_SERVICES]
