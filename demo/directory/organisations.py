"""Organisations for the demo directory, built from ``demo/data/organisations.yaml``.

One Lancashire Family Help organisation per district (its address is the district's family hub),
the local organisations (addressed at the venue they work from) and the national ones (no address).
Which regional charity plays which role in which district (``regions``) is read from the same file,
so that a service template can ask "who runs the food bank in Wyre?".
"""

from __future__ import annotations

from typing import Any

from .. import datafiles
from . import places

FILE = "organisations"


def _family_help_spec() -> dict[str, Any]:
    spec = datafiles.section(FILE, "family_help", dict)
    fields = ("slug", "name", "description", "reach", "website", "email", "phones")
    missing = [field for field in fields if field not in spec]
    datafiles.require(not missing, "demo/data/organisations.yaml: family_help", f"{missing} missing")
    absent = [district for district in places.DISTRICT_NAMES if district not in spec["phones"]]
    datafiles.require(
        not absent, "demo/data/organisations.yaml: family_help.phones", f"no phone for {absent}"
    )
    return spec


FAMILY_HELP = _family_help_spec()


def family_help_slug(district: str) -> str:
    return FAMILY_HELP["slug"].format(district=district)


def _family_help(district: str) -> dict:
    name = places.DISTRICT_NAMES[district]
    hub = places.venue(district, "hub")
    other_towns = [town for town in places.towns(district) if town != hub.town]
    reach = FAMILY_HELP["reach"].format(towns=", ".join(other_towns)) if other_towns else ""
    context = {"district": district, "name": name, "hub": hub.name, "reach": reach}
    return {
        "slug": family_help_slug(district),
        "name": FAMILY_HELP["name"].format_map(context),
        "description": [paragraph.format_map(context) for paragraph in FAMILY_HELP["description"]],
        "website": FAMILY_HELP["website"],
        "email": FAMILY_HELP["email"].format_map(context),
        "phone": FAMILY_HELP["phones"][district],
        "address": f"{hub.name}\n{hub.address}\n{hub.town}",
        "postcode": hub.postcode,
    }


def _local(entry: dict) -> dict:
    district, _, kind = entry["at"].partition("/")
    base = places.venue(district, kind, "office", "community")
    domain = f"{entry['slug']}.example.org.uk"
    return {
        "slug": entry["slug"],
        "name": entry["name"],
        "description": entry["description"],
        "website": entry["website"] or f"https://{domain}",
        "email": f"hello@{domain}",
        "phone": entry["phone"],
        "address": f"{base.name}\n{base.address}\n{base.town}",
        "postcode": base.postcode,
    }


def _national(entry: dict) -> dict:
    """A national organisation; one without a website of its own gets the demo's example domain,
    and with it an example email address unless it names one."""
    domain = f"{entry['slug']}.example.org.uk"
    default_email = "" if entry["website"] else f"hello@{domain}"
    return {
        "slug": entry["slug"],
        "name": entry["name"],
        "description": entry["description"],
        "website": entry["website"] or f"https://{domain}",
        "email": entry["email"] or default_email,
        "phone": entry["phone"],
        "address": "",
        "postcode": "",
    }


_REQUIRED = {"slug": str, "name": str, "phone": str, "description": str}
ORGANISATIONS: list[dict] = (
    [_family_help(district) for district in places.DISTRICT_NAMES]
    + [
        _local(entry)
        for entry in datafiles.records(
            FILE, "local", required={**_REQUIRED, "at": str}, optional={"website": (str, "")}
        )
    ]
    + [
        _national(entry)
        for entry in datafiles.records(
            FILE, "national", required=_REQUIRED, optional={"website": (str, ""), "email": (str, "")}
        )
    ]
)
ORGANISATIONS_BY_SLUG = {organisation["slug"]: organisation for organisation in ORGANISATIONS}

# Regional charities by district: who runs the food bank, domestic abuse outreach and so on.
REGION_ORGANISATIONS: dict[str, dict[str, str]] = datafiles.section(FILE, "regions", dict)
for _role, _by_district in REGION_ORGANISATIONS.items():
    _unknown = sorted(set(_by_district.values()) - set(ORGANISATIONS_BY_SLUG))
    datafiles.require(
        not _unknown, f"demo/data/organisations.yaml: regions.{_role}", f"no organisation {_unknown}"
    )


def organisation_for(role: str, district: str) -> str | None:
    """The slug of the organisation that plays ``role`` in ``district`` ("family-help", "food-bank"…)."""
    if role == "family-help":
        return family_help_slug(district)
    if role in REGION_ORGANISATIONS:
        return REGION_ORGANISATIONS[role].get(district)
    return role if role in ORGANISATIONS_BY_SLUG else None
