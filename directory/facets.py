"""The filters families narrow a search or a browse page by ("facets"), each defined once.

A `Facet` says everything the rest of the code derives a filter from:

- `parameter`: the GET parameter (`?theme=send`), and the key of its counts in `SearchResults.facets`;
- `field`: the name of the service's codes in a search document (`ServiceRecord.facets`, the
  database's `SearchDocument.facet_values`, an Elasticsearch keyword field);
- `label` and `description`: the facet group's heading, and what a note calls a value it ignored;
- `vocabulary`: the codes it offers, with their labels, in display order (read from the database
  when the search snapshot loads; `vocabulary_model` names the table whose changes reload it);
- `codes`: how a value is matched: the service's codes (from a page fetched with `prefetch`), so
  that a filter keeps a service when *any* chosen code is among its codes and a facet counts the
  services holding each code, in either backend, with no per-facet code there;
- `browse`: the same rule for one code as a database condition, for the browse pages
  (`ServicePageQuerySet.matching`).

Adding a filter is adding a `Facet` to `FACETS` (and its tests): the search form, parsing, the
documents of both backends, the counts, the filter tags and the browse filters follow. The
search index must be rebuilt once afterwards (`manage.py rebuild_search_index`) for documents to
carry the new field.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from .ages import ALL_AGES, Age

if TYPE_CHECKING:
    from .models import ServicePage

EVENING_STARTS = datetime.time(17, 30)
WEEKEND_DAYS = (5, 6)


@dataclass(frozen=True)
class Facet:
    parameter: str
    field: str
    label: str
    description: str
    vocabulary: Callable[[], Mapping[str, str]]
    codes: Callable[[ServicePage], tuple[str, ...]]
    browse: Callable[[str], Q]
    prefetch: tuple[str, ...] = ()
    vocabulary_model: str = ""  # "directory.Language": its changes offer new values at once
    # Only one value at a time (a child has one age): a select rather than checkboxes.
    single: bool = False
    # In professionals' words: folded under "More filters" on the search page.
    professional: bool = False
    # For the first filters, the `SearchQuery` attribute pathways and the ORUK API set by name, and
    # how its value is read from and written as codes. A new facet needs none of these.
    attribute: str = ""
    # The order of the codes in its counts (alphabetical unless said).
    order: Callable[[str], Any] = str
    to_attribute: Callable[[tuple[str, ...]], Any] = tuple
    from_attribute: Callable[[Any], tuple[str, ...]] = tuple


def _rows(model: str, code: str, name: str, order: str = "name") -> Callable[[], Mapping[str, str]]:
    def load() -> Mapping[str, str]:
        from django.apps import apps

        rows = apps.get_model(model).objects.order_by(order).values_list(code, name)
        return {str(value): label for value, label in rows}

    return load


def _in(lookup: str) -> Callable[[str], Q]:
    return lambda code: Q(**{lookup: code})


# --------------------------------------------------------------------------- ages


def age_code(age: int) -> str:
    """The facet code of an age: "pregnancy", "0" … "25"."""
    return Age(age).code


def age_of_code(code: str) -> int:
    return Age.from_code(code).years


AGE_CODES = tuple(age.code for age in ALL_AGES)


def ages_covered(age_min: int, age_max: int) -> tuple[str, ...]:
    """The age codes a service for `age_min`–`age_max` covers."""
    return tuple(age.code for age in ALL_AGES if age_min <= age.years <= age_max)


def _age_browse(code: str) -> Q:
    age = age_of_code(code)
    return Q(age_min__lte=age, age_max__gte=age)


# --------------------------------------------------------------------------- opening times


WHEN_CHOICES = {"evenings": "Evenings (after 5pm)", "weekends": "Weekends"}


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


def _when_browse(code: str) -> Q:
    if code == "evenings":
        return Q(always_open=True) | Q(opening_times__closes__gt=EVENING_STARTS)
    return Q(always_open=True) | Q(opening_times__weekday__in=WEEKEND_DAYS)


# --------------------------------------------------------------------------- vocabularies


def _kinds() -> Mapping[str, str]:
    from .models.choices import ServiceKind

    return {value: label.split(" (")[0] for value, label in ServiceKind.choices}


def _levels() -> Mapping[str, str]:
    from .models import NeedLevel

    return {str(level.number): f"Level {level.number}: {level.name}" for level in NeedLevel.objects.all()}


def _access_routes() -> Mapping[str, str]:
    from .models.choices import AccessRouteKind

    return dict(AccessRouteKind.choices)


def _sorted(values: Iterable[Any]) -> tuple[str, ...]:
    return tuple(sorted({str(value) for value in values}))


FACETS: tuple[Facet, ...] = (
    Facet(
        "theme",
        "themes",
        "Need",
        "need",
        _rows("directory.NeedTheme", "slug", "name"),
        lambda page: _sorted(item.tag.slug for item in page.theme_items.all()),
        _in("theme_items__tag__slug"),
        prefetch=("theme_items__tag",),
        vocabulary_model="directory.NeedTheme",
        attribute="themes",
    ),
    Facet(
        "age",
        "ages",
        "Child's age",
        "age",
        lambda: {age.code: age.label for age in ALL_AGES},
        lambda page: ages_covered(page.age_min, page.age_max),
        _age_browse,
        single=True,
        order=age_of_code,
        attribute="age",
        to_attribute=lambda codes: age_of_code(codes[0]) if codes else None,
        from_attribute=lambda age: () if age is None else (age_code(age),),
    ),
    Facet(
        "kind",
        "kind",
        "Kind of service",
        "kind of service",
        _kinds,
        lambda page: (page.kind,),
        _in("kind"),
        attribute="kinds",
        professional=True,
    ),
    Facet(
        "level",
        "levels",
        "Level of need",
        "level of need",
        _levels,
        lambda page: _sorted(level.number for level in page.levels.all()),
        _in("levels__number"),
        prefetch=("levels",),
        vocabulary_model="directory.NeedLevel",
        attribute="levels",
        professional=True,
    ),
    Facet(
        "access",
        "access_routes",
        "How to get in",
        "way in",
        _access_routes,
        lambda page: _sorted(route.route for route in page.access_routes.all()),
        _in("access_routes__route"),
        prefetch=("access_routes",),
        attribute="access_routes",
        professional=True,
    ),
    Facet(
        "free",
        "free",
        "Cost",
        "cost filter",
        lambda: {"1": "Free"},
        lambda page: ("1",) if page.cost == "free" else (),
        lambda code: Q(cost="free"),
        attribute="free_only",
        to_attribute=lambda codes: codes == ("1",),
        from_attribute=lambda free: ("1",) if free else (),
    ),
    Facet(
        "mode",
        "modes",
        "How help is given",
        "way of getting help",
        _rows("directory.DeliveryMode", "slug", "name"),
        lambda page: _sorted(mode.slug for mode in page.delivery_modes.all()),
        _in("delivery_modes__slug"),
        prefetch=("delivery_modes",),
        vocabulary_model="directory.DeliveryMode",
        attribute="modes",
    ),
    Facet(
        "when",
        "when",
        "Open at",
        "time",
        lambda: dict(WHEN_CHOICES),
        opening_periods,
        _when_browse,
        prefetch=("opening_times",),
        attribute="when",
    ),
    Facet(
        "language",
        "languages",
        "Language",
        "language",
        _rows("directory.Language", "code", "name"),
        lambda page: _sorted(language.code for language in page.languages.all()),
        _in("languages__code"),
        prefetch=("languages",),
        vocabulary_model="directory.Language",
        attribute="languages",
    ),
    Facet(
        "accessibility",
        "accessibility",
        "Accessibility",
        "accessibility feature",
        _rows("directory.AccessibilityFeature", "slug", "name"),
        lambda page: _sorted(feature.slug for feature in page.accessibility_features.all()),
        _in("accessibility_features__slug"),
        prefetch=("accessibility_features",),
        vocabulary_model="directory.AccessibilityFeature",
    ),
)

BY_PARAMETER: dict[str, Facet] = {facet.parameter: facet for facet in FACETS}
PARAMETERS: tuple[str, ...] = tuple(BY_PARAMETER)
FIELDS: tuple[str, ...] = tuple(facet.field for facet in FACETS)


def facet_codes(page: ServicePage) -> dict[str, tuple[str, ...]]:
    """Every facet's codes of a service, by document field."""
    return {facet.field: tuple(facet.codes(page)) for facet in FACETS}


def browse_condition(parameter: str, codes: Iterable[str]) -> Q:
    """Services holding any of `codes` of one facet (codes it does not offer match nothing)."""
    facet = BY_PARAMETER[parameter]
    condition = Q(pk__in=[])
    for code in codes:
        condition |= facet.browse(str(code))
    return condition


PREFETCH: tuple[str, ...] = tuple(dict.fromkeys(path for facet in FACETS for path in facet.prefetch))
