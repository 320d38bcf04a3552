"""Live services for a guidance block or a pathway outcome, through the site's own search engine.

The filter (need themes, kinds, levels, ways in), the child's age and the place become the same GET
parameters /search/ takes, so `SearchQuery.from_params` validates them exactly as a search would,
`run_search` answers (best fit first; with a place, nearer services rank higher among equally good fits), and "See all" links to /search/ with
the same filters. There is no second query path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.http import QueryDict

from directory.ages import Age
from search.demand import DemandSummary, summarise
from search.query import SearchQuery, Vocabulary
from search.service import ResultItem, run_search
from search.snapshot import base_name

DEFAULT_SHOWN = 5
# How many of the search's best a block or outcome chooses its few from.
CANDIDATES = 20


@dataclass(frozen=True)
class ServiceMatch:
    items: list[ResultItem]
    total: int
    search_url: str
    place_error: str = ""
    near: str = ""
    # What this match tells the strategy team about demand (no answers, no words): see search.demand.
    demand: DemandSummary | None = None

    @property
    def has_more(self) -> bool:
        return self.total > len(self.items)


def filter_params(service_filter: Mapping[str, Any], *, age: int | None, near: str) -> QueryDict:
    params = QueryDict(mutable=True)
    for key, parameter in (("themes", "theme"), ("kinds", "kind"), ("levels", "level"), ("access", "access")):
        for value in service_filter.get(key) or []:
            params.appendlist(parameter, str(value))
    if service_filter.get("crisis"):
        params["crisis"] = "1"
    if age is not None:
        params["age"] = Age(age).code
    if near:
        params["near"] = near
    return params


def matching_services(
    service_filter: Mapping[str, Any],
    *,
    age: int | None = None,
    near: str = "",
    vocabulary: Vocabulary | None = None,
) -> ServiceMatch:
    """The best-fitting live services (nearer ones higher when `near` is a place we know). Pass the
    `vocabulary` when asking for many filters at once, so it is read once."""
    vocabulary = vocabulary or Vocabulary.from_database()
    query = SearchQuery.from_params(filter_params(service_filter, age=age, near=near), vocabulary)
    shown = max(1, min(int(service_filter.get("max_services") or DEFAULT_SHOWN), 10))
    results = run_search(replace(query, per_page=CANDIDATES, page=1), vocabulary)
    return ServiceMatch(
        items=chosen(results.items, query.themes, shown, crisis=query.crisis),
        total=results.total,
        search_url=query.url(),
        place_error=query.place_error,
        near=query.near,
        demand=summarise(query, results, source="pathway"),
    )


def chosen(items: list[ResultItem], themes: tuple[str, ...], shown: int, *, crisis: bool) -> list[ResultItem]:
    """The few services a block or outcome shows, from the search's best (in its order):

    - those whose main need is one of the chosen needs first: a self-harm outcome lists
      mental-health services, not the attendance team that also ticks "emotional health";
    - the rest fill the list only when the outcome is not a crisis, and only when there are too few
      (an urgent list is better short than padded with services that merely mention the need);
    - one of each name: the same course run by each district's provider is shown once, as the
      search shows one card per service ("See all" lists every one).
    """
    central = [item for item in items if not themes or item.card.primary_theme in themes]
    others = [] if crisis and central else [item for item in items if item not in central]
    picked, names = [], set()
    for item in [*central, *others]:
        name = base_name(item.card.title)
        if name not in names:
            names.add(name)
            picked.append(item)
    return picked[:shown]
