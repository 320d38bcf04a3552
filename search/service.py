"""One search, end to end below the view: analyse the words, ask the backend, turn hits into
services with labels, and never leave a dead end (suggestions when nothing matched)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from django.utils.text import slugify

from directory import cards, facets, geo
from directory.cards import ServiceCard
from directory.models import ServicePage
from directory.models.choices import AccessRouteKind, ServedArea

from . import snapshot, text
from .backends import get_backend
from .backends.base import BackendResults, Hit
from .models import SearchDocument
from .query import RADIUS_CHOICES, SearchQuery, Vocabulary

MAX_HELPLINES = 4
MAX_RELATED_THEMES = 4


@dataclass(frozen=True)
class ResultItem:
    card: ServiceCard
    hit: Hit
    served_label: str
    also_in: str = ""  # "Also in Chorley, Preston and 6 more areas"

    @property
    def distance_miles(self) -> float | None:
        return self.hit.distance_miles if self.hit.coverage == "venue" else None


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    parameter: str = ""

    @property
    def input_id(self) -> str:
        """The checkbox's id ("theme-domestic-abuse"): made here once, not by two template filters."""
        return f"{self.parameter}-{slugify(self.value)}"


@dataclass(frozen=True)
class Facet:
    parameter: str
    label: str
    options: list[FacetOption]
    single: bool = False  # one value: a select ("Any age")
    professional: bool = False  # under "More filters (for professionals)"
    description: str = ""


@dataclass
class Understood:
    """What the search made of the words, said back with a way to undo it."""

    corrected: str | None = None  # "Showing results for …"
    original: str = ""  # "Search instead for …" (the words as typed)
    original_url: str = ""
    themes: list[tuple[str, str]] = field(default_factory=list)  # "Showing help with …" (slug, name)
    all_services_url: str = ""  # the same words without the detected need
    crisis: bool = False

    def as_dict(self) -> dict:
        return {
            "corrected": self.corrected,
            "original": self.original,
            "search_instead_url": self.original_url or None,
            "themes": [slug for slug, _ in self.themes],
            "theme_names": [name for _, name in self.themes],
            "without_themes_url": self.all_services_url or None,
            "crisis": self.crisis,
        }


@dataclass
class Suggestions:
    """What to try when nothing (or little) was found. A spelling correction is not one: the search
    already used it, and `Understood.corrected` says so."""

    wider_radius: tuple[int, int] | None = None  # (miles, how many services)
    related_themes: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    helplines: list[ServicePage] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "wider_radius": {"radius": self.wider_radius[0], "total": self.wider_radius[1]}
            if self.wider_radius
            else None,
            "related_themes": [slug for slug, _ in self.related_themes],
            "helplines": [page.slug for page in self.helplines],
        }


@dataclass
class SearchResults:
    query: SearchQuery
    items: list[ResultItem]
    total: int
    facets: dict[str, dict[str, int]]
    facet_groups: list[Facet]
    suggestions: Suggestions
    analysed: text.AnalysedText | None
    backend: str
    understood: Understood = field(default_factory=Understood)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))

    @property
    def has_next(self) -> bool:
        return self.query.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1

    @property
    def first_shown(self) -> int:
        return 0 if not self.total else (self.query.page - 1) * self.query.per_page + 1

    @property
    def last_shown(self) -> int:
        return min(self.total, self.query.page * self.query.per_page)


def analyse_text(query: SearchQuery) -> text.AnalysedText | None:
    """What the words mean. `crisis=1` (an urgent pathway outcome) asks for crisis ordering with or
    without words; the backends read it from the analysis, so without words it is an analysis of
    no words that says crisis (no terms, no themes: the chosen needs still decide)."""
    if not query.text:
        return text.AnalysedText.of_no_words(crisis=True) if query.crisis else None
    table = snapshot.current_table()
    analysed = text.analyse(
        query.text,
        table.spelling,
        table.themes,
        correct_spelling=query.correct_spelling,
        detect_intent=query.detect_intent,
    )
    return replace(analysed, crisis=True) if query.crisis else analysed


def understood(query: SearchQuery, analysed: text.AnalysedText | None, vocabulary: Vocabulary) -> Understood:
    said = Understood()
    if analysed is None:
        return said
    if analysed.was_corrected:
        said.corrected = analysed.corrected
        said.original = query.text
        said.original_url = query.url(spell="0", page=None)
    if analysed.intent_detected:
        # Only the needs the ranking leads with; a weak one is not worth announcing.
        shown = analysed.strong_themes or analysed.themes
        said.themes = [(slug, vocabulary.themes[slug]) for slug in shown if slug in vocabulary.themes]
        said.all_services_url = query.url(intent="0", page=None)
        said.crisis = analysed.crisis
    return said


def run_search(query: SearchQuery, vocabulary: Vocabulary) -> SearchResults:
    backend = get_backend()
    analysed = analyse_text(query)
    found = backend.search(query, analysed)
    if found.total and not found.hits and query.page > 1:
        # A page past the end (a stale link): show the last page instead of an empty one.
        last = max(1, math.ceil(found.total / query.per_page))
        query = replace(
            query, page=last, messages=(*query.messages, f"There are only {last} pages of results.")
        )
        found = backend.search(query, analysed)
    suggestions = Suggestions()
    if not found.total:
        suggestions = _suggest(query, analysed, backend, suggestions, vocabulary)
    return SearchResults(
        query=query,
        items=_items(found, query, vocabulary),
        total=found.total,
        facets=found.facets,
        facet_groups=_facet_groups(found, query, vocabulary),
        suggestions=suggestions,
        analysed=analysed,
        backend=found.backend,
        understood=understood(query, analysed, vocabulary),
    )


def _items(found: BackendResults, query: SearchQuery, vocabulary: Vocabulary) -> list[ResultItem]:
    by_id = service_cards([hit.service_id for hit in found.hits], vocabulary)
    areas = _areas([other for hit in found.hits for other in hit.also_in])
    return [
        ResultItem(
            by_id[hit.service_id],
            hit,
            served_label(by_id[hit.service_id], hit, query.place),
            also_in_label(by_id[hit.service_id], [areas.get(other, "") for other in hit.also_in]),
        )
        for hit in found.hits
        if hit.service_id in by_id
    ]


MAX_AREAS_NAMED = 2


def _areas(service_ids: list[int]) -> dict[int, str]:
    """The district each listing serves (its first), by service id, from the snapshot's table."""
    if not service_ids:
        return {}
    table = snapshot.current_table()
    names = geo.district_names()
    return {
        int(table.ids[row]): names.get(table.first_district[row], "") if table.first_district[row] else ""
        for row in table.positions(service_ids)
    }


def also_in_label(card: ServiceCard, areas: list[str]) -> str:
    """ "Also in Chorley, Preston and 6 more areas": where else the same service is listed."""
    own = set(card.served_district_names)
    names = sorted({area for area in areas if area and area not in own})
    if not names:
        return ""
    if len(names) <= MAX_AREAS_NAMED + 1:
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        return f"Also in {listed}"
    rest = len(names) - MAX_AREAS_NAMED
    return f"Also in {', '.join(names[:MAX_AREAS_NAMED])} and {rest} more areas"


_CARD_COLUMNS = (
    "service_id",
    "slug",
    "name",
    "url",
    "organisation",
    "summary",
    "kind",
    "cost",
    "age_min",
    "age_max",
    "ages_known",
    "facet_values",
    "served_area",
    "served_districts",
    "last_checked",
    "next_review",
    "primary_theme",
)


def service_cards(service_ids: list[int], vocabulary: Vocabulary) -> dict[int, ServiceCard]:
    """Cards for live services, from their search documents in one query. A document written
    before documents carried card fields has no slug: its card comes from the page instead."""
    found: dict[int, ServiceCard] = {}
    from_pages = []
    for document in SearchDocument.objects.filter(pk__in=service_ids).values(*_CARD_COLUMNS):
        if document["slug"]:
            found[document["service_id"]] = _card_from_document(document, vocabulary)
        else:
            from_pages.append(document["service_id"])
    if from_pages:
        pages = ServicePage.objects.live().with_listing_data()
        found.update((page.pk, page.card) for page in pages.filter(pk__in=from_pages))
    return found


def _card_from_document(document: dict, vocabulary: Vocabulary) -> ServiceCard:
    districts = document["served_districts"].split()
    codes = document["facet_values"]
    return ServiceCard(
        service_id=document["service_id"],
        slug=document["slug"],
        title=document["name"],
        url=document["url"],
        organisation=document["organisation"],
        summary=document["summary"],
        kind=document["kind"],
        cost=document["cost"],
        age_min=document["age_min"],
        age_max=document["age_max"],
        themes=cards.themes_by_name(
            cards.Theme(slug, vocabulary.themes.get(slug, slug)) for slug in codes.get("themes", ())
        ),
        levels=tuple(sorted(int(level) for level in codes.get("levels", ()))),
        access_routes=cards.routes_in_order(codes.get("access_routes", ())),
        modes=tuple(codes.get("modes", ())),
        served_area=document["served_area"],
        served_district_names=tuple(sorted(geo.district_names().get(slug, slug) for slug in districts)),
        last_checked=document["last_checked"],
        next_review=document["next_review"],
        primary_theme=document["primary_theme"],
        ages_known=document["ages_known"],
    )


def served_label(card: ServiceCard, hit: Hit, place: geo.Place | None) -> str:
    """How a service reaches the family: "Covers Preston", "National helpline", …"""
    if card.served_area == ServedArea.NATIONAL:
        if "phone" in card.modes:
            return "National helpline"
        return "National online service" if "online" in card.modes else "National service"
    if place is not None and hit.coverage == "district" and place.district:
        return f"Covers {geo.district_name(place.district)}"
    if hit.coverage == "venue":
        return ""
    return card.served_area_label


def _facet_groups(found: BackendResults, query: SearchQuery, vocabulary: Vocabulary) -> list[Facet]:
    """Each filter's options in its vocabulary's order: those with services, and those chosen."""
    groups = []
    for facet in facets.FACETS:
        counts = found.facets.get(facet.parameter, {})
        selected = set(query.selected(facet.parameter))
        labels = vocabulary.choices(facet.parameter)
        options = [
            FacetOption(value, label, counts.get(value, 0), value in selected, facet.parameter)
            for value, label in labels.items()
            if value in counts or value in selected
        ]
        if options:
            groups.append(
                Facet(
                    facet.parameter, facet.label, options, facet.single, facet.professional, facet.description
                )
            )
    return groups


def _suggest(
    query: SearchQuery, analysed, backend, suggestions: Suggestions, vocabulary: Vocabulary
) -> Suggestions:
    if query.place is not None:
        for radius in RADIUS_CHOICES:
            if radius <= query.radius_miles:
                continue
            wider = backend.search(replace(query, radius_miles=radius, page=1, per_page=10), analysed)
            if wider.total:
                suggestions.wider_radius = (radius, wider.total)
                break
    themes = dict(vocabulary.themes)
    related = [slug for slug in (analysed.themes if analysed else ()) if slug not in query.themes]
    if query.text or query.themes:
        broad = backend.search(
            SearchQuery(text=query.text, themes=query.themes, sort=query.sort, per_page=10),
            analysed,
        )
        by_count = sorted(broad.facets.get("theme", {}).items(), key=lambda item: -item[1])
        related += [slug for slug, _ in by_count if slug not in query.themes]
    suggestions.related_themes = [(slug, themes[slug]) for slug in dict.fromkeys(related) if slug in themes][
        :MAX_RELATED_THEMES
    ]
    suggestions.helplines = helplines_for(
        list(query.themes) or [slug for slug, _ in suggestions.related_themes]
    )
    return suggestions


def helplines_for(themes: list[str]) -> list[ServicePage]:
    """National self-referral lines for these needs (the first need first), those open 24 hours
    before the rest; with no need, those open 24 hours. Never a fixed list."""
    helplines = ServicePage.objects.live().filter(
        served_area=ServedArea.NATIONAL, access_routes__route=AccessRouteKind.SELF_REFERRAL
    )
    chosen: list[ServicePage] = []
    for theme in themes:
        for page in (
            helplines.filter(theme_items__tag__slug=theme).distinct().order_by("-always_open", "title")
        ):
            if page not in chosen:
                chosen.append(page)
    if not chosen:
        chosen = list(helplines.filter(always_open=True).distinct().order_by("title"))
    return chosen[:MAX_HELPLINES]
