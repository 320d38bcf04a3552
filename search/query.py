"""`SearchQuery`: one search, parsed and validated from GET parameters.

Nothing here knows about HTTP beyond a mapping of lists of strings, and nothing here knows which
backend will answer. Anything it cannot use is ignored or clamped, with a plain-English note in
`messages`, so a mistyped or tampered URL still gives a normal page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from directory import geo
from directory.models.pages import PREGNANCY, AccessRouteKind, ServiceKind

MAX_TEXT_LENGTH = 200
RADIUS_CHOICES = (1, 3, 5, 10, 25)
DEFAULT_RADIUS = 5
PER_PAGE_CHOICES = (10, 20, 50)
DEFAULT_PER_PAGE = 20
MAX_PAGE = 1000
MAX_AGE = 25
SORTS = ("relevance", "nearest", "name", "checked")
WHEN_CHOICES = {"evenings": "Evenings (after 5pm)", "weekends": "Weekends"}
FREE_CHOICES = {"1": "Free"}
# A parameter repeated more often than this is junk; the rest is dropped.
MAX_VALUES_PER_FILTER = 30


@dataclass(frozen=True)
class Vocabulary:
    """The values each filter accepts, with their labels, read from the database."""

    themes: Mapping[str, str]
    kinds: Mapping[str, str]
    levels: Mapping[str, str]
    access: Mapping[str, str]
    modes: Mapping[str, str]
    languages: Mapping[str, str]
    when: Mapping[str, str] = field(default_factory=lambda: dict(WHEN_CHOICES))

    @classmethod
    def from_database(cls) -> Vocabulary:
        from directory.models import DeliveryMode, Language, NeedLevel, NeedTheme

        return cls(
            themes=dict(NeedTheme.objects.order_by("name").values_list("slug", "name")),
            kinds={value: label.split(" (")[0] for value, label in ServiceKind.choices},
            levels={
                str(level.number): f"Level {level.number}: {level.name}" for level in NeedLevel.objects.all()
            },
            access=dict(AccessRouteKind.choices),
            modes=dict(DeliveryMode.objects.order_by("name").values_list("slug", "name")),
            languages=dict(Language.objects.order_by("name").values_list("code", "name")),
        )

    def choices(self, parameter: str) -> Mapping[str, str]:
        return {
            "theme": self.themes,
            "kind": self.kinds,
            "level": self.levels,
            "access": self.access,
            "mode": self.modes,
            "language": self.languages,
            "when": self.when,
            "free": FREE_CHOICES,
        }[parameter]


# Filters whose values are chosen from a vocabulary: (GET parameter, SearchQuery attribute, what the
# note calls it). Each may be repeated; values within one filter are alternatives (any of them).
MULTI_VALUE_FILTERS = (
    ("theme", "themes", "need"),
    ("kind", "kinds", "kind of service"),
    ("level", "levels", "level of need"),
    ("access", "access_routes", "way in"),
    ("mode", "modes", "way of getting help"),
    ("when", "when", "time"),
    ("language", "languages", "language"),
)
FACET_PARAMETERS = ("theme", "age", "kind", "level", "access", "free", "mode", "when", "language")


def age_label(age: int) -> str:
    return "Pregnancy" if age == PREGNANCY else ("Under 1" if age == 0 else f"{age}")


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
        age = _parse_age(first("age"), messages)

        chosen: dict[str, tuple[str, ...]] = {}
        for parameter, attribute, description in MULTI_VALUE_FILTERS:
            allowed = vocabulary.choices(parameter)
            kept = tuple(dict.fromkeys(value for value in values(parameter) if value in allowed))
            if len(kept) < len(set(values(parameter))):
                messages.append(f"We ignored a {description} we don't recognise.")
            chosen[attribute] = kept

        free_values = values("free")
        free_only = free_values[:1] == ["1"]
        if free_values and not free_only:
            messages.append("We ignored a cost filter we don't recognise.")

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
            age=age,
            free_only=free_only,
            sort=sort,
            page=page,
            per_page=per_page,
            messages=tuple(messages),
            place_error=place_error,
            **chosen,
        )

    # ------------------------------------------------------------------ describing

    @property
    def is_empty(self) -> bool:
        """Nothing asked for yet: the page shows the form and ways in, not every service."""
        return not (self.text or self.near or self.has_filters)

    @property
    def has_filters(self) -> bool:
        return bool(
            self.themes
            or self.age is not None
            or self.kinds
            or self.levels
            or self.access_routes
            or self.free_only
            or self.modes
            or self.when
            or self.languages
        )

    def selected(self, parameter: str) -> tuple[str, ...]:
        """The chosen values of a filter, as strings, keyed by GET parameter name."""
        if parameter == "age":
            return () if self.age is None else (str(self.age) if self.age != PREGNANCY else "pregnancy",)
        if parameter == "free":
            return ("1",) if self.free_only else ()
        attribute = {p: a for p, a, _ in MULTI_VALUE_FILTERS}[parameter]
        return getattr(self, attribute)

    def without_filter(self, parameter: str) -> SearchQuery:
        """The same search with one filter cleared: what its facet counts are computed against."""
        if parameter == "age":
            return replace(self, age=None)
        if parameter == "free":
            return replace(self, free_only=False)
        attribute = {p: a for p, a, _ in MULTI_VALUE_FILTERS}[parameter]
        return replace(self, **{attribute: ()})

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


def _parse_age(raw: str, messages: list[str]) -> int | None:
    if not raw:
        return None
    if raw.lower() in {"pregnancy", "pregnant", "-1"}:
        return PREGNANCY
    try:
        age = int(raw)
    except ValueError:
        messages.append("We ignored the age because it wasn't a number.")
        return None
    if age < 0 or age > MAX_AGE:
        messages.append(f"We ignored the age: the directory lists services from pregnancy to age {MAX_AGE}.")
        return None
    return age


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
