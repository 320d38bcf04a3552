"""`SearchQuery`: one search, parsed and validated from GET parameters.

Nothing here knows about HTTP beyond a mapping of lists of strings, and nothing here knows which
backend will answer. Anything it cannot use is ignored or clamped, with a plain-English note in
`messages`, so a mistyped or tampered URL still gives a normal page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from directory import facets, geo
from directory.ages import MAX_AGE, Age, AgeError

MAX_TEXT_LENGTH = 200
RADIUS_CHOICES = (1, 3, 5, 10, 25)
DEFAULT_RADIUS = 5
PER_PAGE_CHOICES = (10, 20, 50)
DEFAULT_PER_PAGE = 20
MAX_PAGE = 1000
SORTS = ("relevance", "nearest", "name", "checked")
# A parameter repeated more often than this is junk; the rest is dropped.
MAX_VALUES_PER_FILTER = 30
# Every filter's GET parameter, in the order the facet groups show (`directory.facets`).
FACET_PARAMETERS = facets.PARAMETERS


@dataclass(frozen=True)
class Vocabulary:
    """The values each filter accepts, with their labels, by GET parameter (`directory.facets`)."""

    filters: Mapping[str, Mapping[str, str]]

    @classmethod
    def from_database(cls) -> Vocabulary:
        return cls({facet.parameter: dict(facet.vocabulary()) for facet in facets.FACETS})

    def choices(self, parameter: str) -> Mapping[str, str]:
        return self.filters.get(parameter, {})

    @property
    def themes(self) -> Mapping[str, str]:
        return self.choices("theme")


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    near: str = ""
    place: geo.Place | None = None
    radius_miles: int = DEFAULT_RADIUS
    themes: tuple[str, ...] = ()
    age: int | None = None
    kinds: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    access_routes: tuple[str, ...] = ()
    free_only: bool = False
    modes: tuple[str, ...] = ()
    when: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    # The codes chosen for each filter without an attribute above, by GET parameter: a facet added
    # to `directory.facets` lives here.
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sort: str = "name"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    messages: tuple[str, ...] = ()
    place_error: str = ""
    # "Search instead for …": the words exactly as typed, no spelling correction (spell=0).
    correct_spelling: bool = True
    # "Search all services instead": no need detected from the words (intent=0).
    detect_intent: bool = True
    # Crisis ordering without words (crisis=1): services a family can contact now, then the
    # safeguarding contacts, first, as for words that describe a crisis. Urgent pathway outcomes
    # ask for it (guidance.pathways.graph), and their "See all" link keeps it.
    crisis: bool = False
    # One card per service (a listing per district shown once, "Also in …"): the public search.
    # The Open Referral API lists every listing, as each is its own service record there.
    one_per_service: bool = True

    # ------------------------------------------------------------------ parsing

    @classmethod
    def from_params(cls, params: Mapping[str, Sequence[str]], vocabulary: Vocabulary) -> SearchQuery:
        """Parse GET parameters (a QueryDict or a dict of lists). Never raises on bad input."""
        messages: list[str] = []

        def values(name: str) -> list[str]:
            raw = params.getlist(name) if hasattr(params, "getlist") else params.get(name, [])
            if isinstance(raw, str):
                raw = [raw]
            cleaned = [printable(value) for value in raw[:MAX_VALUES_PER_FILTER]]
            return [value for value in cleaned if value]

        def first(name: str) -> str:
            found = values(name)
            return found[0] if found else ""

        text = " ".join(first("q").split())
        if len(text) > MAX_TEXT_LENGTH:
            text = text[:MAX_TEXT_LENGTH].rsplit(" ", 1)[0] or text[:MAX_TEXT_LENGTH]
            messages.append(f"Your search was long, so we used the first {MAX_TEXT_LENGTH} characters.")

        near = first("near")[: geo.MAX_PLACE_LENGTH * 2]
        place, place_error = None, ""
        if near:
            try:
                place = geo.resolve_place(near)
                if place.note:
                    messages.append(place.note)
            except geo.PlaceNotFound as error:
                place_error = error.message
                near = near[: geo.MAX_PLACE_LENGTH]

        radius = _parse_radius(first("radius"), messages)

        chosen: dict[str, object] = {}
        others: list[tuple[str, tuple[str, ...]]] = []
        for facet in facets.FACETS:
            if facet.single:
                codes = _parse_age(first(facet.parameter), messages)
            else:
                given = values(facet.parameter)
                allowed = vocabulary.choices(facet.parameter)
                codes = tuple(dict.fromkeys(value for value in given if value in allowed))
                if len(codes) < len(set(given)):
                    article = "an" if facet.description[:1] in "aeiou" else "a"
                    messages.append(f"We ignored {article} {facet.description} we don't recognise.")
            if facet.attribute:
                chosen[facet.attribute] = facet.to_attribute(codes)
            elif codes:
                others.append((facet.parameter, codes))

        sort = first("sort")
        themes_chosen = bool([value for value in values("theme") if value in vocabulary.themes])
        default_sort = default_sort_for(text=bool(text), themes=themes_chosen, place=place is not None)
        if sort not in SORTS:
            if sort:
                messages.append("We ignored a sort order we don't recognise.")
            sort = default_sort
        elif sort == "nearest" and not place or sort == "relevance" and not (text or themes_chosen):
            sort = default_sort

        per_page = _parse_choice(first("per_page"), PER_PAGE_CHOICES, DEFAULT_PER_PAGE)
        page = _parse_page(first("page"), messages)

        return cls(
            crisis=first("crisis") == "1",
            correct_spelling=first("spell") != "0",
            detect_intent=first("intent") != "0",
            text=text,
            near=near,
            place=place,
            radius_miles=radius,
            filters=tuple(others),
            sort=sort,
            page=page,
            per_page=per_page,
            messages=tuple(messages),
            place_error=place_error,
            **chosen,  # type: ignore[arg-type]
        )

    # ------------------------------------------------------------------ describing

    @property
    def is_empty(self) -> bool:
        """Nothing asked for yet: the page shows the form and ways in, not every service."""
        return not (self.text or self.near or self.has_filters)

    @property
    def has_filters(self) -> bool:
        return any(self.selected(parameter) for parameter in FACET_PARAMETERS)

    @property
    def has_professional_filters(self) -> bool:
        """A filter in professionals' words is chosen: "More filters" opens."""
        return any(self.selected(facet.parameter) for facet in facets.FACETS if facet.professional)

    def selected(self, parameter: str) -> tuple[str, ...]:
        """The chosen codes of a filter, keyed by GET parameter name."""
        facet = facets.BY_PARAMETER[parameter]
        if facet.attribute:
            return tuple(facet.from_attribute(getattr(self, facet.attribute)))
        return dict(self.filters).get(parameter, ())

    def without_filter(self, parameter: str) -> SearchQuery:
        """The same search with one filter cleared: what its facet counts are computed against."""
        facet = facets.BY_PARAMETER[parameter]
        if facet.attribute:
            return replace(self, **{facet.attribute: facet.to_attribute(())})
        return replace(self, filters=tuple(pair for pair in self.filters if pair[0] != parameter))

    def params(self, **changes) -> list[tuple[str, str]]:
        """This search as GET parameters (for links), with `changes` applied (None removes)."""
        pairs: list[tuple[str, str]] = []
        if self.text:
            pairs.append(("q", self.text))
        if self.near:
            pairs.append(("near", self.near))
        if self.place and self.radius_miles != DEFAULT_RADIUS:
            pairs.append(("radius", str(self.radius_miles)))
        for parameter in FACET_PARAMETERS:
            pairs.extend((parameter, value) for value in self.selected(parameter))
        if self.sort != default_sort_for(
            text=bool(self.text), themes=bool(self.themes), place=bool(self.place)
        ):
            pairs.append(("sort", self.sort))
        if self.per_page != DEFAULT_PER_PAGE:
            pairs.append(("per_page", str(self.per_page)))
        if self.text and not self.correct_spelling:
            pairs.append(("spell", "0"))
        if self.text and not self.detect_intent:
            pairs.append(("intent", "0"))
        if self.crisis:
            pairs.append(("crisis", "1"))
        for name, value in changes.items():
            pairs = [pair for pair in pairs if pair[0] != name]
            if value is None:
                continue
            for item in value if isinstance(value, list | tuple) else [value]:
                pairs.append((name, str(item)))
        return pairs

    def url(self, **changes) -> str:
        encoded = urlencode(self.params(**changes))
        return f"/search/?{encoded}" if encoded else "/search/"


def default_sort_for(*, text: bool, themes: bool, place: bool) -> str:
    """Words or a chosen need: best match (search.ranking), never A to Z; otherwise nearest first
    with a place, or A to Z."""
    if text or themes:
        return "relevance"
    return "nearest" if place else "name"


def printable(value: str) -> str:
    """Drop control characters (a NUL byte in a URL must not reach the database) and trim."""
    return "".join(character for character in str(value) if character.isprintable()).strip()


def _parse_radius(raw: str, messages: list[str]) -> int:
    if not raw:
        return DEFAULT_RADIUS
    try:
        requested = float(raw)
    except ValueError:
        messages.append(f"We didn't understand the distance, so we searched within {DEFAULT_RADIUS} miles.")
        return DEFAULT_RADIUS
    if requested != requested or requested <= 0:  # NaN or not positive
        messages.append(f"We didn't understand the distance, so we searched within {DEFAULT_RADIUS} miles.")
        return DEFAULT_RADIUS
    nearest = min(RADIUS_CHOICES, key=lambda choice: (abs(choice - requested), choice))
    if nearest != requested:
        messages.append(f"We searched within {nearest} miles, the nearest distance we offer.")
    return nearest


def _parse_age(raw: str, messages: list[str]) -> tuple[str, ...]:
    """The age facet's code for what was typed, or none."""
    if not raw:
        return ()
    try:
        return (Age.read(raw).code,)
    except AgeError as error:
        if error.not_a_number:
            messages.append("We ignored the age because it wasn't a number.")
        else:
            messages.append(
                f"We ignored the age: the directory lists services from pregnancy to age {MAX_AGE}."
            )
        return ()


def _parse_choice(raw: str, choices: tuple[int, ...], default: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        return default
    return value if value in choices else min(choices, key=lambda choice: abs(choice - value))


def _parse_page(raw: str, messages: list[str]) -> int:
    if not raw:
        return 1
    try:
        page = int(raw)
    except ValueError:
        messages.append("We showed the first page because the page number wasn't a number.")
        return 1
    if page < 1:
        return 1
    return min(page, MAX_PAGE)
