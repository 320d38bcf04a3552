"""What an Open Referral record gives that an import does not keep, so the report can say so per
record ("Not kept: …") instead of dropping it silently (issue 17).

A record's given values (not null, not empty) are walked; each is kept when the importer maps its
field (`KEPT`), is one we publish ourselves from what is kept (`DERIVED`), or a rule below says the
particular value is kept (a contact's email when it is the service's; not the words of an
"always open" schedule). The
rest are returned as field paths, list items counted from 0 as in a schema error's path
(`sources.in_words` says them in words, counting from 1).
"""

from __future__ import annotations

import re

from . import feed_details

# Fields the importer reads (sources.oruk_row), "#" standing for any list position.
KEPT = frozenset(
    {
        "id",
        "name",
        "description",
        "status",
        "url",
        "email",
        "fees",
        "cost_options.#.option",
        "cost_options.#.amount",
        "cost_options.#.currency",
        "cost_options.#.amount_description",
        "cost_options.#.valid_from",
        "cost_options.#.valid_to",
        "alert",
        "accreditations",
        "funding.#.source",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "organization_id",
        "organization.id",
        "organization.name",
        "organization.description",
        "organization.email",
        "organization.website",
        "schedules.#.byday",
        "schedules.#.bymonthday",
        "schedules.#.opens_at",
        "schedules.#.closes_at",
        "schedules.#.notes",
        "schedules.#.description",
        "schedules.#.dtstart",
        "schedules.#.until",
        "schedules.#.valid_from",
        "schedules.#.valid_to",
        "service_areas.#.name",
        "service_areas.#.service_area",
        "service_areas.#.extent_type",
        "service_at_locations.#.location.id",
        "service_at_locations.#.location.name",
        "service_at_locations.#.location.location_type",
        "service_at_locations.#.location.description",
        "service_at_locations.#.location.accessibility.#.description",
        "service_at_locations.#.location.latitude",
        "service_at_locations.#.location.longitude",
        "service_at_locations.#.location.addresses.#.address_1",
        "service_at_locations.#.location.addresses.#.address_2",
        "service_at_locations.#.location.addresses.#.city",
        "service_at_locations.#.location.addresses.#.postal_code",
        "languages.#.name",
        "languages.#.code",
        "contacts.#.name",
        "contacts.#.title",
        "contacts.#.phones.#.number",
        "contacts.#.phones.#.type",
        "contacts.#.phones.#.description",
        "phones.#.number",
        "phones.#.type",
        "phones.#.description",
        # Taxonomy terms: ours are kept (and re-published from our vocabularies, whole); any other
        # is already named in the report ("not one of ours: left out").
        "attributes.#.taxonomy_term.id",
        "attributes.#.taxonomy_term.name",
        # ORUK 1.0, read best effort (sources._v1_to_v3).
        "regular_schedules.#.weekday",
        "regular_schedules.#.opens_at",
        "regular_schedules.#.closes_at",
        "service_taxonomys.#.taxonomy.id",
        "service_taxonomys.#.taxonomy.name",
        "eligibilitys.#.eligibility",
        "eligibilitys.#.minimum_age",
        "eligibilitys.#.maximum_age",
        "eligibility_description",
        "fundings.#.source",
        "languages.#",
        "languages.#.language",
        "service_at_locations.#.location.physical_addresses.#.address_1",
        "service_at_locations.#.location.physical_addresses.#.address_2",
        "service_at_locations.#.location.physical_addresses.#.city",
        "service_at_locations.#.location.physical_addresses.#.postal_code",
    }
)

# Given values we do not store but publish again from what we do, the same for every feed: the ids
# of a service's parts (schedules, contacts, phones, addresses, links…) are derived from the
# service's id or the venue's (`openreferral.ids`), links repeat their parent's id, a taxonomy
# term's other fields come from our vocabularies, and an address's region, county and country come
# from its postcode. `last_modified` is when it was last published here.
DERIVED = re.compile(
    r"(^|\.)(id|service_id|location_id|contact_id|link_id|taxonomy_term_id|phone_id|"
    r"service_at_location_id|organization_id|link_type)$"
    r"|^attributes\.#\.taxonomy_term\."
    r"|^service_at_locations\.#\.location\.addresses\.#\.(region|state_province|country|address_type)$"
    r"|^last_modified$"
    r"|^schedules\.#\.(freq|interval)$"
    r"|^service_areas\.#\.description$"
)
# Our own parts' ids in the id fields, whatever the part (venue ids are kept: see KEPT).
_KEPT_IDS = {"id", "service_at_locations.#.location.id", "organization.id"}


def _given(value, path: str = ""):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _given(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for number, child in enumerate(value):
            yield from _given(child, f"{path}.{number}" if path else str(number))
    elif value not in (None, "", [], {}):
        yield path, value


def shape(path: str) -> str:
    """A path with its list positions as "#"."""
    return re.sub(r"\.\d+(?=\.|$)", ".#", path)


def _is_kept(record: dict, path: str, value) -> bool:
    pattern = shape(path)
    if pattern == "schedules.#.description":
        schedule = record["schedules"][int(path.split(".")[1])]
        # "Open 24 hours, every day" is kept as such, without the feed's own words for it.
        return not (feed_details.always_open(schedule) and feed_details.own_words(schedule))
    # We publish the service's email as its own contact's.
    same_as_service = pattern == "contacts.#.email" and value == record.get("email")
    return same_as_service or pattern in KEPT or pattern in _KEPT_IDS or bool(DERIVED.search(pattern))


def unkept(record: dict) -> list[str]:
    """The paths of the values in `record` an import does not keep, in the record's order."""
    return [path for path, value in _given(record) if not _is_kept(record, path, value)]
