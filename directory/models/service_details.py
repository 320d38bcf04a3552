"""The rows a service page holds inline (its InlinePanels): ways in, opening times and venues.

Each belongs to one ServicePage (a ParentalKey, so they are saved in the page's revisions).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from .. import cards, geo
from ..validators import validate_postcode_exists
from .choices import AccessRouteKind, Weekday
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

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

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
