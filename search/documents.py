"""What search knows about a service: one flat record built from a live `ServicePage`.

Both backends index exactly this record (the database backend as a `SearchDocument` row, the
Elasticsearch backend as a document of stems and keywords), which is what lets one contract test
suite hold them to the same answers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from wagtail.rich_text import get_text_for_indexing

from directory.models import ServicePage
from directory.models.pages import ServedArea

from . import text

EVENING_STARTS = datetime.time(17, 30)
WEEKEND_DAYS = {5, 6}


@dataclass(frozen=True)
class LocationRecord:
    name: str
    postcode: str
    latitude: float
    longitude: float
    district: str | None


@dataclass(frozen=True)
class ServiceRecord:
    service_id: int
    name: str
    slug: str
    url_path: str
    url: str
    organisation: str
    summary: str
    body: str  # description, eligibility, organisation, theme names and their synonyms, as plain text
    kind: str
    cost: str
    age_min: int
    age_max: int
    themes: tuple[str, ...]
    levels: tuple[str, ...]
    access_routes: tuple[str, ...]
    modes: tuple[str, ...]
    when: tuple[str, ...]
    languages: tuple[str, ...]
    served_area: str
    served_districts: tuple[str, ...]
    last_checked: datetime.date
    next_review: datetime.date | None
    locations: tuple[LocationRecord, ...]
    # Ranking features (search/ranking.py): the theme the service was first tagged with (its main
    # need), and whether it is open 24 hours.
    primary_theme: str = ""
    always_open: bool = False
    ages_known: bool = True

    @property
    def title_terms(self) -> str:
        return " ".join(text.terms(self.name))

    @property
    def body_terms(self) -> str:
        return " ".join(text.terms(f"{self.summary} {self.body}"))


def opening_periods(page: ServicePage) -> tuple[str, ...]:
    """'evenings' and/or 'weekends', from the structured opening times."""
    if page.always_open:
        return ("evenings", "weekends")
    slots = list(page.opening_times.all())
    periods = []
    if any(slot.closes > EVENING_STARTS for slot in slots):
        periods.append("evenings")
    if any(slot.weekday in WEEKEND_DAYS for slot in slots):
        periods.append("weekends")
    return tuple(periods)


def build_record(page: ServicePage) -> ServiceRecord:
    """The search record of a service, from a page fetched `with_search_data()`."""
    theme_items = sorted(page.theme_items.all(), key=lambda item: item.pk or 0)
    themes = [item.tag for item in theme_items]
    theme_words = " ".join(
        f"{theme.name} " + " ".join(synonym.name for synonym in theme.synonyms.all()) for theme in themes
    )
    organisation = page.organisation.title if page.organisation_id else ""
    # Bounded (issue 13): no index or corrector ever sees more than the first pages of a listing,
    # nor a token longer than a real word, whatever was saved.
    # Wagtail's own rich-text-to-words: a space between paragraphs and list items (Django's
    # strip_tags would run "…plan.</p><p>Mediation" into one word) and entities decoded ("&amp;").
    description = get_text_for_indexing((page.description or "")[: 2 * text.MAX_INDEXED_CHARACTERS])
    body = text.bounded(
        " ".join(part for part in (description, page.eligibility, organisation, theme_words) if part)
    )
    return ServiceRecord(
        service_id=page.pk,
        name=page.title,
        slug=page.slug,
        url_path=page.url_path,
        url=page.url or "",
        organisation=organisation,
        summary=page.summary,
        body=" ".join(body.split()),
        kind=page.kind,
        cost=page.cost,
        age_min=page.age_min,
        age_max=page.age_max,
        ages_known=page.ages_known,
        themes=tuple(sorted(theme.slug for theme in themes)),
        levels=tuple(sorted(str(level.number) for level in page.levels.all())),
        access_routes=tuple(sorted(route.route for route in page.access_routes.all())),
        modes=tuple(sorted(mode.slug for mode in page.delivery_modes.all())),
        when=opening_periods(page),
        languages=tuple(sorted(language.code for language in page.languages.all())),
        served_area=page.served_area,
        served_districts=tuple(sorted(district.slug for district in page.served_districts.all()))
        if page.served_area == ServedArea.DISTRICTS
        else (),
        last_checked=page.last_checked,
        next_review=page.next_review,
        locations=tuple(
            LocationRecord(
                location.name, location.postcode, location.latitude, location.longitude, location.district_id
            )
            for location in page.locations.all()
            if location.latitude is not None and location.longitude is not None
        ),
        primary_theme=themes[0].slug if themes else "",
        always_open=page.always_open,
    )


def services_for_indexing():
    """Live services with everything `build_record` reads, in a fixed number of queries."""
    return (
        ServicePage.objects.live()
        .select_related("organisation")
        .prefetch_related(
            "theme_items__tag__synonyms",
            "levels",
            "access_routes",
            "delivery_modes",
            "opening_times",
            "languages",
            "served_districts",
            "locations",
        )
        .order_by("pk")
    )
