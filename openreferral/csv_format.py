"""The services CSV: one row per service, the template moderators download, the export, and
reading rows back. The columns are documented here (and in docs/openreferral.md), once.

Lists inside a cell are separated by ";" (levels, themes, languages…) or, for things with
several parts, one per line within the cell (access routes, venues, opening times).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from directory.ages import PREGNANCY
from directory.csv_safety import neutralise, restore
from directory.models import ServicePage

from .serializers import html_to_text

# (column, what to put in it). The order is the file's.
COLUMNS: list[tuple[str, str]] = [
    ("id", "The service's id in the directory it comes from. Importing again with the same id updates it."),
    ("name", "Required. The service's name."),
    ("summary", "Required. One or two plain sentences, at most 200 characters."),
    ("description", "Required. Plain text; separate paragraphs with a blank line. HTML is removed."),
    ("organisation", "The organisation that runs it (its name). Not needed with --organisation."),
    ("organisation_id", "Optional. The organisation's Open Referral id, if known."),
    ("kind", "universal, targeted, commissioned or specialist."),
    ("levels", "Levels of need served, 1 to 4, separated by ';' (e.g. '2;3')."),
    ("themes", "Need theme slugs separated by ';' (e.g. 'domestic-abuse;parenting')."),
    ("eligibility", "Who it is for, beyond age."),
    ("age_min", "Youngest age, 0 to 25, or 'pregnancy'. Both ages empty: not known ('Ask the service')."),
    ("age_max", "Oldest age, 0 to 25, or 'pregnancy'."),
    ("cost", "free, paid, varies or unknown (empty: unknown, shown as 'Ask the service')."),
    ("cost_detail", "E.g. '£2 a session, free for under-5s'."),
    ("delivery_modes", "How help is given, slugs separated by ';' (e.g. 'in-person;phone')."),
    ("languages", "Language codes separated by ';' (e.g. 'ur;pl'; 'bfi' is British Sign Language)."),
    ("accessibility", "Accessibility feature names separated by ';' (e.g. 'Hearing loop')."),
    ("phone", "A UK phone number or short code."),
    ("email", "An email address."),
    ("website", "A full web address, starting https://."),
    ("always_open", "'yes' if open 24 hours every day, otherwise 'no' or empty."),
    ("opening_times", "One session per line: 'Mon 09:00-17:00'. Days: Mon Tue Wed Thu Fri Sat Sun."),
    ("opening_notes", "E.g. 'Term time only'."),
    ("served_area", "districts, county or national."),
    ("served_districts", "With served_area 'districts': district slugs separated by ';' (e.g. 'preston')."),
    (
        "access_routes",
        "Required. One per line, 'route: what to do', routes: self_referral, professional_referral, "
        "early_help_assessment, statutory_referral.",
    ),
    (
        "locations",
        "Venues, one per line: 'venue name | address (lines separated by ' / ') | town | postcode', "
        "optionally followed by '| latitude, longitude' (without them, the postcode's point is used). "
        "Postcodes must be real UK postcodes.",
    ),
    ("last_checked", "When the listing was last confirmed accurate, YYYY-MM-DD. Empty: today."),
]
FIELDNAMES = [name for name, _ in COLUMNS]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
LIST_SEPARATOR = ";"
PART_SEPARATOR = " | "
ADDRESS_LINE_SEPARATOR = " / "

EXAMPLE_ROW = {
    "id": "example-001",
    "name": "Stay and Play, Preston",
    "summary": "Play sessions for babies and children under five with their parents and carers.",
    "description": "Messy play, songs and a chat with family hub staff.\n\nTea and coffee are free.",
    "organisation": "Lancashire Family Help – Preston",
    "organisation_id": "",
    "kind": "universal",
    "levels": "1",
    "themes": "early-years",
    "eligibility": "Children under five with a parent or carer.",
    "age_min": "0",
    "age_max": "4",
    "cost": "free",
    "cost_detail": "",
    "delivery_modes": "in-person",
    "languages": "",
    "accessibility": "Baby changing facilities",
    "phone": "01772 960000",
    "email": "preston@example.org.uk",
    "website": "https://example.org.uk/stay-and-play",
    "always_open": "no",
    "opening_times": "Mon 09:30-11:30\nThu 13:00-15:00",
    "opening_notes": "Term time only.",
    "served_area": "districts",
    "served_districts": "preston",
    "access_routes": "self_referral: Just come along.",
    "locations": "Preston Family Hub | 1 Example Street | Preston | PR1 2HE",
    "last_checked": "",
}


def _age(value: int) -> str:
    return "pregnancy" if value == PREGNANCY else str(value)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _coordinates(venue) -> list[str]:
    """A venue's stored coordinates, exactly (repr), so an import puts the venue where it was.

    Always written rather than worked out again from the postcode on import: the postcode lookup
    (`directory.geo`) is not reliable enough to reproduce them (see docs/openreferral.md).
    """
    if venue.latitude is None or venue.longitude is None:
        return []
    return [f"{venue.latitude!r}, {venue.longitude!r}"]


def export_row(page: ServicePage) -> dict[str, str]:
    """A service as a CSV row. Works on live pages and on in-memory revisions alike."""
    organisation = page.organisation
    return {
        "id": str(page.oruk_id),
        "name": page.title,
        "summary": page.summary,
        "description": html_to_text(page.description),
        "organisation": organisation.title if organisation else "",
        "organisation_id": str(organisation.oruk_id) if organisation else "",
        "kind": page.kind,
        "levels": LIST_SEPARATOR.join(
            str(number) for number in sorted(level.number for level in page.levels.all())
        ),
        "themes": LIST_SEPARATOR.join(sorted(item.tag.slug for item in page.theme_items.all())),
        "eligibility": page.eligibility,
        "age_min": _age(page.age_min) if page.ages_known else "",
        "age_max": _age(page.age_max) if page.ages_known else "",
        "cost": page.cost,
        "cost_detail": page.cost_detail,
        "delivery_modes": LIST_SEPARATOR.join(sorted(mode.slug for mode in page.delivery_modes.all())),
        "languages": LIST_SEPARATOR.join(sorted(language.code for language in page.languages.all())),
        "accessibility": LIST_SEPARATOR.join(
            sorted(feature.name for feature in page.accessibility_features.all())
        ),
        "phone": page.phone,
        "email": page.email,
        "website": page.website,
        "always_open": "yes" if page.always_open else "no",
        "opening_times": "\n".join(
            f"{DAYS[slot.weekday]} {slot.opens:%H:%M}-{slot.closes:%H:%M}"
            for slot in sorted(page.opening_times.all(), key=lambda slot: (slot.weekday, slot.opens))
        ),
        "opening_notes": page.opening_notes,
        "served_area": page.served_area,
        "served_districts": LIST_SEPARATOR.join(
            sorted(district.slug for district in page.served_districts.all())
        ),
        "access_routes": "\n".join(
            f"{route.route}: {_one_line(route.how_to)}"
            for route in sorted(page.access_routes.all(), key=lambda route: route.route)
        ),
        "locations": "\n".join(
            PART_SEPARATOR.join(
                [
                    _one_line(venue.name),
                    ADDRESS_LINE_SEPARATOR.join(
                        line.strip() for line in venue.address.splitlines() if line.strip()
                    ),
                    _one_line(venue.town),
                    venue.postcode,
                    *_coordinates(venue),
                ]
            )
            for venue in page.locations.all()
        ),
        "last_checked": page.last_checked.isoformat() if page.last_checked else "",
    }


def export_queryset():
    return (
        ServicePage.objects.live()
        .select_related("organisation")
        .prefetch_related(
            "levels",
            "theme_items__tag",
            "delivery_modes",
            "languages",
            "accessibility_features",
            "opening_times",
            "served_districts",
            "access_routes",
            "locations",
        )
        .order_by("title", "pk")
    )


def write_csv(out, rows: Iterable[dict[str, str]]) -> None:
    writer = csv.DictWriter(out, fieldnames=FIELDNAMES, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        # Formula injection: cells a spreadsheet would run are written as text (OWASP).
        writer.writerow({key: neutralise(value) for key, value in row.items()})


def export_csv(out) -> int:
    """Every live service, as CSV, to a text stream. Returns how many."""
    count = 0

    def rows():
        nonlocal count
        for page in export_queryset().iterator(chunk_size=200):
            count += 1
            yield export_row(page)

    write_csv(out, rows())
    return count


def template_csv() -> str:
    out = io.StringIO()
    write_csv(out, [EXAMPLE_ROW])
    return out.getvalue()


def read_rows(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """Rows of a services CSV (as dicts of stripped strings), and problems with its header."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [name.strip() for name in reader.fieldnames or []]
        raw_rows = list(reader)
    except csv.Error as failure:
        return [], [f"The file cannot be read as CSV: {failure}."]
    problems = []
    if not header:
        return [], ["The file is empty: it needs the header row of the template."]
    missing = [name for name in ("name", "summary", "description") if name not in header]
    if missing:
        problems.append(f"The header row has no {', '.join(missing)} column: use the template's header row.")
    unknown = [name for name in header if name not in FIELDNAMES]
    if unknown:
        problems.append(f"Unknown columns: {', '.join(unknown)}. Use the template's header row.")
    rows = []
    for raw in raw_rows:
        row = {(key or "").strip(): (value or "") for key, value in raw.items() if key is not None}
        if None in raw:
            row["__extra__"] = "yes"
        rows.append(
            {key: restore(value.strip()) if isinstance(value, str) else value for key, value in row.items()}
        )
    return rows, problems
