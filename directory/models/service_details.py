"""The rows a service page holds inline (its InlinePanels): ways in, opening times, venues,
contacts (people to ask for, further numbers) and prices.

Each belongs to one ServicePage (a ParentalKey, so they are saved in the page's revisions).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from .. import cards, geo
from ..validators import phone_digits, validate_postcode_exists, validate_uk_phone
from .choices import AccessRouteKind, PhoneType, Weekday
from .limits import MAX_ADDRESS_LENGTH, MAX_HOW_TO_LENGTH, MAX_VENUE_DESCRIPTION_LENGTH


class AccessRoute(Orderable):
    """One way into a service, with what to do: "Call us on…", "Ask your health visitor…"."""

    service = ParentalKey("directory.ServicePage", on_delete=models.CASCADE, related_name="access_routes")
    route = models.CharField(max_length=30, choices=AccessRouteKind.choices)
    how_to = models.TextField(
        "how to",
        max_length=MAX_HOW_TO_LENGTH,
        validators=[MaxLengthValidator(MAX_HOW_TO_LENGTH)],
        help_text="What a family or professional needs to do, in plain English.",
    )

    panels = [FieldPanel("route"), FieldPanel("how_to")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["service", "route"], name="one_of_each_access_route")]

    @property
    def short_label(self) -> str:
        """For cards and the shortlist; the service page uses the fuller get_route_display."""
        return cards.ACCESS_ROUTE_SHORT_LABELS.get(self.route) or self.get_route_display()

    def __str__(self) -> str:
        return self.get_route_display()


class OpeningTime(Orderable):
    """One opening session: a weekday, a start and an end. Several rows for split days."""

    service = ParentalKey("directory.ServicePage", on_delete=models.CASCADE, related_name="opening_times")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()
    # A feed's own words for the session ("Mondays and Tuesdays, 9am to 3pm"); shown under the table.
    description = models.CharField(max_length=255, blank=True, help_text="Optional, e.g. 'Drop-in'.")

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["weekday", "opens"]

    def clean(self):
        super().clean()
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": "The closing time must be after the opening time."})

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ServiceLocation(Orderable):
    """A venue where the service happens. Coordinates and district come from the postcode."""

    service = ParentalKey("directory.ServicePage", on_delete=models.CASCADE, related_name="locations")
    name = models.CharField("venue", max_length=120)
    address = models.TextField(
        max_length=MAX_ADDRESS_LENGTH,
        validators=[MaxLengthValidator(MAX_ADDRESS_LENGTH)],
        help_text="Street address, one line per row, without the postcode.",
    )
    town = models.CharField(max_length=60)
    postcode = models.CharField(max_length=10, validators=[validate_postcode_exists])
    latitude = models.FloatField(
        blank=True, null=True, help_text="Filled in from the postcode if left blank."
    )
    longitude = models.FloatField(
        blank=True, null=True, help_text="Filled in from the postcode if left blank."
    )
    district = models.ForeignKey(
        "directory.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Filled in from the postcode if left blank.",
    )
    # Open Referral UK: the venue's public, stable identifier.
    oruk_id = models.UUIDField("Open Referral id", default=uuid.uuid4, unique=True, editable=False)
    # The venue's id in the feed it was imported from (openreferral/), so a later import of that feed
    # updates this venue rather than adding another; empty for venues entered here.
    source_id = models.CharField(max_length=255, blank=True, editable=False)
    description = models.TextField(
        "about the venue",
        blank=True,
        max_length=MAX_VENUE_DESCRIPTION_LENGTH,
        validators=[MaxLengthValidator(MAX_VENUE_DESCRIPTION_LENGTH)],
        help_text="Finding it and getting in, e.g. 'Ground floor at the back of the library; step-free entrance'.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("town"), FieldPanel("postcode")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldPanel("district"),
        FieldPanel("description"),
    ]

    def __str__(self) -> str:
        return f"{self.name}, {self.postcode}"

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    def fill_from_postcode(self) -> None:
        """Normalise the postcode; fill in coordinates and district where they are missing."""
        if not self.postcode:
            return
        try:
            place = geo.locate_postcode(self.postcode)
        except geo.PlaceNotFound:
            return
        self.postcode = geo.normalise_postcode(self.postcode)
        if self.latitude is None or self.longitude is None:
            self.latitude, self.longitude = place.latitude, place.longitude
        if self.district_id is None and place.district:
            self.district_id = place.district

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Give both latitude and longitude, or neither to use the postcode.")
        self.fill_from_postcode()

    def save(self, *args, **kwargs):
        self.fill_from_postcode()
        if self._state.adding and ServiceLocation.objects.filter(oruk_id=self.oruk_id).exists():
            # A copied page copies its venues, ids and all; a copy is a new venue.
            self.oruk_id, self.source_id = uuid.uuid4(), ""
        super().save(*args, **kwargs)


class ServiceContact(Orderable):
    """A person to ask for, or another number to ring, beside the service's main phone and email.

    One number a row: a person with two numbers is two rows with the same name (published as one
    Open Referral contact with two phones). A row without a name or job title is another of the
    service's own numbers ("Text only", "Out of hours")."""

    service = ParentalKey("directory.ServicePage", on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(
        max_length=120,
        blank=True,
        help_text="A person to ask for. Leave blank for another of the service's numbers.",
    )
    title = models.CharField("job title", max_length=120, blank=True, help_text="E.g. 'Family support lead'.")
    phone = models.CharField(max_length=40, blank=True, validators=[validate_uk_phone])
    phone_type = models.CharField("kind of number", max_length=10, blank=True, choices=PhoneType.choices)
    phone_description = models.CharField(
        "what the number is for",
        max_length=255,
        blank=True,
        help_text="E.g. 'Text only', 'Out of hours' or 'Monday to Friday, 9am to 5pm'.",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("phone_type")]),
        FieldPanel("phone_description"),
    ]

    def clean(self):
        super().clean()
        if not (self.name or self.title or self.phone):
            raise ValidationError("Give a name, a job title or a phone number.")
        if (self.phone_type or self.phone_description) and not self.phone:
            raise ValidationError({"phone": "Give the number this describes."})

    @property
    def is_person(self) -> bool:
        return bool(self.name or self.title)

    @property
    def label(self) -> str:
        """What the service page calls this row: "Ask for", or what the number is for."""
        if self.is_person:
            return "Ask for"
        return self.phone_description or (self.get_phone_type_display() if self.phone_type else "Other phone")

    @property
    def phone_link(self) -> str:
        return phone_digits(self.phone)

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.title, self.phone) if part)


CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


class CostOption(Orderable):
    """One price: what it is for, how much, and when it applies (Open Referral's `cost_options`).
    The listing's cost ("Free", "There is a cost"…) and cost detail stay the summary families see
    first; these rows are the prices behind it."""

    service = ParentalKey("directory.ServicePage", on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField("what it is for", max_length=255, blank=True, help_text="E.g. 'Each session'.")
    amount = models.DecimalField(
        max_digits=9, decimal_places=2, blank=True, null=True, validators=[MinValueValidator(Decimal(0))]
    )
    currency = models.CharField(
        max_length=3, blank=True, help_text="A currency code, e.g. GBP. Leave blank for pounds."
    )
    amount_description = models.CharField(
        "details", max_length=255, blank=True, help_text="E.g. 'Free for the first session'."
    )
    valid_from = models.DateField(blank=True, null=True)
    valid_to = models.DateField(blank=True, null=True)

    panels = [
        FieldPanel("option"),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("currency")]),
        FieldPanel("amount_description"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
    ]

    def clean(self):
        super().clean()
        if not (self.option or self.amount is not None or self.amount_description):
            raise ValidationError("Give what the price is for, an amount or details.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "The end must be on or after the start."})
        if self.currency and not (len(self.currency) == 3 and self.currency.isalpha()):
            raise ValidationError({"currency": "Give a three-letter currency code, like GBP."})
        self.currency = self.currency.upper()

    @property
    def price(self) -> str:
        """The amount as a family reads it: "£25", "£2.50", "Free"; "" when not given."""
        if self.amount is None:
            return ""
        if self.amount == 0:
            return "Free"
        amount = f"{self.amount:,.0f}" if self.amount == self.amount.to_integral() else f"{self.amount:,.2f}"
        currency = (self.currency or "GBP").upper()
        symbol = CURRENCY_SYMBOLS.get(currency)
        return f"{symbol}{amount}" if symbol else f"{amount} {currency}"

    @property
    def dates_label(self) -> str:
        """When the price applies, in words: "1 January 2026 to 31 December 2026"."""

        def day(value: datetime.date) -> str:
            return f"{value.day} {value:%B %Y}"

        if self.valid_from and self.valid_to:
            return f"{day(self.valid_from)} to {day(self.valid_to)}"
        if self.valid_from:
            return f"from {day(self.valid_from)}"
        if self.valid_to:
            return f"until {day(self.valid_to)}"
        return ""

    def __str__(self) -> str:
        return " ".join(part for part in (self.option, self.price) if part)


class OtherOpeningTime(Orderable):
    """A time the weekly table cannot show: days without hours ("Saturdays, by appointment"), a
    monthly pattern ("the 1st of each month"), every other week, or times that only apply between
    two dates. Kept as Open Referral's schedule fields (iCal's), with the feed's words for it."""

    service = ParentalKey(
        "directory.ServicePage", on_delete=models.CASCADE, related_name="other_opening_times"
    )
    description = models.CharField(
        "in words",
        max_length=255,
        blank=True,
        help_text="How a family would say it, e.g. 'First Monday of the month, 10am to 11:30am'.",
    )
    freq = models.CharField(
        "repeats",
        max_length=10,
        blank=True,
        choices=[("WEEKLY", "Weekly"), ("MONTHLY", "Monthly")],
    )
    interval = models.PositiveSmallIntegerField(
        "every", blank=True, null=True, help_text="E.g. 2 for every other week."
    )
    byday = models.CharField(
        "days", max_length=60, blank=True, help_text="iCal days, e.g. 'MO,TU', or '1MO' for the first Monday."
    )
    bymonthday = models.CharField(
        "days of the month", max_length=100, blank=True, help_text="E.g. '1' or '1,15'."
    )
    opens = models.TimeField(blank=True, null=True)
    closes = models.TimeField(blank=True, null=True)
    dtstart = models.DateField("first date", blank=True, null=True)
    until = models.DateField("last date", blank=True, null=True)
    valid_from = models.DateField(blank=True, null=True)
    valid_to = models.DateField(blank=True, null=True)

    panels = [
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("freq"), FieldPanel("interval")]),
        FieldRowPanel([FieldPanel("byday"), FieldPanel("bymonthday")]),
        FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")]),
        FieldRowPanel([FieldPanel("dtstart"), FieldPanel("until")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
    ]

    def clean(self):
        super().clean()
        if not (self.description or self.byday or self.bymonthday):
            raise ValidationError("Say when in words, or give the days.")
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": "The closing time must be after the opening time."})
        for start, end in (("dtstart", "until"), ("valid_from", "valid_to")):
            if getattr(self, start) and getattr(self, end) and getattr(self, end) < getattr(self, start):
                raise ValidationError({end: "This must be on or after the start."})

    @property
    def in_words(self) -> str:
        """The feed's words, or the days and times said plainly when it gave none."""
        if self.description:
            return self.description
        days = ", ".join(_day_in_words(day) for day in self.byday.split(",") if day)
        parts = [days] if days else []
        if self.bymonthday:
            parts.append(f"day {self.bymonthday} of each month")
        if self.opens and self.closes:
            parts.append(f"{self.opens:%H:%M} to {self.closes:%H:%M}")
        return ", ".join(parts)

    @property
    def dates_label(self) -> str:
        start, end = self.valid_from or self.dtstart, self.valid_to or self.until
        if start and end:
            return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
        if start:
            return f"from {start.day} {start:%B %Y}"
        if end:
            return f"until {end.day} {end:%B %Y}"
        return ""

    def __str__(self) -> str:
        return self.in_words


def _day_in_words(code: str) -> str:
    """iCal's "MO" as "Mondays", "1FR" as "the first Friday of the month"."""
    day, nth = _DAY_WORDS.get(code[-2:], code), code[:-2].lstrip("+")
    if not nth:
        return day
    return f"the {_ORDINALS.get(nth, nth)} {day.removesuffix('s')} of the month"


_ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "5": "fifth", "-1": "last"}
_DAY_WORDS = {
    "MO": "Mondays",
    "TU": "Tuesdays",
    "WE": "Wednesdays",
    "TH": "Thursdays",
    "FR": "Fridays",
    "SA": "Saturdays",
    "SU": "Sundays",
}
