"""The filters a search has chosen, restated above its results as tags that each remove one."""

from __future__ import annotations

from dataclasses import dataclass

from .query import FACET_PARAMETERS, SearchQuery


@dataclass(frozen=True)
class FilterTag:
    group: str  # "Need", "Child's age", …
    label: str  # "Domestic abuse"
    remove_url: str  # the same search without this one value


def filter_tags(query: SearchQuery, facet_groups) -> list[FilterTag]:
    facets = {facet.parameter: facet for facet in facet_groups or ()}
    tags = []
    for parameter in FACET_PARAMETERS:
        chosen = list(query.selected(parameter))
        if not chosen:
            continue
        facet = facets.get(parameter)
        labels = {option.value: option.label for option in facet.options} if facet else {}
        for value in chosen:
            rest = [other for other in chosen if other != value]
            tags.append(
                FilterTag(
                    group=facet.label if facet else parameter,
                    label=labels.get(value, value),
                    remove_url=query.url(**{parameter: rest or None}),
                )
            )
    return tags


def without_filters_url(query: SearchQuery) -> str:
    """The same words and place with every filter cleared."""
    return query.url(**dict.fromkeys(FACET_PARAMETERS))
