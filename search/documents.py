"""What search knows about a service: one flat record built from a live `ServicePage`.

Both backends index exactly this record (the database backend as a `SearchDocument` row, the
Elasticsearch backend as a document of stems and keywords), which is what lets one contract test
suite hold them to the same answers.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from wagtail.rich_text import get_text_for_indexing

from directory import facets
from directory.models import ServicePage
from directory.models.choices import ServedArea

from . import text


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
    # Every filter's codes, by document field (`directory.facets`): what both backends filter and
    # count by.
    facets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def codes(self, field_name: str) -> tuple[str, ...]:
        return tuple(self.facets.get(field_name, ()))

    # What ranking and result cards read besides filtering.
    @property
    def themes(self) -> tuple[str, ...]:
        return self.codes("themes")

    @property
    def levels(self) -> tuple[str, ...]:
        return self.codes("levels")

    @property
    def access_routes(self) -> tuple[str, ...]:
        return self.codes("access_routes")

    @property
    def modes(self) -> tuple[str, ...]:
        return self.codes("modes")

    @property
    def title_terms(self) -> str:
        return " ".join(text.terms(self.name))

    @property
    def body_terms(self) -> str:
        return " ".join(text.terms(f"{self.summary} {self.body}"))


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
        facets=facets.facet_codes(page),
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
            *facets.PREFETCH,
            "served_districts",
            "locations",
        )
        .order_by("pk")
    )
