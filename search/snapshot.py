"""An in-memory, column-per-attribute table of every search document, for filtering and facets.

Filtering 100,000 services by nine facets and counting every facet value is a handful of numpy
operations over this table, instead of a dozen SQL queries per search. The table also holds what
every search reads and rarely changes: the filters' vocabulary (`table.vocabulary`) and each
venue's name and postcode. Each process keeps one table and reloads it when the index token
(`SearchIndexState.token`) moves on. A process re-reads the token at most once every
`SEARCH_INDEX_TOKEN_SECONDS` (1 s) rather than on every search, so a search usually costs no query
for it: a change made in this process is seen at once (`mark_changed` drops the token it holds), one
made in another process within that second. The filters and facet counts it inherits are
`search.columns.FilterColumns`, which the Elasticsearch backend uses too.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import transaction

import numpy as np

from directory import facets

from . import ranking, spelling, text
from .columns import FilterColumns, column_of, facet_columns
from .models import SearchDocument, SearchIndexState
from .query import Vocabulary


class DocumentTable(FilterColumns):
    """Every search document as columns. `rows` are the documents' `_FIELDS`, read by name
    (`values_list(..., named=True)` rows, or anything with those attributes)."""

    def __init__(
        self,
        version: str,
        rows: list,
        theme_phrases: dict[str, list[str]],
        venues: list[tuple] | None = None,
        vocabulary: Vocabulary | None = None,
    ):
        self.version = version
        self.vocabulary = vocabulary
        rows.sort(key=lambda row: row.service_id)
        count = len(rows)
        self.ids = np.fromiter((row.service_id for row in rows), dtype=np.int64, count=count)
        self.names = [row.name for row in rows]
        self.name_order = np.argsort(
            np.array([name.casefold() for name in self.names], dtype=object), kind="stable"
        )
        self.name_rank = np.empty(count, dtype=np.int64)
        self.name_rank[self.name_order] = np.arange(count)
        # Served areas as boolean columns: comparing object (string) arrays costs milliseconds per
        # operation at 100,000 services.
        self.national = np.fromiter((row.served_area == "national" for row in rows), dtype=bool, count=count)
        self.county = np.fromiter((row.served_area == "county" for row in rows), dtype=bool, count=count)
        self.districts = np.fromiter(
            (row.served_area == "districts" for row in rows), dtype=bool, count=count
        )
        self.last_checked = np.fromiter(
            (row.last_checked.toordinal() for row in rows), dtype=np.int64, count=count
        )
        self.next_review = np.fromiter(
            (row.next_review.toordinal() if row.next_review else 10**7 for row in rows),
            dtype=np.int64,
            count=count,
        )
        self.columns = facet_columns(
            {field: [row.facet_values.get(field, ()) for row in rows] for field in facets.FIELDS}
        )
        districts = [row.served_districts.split() for row in rows]
        self.served_districts = column_of([set(served) for served in districts])
        # The district a listing serves first (as its document lists them), for "Also in …".
        self.first_district = [served[0] if served else "" for served in districts]
        self.title_rows = _rows_by_term(row.title_terms for row in rows)
        self.spelling = spelling.SpellingIndex.from_texts(
            [row.vocabulary for row in rows],
            vocabulary=[phrase for phrases in theme_phrases.values() for phrase in phrases],
        )
        self.themes = text.ThemeMatcher(theme_phrases)
        self.venues = VenueIndex(venues or [], self.ids)
        # Ranking features (search.ranking) that are not filters.
        theme_positions = {value: i for i, value in enumerate(self.columns["theme"].values)}
        self.primary_theme = np.fromiter(
            (theme_positions.get(row.primary_theme, -1) for row in rows), dtype=np.int32, count=count
        )
        self.always_open = np.fromiter((bool(row.always_open) for row in rows), dtype=bool, count=count)
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
            (keys.setdefault((row.organisation, base_name(row.name)), len(keys)) for row in rows),
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


_FIELDS = (
    "service_id",
    "name",
    "facet_values",
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
            rows = list(SearchDocument.objects.values_list(*_FIELDS, named=True))
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
