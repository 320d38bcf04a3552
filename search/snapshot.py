"""An in-memory, column-per-attribute table of every search document, for filtering and facets.

Filtering 100,000 services by nine facets and counting every facet value is a handful of numpy
operations over this table, instead of a dozen SQL queries per search. The table also holds what
every search reads and rarely changes: the filters' vocabulary (`table.vocabulary`) and each
venue's name and postcode. Each process keeps one table and reloads it when the index token
(`SearchIndexState.token`) moves on. A process re-reads the token at most once every
`SEARCH_INDEX_TOKEN_SECONDS` (1 s) rather than on every search, so a search usually costs no query
for it: a change made in this process is seen at once (`mark_changed` drops the token it holds), one
made in another process within that second.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

import numpy as np

from directory.models.pages import PREGNANCY

from . import ranking, spelling, text
from .models import SearchDocument, SearchIndexState
from .query import FACET_PARAMETERS, Vocabulary

MULTI_VALUED = {
    "theme": "themes",
    "level": "levels",
    "access": "access_routes",
    "mode": "modes",
    "when": "when",
    "language": "languages",
}
AGE_VALUES = ["pregnancy"] + [str(age) for age in range(0, 26)]


@dataclass
class Column:
    """A multi-valued attribute: the value names and a docs × values boolean matrix."""

    values: list[str]
    matrix: np.ndarray

    def any_of(self, selected: tuple[str, ...]) -> np.ndarray:
        positions = [self.values.index(value) for value in selected if value in self.values]
        if not positions:
            return np.zeros(self.matrix.shape[0], dtype=bool)
        return self.matrix[:, positions].any(axis=1)

    def counts(self, rows: np.ndarray) -> dict[str, int]:
        totals = self.matrix[rows].sum(axis=0)
        return {value: int(total) for value, total in zip(self.values, totals, strict=True) if total}


class FilterColumns:
    """The filters and facet counts over per-row columns: every document (`DocumentTable`), or the
    Elasticsearch backend's fetched candidates (`from_values`), so both count the same way."""

    kind_values: list[str]
    kind_codes: np.ndarray
    free: np.ndarray
    age_min: np.ndarray
    age_max: np.ndarray
    columns: dict[str, Column]

    @classmethod
    def from_values(
        cls, kinds: list[str], costs: list[str], ages: list[tuple[int, int]], sets: dict
    ) -> FilterColumns:
        """From each row's kind, cost, (age_min, age_max) and, by field of MULTI_VALUED, its set of values."""
        columns = cls()
        count = len(kinds)
        columns.kind_values = sorted(set(kinds))
        codes = {kind: code for code, kind in enumerate(columns.kind_values)}
        columns.kind_codes = np.fromiter((codes[kind] for kind in kinds), dtype=np.int16, count=count)
        columns.free = np.fromiter((cost == "free" for cost in costs), dtype=bool, count=count)
        columns.age_min = np.fromiter((age[0] for age in ages), dtype=np.int16, count=count)
        columns.age_max = np.fromiter((age[1] for age in ages), dtype=np.int16, count=count)
        columns.columns = {parameter: _column(sets[field]) for parameter, field in MULTI_VALUED.items()}
        return columns

    # ------------------------------------------------------------------ filters

    def filter_and_count(self, cards: np.ndarray, query) -> tuple[np.ndarray, dict[str, dict[str, int]]]:
        """The rows of `cards` (a row mask: one listing per service) that every filter in use keeps,
        and each facet's counts over the cards with every *other* filter applied (disjunctive)."""
        masks = {parameter: self.filter_mask(parameter, query) for parameter in FACET_PARAMETERS}
        keep = cards.copy()
        for mask in masks.values():
            if mask is not None:
                keep &= mask
        facets = {}
        for parameter in FACET_PARAMETERS:
            others = cards.copy()
            for other, mask in masks.items():
                if other != parameter and mask is not None:
                    others &= mask
            facets[parameter] = self.facet_counts(parameter, np.flatnonzero(others))
        return keep, facets

    def filter_mask(self, parameter: str, query) -> np.ndarray | None:
        """Rows a single filter of `query` keeps, or None when that filter is not in use."""
        if parameter == "age":
            if query.age is None:
                return None
            return (self.age_min <= query.age) & (self.age_max >= query.age)
        if parameter == "free":
            return self.free if query.free_only else None
        if parameter == "kind":
            if not query.kinds:
                return None
            codes = [code for code, kind in enumerate(self.kind_values) if kind in query.kinds]
            return np.isin(self.kind_codes, codes)
        selected = query.selected(parameter)
        return self.columns[parameter].any_of(selected) if selected else None

    def facet_counts(self, parameter: str, rows: np.ndarray) -> dict[str, int]:
        if parameter == "age":
            counts = {}
            age_min, age_max = self.age_min[rows], self.age_max[rows]
            for value in AGE_VALUES:
                age = PREGNANCY if value == "pregnancy" else int(value)
                total = int(((age_min <= age) & (age_max >= age)).sum())
                if total:
                    counts[value] = total
            return counts
        if parameter == "free":
            total = int(self.free[rows].sum())
            return {"1": total} if total else {}
        if parameter == "kind":
            totals = np.bincount(self.kind_codes[rows], minlength=len(self.kind_values))
            return {kind: int(total) for kind, total in zip(self.kind_values, totals, strict=True) if total}
        return self.columns[parameter].counts(rows)


class DocumentTable(FilterColumns):
    def __init__(
        self,
        version: str,
        rows: list[tuple],
        theme_phrases: dict[str, list[str]],
        venues: list[tuple] | None = None,
        vocabulary: Vocabulary | None = None,
    ):
        self.version = version
        self.vocabulary = vocabulary
        rows.sort(key=lambda row: row[0])
        count = len(rows)
        self.ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=count)
        self.names = [row[1] for row in rows]
        self.name_order = np.argsort(
            np.array([name.casefold() for name in self.names], dtype=object), kind="stable"
        )
        self.name_rank = np.empty(count, dtype=np.int64)
        self.name_rank[self.name_order] = np.arange(count)
        # Kinds and served areas as small integer codes: comparing and counting object (string)
        # arrays costs milliseconds per operation at 100,000 services.
        self.kind_values = sorted({row[2] for row in rows})
        kind_codes = {kind: code for code, kind in enumerate(self.kind_values)}
        self.kind_codes = np.fromiter((kind_codes[row[2]] for row in rows), dtype=np.int16, count=count)
        self.free = np.fromiter((row[3] == "free" for row in rows), dtype=bool, count=count)
        self.age_min = np.fromiter((row[4] for row in rows), dtype=np.int16, count=count)
        self.age_max = np.fromiter((row[5] for row in rows), dtype=np.int16, count=count)
        served_area = [row[12] for row in rows]
        self.national = np.fromiter((area == "national" for area in served_area), dtype=bool, count=count)
        self.county = np.fromiter((area == "county" for area in served_area), dtype=bool, count=count)
        self.districts = np.fromiter((area == "districts" for area in served_area), dtype=bool, count=count)
        self.last_checked = np.fromiter((row[14].toordinal() for row in rows), dtype=np.int64, count=count)
        self.next_review = np.fromiter(
            (row[15].toordinal() if row[15] else 10**7 for row in rows), dtype=np.int64, count=count
        )
        split = {field: [set(row[i].split()) for row in rows] for field, i in _SPLIT_COLUMNS.items()}
        self.columns = {parameter: _column(split[field]) for parameter, field in MULTI_VALUED.items()}
        self.served_districts = _column(split["served_districts"])
        # The district a listing serves first (as its document lists them), for "Also in …".
        self.first_district = [row[13].split()[0] if row[13] else "" for row in rows]
        self.title_rows = _rows_by_term(row[17] for row in rows)
        self.spelling = spelling.SpellingIndex.from_texts(
            [row[16] for row in rows],
            vocabulary=[phrase for phrases in theme_phrases.values() for phrase in phrases],
        )
        self.themes = text.ThemeMatcher(theme_phrases)
        self.venues = VenueIndex(venues or [], self.ids)
        # Ranking features (search.ranking) that are not filters.
        theme_positions = {value: i for i, value in enumerate(self.columns["theme"].values)}
        self.primary_theme = np.fromiter(
            (theme_positions.get(row[19], -1) for row in rows), dtype=np.int32, count=count
        )
        self.always_open = np.fromiter((bool(row[20]) for row in rows), dtype=bool, count=count)
        access = self.columns["access"]
        modes = self.columns["mode"]
        self.self_referral = access.any_of((ranking.SELF_REFERRAL,))
        self.contact_now = ranking.contact_now(
            self.self_referral, self.always_open, self.national, modes.any_of(ranking.REMOTE_MODES)
        )
        self.safeguarding = ranking.safeguarding(
            self.county, access.any_of((ranking.STATUTORY_REFERRAL,)), self.self_referral
        )
        # One card per service: listings of the same organisation and name (a place suffix
        # dropped) are one group; `group` is a group number per row, `group_rows` its rows.
        keys: dict[tuple[str, str], int] = {}
        self.group = np.fromiter(
            (keys.setdefault((row[18], base_name(row[1])), len(keys)) for row in rows),
            dtype=np.int64,
            count=count,
        )
        self.group_sizes = np.bincount(self.group, minlength=len(keys)) if count else np.zeros(0, np.int64)
        # The rows of group g are group_order[group_starts[g]:group_starts[g + 1]].
        self.group_order = np.argsort(self.group, kind="stable")
        self.group_starts = np.concatenate(([0], np.cumsum(self.group_sizes))).astype(np.int64)

    def __len__(self) -> int:
        return len(self.ids)

    def positions(self, service_ids) -> np.ndarray:
        """Row positions of the given ids (ids not in the table are dropped)."""
        wanted = np.fromiter(service_ids, dtype=np.int64)
        found = np.searchsorted(self.ids, wanted)
        found = np.clip(found, 0, max(len(self.ids) - 1, 0))
        if not len(self.ids):
            return np.array([], dtype=np.int64)
        return found[self.ids[found] == wanted]

    def text_relevance(self, positions: np.ndarray, terms: tuple[str, ...]) -> np.ndarray:
        """A 0–1 relevance for matching rows: a match anywhere counts, a query word in the name counts
        most (names are what families scan), more of the words counts more."""
        wanted = frozenset(terms)
        in_title = np.zeros(len(self.ids), dtype=float)
        for term in wanted:
            in_title[self.title_rows.get(term, _NO_ROWS)] += 1
        return (1.0 + 2.0 * in_title[positions] / max(len(wanted), 1)) / 3.0

    def serving_mask(self, district: str | None) -> np.ndarray:
        """Rows whose served area includes a place in `district` (None: outside the area)."""
        if district is None:
            return self.national
        return self.national | self.county | self.served_districts.any_of((district,))


class VenueIndex:
    """Every indexed service's venues, sorted by latitude: a bounding box is two binary searches
    for the latitude band and a longitude mask over it, instead of a database range query that
    returns tens of thousands of rows at 100,000 services."""

    def __init__(self, venues: list[tuple], table_ids: np.ndarray):
        # Each venue's name and postcode, for the venues a results page names.
        self.details = {venue[0]: (venue[4], venue[5]) for venue in venues if len(venue) > 4}
        # pk, service_id, latitude, longitude
        data = np.array([venue[:4] for venue in venues], dtype=float).reshape(-1, 4)
        service_ids = data[:, 1].astype(np.int64)
        rows = np.clip(np.searchsorted(table_ids, service_ids), 0, max(len(table_ids) - 1, 0))
        indexed = (table_ids[rows] == service_ids) if len(table_ids) else np.zeros(len(data), dtype=bool)
        data, rows = data[indexed], rows[indexed]
        order = np.argsort(data[:, 2], kind="stable")
        self.ids = data[order, 0].astype(np.int64)
        self.rows = rows[order]
        self.latitudes = data[order, 2]
        self.longitudes = data[order, 3]
        self._positions: dict[int, int] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, venue_id: int) -> int | None:
        """Where a venue is in the latitude order, or None if it is not indexed."""
        if self._positions is None:
            self._positions = {int(pk): i for i, pk in enumerate(self.ids)}
        return self._positions.get(venue_id)

    def in_box(self, min_lat: float, max_lat: float, min_lng: float, max_lng: float) -> np.ndarray:
        """Positions of the venues inside the box."""
        start = int(np.searchsorted(self.latitudes, min_lat, side="left"))
        stop = int(np.searchsorted(self.latitudes, max_lat, side="right"))
        longitudes = self.longitudes[start:stop]
        return start + np.flatnonzero((longitudes >= min_lng) & (longitudes <= max_lng))


_SPLIT_COLUMNS = {
    "themes": 6,
    "levels": 7,
    "access_routes": 8,
    "modes": 9,
    "when": 10,
    "languages": 11,
    "served_districts": 13,
}
_FIELDS = (
    "service_id",
    "name",
    "kind",
    "cost",
    "age_min",
    "age_max",
    "themes",
    "levels",
    "access_routes",
    "modes",
    "when",
    "languages",
    "served_area",
    "served_districts",
    "last_checked",
    "next_review",
    "vocabulary",
    "title_terms",
    "organisation",
    "primary_theme",
    "always_open",
)


def base_name(name: str) -> str:
    """A listing's name without the place it adds: "Active Families – Chorley" → "active families"."""
    for separator in (" – ", " - ", ", "):
        if separator in name:
            name = name.split(separator, 1)[0]
    return name.casefold().strip()


def theme_phrases() -> dict[str, list[str]]:
    """Each theme's name and its families' phrases, by slug."""
    from directory.models import NeedTheme

    return {
        theme.slug: [theme.name, *(synonym.name for synonym in theme.synonyms.all())]
        for theme in NeedTheme.objects.prefetch_related("synonyms")
    }


_NO_ROWS = np.array([], dtype=np.int64)


def _rows_by_term(texts) -> dict[str, np.ndarray]:
    """Each word of the names, and the rows whose name has it: an inverted index of the names."""
    rows: dict[str, list[int]] = {}
    for row, terms in enumerate(texts):
        for term in set(terms.split()):
            rows.setdefault(term, []).append(row)
    return {term: np.array(found, dtype=np.int64) for term, found in rows.items()}


def venue_rows() -> list[tuple]:
    """(id, service id, latitude, longitude, name, postcode) of every venue with coordinates."""
    from directory.models import ServiceLocation

    return list(
        ServiceLocation.objects.filter(latitude__isnull=False, longitude__isnull=False).values_list(
            "pk", "service_id", "latitude", "longitude", "name", "postcode"
        )
    )


def _column(sets: list[set[str]]) -> Column:
    values = sorted(set().union(*sets)) if sets else []
    index = {value: i for i, value in enumerate(values)}
    matrix = np.zeros((len(sets), len(values)), dtype=bool)
    for row, row_values in enumerate(sets):
        for value in row_values:
            matrix[row, index[value]] = True
    return Column(values, matrix)


_lock = threading.Lock()
_current: DocumentTable | None = None

clock = time.monotonic


class _Token:
    """The index token as this process last read it, trusted for `SEARCH_INDEX_TOKEN_SECONDS`."""

    def __init__(self):
        self.value: str | None = None
        self.read_at = float("-inf")
        self.generation = 0
        self.lock = threading.Lock()

    def get(self) -> str:
        value = self.value
        if value is not None and clock() - self.read_at < settings.SEARCH_INDEX_TOKEN_SECONDS:
            return value
        generation = self.generation
        value = read_version()
        with self.lock:
            # A change marked while we were reading (`forget`) wins over what we read.
            if generation == self.generation:
                self.value, self.read_at = value, clock()
        return value

    def forget(self) -> None:
        with self.lock:
            self.value = None
            self.generation += 1


_token = _Token()


def read_version() -> str:
    """The index token as the database has it now."""
    return SearchIndexState.objects.values_list("token", flat=True).first() or ""


def current_version() -> str:
    """The index token, read from the database at most once every `SEARCH_INDEX_TOKEN_SECONDS`."""
    return _token.get()


def forget_token() -> None:
    """Read the token from the database on the next search (tests roll back underneath it)."""
    _token.forget()


_change_listeners: list[Callable[[], None]] = []


def when_changed(listener: Callable[[], None]) -> Callable[[], None]:
    """Call `listener` in this process whenever it marks the index changed (and again once that
    change is committed), for caches that keep the token between requests."""
    _change_listeners.append(listener)
    return listener


def mark_changed() -> None:
    """Tell every process its table is stale. Call inside the transaction that changed documents."""
    token = uuid.uuid4().hex
    if not SearchIndexState.objects.update(token=token):
        SearchIndexState.objects.create(token=token)
    _token.forget()
    transaction.on_commit(_token.forget)
    for listener in _change_listeners:
        listener()
        transaction.on_commit(listener)


def current_table() -> DocumentTable:
    """This process's table, reloaded if any document changed since it was built."""
    global _current
    version = current_version()
    table = _current
    if table is not None and table.version == version:
        return table
    with _lock:
        if _current is None or _current.version != version:
            rows = list(SearchDocument.objects.values_list(*_FIELDS))
            _current = DocumentTable(version, rows, theme_phrases(), venue_rows(), Vocabulary.from_database())
        return _current


def current_vocabulary() -> Vocabulary:
    """The filters' vocabulary as of the current table (themes, levels, modes, languages change
    the index token: `search.signal_handlers`)."""
    return current_table().vocabulary


def forget() -> None:
    """Drop this process's table and token (tests switch databases underneath it)."""
    global _current
    _current = None
    _token.forget()
