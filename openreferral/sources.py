"""Open Referral JSON turned into rows shaped like the services CSV (so both importers share one
set of checks); reading the file or URL itself is `openreferral.reading`.

ORUK 3.0 (a service, a list of services, or the profile's paged wrapper) is checked against the
profile's compiled service schema first. ORUK 1.0 (the previous UK standard: `regular_schedules`,
`service_taxonomys`, `physical_addresses`…) is read on a best-effort basis.

Over 400 lines because `oruk_row` is one mapping, part by part of an ORUK service in the schema's
order, onto the CSV's columns; with the schema's error messages put in words beside it, a reader
checks a field's whole journey in one place.
"""

from __future__ import annotations

import json
import re

from . import csv_format, feed_details, schemas, unkept
from .import_data import TEXT_LIMITS, Problem
from .taxonomies import ACCESS_ROUTES, DFE_CATEGORIES, KINDS, LEVELS, NEED_THEMES, Vocabularies

V1_KEYS = {
    "regular_schedules",
    "service_taxonomys",
    "eligibilitys",
    "fundings",
    "holiday_schedules",
    "reviews",
}
DAY_CODES = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat", "SU": "Sun"}
DAY_NAMES = {
    name.lower(): short
    for short, name in zip(
        csv_format.DAYS,
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        strict=True,
    )
}
# Our fields held in ORUK's child arrays, which a list page's summary records leave out, and the
# keys of which at least one must be in a record for it to speak of them. (Direct properties such
# as `email`, `url` and the ages are in summaries too, so their absence means "none".)
ABSENT_WHEN_MISSING = {
    "phone": ("contacts", "phones"),
    "locations": ("service_at_locations",),
    "languages": ("languages",),
    "cost": ("cost_options",),
    "served_area": ("service_areas",),
}
COST_DETAIL_LIMIT = TEXT_LIMITS["cost_detail"]
NATIONAL_AREAS = {"england", "united kingdom", "uk", "great britain", "national", "the whole country"}


def _text(value) -> str:
    return "" if value is None else str(value)


def _v1_to_v3(record: dict) -> dict:
    """The parts of an ORUK 1.0 service that map onto 3.0, in 3.0's shape."""
    converted = dict(record)
    converted["schedules"] = [
        {
            "freq": "WEEKLY",
            "byday": DAY_NAMES.get(_text(slot.get("weekday")).lower(), _text(slot.get("weekday")))[
                :2
            ].upper(),
            "opens_at": slot.get("opens_at"),
            "closes_at": slot.get("closes_at"),
        }
        for slot in record.get("regular_schedules") or []
        if isinstance(slot, dict)
    ]
    converted["attributes"] = [
        {
            "taxonomy_term": {
                "id": (item.get("taxonomy") or {}).get("id"),
                "name": (item.get("taxonomy") or {}).get("name"),
            }
        }
        for item in record.get("service_taxonomys") or []
        if isinstance(item, dict)
    ]
    sals = []
    for item in record.get("service_at_locations") or []:
        location = dict((item or {}).get("location") or {})
        location["addresses"] = location.get("physical_addresses") or location.get("addresses") or []
        sals.append({"location": location})
    if "service_at_locations" in record:  # absent stays absent: an existing listing keeps its venues
        converted["service_at_locations"] = sals
    if "fundings" in record:
        converted["funding"] = record["fundings"]
    if "languages" in record:
        converted["languages"] = [
            {"name": item.get("language")} if isinstance(item, dict) else {"name": item}
            for item in record.get("languages") or []
        ]
    # ORUK 1.0 keeps ages on its eligibility rows; the first row that gives one is the service's.
    for key in ("minimum_age", "maximum_age"):
        ages = [item.get(key) for item in record.get("eligibilitys") or [] if isinstance(item, dict)]
        given = [age for age in ages if isinstance(age, int) and not isinstance(age, bool)]
        if record.get(key) is None and given:
            converted[key] = given[0]
    if record.get("eligibilitys") and not record.get("eligibility_description"):
        converted["eligibility_description"] = "; ".join(
            _text(item.get("eligibility")) for item in record["eligibilitys"] if isinstance(item, dict)
        )
    return converted


def _time(value) -> str:
    return _text(value)[:5]


def oruk_row(record: dict, vocabularies: Vocabularies, label: str) -> tuple[dict[str, str], list[Problem]]:
    """An ORUK 3.0 service (or 1.0, converted) as a services-CSV row, with notes on what was guessed."""
    problems = []
    description = _text(record.get("description")).strip()
    paragraphs = [part.strip() for part in description.replace("\r", "").split("\n\n") if part.strip()]
    # ORUK has no summary: the first paragraph when it is short enough, else the first sentence.
    if paragraphs and len(paragraphs[0]) <= 200:
        summary, rest = paragraphs[0], paragraphs[1:] or paragraphs
    else:
        first = description.split(". ")[0].strip()
        summary = (first if len(first) <= 199 else first[:196].rsplit(" ", 1)[0] + "…").rstrip(".") + "."
        rest = paragraphs
    eligibility = _text(record.get("eligibility_description"))
    if rest and rest[-1].startswith("Who it is for: "):
        eligibility = eligibility or rest[-1].removeprefix("Who it is for: ")
        rest = rest[:-1] or rest
    organisation = record.get("organization") or {}

    themes, kinds, levels, routes, category_themes = [], [], [], [], []
    by_id = vocabularies.by_id
    theme_names = {term.name.lower(): term.key for term in vocabularies.terms[NEED_THEMES]}
    theme_names.update({term.key: term.key for term in vocabularies.terms[NEED_THEMES]})
    for attribute in record.get("attributes") or []:
        term = (attribute or {}).get("taxonomy_term") or {}
        ours = by_id.get(_text(term.get("id") or (attribute or {}).get("taxonomy_term_id")).lower())
        if ours is not None and ours.taxonomy == KINDS:
            kinds.append(ours.key)
        elif ours is not None and ours.taxonomy == LEVELS:
            levels.append(ours.key)
        elif ours is not None and ours.taxonomy == ACCESS_ROUTES:
            routes.append(ours.key)
        elif ours is not None and ours.taxonomy == NEED_THEMES:
            themes.append(ours.key)
        elif _text(term.get("name")).lower() in theme_names:
            themes.append(theme_names[_text(term.get("name")).lower()])
        elif (category := _dfe_category(ours, term, vocabularies)) is not None:
            # A DfE family hubs category (by our id, or by name as the DfE directory sends it): the
            # need themes mapped to it (or to its sub-categories).
            mapped = vocabularies.themes_for_term(category)
            category_themes.extend(mapped)
            if not mapped:
                problems.append(
                    Problem(
                        label,
                        "attributes",
                        f"The DfE category '{category.name}' has no need theme mapped to it: left out. "
                        "Map it to a need theme, then import again.",
                        "warning",
                    )
                )
        elif ours is None and term.get("name"):
            problems.append(
                Problem(
                    label,
                    "attributes",
                    f"Taxonomy term '{term.get('name')}' is not one of ours: left out.",
                    "warning",
                )
            )
    # Our own need themes, when the record has them, are exact; the DfE categories (which several
    # themes share, as our own export also lists) stand in for them only where there are none.
    themes = themes or category_themes
    if not kinds:
        problems.append(
            Problem(label, "kind", "No kind of service given: imported as universal. Check it.", "warning")
        )
    if not levels:
        problems.append(
            Problem(label, "levels", "No level of need given: imported as level 1. Check it.", "warning")
        )

    phone, contacts = feed_details.contacts(record)
    if not routes:
        how = f"Contact the service{' on ' + phone if phone else ''}."
        problems.append(
            Problem(
                label,
                "access_routes",
                "No access route given: imported as self-referral. Check it.",
                "warning",
            )
        )
        access_routes = f"self_referral: {how}"
    else:
        how = f"Contact the service{' on ' + phone if phone else ''}."
        access_routes = "\n".join(f"{route}: {how}" for route in routes)

    # No cost options: the feed does not say, so neither do we ("Ask the service"), never "Free".
    cost, cost_detail, prices = feed_details.cost(record)
    # The profile's `fees` (free text, "£25 a session") is what our cost detail is for: kept beside
    # a cost option's description when both are given (and we publish it back as `fees` when the
    # cost itself is not known).
    fees = " ".join(_text(record.get("fees")).split())
    if fees and fees != cost_detail:
        combined = f"{cost_detail}; {fees}" if cost_detail else fees
        if len(combined) <= COST_DETAIL_LIMIT:
            cost_detail = combined
        else:
            problems.append(
                Problem(
                    label,
                    "fees",
                    f"Not kept: longer than the {COST_DETAIL_LIMIT} characters a cost detail holds. "
                    "Put the gist in the listing's cost detail.",
                    "warning",
                )
            )

    always_open, slots, notes = False, [], ""
    slot_descriptions, other_times = [], []
    for number, schedule in enumerate(record.get("schedules") or [], start=1):
        schedule = schedule if isinstance(schedule, dict) else {}
        notes = notes or _text(schedule.get("notes"))
        if not feed_details.weekly(schedule):
            # Days without hours, a monthly pattern, every other week, or only between two dates:
            # kept whole as another time (checked in import_fields.other_opening_times_of).
            other_times.append(feed_details.other_time(schedule, number))
            continue
        days = [day.strip().upper() for day in _text(schedule.get("byday")).split(",") if day.strip()]
        opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
        if len(days) == 7 and opens == "00:00" and closes in {"23:59", "24:00"}:
            always_open = True
            continue
        words = feed_details.own_words(schedule)
        for day in days:
            if day[:2] in DAY_CODES:
                slots.append(f"{DAY_CODES[day[:2]]} {opens}-{closes}")
                slot_descriptions.append(words)

    served_area, districts = "districts", []
    district_names = vocabularies_district_names()
    whole_area = area_names()
    for service_area in record.get("service_areas") or []:
        service_area = service_area if isinstance(service_area, dict) else {}
        name = _text(service_area.get("name") or service_area.get("service_area")).strip()
        key = name.casefold()
        # A borough's one district shares its name with the whole area: our export says which.
        whole = key in whole_area and (key not in district_names or service_area.get("extent_type") == "area")
        if key in NATIONAL_AREAS:
            served_area = "national"
        elif whole:
            served_area = "county" if served_area != "national" else served_area
        elif key in district_names:
            districts.append(district_names[key])
        elif name:
            problems.append(
                Problem(
                    label,
                    "service_areas",
                    f"'{name}' is not {area_label()} or one of its districts, so that service area "
                    "was not kept. Check where the service works.",
                    "warning",
                )
            )

    venues, online, physical_items = [], False, []
    for item in record.get("service_at_locations") or []:
        location = (item or {}).get("location") or {} if isinstance(item, dict) else {}
        if isinstance(location, dict) and _text(location.get("location_type")).lower() == "virtual":
            online = True  # an online-only "location": how the service is delivered, not a venue
        else:
            physical_items.append(item)
    for number, item in enumerate(physical_items, start=1):
        location = (item or {}).get("location") or {}
        address = next(iter(location.get("addresses") or []), None) or {}
        lines = [_text(address.get("address_1")), _text(address.get("address_2"))]
        venues.append(
            csv_format.PART_SEPARATOR.join(
                [
                    " ".join(
                        _text(location.get("name") or address.get("address_1") or f"Venue {number}").split()
                    ),
                    csv_format.ADDRESS_LINE_SEPARATOR.join(line.strip() for line in lines if line.strip()),
                    _text(address.get("city")).strip(),
                    _text(address.get("postal_code")).strip(),
                ]
            )
        )
    languages = [
        _text(item.get("code") or item.get("name"))
        for item in record.get("languages") or []
        if isinstance(item, dict)
    ]
    row = {
        "id": _text(record.get("id")),
        "name": _text(record.get("name")),
        "summary": summary,
        "description": "\n\n".join(rest),
        "organisation": _text(organisation.get("name")),
        "organisation_id": _text(organisation.get("id") or record.get("organization_id")),
        "kind": kinds[0] if kinds else "universal",
        "levels": ";".join(levels) or "1",
        "themes": ";".join(dict.fromkeys(themes)),
        "eligibility": eligibility,
        "age_min": _age_text(record.get("minimum_age")),
        "age_max": _age_text(record.get("maximum_age")),
        "cost": cost,
        "cost_detail": cost_detail,
        "delivery_modes": ";".join(
            mode for mode, used in (("in-person", venues), ("online", online)) if used
        ),
        "languages": ";".join(language for language in languages if language),
        "accessibility": "",
        "phone": phone,
        "email": _text(record.get("email")),
        "website": _text(record.get("url")),
        "always_open": "yes" if always_open else "no",
        "opening_times": "\n".join(slots),
        "opening_notes": notes,
        "served_area": served_area,
        "served_districts": ";".join(dict.fromkeys(districts)),
        "access_routes": access_routes,
        "locations": "\n".join(venues),
        "last_checked": _text(record.get("assured_date"))[:10],
        "__status": _text(record.get("status")),
        # Open Referral only (the CSV has no column): a service's notice and accreditations. Direct
        # properties, in a list page's summaries too, so their absence means "none".
        "__alert": _text(record.get("alert")),
        "__accreditations": _text(record.get("accreditations")),
        "__organisation_description": _text(organisation.get("description")),
        "__organisation_email": _text(organisation.get("email")),
        "__organisation_website": _text(organisation.get("website") or organisation.get("url")),
        # What this record does not carry at all (a list page's summary): an existing listing keeps
        # its own value, so a short record never wipes a fuller one.
        "__absent__": ";".join(
            name for name, keys in ABSENT_WHEN_MISSING.items() if not any(key in record for key in keys)
        ),
    }
    if "schedules" in record:
        row["__opening_descriptions"] = json.dumps(slot_descriptions)  # one a line of opening_times
        row["__other_opening_times"] = json.dumps(other_times)
    if "cost_options" in record:  # absent with the cost (ABSENT_WHEN_MISSING)
        row["__cost_options"] = json.dumps(prices)
    if "contacts" in record or "phones" in record:  # absent with the phone (ABSENT_WHEN_MISSING)
        row["__contacts"] = json.dumps(contacts)
    if isinstance(record.get("funding"), list):  # not in a summary: absent, a listing keeps its own
        row["__funding"] = "\n".join(
            " ".join(_text(item.get("source")).split())
            for item in record["funding"]
            if isinstance(item, dict) and _text(item.get("source")).strip()
        )
    for number, item in enumerate(physical_items, start=1):
        location = (item or {}).get("location") or {}
        row[f"__latitude_{number}"] = _text(location.get("latitude"))
        row[f"__longitude_{number}"] = _text(location.get("longitude"))
        row[f"__location_id_{number}"] = _text(location.get("id"))
        # A venue's description and its accessibility notes: what our "about the venue" holds.
        about = [_text(location.get("description")).strip()] + [
            _text((item or {}).get("description")).strip()
            for item in location.get("accessibility") or []
            if isinstance(item, dict)
        ]
        row[f"__location_description_{number}"] = "\n".join(dict.fromkeys(part for part in about if part))
    return row, problems


# The schema's names for the parts of a service, as a council officer would say them.
_PART_NAMES = {
    "service_at_locations": "venue",
    "contacts": "contact",
    "phones": "phone",
    "schedules": "opening time",
    "cost_options": "cost option",
    "service_areas": "service area",
    "attributes": "taxonomy term",
    "taxonomy_term": "taxonomy term",
    "languages": "language",
    "addresses": "address",
    "organization": "organisation",
    "fundings": "funding",
}
_FORMAT_ADVICE = {
    "uuid": "is not an id in UUID form (like 0c6f3d0e-6f5a-4a43-9f52-2f0d53c3e9a1): give it one",
    "uri": "is not a full web address: start it with https://",
    "date-time": "is not a date and time with a time zone, like 2025-01-31T09:00:00Z",
    "email": "is not an email address",
    "date": "is not a date like 2025-01-31",
}
_FORMAT_MESSAGE = re.compile(r"^(?P<value>.*) is not a '(?P<format>[a-z-]+)'$", re.S)
_REQUIRED_MESSAGE = re.compile(r"^'(?P<name>[^']+)' is a required property$")
_TYPE_MESSAGE = re.compile(r"^(?P<value>.*) is not of type '(?P<type>[a-z]+)'$", re.S)


def in_words(path: str, message: str) -> tuple[str, str]:
    """A schema error's field path and message as a person reads them: "venue 1 › location ›
    latitude" (counting from one), and what to change, not the validator's wording."""
    words: list[str] = []
    for part in path.split("."):
        if part.isdecimal() and words:
            words[-1] = f"{words[-1]} {int(part) + 1}"
        else:
            words.append(_PART_NAMES.get(part, part.replace("_", " ")))
    field = " › ".join(words)
    if match := _REQUIRED_MESSAGE.match(message):
        name = _PART_NAMES.get(match["name"], match["name"].replace("_", " "))
        return field, f"{name} is missing: add it."
    if (match := _FORMAT_MESSAGE.match(message)) and match["format"] in _FORMAT_ADVICE:
        return field, f"{match['value']} {_FORMAT_ADVICE[match['format']]}."
    if match := _TYPE_MESSAGE.match(message):
        return field, f"{match['value']} must be a {match['type']}."
    return field, message


def _dfe_category(ours, term: dict, vocabularies: Vocabularies):
    """The DfE family hubs category a feed's taxonomy term is, by our id or by its name."""
    if ours is not None:
        return ours if ours.taxonomy == DFE_CATEGORIES else None
    name = " ".join(_text(term.get("name")).split()).casefold()
    return next((item for item in vocabularies.terms[DFE_CATEGORIES] if item.name.casefold() == name), None)


def _age_text(value) -> str:
    """An ORUK age as the CSV's text: "" when not set (missing, or ORUK's -1 for "not set")."""
    if value is None or value in ("", -1):
        return ""
    return _text(int(value) if isinstance(value, float) and value.is_integer() else value)


def vocabularies_district_names() -> dict[str, str]:
    """Case-folded district name or ONS code -> the district's name, for the configured area."""
    from directory import area
    from directory.models import District

    names = {name.casefold(): name for name in District.objects.values_list("name", flat=True)}
    for district in area.current().districts:
        if district.name.casefold() in names:
            names[district.code.casefold()] = district.name
    return names


def area_names() -> set[str]:
    """Case-folded names a feed may use for the whole of the configured area."""
    from directory import area

    return area.current().whole_area_names()


def area_label() -> str:
    from directory import area

    return area.current().name


def _with_term_descriptions(record: dict) -> tuple[dict, str]:
    """`record` with an empty description on each taxonomy term that has none, and a note naming
    them. The 3.0 profile requires a term's description, but real feeds leave it out (it is the
    taxonomy's text, not the service's) and its meaning is plain: there is none. Right Door keeps
    no term descriptions, so nothing is lost; refusing the whole service for it would be."""
    if not isinstance(record.get("attributes"), list):
        return record, ""
    named = []
    attributes = []
    for attribute in record["attributes"]:
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if isinstance(term, dict) and term.get("description") is None:
            named.append(_text(term.get("name")) or _text(term.get("id")) or "a term")
            attribute = {**attribute, "taxonomy_term": {**term, "description": ""}}
        attributes.append(attribute)
    if not named:
        return record, ""
    note = f"Taxonomy terms without a description (accepted): {', '.join(dict.fromkeys(named))}."
    return {**record, "attributes": attributes}, note


def oruk_rows(records: list) -> tuple[list[tuple[str, dict[str, str]]], list[Problem], str]:
    """Rows for the importer, problems found before the rows' own checks, and the version read."""
    vocabularies = Vocabularies.load()
    rows, problems = [], []
    version = "3.0"
    for index, record in enumerate(records, start=1):
        given = record
        label = f"record {index}"
        if not isinstance(record, dict):
            problems.append(Problem(label, "(record)", "Not a service: expected a JSON object."))
            rows.append((label, {"__invalid__": "type"}))
            continue
        label = f"record {index} ({_text(record.get('id'))[:60] or 'no id'})"
        try:
            if V1_KEYS & set(record) or any(
                "physical_addresses" in ((item or {}).get("location") or {})
                for item in record.get("service_at_locations") or []
                if isinstance(item, dict)
            ):
                version = "1.0"
                if not record.get("name"):
                    problems.append(Problem(label, "name", "Required."))
                    rows.append((label, {"id": _text(record.get("id")), "__invalid__": "name"}))
                    continue
                record = _v1_to_v3(record)
            else:
                record, undescribed = _with_term_descriptions(record)
                if undescribed:
                    problems.append(Problem(label, "attributes", undescribed, "warning"))
                schema_problems = schemas.errors("service", record)
                if schema_problems:
                    problems.extend(
                        Problem(label, *in_words(path, message)) for path, message in schema_problems
                    )
                    rows.append((label, {"id": _text(record.get("id")), "__invalid__": "schema"}))
                    continue
            row, notes = oruk_row(record, vocabularies, label)
        except (AttributeError, TypeError, ValueError) as failure:
            # Only ORUK 1.0 records get here unchecked by a schema: any shape is possible.
            problems.append(Problem(label, "(record)", f"Could not read this record ({failure})."))
            rows.append((label, {"id": _text(record.get("id")), "__invalid__": "shape"}))
            continue
        problems.extend(notes)
        if lost := not_kept(given):
            problems.append(Problem(label, "(record)", lost, "warning"))
        rows.append((label, row))
    return rows, problems, version


def not_kept(record: dict) -> str:
    """ "Not kept: …" naming, in words, every value of the record the import does not store."""
    paths = unkept.unkept(record)
    if not paths:
        return ""
    names = list(dict.fromkeys(in_words(path, "")[0] for path in paths))
    return "Not kept (Right Door has nowhere to store it): " + "; ".join(names) + "."
