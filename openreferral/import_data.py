"""What an import reads and reports: a checked service (`ServiceData`, `Venue`), a `Problem`
and the `Report`, and the limits every imported text is held to (`TEXT_LIMITS`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from directory.models.limits import (
    MAX_DESCRIPTION_LENGTH,
    MAX_ELIGIBILITY_LENGTH,
)

MAX_IMPORT_BYTES = 5 * 1024 * 1024
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


@dataclass(frozen=True)
class Contact:
    """A person to ask for, or another of the service's numbers (`ServiceContact`)."""

    name: str = ""
    title: str = ""
    phone: str = ""
    phone_type: str = ""
    phone_description: str = ""


@dataclass(frozen=True)
class Price:
    """One cost option beyond the listing's cost and cost detail (`CostOption`)."""

    option: str = ""
    amount: Decimal | None = None
    currency: str = ""
    amount_description: str = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None


@dataclass(frozen=True)
class OtherTime:
    """A schedule the weekly table cannot show (`OtherOpeningTime`)."""

    description: str = ""
    freq: str = ""
    interval: int | None = None
    byday: str = ""
    bymonthday: str = ""
    opens: datetime.time | None = None
    closes: datetime.time | None = None
    dtstart: datetime.date | None = None
    until: datetime.date | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None


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
    # Open Referral only: None when the record does not give them (a CSV), so a listing keeps its own.
    alert: str | None = None
    accreditations: str | None = None
    funding: str | None = None  # one source a line
    # People to ask for and further numbers (beyond `phone`); None: not given, a listing keeps its own.
    contacts: list[Contact] | None = None
    # Prices (cost options beyond the cost and its detail); None: not given, a listing keeps its own.
    cost_options: list[Price] | None = None
    # A feed's own words for each weekly session, in the order of `opening_times` ("" for none),
    # and the times the weekly table cannot show; None: not given, a listing keeps its own.
    opening_descriptions: list[str] | None = None
    other_opening_times: list[OtherTime] | None = None


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
