"""One imported field at a time: plain text from markup, ages, lists, numbers, a venue's "about"
text, an organisation's details, and whether a position is believable for its postcode. UK phone
numbers with a trunk zero and bare web addresses are normalised here, with a warning."""

from __future__ import annotations

import datetime
import html
import json
import math
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from directory import distances, geo
from directory.ages import MAX_AGE, PREGNANCY
from directory.models.choices import PhoneType
from directory.models.limits import MAX_VENUE_DESCRIPTION_LENGTH
from directory.validators import validate_strict_url, validate_uk_phone

from . import csv_format
from .import_data import TEXT_LIMITS, Contact, OtherTime, Price, Problem
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


def feed_text(
    row: dict[str, str], key: str, field: str, limit: int, record: str, problems: list[Problem]
) -> str | None:
    """A text only a feed gives (the CSV has no column for it), on one line, or one item a line
    for a list (funding sources). None when the row does not give it, so a listing keeps its own;
    one too long to hold is named and not kept."""
    if key not in row:
        return None
    text = "\n".join(
        " ".join(line.split())
        for line in plain(row[key], record, field, problems).splitlines()
        if line.strip()
    )
    if len(text) > limit:
        problems.append(
            Problem(
                record,
                field,
                f"Too long (over {limit} characters): not kept. Shorten it in the feed or on the listing.",
                "warning",
            )
        )
        return None
    return text


CONTACT_LIMITS = {"name": 120, "title": 120, "phone": 40, "phone_type": 10, "phone_description": 255}


def contacts_of(row: dict[str, str], record: str, problems: list[Problem]) -> list[Contact] | None:
    """The people to ask for and further numbers a feed gives (`sources._contacts`), checked as
    the main phone is; None when the record does not speak of contacts or phones."""
    if "__contacts" not in row:
        return None
    found = []
    for given in json.loads(row["__contacts"] or "[]"):
        values = {key: plain(given.get(key, ""), record, "contacts", problems) for key in CONTACT_LIMITS}
        who = values["name"] or values["title"] or "Another number"
        if values["phone"] and TRUNK_ZERO.match(values["phone"]):
            read_as = TRUNK_ZERO.sub("+44 ", values["phone"])
            problems.append(
                Problem(
                    record,
                    "contacts",
                    f"{who}: '{values['phone']}' was read as '{read_as}'. Check it.",
                    "warning",
                )
            )
            values["phone"] = read_as
        if values["phone"]:
            try:
                validate_uk_phone(values["phone"])
            except ValidationError:
                problems.append(
                    Problem(
                        record,
                        "contacts",
                        f"{who}: '{values['phone']}' is not a UK phone number (like 01772 123456, "
                        "+44 1772 123456 or 116 123). Correct it in the feed.",
                    )
                )
        if values["phone_type"] and values["phone_type"].lower() not in PhoneType.values:
            problems.append(
                Problem(
                    record,
                    "contacts",
                    f"{who}: '{values['phone_type']}' is not a kind of phone number we know "
                    f"({', '.join(PhoneType.values)}): left out.",
                    "warning",
                )
            )
            values["phone_type"] = ""
        values["phone_type"] = values["phone_type"].lower()
        for key, limit in CONTACT_LIMITS.items():
            if len(values[key]) > limit:
                words = {"name": "name", "title": "job title", "phone": "phone number"}.get(
                    key, "phone description"
                )
                problems.append(
                    Problem(
                        record, "contacts", f"{who}: the {words} is too long: at most {limit} characters."
                    )
                )
        found.append(Contact(**values))
    return found


# A cost option's amount: at most this, in pounds and pence (CostOption.amount's digits).
MAX_AMOUNT = Decimal("9999999.99")
PRICE_TEXT_LIMIT = 255


def _amount(value, where: str, record: str, problems: list[Problem]) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value).strip().lstrip("£"))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or isinstance(value, bool):
        problems.append(
            Problem(
                record, "cost options", f"{where}: the amount '{value}' is not a number, like 25 or 2.50."
            )
        )
        return None
    if amount < 0 or amount > MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        problems.append(
            Problem(
                record,
                "cost options",
                f"{where}: the amount {value} is not a price (from 0 to {MAX_AMOUNT:,}, "
                "with at most two decimal places).",
            )
        )
        return None
    return amount.quantize(Decimal("0.01"))


def _date(value, where: str, words: str, record: str, problems: list[Problem]) -> datetime.date | None:
    if value is None or value == "":
        return None
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(
            Problem(record, "cost options", f"{where}: '{value}' ({words}) is not a date like 2026-01-31.")
        )
        return None


def cost_options_of(row: dict[str, str], record: str, problems: list[Problem]) -> list[Price] | None:
    """The prices a feed gives beyond the cost and its detail (`sources._cost`), checked; None
    when the record does not speak of cost options."""
    if "__cost_options" not in row:
        return None
    found = []
    for number, given in enumerate(json.loads(row["__cost_options"] or "[]"), start=1):
        option = plain(given.get("option"), record, "cost options", problems)
        where = f"Price {number}" + (f" ({option[:60]})" if option else "")
        description = plain(given.get("amount_description"), record, "cost options", problems)
        currency = plain(given.get("currency"), record, "cost options", problems)
        if currency and not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
            problems.append(
                Problem(record, "cost options", f"{where}: '{currency}' is not a currency code like GBP.")
            )
        currency = currency.upper()
        for words, text in (("what it is for", option), ("details", description)):
            if len(text) > PRICE_TEXT_LIMIT:
                problems.append(
                    Problem(
                        record,
                        "cost options",
                        f"{where}: {words} too long: at most {PRICE_TEXT_LIMIT} characters.",
                    )
                )
        price = Price(
            option=option,
            amount=_amount(given.get("amount"), where, record, problems),
            currency=currency,
            amount_description=description,
            valid_from=_date(given.get("valid_from"), where, "valid from", record, problems),
            valid_to=_date(given.get("valid_to"), where, "valid to", record, problems),
        )
        if price.valid_from and price.valid_to and price.valid_to < price.valid_from:
            problems.append(
                Problem(
                    record,
                    "cost options",
                    f"{where}: it ends ({price.valid_to}) before it starts ({price.valid_from}).",
                )
            )
        found.append(price)
    return found


# iCal's days ("MO", or "1MO"/"-1FR" for the first Monday or last Friday of a month) and days of
# the month ("1", "-1" for the last).
_BYDAY = re.compile(r"^[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)$")
_BYMONTHDAY = re.compile(r"^-?\d{1,2}$")
SCHEDULE_TEXT_LIMIT = 255


def _schedule_time(
    value, where: str, words: str, record: str, problems: list[Problem]
) -> datetime.time | None:
    text = _text_of(value)
    if not text:
        return None
    try:
        return datetime.time.fromisoformat(text.zfill(5) if len(text) == 4 else text).replace(tzinfo=None)
    except ValueError:
        problems.append(
            Problem(record, "opening times", f"{where}: '{text}' ({words}) is not a time like 09:30.")
        )
        return None


def _schedule_date(
    value, where: str, words: str, record: str, problems: list[Problem]
) -> datetime.date | None:
    text = _text_of(value)
    if not text:
        return None
    try:  # a date, or a date and time (iCal's dtstart may have one): the day is what is kept
        if len(text) == 10 or (len(text) > 10 and text[10] in "T "):
            return datetime.date.fromisoformat(text[:10])
    except ValueError:
        pass
    problems.append(
        Problem(record, "opening times", f"{where}: '{text}' ({words}) is not a date like 2026-01-31.")
    )
    return None


def _text_of(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def _repeats(given: dict, refuse) -> tuple[str, int | None, str, str]:
    """A schedule's repeat rule (iCal's freq, interval, byday, bymonthday), each refused in words
    when it is not one."""
    freq = _text_of(given.get("freq")).upper()
    if freq not in {"", "WEEKLY", "MONTHLY"}:
        refuse(f"'{freq}' is not how often it repeats (WEEKLY or MONTHLY).")
    interval = None
    if _text_of(given.get("interval")):
        number = float_of(given.get("interval"))
        if number is None or not number.is_integer() or not 1 <= number <= 52:
            refuse(f"'{given.get('interval')}' is not a number of weeks or months (1 for every one).")
        else:
            interval = int(number)
    byday = _text_of(given.get("byday")).upper().replace(" ", "")
    if byday and not all(_BYDAY.match(day) for day in byday.split(",")):
        refuse(f"'{given.get('byday')}' is not days like MO,TU (or 1MO for the first Monday).")
    bymonthday = _text_of(given.get("bymonthday")).replace(" ", "")
    if bymonthday and not all(
        _BYMONTHDAY.match(day) and 1 <= abs(int(day)) <= 31 for day in bymonthday.split(",")
    ):
        refuse(f"'{given.get('bymonthday')}' is not days of the month like 1 or 1,15.")
    return freq, interval, byday, bymonthday


def other_opening_times_of(
    row: dict[str, str], record: str, problems: list[Problem]
) -> list[OtherTime] | None:
    """The schedules the weekly table cannot show (`sources.oruk_row`), checked; None when the
    record has no schedules at all."""
    if "__other_opening_times" not in row:
        return None
    found = []
    for given in json.loads(row["__other_opening_times"] or "[]"):
        description = plain(given.get("description"), record, "opening times", problems)
        where = f"Opening time {given.get('number')}" + (f" ({description[:60]})" if description else "")

        def refuse(message: str, where: str = where) -> None:
            problems.append(Problem(record, "opening times", f"{where}: {message}"))

        freq, interval, byday, bymonthday = _repeats(given, refuse)
        if not (description or byday or bymonthday):
            refuse("it gives no days and no description: say when it is open.")
        if len(description) > SCHEDULE_TEXT_LIMIT or len(byday) > 60 or len(bymonthday) > 100:
            refuse(f"too long: a description holds at most {SCHEDULE_TEXT_LIMIT} characters.")
        other = OtherTime(
            description=description,
            freq=freq,
            interval=interval,
            byday=byday,
            bymonthday=bymonthday,
            opens=_schedule_time(given.get("opens_at"), where, "opens at", record, problems),
            closes=_schedule_time(given.get("closes_at"), where, "closes at", record, problems),
            dtstart=_schedule_date(given.get("dtstart"), where, "first date", record, problems),
            until=_schedule_date(given.get("until"), where, "last date", record, problems),
            valid_from=_schedule_date(given.get("valid_from"), where, "valid from", record, problems),
            valid_to=_schedule_date(given.get("valid_to"), where, "valid to", record, problems),
        )
        if other.opens and other.closes and other.closes <= other.opens:
            refuse("the closing time must be after the opening time.")
        for start, end in ((other.dtstart, other.until), (other.valid_from, other.valid_to)):
            if start and end and end < start:
                refuse(f"it ends ({end}) before it starts ({start}).")
        found.append(other)
    return found


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
