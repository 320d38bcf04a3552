"""What a result card shows about a service, and the labels it shares with the service page.

A card can be built from a live `ServicePage` (browse and organisation pages, which have the page
anyway) or, for search results, from the service's search document in one query, with no page
objects at all (`search.service.service_cards`). Both go through the label functions here, so a
card reads the same whichever way it was built.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from . import area, review
from .ages import PREGNANCY

NATIONAL, COUNTY = "national", "county"  # directory.models.choices.ServedArea values

# Short names for the ways in, least to most formal, for cards and the shortlist (the service page
# uses the fuller labels).
# Families' words on result cards (the professional terms are on the service page and in "More filters").
ACCESS_ROUTE_SHORT_LABELS = {
    "self_referral": "You can refer yourself",
    "professional_referral": "A professional refers you",
    "early_help_assessment": "After a talk with an early help worker",
    "statutory_referral": "A social worker refers you",
}


@dataclass(frozen=True)
class Theme:
    slug: str
    name: str


def themes_by_name(themes: Iterable[Theme]) -> tuple[Theme, ...]:
    return tuple(sorted(themes, key=lambda theme: theme.name.casefold()))


def routes_in_order(routes: Iterable[str]) -> tuple[str, ...]:
    """Ways in from the least to the most formal, as families read them."""
    order = list(ACCESS_ROUTE_SHORT_LABELS)
    return tuple(
        sorted(set(routes), key=lambda route: (order.index(route) if route in order else len(order), route))
    )


def age_range_label(age_min: int, age_max: int, known: bool = True) -> str:
    if not known:
        return "Ask the service"
    if age_min == PREGNANCY and age_max == PREGNANCY:
        return "During pregnancy"
    if age_min == PREGNANCY:
        return f"Pregnancy to age {age_max}"
    return f"Ages {age_min} to {age_max}" if age_min != age_max else f"Age {age_min}"


def served_area_label(served_area: str, district_names: Iterable[str]) -> str:
    if served_area == NATIONAL:
        return "National service"
    if served_area == COUNTY:
        return f"Covers all of {area.current().name}"
    names = list(district_names)
    if not names:
        return ""
    return "Covers " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_label(day: datetime.date | None) -> str:
    """What the template filter `date:"j F Y"` prints: "3 March 2025"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""


@dataclass(frozen=True)
class ServiceCard:
    service_id: int
    slug: str
    title: str
    url: str
    organisation: str
    summary: str
    kind: str
    cost: str
    age_min: int
    age_max: int
    themes: tuple[Theme, ...]
    levels: tuple[int, ...]
    access_routes: tuple[str, ...]  # AccessRouteKind values
    modes: tuple[str, ...]  # delivery mode slugs
    served_area: str
    served_district_names: tuple[str, ...]
    last_checked: datetime.date
    next_review: datetime.date | None
    # The need the service is mainly for (the first theme it was tagged with): a pathway outcome
    # lists services whose main need is the outcome's, not every service that mentions it.
    primary_theme: str = ""

    ages_known: bool = True

    @classmethod
    def from_page(cls, page) -> ServiceCard:
        """From a page fetched `with_listing_data()`."""
        return cls(
            service_id=page.pk,
            slug=page.slug,
            title=page.title,
            url=page.url or "",
            organisation=page.organisation.title if page.organisation_id else "",
            summary=page.summary,
            kind=page.kind,
            cost=page.cost,
            age_min=page.age_min,
            age_max=page.age_max,
            themes=themes_by_name(Theme(tag.slug, tag.name) for tag in page.theme_list),
            levels=tuple(page.level_numbers),
            access_routes=routes_in_order(route.route for route in page.access_routes.all()),
            modes=tuple(sorted(mode.slug for mode in page.delivery_modes.all())),
            served_area=page.served_area,
            served_district_names=page.served_district_names,
            last_checked=page.last_checked,
            next_review=page.next_review,
            primary_theme=min(page.theme_items.all(), key=lambda item: item.pk or 0).tag.slug
            if page.theme_list
            else "",
            ages_known=page.ages_known,
        )

    @property
    def age_range_label(self) -> str:
        return age_range_label(self.age_min, self.age_max, self.ages_known)

    @property
    def served_area_label(self) -> str:
        return served_area_label(self.served_area, self.served_district_names)

    @property
    def access_route_labels(self) -> list[str]:
        return [ACCESS_ROUTE_SHORT_LABELS.get(route, route) for route in self.access_routes]

    # Labels a card prints, made here rather than by template filters: a results page prints 20
    # cards, and Django's `date` filter alone cost a fifth of a millisecond per card.

    @property
    def theme_names(self) -> str:
        """ "Domestic abuse, Parenting" """
        return ", ".join(theme.name for theme in self.themes)

    @property
    def access_routes_label(self) -> str:
        return "; ".join(self.access_route_labels)

    @property
    def last_checked_label(self) -> str:
        """ "3 March 2025" (the site is in English only: `LANGUAGE_CODE` en-gb)."""
        return date_label(self.last_checked)

    @property
    def is_due_for_review(self) -> bool:
        return review.is_due(self.next_review)

    @property
    def is_out_of_date(self) -> bool:
        return review.is_out_of_date(self.next_review)
