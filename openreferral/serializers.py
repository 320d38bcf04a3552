"""From our models to Open Referral UK 3.0 objects. Plain functions over live pages; no HTTP.

Only what the public service page shows is published: no drafts (callers pass live pages, and the
fields are read from the live row, never from a revision), no partner notes, feedback or review
notes, no internal ids.
"""

from __future__ import annotations

import html
import itertools
import re

from django.utils.html import strip_tags

from directory import area
from directory.ages import PREGNANCY
from directory.models import (
    CostOption,
    OrganisationPage,
    OtherOpeningTime,
    ServiceContact,
    ServiceLocation,
    ServicePage,
)
from directory.models.choices import Cost, ServedArea, Weekday

from . import ids
from .taxonomies import ACCESS_ROUTES, DFE_CATEGORIES, KINDS, LEVELS, NEED_THEMES, Vocabularies

# The root document's `version`: the ORUK validator reads it to choose the standard to check against
# ("HSDS-UK-3.0"; a bare "3.0" is taken for the older, unversioned profile). docs/decisions.md.
API_VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://openreferraluk.org/"
BYDAY = {0: "MO", 1: "TU", 2: "WE", 3: "TH", 4: "FR", 5: "SA", 6: "SU"}
COST_OPTIONS = {
    Cost.FREE: "Free",
    Cost.PAID: "There is a cost",
    Cost.VARIES: "Free for some, a cost for others",
}
_BLOCK_END = re.compile(r"(?i)</(p|div|h[1-6]|li|ul|ol|blockquote)\s*>|<br\s*/?>")
_SCRIPT = re.compile(r"(?is)<(script|style)\b.*?>.*?</\1\s*>")


def html_to_text(value: str) -> str:
    """Rich text (or any HTML) as plain paragraphs separated by a blank line."""
    if not value:
        return ""
    value = _SCRIPT.sub("", value)
    value = _BLOCK_END.sub("\n\n", value)
    text = html.unescape(strip_tags(value))
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
    return "\n\n".join(part for part in paragraphs if part)


def service_queryset():
    """Live services with everything the feed shows, in a fixed number of queries."""
    return (
        ServicePage.objects.live()
        .select_related("organisation")
        .prefetch_related(
            "theme_items__tag",
            "levels",
            "access_routes",
            "locations__district",
            "served_districts",
            "languages",
            "opening_times",
            "contacts",
            "cost_options",
            "other_opening_times",
        )
    )


def years(age: int) -> int:
    """An age as ORUK publishes it: in years, with "from pregnancy" (−1 here) as 0."""
    return 0 if age == PREGNANCY else age


def minimum_age(page: ServicePage) -> int | None:
    """None when the ages are not known: the field is then left out, never 0."""
    return years(page.age_min) if page.ages_known else None


def maximum_age(page: ServicePage) -> int | None:
    return years(page.age_max) if page.ages_known else None


def service_description(page: ServicePage) -> str:
    parts = [page.summary, html_to_text(page.description)]
    if page.eligibility:
        parts.append(f"Who it is for: {page.eligibility}")
    return "\n\n".join(part for part in parts if part)


def organization(org: OrganisationPage | None) -> dict | None:
    if org is None:
        return None
    data = {"id": str(org.oruk_id), "name": org.title, "description": html_to_text(org.description)}
    if org.email:
        data["email"] = org.email
    if org.website:
        data["website"] = org.website
    return data


def organization_full(org: OrganisationPage, services: list[ServicePage]) -> dict:
    """One organisation (`/organizations/{id}`) with its live services as `service_list` items."""
    data = organization(org) or {}
    data["services"] = [service_summary(page) for page in services]
    return data


def _live_organisation(page: ServicePage) -> OrganisationPage | None:
    org = page.organisation
    return org if org is not None and org.live else None


def service_summary(page: ServicePage) -> dict:
    """The one-to-one fields of a service and its organisation: a `service_list` item."""
    data = {
        "id": str(page.oruk_id),
        "name": page.title,
        "description": service_description(page),
        "status": "active",
        "assured_date": page.last_checked.isoformat(),
    }
    if page.ages_known:  # not known: left out (the profile has no "not set" but ORUK 1.0's -1)
        data["minimum_age"], data["maximum_age"] = minimum_age(page), maximum_age(page)
    if page.website:
        data["url"] = page.website
    if page.email:
        data["email"] = page.email
    if page.last_published_at:
        data["last_modified"] = page.last_published_at.isoformat()
    if page.alert:
        data["alert"] = page.alert
    if page.accreditations:
        data["accreditations"] = page.accreditations
    if page.cost == Cost.UNKNOWN and page.cost_detail:
        # Whether it is free is not known (no cost option), but what the feed said of fees is.
        data["fees"] = page.cost_detail
    org = organization(_live_organisation(page))
    if org is not None:
        data["organization_id"] = org["id"]
        data["organization"] = org
    return data


def _attribute(service_id: str, term) -> dict:
    return {
        "id": ids.derived("attribute", service_id, term.id),
        "link_id": service_id,
        "link_type": "service",
        "taxonomy_term_id": term.id,
        "taxonomy_term": term.as_oruk(),
    }


def attributes(page: ServicePage, vocabularies: Vocabularies) -> list[dict]:
    service_id = str(page.oruk_id)
    terms = []
    theme_slugs = [item.tag.slug for item in page.theme_items.all()]
    for slug in sorted(theme_slugs):
        terms.append(vocabularies.term(NEED_THEMES, slug))
    categories = sorted({key for slug in theme_slugs for key in vocabularies.theme_categories.get(slug, [])})
    terms += [vocabularies.term(DFE_CATEGORIES, key) for key in categories]
    terms.append(vocabularies.term(KINDS, page.kind))
    terms += [vocabularies.term(LEVELS, str(level.number)) for level in page.levels.all()]
    terms += [vocabularies.term(ACCESS_ROUTES, route.route) for route in page.access_routes.all()]
    return [_attribute(service_id, term) for term in terms if term is not None]


def schedules(page: ServicePage) -> list[dict]:
    service_id = str(page.oruk_id)
    notes = {"notes": page.opening_notes} if page.opening_notes else {}
    others = [
        _other_schedule(other, service_id, number, notes)
        for number, other in enumerate(page.other_opening_times.all(), start=1)
    ]
    if page.always_open:
        return [
            {
                "id": ids.derived("schedule", service_id, "always"),
                "service_id": service_id,
                "freq": "WEEKLY",
                "interval": 1,
                "byday": ",".join(BYDAY.values()),
                "opens_at": "00:00",
                "closes_at": "23:59",
                "description": "Open 24 hours, every day",
                **notes,
            }
        ] + others  # the other times still apply (a holiday closure, a monthly session)
    found = []
    for slot in sorted(page.opening_times.all(), key=lambda slot: (slot.weekday, slot.opens)):
        opens, closes = slot.opens.strftime("%H:%M"), slot.closes.strftime("%H:%M")
        found.append(
            {
                "id": ids.derived("schedule", service_id, slot.weekday, opens, closes),
                "service_id": service_id,
                "freq": "WEEKLY",
                "interval": 1,
                "byday": BYDAY[slot.weekday],
                "opens_at": opens,
                "closes_at": closes,
                "description": slot.description or f"{Weekday(slot.weekday).label} {opens} to {closes}",
                **notes,
            }
        )
    return found + others


def _other_schedule(other: OtherOpeningTime, service_id: str, number: int, notes: dict) -> dict:
    """A time the weekly table cannot show, in Open Referral's (iCal's) fields as kept."""
    schedule: dict = {"id": ids.derived("schedule", service_id, "other", number), "service_id": service_id}
    for name in ("freq", "interval", "byday", "bymonthday"):
        if getattr(other, name):
            schedule[name] = getattr(other, name)
    for name, value in (("opens_at", other.opens), ("closes_at", other.closes)):
        if value:
            schedule[name] = value.strftime("%H:%M")
    for name in ("dtstart", "until", "valid_from", "valid_to"):
        if getattr(other, name):
            schedule[name] = getattr(other, name).isoformat()
    if other.description:
        schedule["description"] = other.description
    return {**schedule, **notes}


def service_areas(page: ServicePage) -> list[dict]:
    service_id = str(page.oruk_id)
    if page.served_area == ServedArea.NATIONAL:
        names = ["England"]
    elif page.served_area == ServedArea.COUNTY:
        names = [area.current().name]
    else:
        names = [district.name for district in page.served_districts.all()]
    return [
        {
            "id": ids.derived("service-area", service_id, name),
            "service_id": service_id,
            "name": name,
            "description": f"Serves {name}",
            "extent_type": "local authority district" if page.served_area == ServedArea.DISTRICTS else "area",
        }
        for name in names
    ]


def _phone(row: ServiceContact, contact_id: str, number: int) -> dict:
    phone = {"id": ids.derived("phone", contact_id, number), "contact_id": contact_id, "number": row.phone}
    if row.phone_type:
        phone["type"] = row.phone_type
    if row.phone_description:
        phone["description"] = row.phone_description
    return phone


def contacts(page: ServicePage) -> list[dict]:
    """The service itself (named as the service: its email, main phone and other numbers), then
    each person to ask for with their numbers (`ServiceContact` rows of one name and title in a row
    are one contact). `sources._contacts` reads them back the same way."""
    service_id = str(page.oruk_id)
    rows = list(page.contacts.all())
    numbers = [row for row in rows if not row.is_person and row.phone]
    found = []
    if page.phone or page.email or numbers:
        contact_id = ids.derived("contact", service_id)
        contact: dict = {"id": contact_id, "service_id": service_id, "name": page.title}
        if page.email:
            contact["email"] = page.email
        phones = [{"id": ids.derived("phone", contact_id), "contact_id": contact_id, "number": page.phone}]
        phones = phones if page.phone else []
        phones += [_phone(row, contact_id, number) for number, row in enumerate(numbers, start=2)]
        if phones:
            contact["phones"] = phones
        found.append(contact)
    people = [row for row in rows if row.is_person]
    for position, ((name, title), group) in enumerate(
        itertools.groupby(people, key=lambda row: (row.name, row.title)), start=1
    ):
        contact_id = ids.derived("contact", service_id, position, name, title)
        person: dict = {"id": contact_id, "service_id": service_id}
        if name:
            person["name"] = name
        if title:
            person["title"] = title
        phones = [_phone(row, contact_id, number) for number, row in enumerate(group, start=1) if row.phone]
        if phones:
            person["phones"] = phones
        found.append(person)
    return found


def _price(row: CostOption, service_id: str, number: int) -> dict:
    price: dict = {"id": ids.derived("cost-option", service_id, number), "service_id": service_id}
    if row.option:
        price["option"] = row.option
    if row.amount is not None:
        price["amount"] = int(row.amount) if row.amount == row.amount.to_integral() else float(row.amount)
    if row.currency:
        price["currency"] = row.currency
    if row.amount_description:
        price["amount_description"] = row.amount_description
    if row.valid_from:
        price["valid_from"] = row.valid_from.isoformat()
    if row.valid_to:
        price["valid_to"] = row.valid_to.isoformat()
    return price


def cost_options(page: ServicePage) -> list[dict]:
    """The listing's cost as one option (none when it is not known: no option rather than a
    guess), then each price kept behind it (`CostOption`)."""
    service_id = str(page.oruk_id)
    found = []
    if page.cost != Cost.UNKNOWN:
        option = {
            "id": ids.derived("cost-option", service_id),
            "service_id": service_id,
            "option": COST_OPTIONS.get(page.cost, page.cost),
            "amount_description": page.cost_detail or COST_OPTIONS.get(page.cost, page.cost),
        }
        if page.cost == Cost.FREE:
            option["amount"] = 0
        found.append(option)
    return found + [
        _price(row, service_id, number) for number, row in enumerate(page.cost_options.all(), start=1)
    ]


def funding(page: ServicePage) -> list[dict]:
    service_id = str(page.oruk_id)
    return [
        {"id": ids.derived("funding", service_id, number, source), "service_id": service_id, "source": source}
        for number, source in enumerate(page.funding_sources, start=1)
    ]


def languages(page: ServicePage) -> list[dict]:
    service_id = str(page.oruk_id)
    return [
        {
            "id": ids.derived("language", service_id, language.code),
            "service_id": service_id,
            "name": language.name,
            "code": language.code,
        }
        for language in page.languages.all()
    ]


def location(venue: ServiceLocation) -> dict:
    location_id = str(venue.oruk_id)
    lines = [line.strip() for line in venue.address.splitlines() if line.strip()]
    address = {
        "id": ids.derived("address", location_id),
        "location_id": location_id,
        "address_1": lines[0] if lines else venue.name,
        "city": venue.town,
        "state_province": area.current().state_province if venue.district_id else "",
        "postal_code": venue.postcode,
        "country": "GB",
        "address_type": "physical",
    }
    if len(lines) > 1:
        address["address_2"] = ", ".join(lines[1:])
    if venue.district_id:
        address["region"] = venue.district.name
    data = {"id": location_id, "location_type": "physical", "name": venue.name, "addresses": [address]}
    if venue.description:
        data["description"] = venue.description
    if venue.latitude is not None and venue.longitude is not None:
        data["latitude"], data["longitude"] = venue.latitude, venue.longitude
    return data


def service_at_location_summary(page: ServicePage, venue: ServiceLocation) -> dict:
    """A `service_at_location_list` item: the link, the venue and the service's one-to-one fields."""
    return {
        "id": ids.service_at_location_id(venue.oruk_id),
        "service_id": str(page.oruk_id),
        "location_id": str(venue.oruk_id),
        "location": location(venue),
        "service": service_summary(page),
    }


def service(page: ServicePage, vocabularies: Vocabularies) -> dict:
    """The fully nested service (`/services/{id}`)."""
    data = service_summary(page)
    service_id = data["id"]
    data.update(
        schedules=schedules(page),
        service_areas=service_areas(page),
        service_at_locations=[
            {
                "id": ids.service_at_location_id(venue.oruk_id),
                "service_id": service_id,
                "location_id": str(venue.oruk_id),
                "location": location(venue),
            }
            for venue in page.locations.all()
        ],
        languages=languages(page),
        funding=funding(page),
        cost_options=cost_options(page),
        contacts=contacts(page),
        attributes=attributes(page, vocabularies),
    )
    return data


def service_at_location(page: ServicePage, venue: ServiceLocation, vocabularies: Vocabularies) -> dict:
    """The fully nested service at a location (`/service_at_locations/{id}`)."""
    nested = service(page, vocabularies)
    nested.pop("service_at_locations")
    return {
        "id": ids.service_at_location_id(venue.oruk_id),
        "service_id": nested["id"],
        "location_id": str(venue.oruk_id),
        "location": location(venue),
        "service": nested,
    }
