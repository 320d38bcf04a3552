"""Checking an import: `check` turns one row shaped like the services CSV into `ServiceData` or
problems, against the vocabularies (`Vocab`); `check_all` checks every row and finds duplicates.

Just over 400 lines because `check` reads a row's columns top to bottom in the order of the
services CSV (`csv_format.COLUMNS`), one short block a column; the field rules it calls are in
`import_fields`."""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from directory import area, geo
from directory.ages import MAX_AGE, PREGNANCY
from directory.models import (
    AccessibilityFeature,
    DeliveryMode,
    District,
    Language,
    NeedLevel,
    NeedTheme,
)
from directory.models.choices import AccessRouteKind, Cost, ServedArea, ServiceKind
from directory.models.limits import (
    MAX_ACCREDITATIONS_LENGTH,
    MAX_ALERT_LENGTH,
    MAX_FUNDING_LENGTH,
    MAX_HOW_TO_LENGTH,
)
from directory.validators import validate_strict_url, validate_uk_phone

from . import csv_format
from .import_data import TEXT_LIMITS, Problem, Report, ServiceData, Venue
from .import_fields import (
    BARE_DOMAIN,
    TRUNK_ZERO,
    WITHDRAWN_STATUSES,
    age_field,
    contacts_of,
    cost_options_of,
    feed_text,
    float_of,
    float_or_none,
    listed,
    organisation_details_of,
    other_opening_times_of,
    paragraphs_html,
    plain,
    position_doubt,
    text_or_empty,
    venue_description,
)

# An opening-times line: "Mon 09:00-17:00".
_TIME_SLOT = re.compile(
    r"^(?P<day>[A-Za-z]{3})[a-z]*\s+(?P<opens>\d{1,2}:\d{2})\s*[-–]\s*(?P<closes>\d{1,2}:\d{2})$"
)


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

    def codes(column: str, lookup: Mapping[str, str], refused: str, level: str = "error") -> list[str]:
        """Our codes for a list column's values (each looked up as given, then in lower case); a
        value not found is refused ("'X' is not a need theme.") or, as a warning, left out."""
        found = []
        for value in listed(text(column)):
            code = lookup.get(value) or lookup.get(value.lower())
            if code:
                found.append(code)
            else:
                problems.append(Problem(record, column, f"'{value}' {refused}", level))
        return found

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
    for value in listed(text("levels") or "1"):
        if value.isdecimal() and int(value) in vocab.levels:
            levels.append(int(value))
        else:
            error("levels", f"'{value}' is not a level of need (1 to 4).")
    themes = codes("themes", vocab.themes, "is not a need theme.")
    eligibility = text("eligibility")
    # Neither age given: not known ("Ask the service"), searched as the whole range. One given: the
    # other is open-ended, as before.
    ages_known = bool(text("age_min") or text("age_max"))
    age_min = age_field(text("age_min"), PREGNANCY, record, "age_min", problems)
    age_max = age_field(text("age_max"), MAX_AGE, record, "age_max", problems)
    if age_min > age_max:
        error("age_max", "The oldest age must be the same as or after the youngest age.")
    cost = text("cost").lower() or Cost.UNKNOWN
    if cost not in Cost.values:
        error("cost", f"'{cost}' is not one of {', '.join(Cost.values)}.")
    modes = []
    for value in listed(text("delivery_modes")):
        if value in vocab.modes:
            modes.append(value)
        else:
            error(
                "delivery_modes", f"'{value}' is not a way of giving help ({', '.join(sorted(vocab.modes))})."
            )
    languages = codes("languages", vocab.languages, "is not a language we list: left out.", "warning")
    features = codes(
        "accessibility", vocab.features, "is not an accessibility feature we list: left out.", "warning"
    )
    phone, email, website = text("phone"), text("email"), text("website")

    def normalised(column: str, given: str, read_as: str) -> str:
        if read_as != given:
            problems.append(
                Problem(record, column, f"'{given}' was read as '{read_as}'. Check it.", "warning")
            )
        return read_as

    # One obvious meaning each: the trunk "(0)" after +44, and a web address without its scheme.
    phone = normalised("phone", phone, TRUNK_ZERO.sub("+44 ", phone)) if phone else phone
    if website and BARE_DOMAIN.match(website):
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
    districts = codes("served_districts", vocab.districts, f"is not a district of {area.current().name}.")
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
        latitude = float_of(row.get(f"__latitude_{number}"))
        longitude = float_of(row.get(f"__longitude_{number}"))
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
                source_id=text_or_empty(row.get(f"__location_id_{number}"))[:255],
                description=venue_description(row, number, venue_name, record, problems),
            )
        )
    last_checked = None
    if text("last_checked"):
        try:
            last_checked = datetime.date.fromisoformat(text("last_checked")[:10])
        except ValueError:
            error("last_checked", f"'{text('last_checked')}' is not a date like 2025-01-31.")

    organisation_details = organisation_details_of(row, record, problems)
    alert = feed_text(row, "__alert", "alert", MAX_ALERT_LENGTH, record, problems)
    accreditations = feed_text(
        row, "__accreditations", "accreditations", MAX_ACCREDITATIONS_LENGTH, record, problems
    )
    funding = feed_text(row, "__funding", "funding", MAX_FUNDING_LENGTH, record, problems)
    contacts = contacts_of(row, record, problems)
    cost_options = cost_options_of(row, record, problems)
    other_opening_times = other_opening_times_of(row, record, problems)
    opening_descriptions = None
    if "__opening_descriptions" in row:  # one a line of opening_times, as sources.oruk_row wrote them
        opening_descriptions = []
        for words in json.loads(row["__opening_descriptions"] or "[]"):
            words = plain(words, record, "opening times", problems)
            if len(words) > 255:
                problems.append(
                    Problem(
                        record,
                        "opening times",
                        f"'{words[:40]}…': a description over 255 characters is not kept. Shorten it.",
                        "warning",
                    )
                )
                words = ""
            opening_descriptions.append(words)
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
            absent=frozenset(listed(row.get("__absent__") or "")),
            alert=alert,
            accreditations=accreditations,
            funding=funding,
            contacts=contacts,
            cost_options=cost_options,
            opening_descriptions=opening_descriptions,
            other_opening_times=other_opening_times,
            **organisation_details,
        ),
        problems,
    )


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
