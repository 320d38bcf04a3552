"""What the API answers, below the views: parse the ORUK parameters, ask the site's search engine,
page the result.

Text, taxonomy terms and place go to the same search backend the site's search page uses
(`search.query.SearchQuery` → `search.backends.get_backend()`, with the words analysed by
`search.service.analyse_text`), so a feed consumer and a family get the same answers. The ORUK-only
restrictions (age bounds, modified since) are applied to the ids the engine returns.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone

from directory import distances, geo
from directory.models import OrganisationPage, ServiceLocation, ServicePage
from search.backends import get_backend
from search.query import MAX_PAGE, MAX_TEXT_LENGTH, PER_PAGE_CHOICES, SearchQuery, printable
from search.service import analyse_text

from . import ids, serializers
from .schemas import DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_PROXIMITY_METRES
from .taxonomies import ACCESS_ROUTES, DFE_CATEGORIES, KINDS, LEVELS, NEED_THEMES, Vocabularies

METRES_PER_MILE = 1609.344
# Every match is read in one request to the engine: as deep as the site's own search can page.
SEARCH_WINDOW = MAX_PAGE * max(PER_PAGE_CHOICES)
# Without `proximity`, a postcode asks which services cover it; venues further than this are still
# listed (nearest first) when the service covers the postcode.
COVERAGE_RADIUS_MILES = 5


class BadRequest(ValueError):
    """A parameter the API cannot use; `message` says which and why."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Filters:
    text: str = ""
    taxonomy_term_id: str = ""
    taxonomy_id: str = ""
    minimum_age: float | None = None
    maximum_age: float | None = None
    modified_after: datetime.datetime | None = None
    place: geo.Place | None = None
    proximity_miles: float | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


def _first(params: Mapping, name: str) -> str:
    value = params.get(name, "")
    value = value[0] if isinstance(value, list | tuple) else value
    return printable(value or "")


def _typed(params: Mapping, name: str) -> str:
    """A number's or a date's text; "" when the parameter is absent, 400 when it is given empty
    (`per_page=`), which used to be taken silently as no filter."""
    raw = _first(params, name)
    if not raw.strip() and name in params:
        raise BadRequest(f"`{name}` is empty: give it a value, or leave it out.")
    return raw


def _integer(params: Mapping, name: str, default: int, low: int, high: int | None = None) -> int:
    raw = _typed(params, name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"`{name}` must be a whole number.") from None
    if value < low or high is not None and value > high:
        limit = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise BadRequest(f"`{name}` must be {limit}.")
    return value


def _number(params: Mapping, name: str) -> float | None:
    raw = _typed(params, name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"`{name}` must be a number.") from None
    if not math.isfinite(value):
        raise BadRequest(f"`{name}` must be a number.")
    return value


def _datetime(params: Mapping, name: str) -> datetime.datetime | None:
    raw = _typed(params, name)
    if not raw:
        return None
    try:
        value = datetime.datetime.fromisoformat(raw.upper().replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(f"`{name}` must be a date and time such as 2025-01-31T09:00:00Z.") from None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value


def parse_paging(params: Mapping) -> tuple[int, int]:
    return (
        _integer(params, "page", 1, 1),
        _integer(params, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
    )


def parse_filters(params: Mapping, *, with_place: bool = False) -> Filters:
    """The ORUK query parameters as `Filters`. Raises `BadRequest` for anything unusable."""
    page, per_page = parse_paging(params)
    text = " ".join((_first(params, "text") or _first(params, "search")).split())[:MAX_TEXT_LENGTH]
    place, proximity = None, None
    if with_place:
        postcode = _first(params, "postcode")
        proximity_metres = _number(params, "proximity")
        if proximity_metres is not None and not 0 <= proximity_metres <= MAX_PROXIMITY_METRES:
            raise BadRequest(f"`proximity` must be a distance in metres, from 0 to {MAX_PROXIMITY_METRES:,}.")
        if proximity_metres is not None and not postcode:
            raise BadRequest("`proximity` needs a `postcode` to measure from.")
        if postcode:
            try:
                place = geo.locate_postcode(postcode[: geo.MAX_PLACE_LENGTH * 2])
            except geo.PlaceNotFound as error:
                raise BadRequest(f"`postcode`: {error.message}") from None
        if proximity_metres is not None:
            proximity = proximity_metres / METRES_PER_MILE
    return Filters(
        text=text,
        taxonomy_term_id=_first(params, "taxonomy_term_id"),
        taxonomy_id=_first(params, "taxonomy_id"),
        minimum_age=_number(params, "minimum_age"),
        maximum_age=_number(params, "maximum_age"),
        modified_after=_datetime(params, "modified_after"),
        place=place,
        proximity_miles=proximity,
        page=page,
        per_page=per_page,
    )


# --------------------------------------------------------------------------- asking the engine


def _taxonomy_restriction(filters: Filters, vocabularies: Vocabularies) -> dict | None:
    """SearchQuery filters for the taxonomy parameters; None when nothing can match."""
    chosen: dict[str, tuple[str, ...]] = {}
    if filters.taxonomy_term_id:
        term = vocabularies.by_id.get(filters.taxonomy_term_id.lower())
        if term is None:
            return None
        if term.taxonomy == NEED_THEMES:
            chosen["themes"] = (term.key,)
        elif term.taxonomy == DFE_CATEGORIES:
            chosen["themes"] = vocabularies.themes_for_term(term)
        elif term.taxonomy == KINDS:
            chosen["kinds"] = (term.key,)
        elif term.taxonomy == LEVELS:
            chosen["levels"] = (term.key,)
        elif term.taxonomy == ACCESS_ROUTES:
            chosen["access_routes"] = (term.key,)
        if not all(chosen.values()):
            return None
    if filters.taxonomy_id:
        key = next(
            (
                key
                for key in vocabularies.taxonomy_keys()
                if ids.taxonomy_id(key) == filters.taxonomy_id.lower()
            ),
            None,
        )
        if key is None:
            return None
        if key in (NEED_THEMES, DFE_CATEGORIES):
            slugs = tuple(
                slug
                for slug, categories in vocabularies.theme_categories.items()
                if key == NEED_THEMES or categories
            )
            if "themes" in chosen:
                slugs = tuple(slug for slug in chosen["themes"] if slug in slugs)
            if not slugs:
                return None
            chosen["themes"] = slugs
        # Every service has a kind, a level and an access route: those taxonomies restrict nothing.
    return chosen


def search_hits(filters: Filters, vocabularies: Vocabularies, *, place_radius: float | None = None):
    """The engine's hits for these filters, best first (every hit, not one page)."""
    restriction = _taxonomy_restriction(filters, vocabularies)
    if restriction is None:
        return []
    radius = place_radius if place_radius is not None else COVERAGE_RADIUS_MILES
    sort = "relevance" if filters.text else ("nearest" if filters.place else "name")
    query = SearchQuery(
        text=filters.text,
        near=filters.place.label if filters.place else "",
        place=filters.place,
        radius_miles=radius,
        sort=sort,
        page=1,
        per_page=SEARCH_WINDOW,
        one_per_service=False,
        **restriction,
    )
    return get_backend().search(query, analyse_text(query)).hits


def _restrict(service_ids: list[int], filters: Filters) -> list[int]:
    """Keep the live services meeting the ORUK-only filters, in the engine's order."""
    rows = (
        ServicePage.objects.live()
        .filter(id__in=service_ids)
        .values_list("id", "age_min", "age_max", "last_published_at")
    )
    keep = set()
    for service_id, age_min, age_max, published in rows:
        if filters.minimum_age is not None and serializers.years(age_min) < filters.minimum_age:
            continue
        if filters.maximum_age is not None and serializers.years(age_max) > filters.maximum_age:
            continue
        if filters.modified_after is not None and (published is None or published < filters.modified_after):
            continue
        keep.add(service_id)
    return [service_id for service_id in service_ids if service_id in keep]


@dataclass
class Paged:
    contents: list
    total_items: int
    page: int
    per_page: int

    def as_oruk(self) -> dict:
        total_pages = math.ceil(self.total_items / self.per_page) if self.total_items else 0
        return {
            "total_items": self.total_items,
            "total_pages": total_pages,
            "page_number": self.page,
            "size": len(self.contents),
            "first_page": self.page == 1,
            "last_page": self.page >= total_pages,
            "empty": not self.contents,
            "contents": self.contents,
        }


def _slice(items: list, page: int, per_page: int) -> list:
    start = (page - 1) * per_page
    return items[start : start + per_page]


def services(filters: Filters) -> Paged:
    vocabularies = Vocabularies.load()
    ordered = _restrict([hit.service_id for hit in search_hits(filters, vocabularies)], filters)
    wanted = _slice(ordered, filters.page, filters.per_page)
    pages = serializers.service_queryset().in_bulk(wanted)
    contents = [serializers.service_summary(pages[pk]) for pk in wanted if pk in pages]
    return Paged(contents, len(ordered), filters.page, filters.per_page)


def service_at_locations(filters: Filters) -> Paged:
    """Services at venues. With a postcode: nearest first; with a proximity, only venues that near."""
    vocabularies = Vocabularies.load()
    hits = search_hits(filters, vocabularies, place_radius=filters.proximity_miles)
    if filters.proximity_miles is not None:
        hits = [hit for hit in hits if hit.coverage == "venue"]
    ordered = _restrict([hit.service_id for hit in hits], filters)
    rank = {service_id: position for position, service_id in enumerate(ordered)}
    venues = list(
        ServiceLocation.objects.filter(service_id__in=ordered).values_list(
            "id", "service_id", "latitude", "longitude", "sort_order"
        )
    )
    if filters.place is not None:
        measured = (
            distances.distances_miles(
                filters.place.coordinates,
                [venue[2] if venue[2] is not None else math.nan for venue in venues],
                [venue[3] if venue[3] is not None else math.nan for venue in venues],
            )
            if venues
            else []
        )
        pairs = [
            (
                float(distance) if math.isfinite(distance) else math.inf,
                rank[venue[1]],
                venue[4] or 0,
                venue[0],
            )
            for venue, distance in zip(venues, measured, strict=True)
        ]
        if filters.proximity_miles is not None:
            pairs = [pair for pair in pairs if pair[0] <= filters.proximity_miles]
        pairs.sort()
    else:
        pairs = sorted((0.0, rank[venue[1]], venue[4] or 0, venue[0]) for venue in venues)
    wanted = [pair[3] for pair in _slice(pairs, filters.page, filters.per_page)]
    by_id = ServiceLocation.objects.select_related("district").in_bulk(wanted)
    pages = serializers.service_queryset().in_bulk({by_id[pk].service_id for pk in wanted})
    contents = [
        serializers.service_at_location_summary(pages[by_id[pk].service_id], by_id[pk]) for pk in wanted
    ]
    return Paged(contents, len(pairs), filters.page, filters.per_page)


# --------------------------------------------------------------------------- single objects


def service_by_id(raw_id: str) -> dict | None:
    oruk_id = ids.parse_uuid(raw_id)
    if oruk_id is None:
        return None
    page = serializers.service_queryset().filter(oruk_id=oruk_id).first()
    return serializers.service(page, Vocabularies.load()) if page else None


def service_at_location_by_id(raw_id: str) -> dict | None:
    wanted = ids.parse_uuid(raw_id)
    if wanted is None:
        return None
    live_venues = ServiceLocation.objects.filter(service__live=True).values_list("id", "oruk_id")
    match = next(
        (pk for pk, oruk_id in live_venues if ids.service_at_location_id(oruk_id) == str(wanted)), None
    )
    if match is None:
        return None
    venue = ServiceLocation.objects.select_related("district").get(pk=match)
    page = serializers.service_queryset().filter(pk=venue.service_id).first()
    if page is None:
        return None
    return serializers.service_at_location(page, venue, Vocabularies.load())


def organizations(page: int, per_page: int) -> Paged:
    """Live organisations by name (those with no live service too: they are on the site)."""
    found = OrganisationPage.objects.live().order_by("title", "pk")
    total = found.count()
    start = (page - 1) * per_page
    contents = [serializers.organization(org) for org in found[start : start + per_page]]
    return Paged(contents, total, page, per_page)


def organization_by_id(raw_id: str) -> dict | None:
    oruk_id = ids.parse_uuid(raw_id)
    if oruk_id is None:
        return None
    org = OrganisationPage.objects.live().filter(oruk_id=oruk_id).first()
    if org is None:
        return None
    services = serializers.service_queryset().filter(organisation=org).order_by("title", "pk")
    return serializers.organization_full(org, list(services))


def taxonomies(page: int, per_page: int) -> Paged:
    vocabularies = Vocabularies.load()
    everything = [vocabularies.taxonomy_as_oruk(key) for key in vocabularies.taxonomy_keys()]
    return Paged(_slice(everything, page, per_page), len(everything), page, per_page)


def taxonomy_by_id(raw_id: str) -> dict | None:
    vocabularies = Vocabularies.load()
    for key in vocabularies.taxonomy_keys():
        if ids.taxonomy_id(key) == raw_id.lower():
            return vocabularies.taxonomy_as_oruk(key)
    return None


def taxonomy_terms(page: int, per_page: int) -> Paged:
    vocabularies = Vocabularies.load()
    everything = [term.as_oruk() for terms in vocabularies.terms.values() for term in terms]
    return Paged(_slice(everything, page, per_page), len(everything), page, per_page)


def taxonomy_term_by_id(raw_id: str) -> dict | None:
    term = Vocabularies.load().by_id.get(raw_id.lower())
    return term.as_oruk() if term else None


def root_document(openapi_url: str) -> dict:
    return {
        "version": serializers.API_VERSION,
        "profile": serializers.PROFILE_URL,
        "openapi_url": openapi_url,
    }
