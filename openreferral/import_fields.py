"""One imported field at a time: plain text from markup, ages, lists, numbers, a venue's "about"
text, an organisation's details, and whether a position is believable for its postcode. UK phone
numbers with a trunk zero and bare web addresses are normalised here, with a warning."""

from __future__ import annotations

import html
import math
import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from directory import distances, geo
from directory.ages import MAX_AGE, PREGNANCY
from directory.models.limits import MAX_VENUE_DESCRIPTION_LENGTH
from directory.validators import validate_strict_url

from . import csv_format
from .import_data import TEXT_LIMITS, Problem
from .serializers import html_to_text

# Markup or an HTML entity in what should be plain text.
_MARKUP = re.compile(r"<[a-zA-Z/!?]|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


def plain(value, record: str, column: str, problems: list[Problem]) -> str:
    """A text field as plain text: markup and script removed, with a warning when there was any."""
    text = "" if value is None else str(value)
    text = "".join(character for character in text if character.isprintable() or character in "\n\t")
    if _MARKUP.search(text):
        cleaned = html_to_text(text)
        problems.append(Problem(record, column, "HTML removed: stored as plain text.", "warning"))
        text = cleaned
    return text.strip()


def listed(value: str) -> list[str]:
    return [part.strip() for part in value.split(csv_format.LIST_SEPARATOR) if part.strip()]


def age_field(value: str, default: int, record: str, column: str, problems: list[Problem]) -> int:
    if not value:
        return default
    if value.lower() in {"pregnancy", "pregnant", "-1"}:
        return PREGNANCY
    try:
        number = float(value)
    except ValueError:
        problems.append(Problem(record, column, f"'{value}' is not an age."))
        return default
    if number < 0:
        problems.append(Problem(record, column, f"'{value}' is not an age."))
        return default
    if number > MAX_AGE:
        problems.append(
            Problem(
                record,
                column,
                f"{value} is above {MAX_AGE}, the oldest age listed: stored as {MAX_AGE}.",
                "warning",
            )
        )
        return MAX_AGE
    return int(number)


def paragraphs_html(text: str) -> str:
    """Plain text as HTML paragraphs, escaped only where HTML needs it (as Wagtail's editor stores text)."""
    return "".join(
        f"<p>{html.escape(' '.join(paragraph.split()), quote=False)}</p>"
        for paragraph in re.split(r"\n\s*\n", text)
        if paragraph.strip()
    )


def venue_description(
    row: dict[str, str], number: int, venue_name: str, record: str, problems: list[Problem]
) -> str | None:
    key = f"__location_description_{number}"
    if key not in row:
        return None
    text = plain(row[key], record, "locations", problems)
    if len(text) > MAX_VENUE_DESCRIPTION_LENGTH:
        problems.append(
            Problem(
                record,
                "locations",
                f"Venue {number} ({venue_name}): its description is over {MAX_VENUE_DESCRIPTION_LENGTH} "
                "characters: not kept. Shorten it in the feed or on the listing.",
                "warning",
            )
        )
        return None
    return text


def text_or_empty(value) -> str:
    return "" if value is None else str(value).strip()


def organisation_details_of(row: dict[str, str], record: str, problems: list[Problem]) -> dict[str, str]:
    """The organisation's description, email and website from a feed. They are not the service's:
    one that cannot be used is left out with a warning rather than refusing the service."""
    description = plain(
        row.get("__organisation_description", ""), record, "organisation description", problems
    )
    email = plain(row.get("__organisation_email", ""), record, "organisation email", problems)
    website = plain(row.get("__organisation_website", ""), record, "organisation website", problems)
    if len(description) > TEXT_LIMITS["description"]:
        problems.append(
            Problem(
                record,
                "organisation description",
                f"Too long (over {TEXT_LIMITS['description']} characters): left out.",
                "warning",
            )
        )
        description = ""
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            problems.append(
                Problem(
                    record, "organisation email", f"'{email}' is not an email address: left out.", "warning"
                )
            )
            email = ""
    if website and BARE_DOMAIN.match(website):
        problems.append(
            Problem(
                record,
                "organisation website",
                f"'{website}' was read as 'https://{website}'. Check it.",
                "warning",
            )
        )
        website = "https://" + website
    if website:
        try:
            validate_strict_url(website)
        except ValidationError:
            problems.append(
                Problem(
                    record, "organisation website", f"'{website}' is not a web address: left out.", "warning"
                )
            )
            website = ""
    return {
        "organisation_description": paragraphs_html(description),
        "organisation_email": email,
        "organisation_website": website[:200],
    }


# "+44 (0) 20 7882 5555": the "(0)" is dialled only from inside the UK, so it goes.
TRUNK_ZERO = re.compile(r"^\+44\s*\(0\)\s*")
# "www.example.org/x" or "example.org.uk": a host name with a dot and no scheme.
BARE_DOMAIN = re.compile(r"^(?![a-z][a-z0-9+.-]*://)[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#]|$)", re.IGNORECASE)


# A position further than this from its postcode's is doubted (a postcode district's centre can be
# a few miles from its edge; a swapped latitude and longitude or a point abroad is hundreds away).
FAR_FROM_POSTCODE_MILES = 5.0
# Open Referral UK's service statuses that mean the service does not run.
WITHDRAWN_STATUSES = {"defunct", "inactive"}


def position_doubt(latitude: float, longitude: float, postcode: geo.Place) -> str:
    """Why a venue's given coordinates cannot be trusted, in words, or "" when they can."""
    if latitude == 0 and longitude == 0:
        return "the coordinates 0, 0 are not a real position (they are in the sea off West Africa)."
    miles = distances.distance_miles((latitude, longitude), postcode.coordinates)
    if miles <= FAR_FROM_POSTCODE_MILES:
        return ""
    if -90 <= longitude <= 90 and (
        distances.distance_miles((longitude, latitude), postcode.coordinates) <= FAR_FROM_POSTCODE_MILES
    ):
        return (
            f"the latitude and longitude look swapped ({latitude}, {longitude}): "
            f"its postcode {postcode.label} is at {postcode.latitude:.4f}, {postcode.longitude:.4f}."
        )
    return (
        f"the coordinates {latitude}, {longitude} are {miles:,.0f} miles from its postcode {postcode.label}."
    )


def float_or_none(value: str) -> float | None:
    number = float_of(value.strip())
    return number if number is not None and math.isfinite(number) else None


def float_of(value) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
