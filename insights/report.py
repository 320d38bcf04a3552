"""The gap report: demand (searches, zero-result share) against supply (live services), per
district × need theme, with the cells where demand is high and self-referral supply thin flagged.

One function, `gap_report`, serves the admin report, its CSV and XLSX exports and the
`unmet_need_report` command, so they always show the same numbers.

Rules, stated once:
- demand counts the searches and pathway outcomes that named a place (so a district), per theme
  they were about; a search about two themes counts once for each;
- supply counts live services a family in the district can use (local to it, county-wide or
  national) per theme; *self-referral* supply those a family can contact themselves;
- a cell is flagged when its demand is high (at least `HIGH_DEMAND_MIN` searches and in the top
  quarter of the cells with any demand) and its self-referral supply is thin: `THIN_SUPPLY` or
  fewer, or in the bottom quarter of the self-referral supply of the cells with any demand.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from .models import K_ANONYMITY_DAYS, DemandCell, UnmatchedWord, UnmatchedWordDay

HIGH_DEMAND_MIN = 10
HIGH_DEMAND_QUANTILE = 0.75
THIN_SUPPLY = 1
THIN_SUPPLY_QUANTILE = 0.25
SELF_REFERRAL = "self_referral"


# --------------------------------------------------------------------------- supply


@dataclass
class Supply:
    """Live services per (district, theme), and the same split by level, age band and access."""

    total: Counter = field(default_factory=Counter)
    self_referral: Counter = field(default_factory=Counter)
    referral_only: Counter = field(default_factory=Counter)
    by_level: Counter = field(default_factory=Counter)  # (district, theme, level)
    by_age_band: Counter = field(default_factory=Counter)  # (district, theme, band)


def supply(districts: list[str]) -> Supply:
    from directory.models import ServicePage
    from search.demand import AGE_BANDS

    counted = Supply()
    services = ServicePage.objects.live().prefetch_related(
        "theme_items__tag", "served_districts", "access_routes", "levels"
    )
    for service in services.iterator(chunk_size=500):
        themes = {item.tag.slug for item in service.theme_items.all()}
        if not themes:
            continue
        if service.served_area == "districts":
            served = [district.slug for district in service.served_districts.all()]
        else:
            served = districts
        self_referral = any(route.route == SELF_REFERRAL for route in service.access_routes.all())
        levels = [level.number for level in service.levels.all()]
        bands = [
            slug for slug, _l, low, high in AGE_BANDS if service.age_min <= high and service.age_max >= low
        ]
        for district in served:
            for theme in themes:
                key = (district, theme)
                counted.total[key] += 1
                (counted.self_referral if self_referral else counted.referral_only)[key] += 1
                for level in levels:
                    counted.by_level[(district, theme, level)] += 1
                for band in bands:
                    counted.by_age_band[(district, theme, band)] += 1
    return counted


# --------------------------------------------------------------------------- the report


@dataclass
class GapCell:
    district: str
    district_name: str
    theme: str
    theme_name: str
    searches: int
    zero_results: int
    supply: int
    self_referral_supply: int
    flagged: bool = False

    @property
    def zero_share(self) -> float:
        return self.zero_results / self.searches if self.searches else 0.0


@dataclass
class GapReport:
    since: datetime.date
    until: datetime.date
    districts: list[tuple[str, str]]  # (slug, name)
    themes: list[tuple[str, str]]
    cells: list[GapCell]
    months: list[datetime.date]
    monthly: dict[str, list[int]]  # theme -> searches per month, in `months` order
    unmatched_words: list[tuple[str, int, int]]  # (word, days, searches)
    searches: int  # every search and pathway outcome in the period
    without_place: int
    high_demand: int  # the thresholds used
    thin_supply: int

    def cell(self, district: str, theme: str) -> GapCell:
        return self._by_key[(district, theme)]

    def __post_init__(self):
        self._by_key = {(cell.district, cell.theme): cell for cell in self.cells}

    @property
    def flagged(self) -> list[GapCell]:
        return [cell for cell in self.cells if cell.flagged]

    @property
    def max_searches(self) -> int:
        return max((cell.searches for cell in self.cells), default=0)


def _quantile(values: list[int], share: float) -> int | None:
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))]


def _thresholds(cells) -> tuple[int, int]:
    """(high demand, thin self-referral supply) for these cells (see the module docstring)."""
    demanded = [cell for cell in cells if cell.searches]
    high = _quantile([cell.searches for cell in demanded], HIGH_DEMAND_QUANTILE) or 0
    thin = _quantile([cell.self_referral_supply for cell in demanded], THIN_SUPPLY_QUANTILE) or 0
    return max(HIGH_DEMAND_MIN, high), max(THIN_SUPPLY, thin)


def _months(since: datetime.date, until: datetime.date) -> list[datetime.date]:
    months, month = [], since.replace(day=1)
    while month <= until:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def gap_report(since: datetime.date, until: datetime.date | None = None) -> GapReport:
    from directory.models import District, NeedTheme

    from .recording import flush, today

    flush()  # what this process still holds
    until = until or today()
    districts = list(District.objects.order_by("name").values_list("slug", "name"))
    themes = list(NeedTheme.objects.order_by("name").values_list("slug", "name"))
    cells_in_period = DemandCell.objects.filter(day__gte=since, day__lte=until)

    demand = {
        (row["district"], row["theme"]): (row["searches"], row["zero"])
        for row in cells_in_period.exclude(district="")
        .exclude(theme="")
        .values("district", "theme")
        .annotate(searches=Sum("searches"), zero=Sum("zero_results"))
        .order_by()
    }
    totals = cells_in_period.aggregate(
        searches=Coalesce(Sum("first_searches"), 0),
        without_place=Coalesce(Sum("first_searches", filter=Q(district="")), 0),
    )
    supplied = supply([slug for slug, _ in districts])
    cells = []
    for district, district_name in districts:
        for theme, theme_name in themes:
            searches, zero = demand.get((district, theme), (0, 0))
            cells.append(
                GapCell(
                    district=district,
                    district_name=district_name,
                    theme=theme,
                    theme_name=theme_name,
                    searches=searches,
                    zero_results=zero,
                    supply=supplied.total[(district, theme)],
                    self_referral_supply=supplied.self_referral[(district, theme)],
                )
            )
    threshold, thin = _thresholds(cells)
    for cell in cells:
        cell.flagged = cell.searches >= threshold and cell.self_referral_supply <= thin

    months = _months(since, until)
    monthly: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    index = {month: position for position, month in enumerate(months)}
    for row in (
        cells_in_period.exclude(theme="")
        .annotate(month=TruncMonth("day"))
        .values("theme", "month")
        .annotate(searches=Sum("searches"))
        .order_by()
    ):
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        if month in index:
            monthly[row["theme"]][index[month]] = row["searches"]

    return GapReport(
        since=since,
        until=until,
        districts=districts,
        themes=themes,
        cells=cells,
        months=months,
        monthly={theme: monthly[theme] for theme, _ in themes},
        unmatched_words=unmatched_words(since, until),
        searches=totals["searches"],
        without_place=totals["without_place"],
        high_demand=threshold,
        thin_supply=thin,
    )


def unmatched_words(since: datetime.date, until: datetime.date) -> list[tuple[str, int, int]]:
    """(word, days, searches) for words searched on at least K_ANONYMITY_DAYS different days in the
    period, most days first. A word seen on fewer days is never shown, even if stored earlier."""
    counts = {
        row["word_hash"]: (row["days"], row["searches"])
        for row in UnmatchedWordDay.objects.filter(day__gte=since, day__lte=until)
        .values("word_hash")
        .annotate(days=Count("day"), searches=Sum("searches"))
        .filter(days__gte=K_ANONYMITY_DAYS)
        .order_by()
    }
    words = UnmatchedWord.objects.filter(word_hash__in=list(counts)).values_list("word_hash", "word")
    return sorted(
        ((word, *counts[hashed]) for hashed, word in words), key=lambda row: (-row[1], -row[2], row[0])
    )


# --------------------------------------------------------------------------- tables for export

COLUMNS = (
    ("district", "District"),
    ("theme", "Need theme"),
    ("searches", "Searches"),
    ("zero_results", "Searches with no results"),
    ("zero_share", "Share with no results"),
    ("supply", "Live services"),
    ("self_referral_supply", "Services families can contact themselves"),
    ("flagged", "High demand, thin self-referral supply"),
)


def rows(report: GapReport) -> list[dict]:
    return [
        {
            "district": cell.district_name,
            "theme": cell.theme_name,
            "searches": cell.searches,
            "zero_results": cell.zero_results,
            "zero_share": round(cell.zero_share, 3),
            "supply": cell.supply,
            "self_referral_supply": cell.self_referral_supply,
            "flagged": "yes" if cell.flagged else "no",
        }
        for cell in report.cells
    ]
