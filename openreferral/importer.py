"""Importing listings: check every record, then write all of them or none.

Both importers (CSV and Open Referral JSON) turn their input into rows shaped like the services
CSV (`csv_format.COLUMNS`, all strings); `check` turns a row into `ServiceData` or problems;
`write` creates or updates the pages. A record is matched to an existing service by its source id
(or by our own Open Referral id, when a file exported from here comes back), so importing the
same file twice changes nothing the second time.

Imported listings go through moderation like a partner's edit (a draft revision submitted to the
"Directory moderation" workflow) unless the importer asks to publish.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from directory import area, distances, geo
from directory.ages import MAX_AGE, PREGNANCY
from directory.models import (
    AccessibilityFeature,
    AccessRoute,
    DeliveryMode,
    District,
    Language,
    NeedLevel,
    NeedTheme,
    OpeningTime,
    OrganisationPage,
    ServiceLocation,
    ServicePage,
)
from directory.models.choices import AccessRouteKind, Cost, ServedArea, ServiceKind
from directory.models.limits import (
    MAX_DESCRIPTION_LENGTH,
    MAX_ELIGIBILITY_LENGTH,
    MAX_HOW_TO_LENGTH,
    MAX_VENUE_DESCRIPTION_LENGTH,
)
from directory.validators import validate_strict_url, validate_uk_phone

from . import csv_format, ids
from .serializers import html_to_text

MAX_IMPORT_BYTES = 5 * 1024 * 1024
_MARKUP = re.compile(r"<[a-zA-Z/!?]|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_TIME_SLOT = re.compile(
    r"^(?P<day>[A-Za-z]{3})[a-z]*\s+(?P<opens>\d{1,2}:\d{2})\s*[-–]\s*(?P<closes>\d{1,2}:\d{2})$"
)
TEXT_LIMITS = {
    "name": 255,
    "summary": 200,
    # Plain text; stored as HTML paragraphs, which the margin leaves room for.
    "description": MAX_DESCRIPTION_LENGTH - 1_000,
    "eligibility": MAX_ELIGIBILITY_LENGTH,
    "cost_detail": 255,
    "opening_notes": 255,
    "phone": 40,
    "website": 200,
    "email": 254,
}


class ImportFailed(Exception):
    """The input cannot be read at all (too big, not JSON, not a services file)."""


@dataclass(frozen=True)
class Problem:
    record: str
    field: str
    message: str
    level: str = "error"  # or "warning": imported, but a person should look

    def __str__(self) -> str:
        return f"{self.record} | {self.field} | {self.level}: {self.message}"


@dataclass
class Venue:
    name: str
    address: str
    town: str
    postcode: str
    latitude: float | None = None
    longitude: float | None = None
    # The venue's id in the feed: kept, and used as our own public id when it is a free UUID.
    source_id: str = ""
    # About the venue (a feed's description and accessibility notes); None: not given (a CSV), so a
    # venue already here keeps its own.
    description: str | None = None


@dataclass
class ServiceData:
    """One checked record, ready to write."""

    record: str
    source_id: str
    name: str
    summary: str
    description: str  # HTML paragraphs, escaped
    organisation: str
    organisation_id: str
    kind: str
    levels: list[int]
    themes: list[str]
    eligibility: str
    age_min: int
    age_max: int
    ages_known: bool
    cost: str
    cost_detail: str
    delivery_modes: list[str]
    languages: list[str]
    accessibility: list[str]
    phone: str
    email: str
    website: str
    always_open: bool
    opening_times: list[tuple[int, datetime.time, datetime.time]]
    opening_notes: str
    served_area: str
    served_districts: list[str]
    access_routes: dict[str, str]
    locations: list[Venue]
    last_checked: datetime.date | None
    # Why a moderator must look before this is published (a doubtful position); never published here.
    hold: list[str] = field(default_factory=list)
    # The feed says the service no longer runs ("defunct", "inactive"): kept, but not published.
    withdrawn: str = ""
    # Fields the record does not carry at all: an existing listing keeps its own (sources.py).
    absent: frozenset[str] = frozenset()
    # The organisation's own details, as the feed gives them (Open Referral only; HTML paragraphs).
    organisation_description: str = ""
    organisation_email: str = ""
    organisation_website: str = ""


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)  # not updated: someone's changes are waiting
    removed: list[str] = field(default_factory=list)  # --sync: no longer in the feed, unpublished
    records: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.level == "error"]

    def lines(self) -> list[str]:
        return ["record | field | message", *(str(problem) for problem in self.problems)]

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "would be" if dry_run else "were"
        return (
            f"{self.records} records: {len(self.created)} {verb} created, {len(self.updated)} {verb} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.held)} held back for changes waiting, "
            f"{len(self.skipped)} skipped as invalid, {len(self.removed)} {verb} unpublished as gone from the feed; "
            f"{len(self.errors)} errors, {len(self.problems) - len(self.errors)} warnings."
        )


# --------------------------------------------------------------------------- checking


@dataclass
class Vocab:
    themes: dict[str, str]  # slug or lower-case name → slug
    districts: dict[str, str]  # slug or lower-case name → slug
    modes: set[str]
    languages: dict[str, str]  # code or lower-case name → code
    features: dict[str, str]  # lower-case name or slug → name
    levels: set[int]

    @classmethod
    def load(cls) -> Vocab:
        themes = {}
        for slug, name in NeedTheme.objects.values_list("slug", "name"):
            themes[slug] = themes[name.lower()] = slug
        districts = {}
        for slug, name in District.objects.values_list("slug", "name"):
            districts[slug] = districts[name.lower()] = slug
        for district in area.current().districts:  # ONS codes ("E07000123") name districts too
            if district.slug in districts:
                districts[district.code.lower()] = district.slug
        languages = {}
        for code, name in Language.objects.values_list("code", "name"):
            languages[code.lower()] = languages[name.lower()] = code
        features = {}
        for slug, name in AccessibilityFeature.objects.values_list("slug", "name"):
            features[slug] = features[name.lower()] = name
        return cls(
            themes=themes,
            districts=districts,
            modes=set(DeliveryMode.objects.values_list("slug", flat=True)),
            languages=languages,
            features=features,
            levels=set(NeedLevel.objects.values_list("number", flat=True)),
        )


def plain(value, record: str, column: str, problems: list[Problem]) -> str:
    """A text field as plain text: markup and script removed, with a warning when there was any."""
    text = "" if value is None else str(value)
    text = "".join(character for character in text if character.isprintable() or character in "\n\t")
    if _MARKUP.search(text):
        cleaned = html_to_text(text)
        problems.append(Problem(record, column, "HTML removed: stored as plain text.", "warning"))
        text = cleaned
    return text.strip()


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.split(csv_format.LIST_SEPARATOR) if part.strip()]


def _age(value: str, default: int, record: str, column: str, problems: list[Problem]) -> int:
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


def check(
    row: dict[str, str], record: str, vocab: Vocab, *, organisation_given: bool
) -> tuple[ServiceData | None, list[Problem]]:
    """A row (CSV columns, strings) as `ServiceData`, or the reasons it cannot be imported."""
    problems: list[Problem] = []
    hold: list[str] = []

    def text(column: str) -> str:
        value = plain(row.get(column, ""), record, column, problems)
        limit = TEXT_LIMITS.get(column)
        if column != "description" and "\n" in value and column not in {"eligibility"}:
            value = " ".join(value.split())
        if limit and len(value) > limit:
            problems.append(
                Problem(record, column, f"Too long: at most {limit} characters (this has {len(value)}).")
            )
        return value

    def error(column: str, message: str) -> None:
        problems.append(Problem(record, column, message))

    if row.get("__extra__"):
        error("(row)", "The row has more cells than the header has columns.")
    source_id = text("id")
    if not source_id:
        problems.append(
            Problem(record, "id", "No id: importing this file again would add it again.", "warning")
        )
    name, summary = text("name"), text("summary")
    description = plain(row.get("description", ""), record, "description", problems)
    if len(description) > TEXT_LIMITS["description"]:
        error_too_long = (
            f"Too long: at most {TEXT_LIMITS['description']} characters (this has {len(description)})."
        )
        problems.append(Problem(record, "description", error_too_long))
    for column, value in (("name", name), ("summary", summary), ("description", description)):
        if not value:
            error(column, "Required.")
    organisation = text("organisation")
    organisation_id = text("organisation_id")
    if not organisation_given and not organisation and not organisation_id:
        error("organisation", "Required: give the organisation's name, or import with --organisation.")

    kind = text("kind").lower() or ServiceKind.UNIVERSAL
    if kind not in ServiceKind.values:
        error("kind", f"'{kind}' is not one of {', '.join(ServiceKind.values)}.")
    levels = []
    for value in _list(text("levels") or "1"):
        if value.isdigit() and int(value) in vocab.levels:
            levels.append(int(value))
        else:
            error("levels", f"'{value}' is not a level of need (1 to 4).")
    themes = []
    for value in _list(text("themes")):
        slug = vocab.themes.get(value) or vocab.themes.get(value.lower())
        if slug:
            themes.append(slug)
        else:
            error("themes", f"'{value}' is not a need theme.")
    eligibility = text("eligibility")
    # Neither age given: not known ("Ask the service"), searched as the whole range. One given: the
    # other is open-ended, as before.
    ages_known = bool(text("age_min") or text("age_max"))
    age_min = _age(text("age_min"), PREGNANCY, record, "age_min", problems)
    age_max = _age(text("age_max"), MAX_AGE, record, "age_max", problems)
    if age_min > age_max:
        error("age_max", "The oldest age must be the same as or after the youngest age.")
    cost = text("cost").lower() or Cost.UNKNOWN
    if cost not in Cost.values:
        error("cost", f"'{cost}' is not one of {', '.join(Cost.values)}.")
    modes = []
    for value in _list(text("delivery_modes")):
        if value in vocab.modes:
            modes.append(value)
        else:
            error(
                "delivery_modes", f"'{value}' is not a way of giving help ({', '.join(sorted(vocab.modes))})."
            )
    languages = []
    for value in _list(text("languages")):
        code = vocab.languages.get(value.lower())
        if code:
            languages.append(code)
        else:
            problems.append(
                Problem(record, "languages", f"'{value}' is not a language we list: left out.", "warning")
            )
    features = []
    for value in _list(text("accessibility")):
        feature = vocab.features.get(value.lower()) or vocab.features.get(value)
        if feature:
            features.append(feature)
        else:
            problems.append(
                Problem(
                    record,
                    "accessibility",
                    f"'{value}' is not an accessibility feature we list: left out.",
                    "warning",
                )
            )
    phone, email, website = text("phone"), text("email"), text("website")

    def normalised(column: str, given: str, read_as: str) -> str:
        if read_as != given:
            problems.append(
                Problem(record, column, f"'{given}' was read as '{read_as}'. Check it.", "warning")
            )
        return read_as

    # One obvious meaning each: the trunk "(0)" after +44, and a web address without its scheme.
    phone = normalised("phone", phone, _TRUNK_ZERO.sub("+44 ", phone)) if phone else phone
    if website and _BARE_DOMAIN.match(website):
        website = normalised("website", website, "https://" + website)
    if phone:
        try:
            validate_uk_phone(phone)
        except ValidationError as invalid:
            error("phone", invalid.messages[0])
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            error("email", f"'{email}' is not an email address.")
    if website:
        try:
            validate_strict_url(website)  # RFC 3986, as on save (directory.validators)
        except ValidationError:
            error("website", f"'{website}' is not a web address (it must start https:// or http://).")
    always_open = text("always_open").lower() in {"yes", "y", "true", "1"}
    opening_times = []
    for line in (row.get("opening_times") or "").splitlines():
        line = " ".join(plain(line, record, "opening_times", problems).split())
        if not line:
            continue
        match = _TIME_SLOT.match(line)
        day = match and match["day"].capitalize()
        if not match or day not in csv_format.DAYS:
            error("opening_times", f"'{line}' is not like 'Mon 09:00-17:00'.")
            continue
        try:
            opens = datetime.time.fromisoformat(match["opens"].zfill(5))
            closes = datetime.time.fromisoformat(match["closes"].zfill(5))
        except ValueError:
            error("opening_times", f"'{line}' has a time that does not exist.")
            continue
        if closes <= opens:
            error("opening_times", f"'{line}': the closing time must be after the opening time.")
            continue
        opening_times.append((csv_format.DAYS.index(day), opens, closes))
    served_area = text("served_area").lower() or ServedArea.DISTRICTS
    if served_area not in ServedArea.values:
        error("served_area", f"'{served_area}' is not one of {', '.join(ServedArea.values)}.")
    districts = []
    for value in _list(text("served_districts")):
        slug = vocab.districts.get(value) or vocab.districts.get(value.lower())
        if slug:
            districts.append(slug)
        else:
            error("served_districts", f"'{value}' is not a district of {area.current().name}.")
    access_routes: dict[str, str] = {}
    for line in (row.get("access_routes") or "").splitlines():
        line = plain(line, record, "access_routes", problems)
        if not line:
            continue
        route, _, how_to = line.partition(":")
        route = route.strip().lower()
        if route not in AccessRouteKind.values or not how_to.strip():
            error("access_routes", f"'{line}' is not 'route: what to do' with a route we know.")
        elif route in access_routes:
            error("access_routes", f"'{route}' is given twice.")
        elif len(how_to.strip()) > MAX_HOW_TO_LENGTH:
            error("access_routes", f"'{route}': too long, at most {MAX_HOW_TO_LENGTH} characters.")
        else:
            access_routes[route] = how_to.strip()
    if not access_routes:
        error("access_routes", "Required: at least one way in, e.g. 'self_referral: Phone us'.")
    venues = []
    for number, line in enumerate((row.get("locations") or "").splitlines(), start=1):
        line = plain(line, record, "locations", problems)
        if not line:
            continue
        parts = [part.strip() for part in line.split(csv_format.PART_SEPARATOR.strip())]
        if len(parts) not in (4, 5) or not parts[0] or not parts[3]:
            error("locations", f"Venue {number}: '{line}' is not 'name | address | town | postcode'.")
            continue
        venue_name, address, town, postcode = parts[:4]
        latitude = _float(row.get(f"__latitude_{number}"))
        longitude = _float(row.get(f"__longitude_{number}"))
        if len(parts) == 5:
            latitude_text, _, longitude_text = parts[4].partition(",")
            latitude, longitude = float_or_none(latitude_text), float_or_none(longitude_text)
            if latitude is None or longitude is None:
                error(
                    "locations", f"Venue {number} ({venue_name}): '{parts[4]}' is not 'latitude, longitude'."
                )
                continue
        if (latitude is None) != (longitude is None) or (
            latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
        ):
            error(
                "locations",
                f"Venue {number} ({venue_name}): the coordinates {latitude}, {longitude} are not on Earth.",
            )
            continue
        try:
            where = geo.locate_postcode(postcode)
        except geo.PlaceNotFound as unknown:
            error("locations", f"Venue {number} ({venue_name}): postcode '{postcode}': {unknown.message}")
            continue
        doubt = position_doubt(latitude, longitude, where) if latitude is not None else ""
        if doubt:
            hold.append(f"Venue {number} ({venue_name}): {doubt}")
            problems.append(
                Problem(
                    record,
                    "locations",
                    f"Venue {number} ({venue_name}): {doubt} Left unpublished for a moderator to check.",
                    "warning",
                )
            )
        venues.append(
            Venue(
                venue_name[:120],
                "\n".join(
                    part.strip()
                    for part in address.split(csv_format.ADDRESS_LINE_SEPARATOR.strip())
                    if part.strip()
                ),
                town[:60],
                geo.normalise_postcode(postcode),
                latitude,
                longitude,
                source_id=_text_or_empty(row.get(f"__location_id_{number}"))[:255],
                description=_venue_description(row, number, venue_name, record, problems),
            )
        )
    last_checked = None
    if text("last_checked"):
        try:
            last_checked = datetime.date.fromisoformat(text("last_checked")[:10])
        except ValueError:
            error("last_checked", f"'{text('last_checked')}' is not a date like 2025-01-31.")

    organisation_details = _organisation_details(row, record, problems)
    withdrawn = text("__status").lower() if text("__status").lower() in WITHDRAWN_STATUSES else ""
    if withdrawn:
        problems.append(
            Problem(
                record,
                "status",
                f"The feed says this service is {withdrawn}: it is kept but not published.",
                "warning",
            )
        )
    if any(problem.level == "error" for problem in problems):
        return None, problems
    return (
        ServiceData(
            record=record,
            source_id=source_id,
            name=name,
            summary=summary,
            description=paragraphs_html(description),
            organisation=organisation,
            organisation_id=organisation_id,
            kind=kind,
            levels=sorted(set(levels)),
            themes=list(dict.fromkeys(themes)),
            eligibility=eligibility,
            age_min=age_min,
            age_max=age_max,
            ages_known=ages_known,
            cost=cost,
            cost_detail=text("cost_detail"),
            delivery_modes=list(dict.fromkeys(modes)),
            languages=list(dict.fromkeys(languages)),
            accessibility=list(dict.fromkeys(features)),
            phone=phone,
            email=email,
            website=website,
            always_open=always_open,
            opening_times=opening_times,
            opening_notes=text("opening_notes"),
            served_area=served_area,
            served_districts=list(dict.fromkeys(districts)),
            access_routes=access_routes,
            locations=venues,
            last_checked=last_checked,
            hold=hold,
            withdrawn=withdrawn,
            absent=frozenset(_list(row.get("__absent__") or "")),
            **organisation_details,
        ),
        problems,
    )


def paragraphs_html(text: str) -> str:
    """Plain text as HTML paragraphs, escaped only where HTML needs it (as Wagtail's editor stores text)."""
    return "".join(
        f"<p>{html.escape(' '.join(paragraph.split()), quote=False)}</p>"
        for paragraph in re.split(r"\n\s*\n", text)
        if paragraph.strip()
    )


def _venue_description(
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


def _text_or_empty(value) -> str:
    return "" if value is None else str(value).strip()


def _organisation_details(row: dict[str, str], record: str, problems: list[Problem]) -> dict[str, str]:
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
    if website and _BARE_DOMAIN.match(website):
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
_TRUNK_ZERO = re.compile(r"^\+44\s*\(0\)\s*")
# "www.example.org/x" or "example.org.uk": a host name with a dot and no scheme.
_BARE_DOMAIN = re.compile(r"^(?![a-z][a-z0-9+.-]*://)[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#]|$)", re.IGNORECASE)


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
    number = _float(value.strip())
    return number if number is not None and math.isfinite(number) else None


def _float(value) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def check_all(
    rows: list[tuple[str, dict[str, str]]], *, organisation_given: bool
) -> tuple[list[ServiceData], Report]:
    """Check every record, and that no two share an id."""
    vocab = Vocab.load()
    report = Report(records=len(rows))
    checked: list[ServiceData] = []
    seen = Counter(row.get("id", "").strip() for _, row in rows if row.get("id", "").strip())
    first_seen: dict[str, str] = {}
    for record, row in rows:
        if row.get("__invalid__"):
            # Already reported by the reader (not JSON Schema valid, not an object): not checked again.
            report.skipped.append(record)
            continue
        data, problems = check(row, record, vocab, organisation_given=organisation_given)
        source_id = row.get("id", "").strip()
        if source_id and seen[source_id] > 1:
            if source_id in first_seen:
                problems.append(
                    Problem(record, "id", f"Duplicate id '{source_id}': {first_seen[source_id]} has it too.")
                )
                data = None
            else:
                first_seen[source_id] = record
                problems.append(
                    Problem(record, "id", f"Duplicate id '{source_id}': it appears {seen[source_id]} times.")
                )
                data = None
        report.problems.extend(problems)
        if data is None:
            report.skipped.append(record)
        else:
            checked.append(data)
    return checked, report


# --------------------------------------------------------------------------- writing


@dataclass
class WriteOptions:
    organisation: OrganisationPage | None = None
    publish: bool = False
    user: object | None = None
    progress: Callable[[int, int], None] | None = None
    # The feed's name (its URL without the query, or the file's name), stored on each listing.
    source: str = ""
    # The feed is the source of truth for its own listings: those it no longer has are unpublished.
    sync: bool = False


def find_existing(source_id: str) -> ServicePage | None:
    if not source_id:
        return None
    condition = Q(source_id=source_id)
    as_uuid = ids.parse_uuid(source_id)
    if as_uuid is not None:
        condition |= Q(oruk_id=as_uuid)
    return ServicePage.objects.filter(condition).order_by("pk").first()


def _unique_slug(parent, name: str) -> str:
    base = slugify(name)[:200] or "service"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


ORGANISATION_DETAILS = (
    ("description", "organisation_description"),
    ("email", "organisation_email"),
    ("website", "organisation_website"),
)


def _organisation_for(
    data: ServiceData, options: WriteOptions, created: dict[str, OrganisationPage], report: Report
) -> OrganisationPage:
    organisation = _find_or_create_organisation(data, options, created)
    # An organisation already here is the council's to edit: the feed's details do not overwrite it,
    # but a difference is said, never passed over in silence.
    for field_name, given_name in ORGANISATION_DETAILS:
        given, ours = getattr(data, given_name), getattr(organisation, field_name)
        if field_name == "description":  # rich text here, plain in a feed: the words are compared
            given, ours = html_to_text(given), html_to_text(ours)
        if given and given != ours:
            report.problems.append(
                Problem(
                    data.record,
                    f"organisation {field_name}",
                    f"“{organisation.title}” has {'another' if ours else 'no'} {field_name} here; the "
                    f"feed's was not copied to it. Edit the organisation if the feed's is right.",
                    "warning",
                )
            )
    return organisation


def _find_or_create_organisation(
    data: ServiceData, options: WriteOptions, created: dict[str, OrganisationPage]
):
    if options.organisation is not None:
        return options.organisation
    as_uuid = ids.parse_uuid(data.organisation_id)
    if as_uuid is not None:
        found = OrganisationPage.objects.filter(oruk_id=as_uuid).first()
        if found:
            return found
    found = (
        OrganisationPage.objects.filter(title__iexact=data.organisation).first()
        if data.organisation
        else None
    )
    if found:
        return found
    key = data.organisation.lower()
    if key not in created:
        from home.site_tree import ensure_site_tree

        parent = ensure_site_tree().organisations
        page = OrganisationPage(
            title=data.organisation,
            slug=_unique_slug(parent, data.organisation),
            live=options.publish,
            description=data.organisation_description,
            email=data.organisation_email,
            website=data.organisation_website,
        )
        if as_uuid is not None and not OrganisationPage.objects.filter(oruk_id=as_uuid).exists():
            page.oruk_id = as_uuid
        parent.add_child(instance=page)
        _save_through_moderation(page, options)
        created[key] = page
    return created[key]


def apply(page: ServicePage, data: ServiceData, organisation: OrganisationPage) -> None:
    """Set a page's fields (in memory, clusterable relations included) from checked data."""
    page.title = data.name
    page.summary = data.summary
    page.description = data.description
    page.organisation = organisation
    page.kind = data.kind
    page.eligibility = data.eligibility
    # A record that does not speak of a field (a list page's summary) leaves an existing listing's own.
    keep = data.absent if page.pk else frozenset()
    page.age_min, page.age_max, page.ages_known = data.age_min, data.age_max, data.ages_known
    if "cost" not in keep:
        page.cost, page.cost_detail = data.cost, data.cost_detail
    if "phone" not in keep:
        page.phone = data.phone
    page.email, page.website = data.email, data.website
    page.always_open, page.opening_notes = data.always_open, data.opening_notes
    if "served_area" not in keep:
        page.served_area = data.served_area
        page.served_districts = list(District.objects.filter(slug__in=data.served_districts))
    if data.last_checked:
        page.last_checked = data.last_checked
        page.next_review = None  # recomputed from the last check on save
    page.levels = list(NeedLevel.objects.filter(number__in=data.levels))
    if "locations" not in keep:
        page.delivery_modes = list(DeliveryMode.objects.filter(slug__in=data.delivery_modes))
    if "languages" not in keep:
        page.languages = list(Language.objects.filter(code__in=data.languages))
    page.accessibility_features = list(AccessibilityFeature.objects.filter(name__in=data.accessibility))
    page.themes.set(list(NeedTheme.objects.filter(slug__in=data.themes)))
    page.access_routes = [AccessRoute(route=route, how_to=how) for route, how in data.access_routes.items()]
    page.opening_times = [
        OpeningTime(weekday=day, opens=opens, closes=closes) for day, opens, closes in data.opening_times
    ]
    if "locations" in keep:
        return
    current = list(page.locations.all())
    by_source = {location.source_id: location for location in current if location.source_id}
    by_place = {(location.name, location.postcode): location for location in current}
    venues = []
    for position, venue in enumerate(data.locations):
        # Keep a venue's row (and so its public id) when it is still there: the same feed id, or
        # the same name and postcode.
        location = (venue.source_id and by_source.pop(venue.source_id, None)) or by_place.pop(
            (venue.name, venue.postcode), None
        )
        if location is None:
            location = ServiceLocation()
            as_uuid = ids.parse_uuid(venue.source_id)
            if as_uuid is not None and not ServiceLocation.objects.filter(oruk_id=as_uuid).exists():
                # An Open Referral id not in use here is kept, so a round trip keeps every id.
                location.oruk_id = as_uuid
        if venue.source_id:  # a CSV has no venue ids: a venue's feed id stays
            location.source_id = venue.source_id
        if venue.description is not None:
            location.description = venue.description
        # In the feed's order: without a sort_order the database lists venues in any order it likes.
        location.sort_order = position
        location.name, location.address, location.town = venue.name, venue.address, venue.town
        location.postcode = venue.postcode
        location.latitude, location.longitude, location.district = venue.latitude, venue.longitude, None
        location.fill_from_postcode()
        venues.append(location)
    page.locations = venues


def _compared(page: ServicePage) -> tuple:
    """What an import can change on a listing: its CSV row, and what the row has no column for."""
    venues = [(venue.source_id, venue.description) for venue in page.locations.all()]
    return csv_format.export_row(page), venues


def _save_through_moderation(page, options: WriteOptions):
    revision = page.save_revision(user=options.user, log_action=True)
    if options.publish:
        revision.publish(user=options.user)
        return
    workflow = page.get_workflow()
    if workflow is not None and not page.workflow_in_progress:
        workflow.start(page, options.user)


def write(checked: list[ServiceData], report: Report, options: WriteOptions) -> None:
    """Create or update every checked record. The caller holds the transaction."""
    from home.site_tree import ensure_site_tree
    from search.indexing import bulk_changes

    parent = ensure_site_tree().services
    created_organisations: dict[str, OrganisationPage] = {}
    # Wagtail updates a page's reference index on every save, and an import saves each page three
    # times or more (add, revision, publish, and each venue): a fifth of an import's time. Each page
    # touched is indexed once, at the end, from what was saved.
    touched: dict[type, set[int]] = defaultdict(set)
    with bulk_changes(), disable_reference_index_auto_update():
        for done, data in enumerate(checked, start=1):
            organisation = _organisation_for(data, options, created_organisations, report)
            touched[type(organisation)].add(organisation.pk)
            existing = find_existing(data.source_id)
            if existing is not None and options.source and existing.import_source != options.source:
                # The feed that last sent a listing is the one that may withdraw it (--sync).
                ServicePage.objects.filter(pk=existing.pk).update(import_source=options.source)
            held_back = bool(data.hold or data.withdrawn)
            record_options = dataclasses.replace(options, publish=False) if held_back else options
            if existing is not None and data.withdrawn and existing.live:
                # The feed says it no longer runs: take it off the site, keep the page for the record.
                existing.unpublish(user=options.user, log_action=True)
                report.updated.append(data.record)
                touched[ServicePage].add(existing.pk)
                if options.progress:
                    options.progress(done, len(checked))
                continue
            if existing is None:
                page = ServicePage(
                    slug=_unique_slug(parent, data.name),
                    live=record_options.publish,
                    source_id=data.source_id,
                    import_source=options.source,
                )
                as_uuid = ids.parse_uuid(data.source_id)
                if as_uuid is not None and not ServicePage.objects.filter(oruk_id=as_uuid).exists():
                    # An Open Referral id not in use here is kept, so a round trip keeps every id.
                    page.oruk_id = as_uuid
                apply(page, data, organisation)
                parent.add_child(instance=page)
                _save_through_moderation(page, record_options)
                report.created.append(data.record)
            else:
                page = existing.get_latest_revision_as_object()
                before = _compared(page)
                apply(page, data, organisation)
                if _compared(page) == before and (existing.live or not record_options.publish):
                    report.unchanged.append(data.record)
                elif existing.has_unpublished_changes:
                    # Never overwrite an editor's draft (or one in moderation) with the file's copy.
                    report.held.append(data.record)
                    report.problems.append(
                        Problem(
                            data.record,
                            "(service)",
                            f"Not updated: “{existing.title}” has changes waiting to be published or "
                            "moderated. Publish or discard them, then import again.",
                            level="warning",
                        )
                    )
                else:
                    if not existing.source_id and data.source_id and str(existing.oruk_id) != data.source_id:
                        ServicePage.objects.filter(pk=existing.pk).update(source_id=data.source_id)

                    _save_through_moderation(page, record_options)
                    report.updated.append(data.record)
            touched[ServicePage].add(existing.pk if existing is not None else page.pk)
            if options.progress:
                options.progress(done, len(checked))
    for model, pks in touched.items():
        for instance in model.objects.filter(pk__in=pks):
            ReferenceIndex.create_or_update_for_object(instance)


def unpublish_removed(present_ids: set[str], report: Report, options: WriteOptions) -> None:
    """`--sync`: unpublish this feed's live listings whose ids the feed no longer has. A record the
    feed still has but that failed its checks counts as present: invalid is not gone."""
    if not (options.sync and options.source):
        return
    for page in ServicePage.objects.live().filter(import_source=options.source).order_by("title"):
        if page.source_id in present_ids or str(page.oruk_id) in present_ids:
            continue
        page.unpublish(user=options.user, log_action=True)
        record = f"“{page.title}” ({page.source_id or page.oruk_id})"
        report.removed.append(record)
        report.problems.append(
            Problem(record, "(service)", "No longer in the feed: unpublished (--sync).", level="warning")
        )


def run_import(
    rows: list[tuple[str, dict[str, str]]],
    options: WriteOptions,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    report: Report | None = None,
) -> Report:
    """Check, then write everything or nothing. With `dry_run`, write inside a transaction that is
    rolled back, so the report says exactly what would happen."""
    checked, checked_report = check_all(rows, organisation_given=options.organisation is not None)
    if report is not None:
        checked_report.problems[:0] = report.problems
    report = checked_report
    if not rows:
        report.problems.append(Problem("(file)", "(file)", "There are no records in the file."))
    if report.errors and not skip_invalid:
        return report
    from search.indexing import bulk_changes

    with bulk_changes(discard=dry_run), transaction.atomic():
        write(checked, report, options)
        ids = [row.get("id", "").strip() for _, row in rows]
        if options.sync and "" in ids:
            report.problems.append(
                Problem(
                    "(file)",
                    "id",
                    "Nothing was unpublished (--sync): some records have no id, so what has left the "
                    "feed cannot be told.",
                    level="warning",
                )
            )
        else:
            unpublish_removed(set(ids), report, options)
        if dry_run:
            transaction.set_rollback(True)
    return report
