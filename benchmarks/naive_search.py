"""The naive baseline `make bench` compares the search with: what a Wagtail developer writes first.

Wagtail's page search (or every live page), then distances (geopy), filters, facets, sorting and
paging in Python over the page objects. Relations are prefetched, so it is naive but not N+1. It
reads the pages' own relations on purpose (that is the naive way); the real search reads the
documents `search.documents.build_record` makes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


def naive_prefetch() -> tuple[str, ...]:
    from directory import facets

    return ("locations", *facets.PREFETCH, "served_districts")


def _naive_values(page) -> dict[str, set[str]]:
    """A page's value of every facet, read from its (prefetched) relations by the facet registry."""
    from directory import facets

    return {facet.parameter: set(facet.codes(page)) for facet in facets.FACETS}


def _naive_covers(page, place) -> bool:
    if page.served_area == "national":
        return True
    if place.district is None:
        return False
    if page.served_area == "county":
        return True
    return place.district in {district.slug for district in page.served_districts.all()}


@dataclass
class NaiveResults:
    total: int
    items: list
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def naive_search(query) -> NaiveResults:
    """One naive search (see the module's docstring) for a parsed `SearchQuery`."""
    from directory.distances import distance_miles
    from directory.models import ServicePage
    from search.query import FACET_PARAMETERS

    pages = ServicePage.objects.live().select_related("organisation").prefetch_related(*naive_prefetch())
    if query.text:
        pages = pages.search(query.text)
    found = []
    for page in pages:
        distance = None
        if query.place is not None:
            distances = [
                distance_miles(query.place.coordinates, (venue.latitude, venue.longitude))
                for venue in page.locations.all()
                if venue.latitude is not None and venue.longitude is not None
            ]
            nearest = min(distances, default=None)
            if nearest is not None and nearest <= query.radius_miles:
                distance = nearest
            elif not _naive_covers(page, query.place):
                continue
        found.append((page, distance, _naive_values(page)))

    selected = {parameter: set(query.selected(parameter)) for parameter in FACET_PARAMETERS}
    active = [parameter for parameter in FACET_PARAMETERS if selected[parameter]]

    def passes(values: dict[str, set[str]], skip: str | None = None) -> bool:
        return all(values[p] & selected[p] for p in active if p != skip)

    facets = {}
    for parameter in FACET_PARAMETERS:
        counts: Counter = Counter()
        for _, _, values in found:
            if passes(values, skip=parameter):
                counts.update(values[parameter])
        facets[parameter] = dict(counts)
    results = [(page, distance) for page, distance, values in found if passes(values)]
    if query.place is not None:
        results.sort(key=lambda item: (item[1] is None, item[1] or 0.0, item[0].title.casefold()))
    elif not query.text:
        results.sort(key=lambda item: item[0].title.casefold())
    start = (query.page - 1) * query.per_page
    # Totals count services, one per organisation and name (search/snapshot.py's groups), as ours do.
    from search import snapshot

    services = {(page.organisation_id, snapshot.base_name(page.title)) for page, _ in results}
    return NaiveResults(len(services), [page for page, _ in results[start : start + query.per_page]], facets)
