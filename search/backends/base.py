"""The one interface every search backend implements, and the values it returns.

A backend answers a `SearchQuery` with `BackendResults`: the hits for the requested page (ids,
scores, distances, how each service covers the searched place), the total, and facet counts.
It never renders anything and never sees a request. `search.service` turns the hits into pages.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..documents import ServiceRecord
from ..query import SearchQuery
from ..text import AnalysedText


class BackendUnavailable(Exception):
    """The backend could not answer (a server down, a timeout). The caller may fall back.

    `reason` says why in words safe for /healthz and the log (no URL, host or credential)."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message


@dataclass(frozen=True)
class NearestLocation:
    name: str
    postcode: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Hit:
    service_id: int
    score: float = 0.0
    distance_miles: float | None = None
    nearest_location: NearestLocation | None = None
    # How the service reaches the searched place: "venue" (a venue within the radius),
    # "district", "county" or "national" (it serves the place without a venue that close), or "".
    coverage: str = ""
    # One card per service: the ids of the same service's other listings (other districts) that
    # the search also found, shown as "Also in Chorley, Preston and 6 more areas".
    also_in: tuple[int, ...] = ()


@dataclass
class BackendResults:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    backend: str = ""


class SearchBackend(ABC):
    """Search over live services. Implementations: `database`, `elasticsearch`."""

    name: str = ""

    @abstractmethod
    def search(self, query: SearchQuery, analysed: AnalysedText | None) -> BackendResults:
        """Filter, rank, facet and paginate. `analysed` is the shared reading of `query.text`."""

    @abstractmethod
    def index(self, records: Iterable[ServiceRecord]) -> None:
        """Add or replace these services in the index."""

    def bulk_index(self, records: list[ServiceRecord]) -> None:
        """Index many services into an index just cleared (rebuilds); by default, `index`."""
        self.index(records)

    @abstractmethod
    def remove(self, service_ids: Iterable[int]) -> None:
        """Take these services out of the index (unpublished or deleted)."""

    @abstractmethod
    def clear(self) -> None:
        """Empty the index, before a rebuild."""

    def rebuild(self, batches: Callable[[], Iterable[list[ServiceRecord]]]) -> int:
        """Replace the whole index with the records `batches()` yields; returns how many. By
        default: `clear`, then `bulk_index` each batch. Elasticsearch builds a new index and swaps."""
        self.clear()
        count = 0
        for batch in batches():
            self.bulk_index(batch)
            count += len(batch)
        return count

    def count(self) -> int:
        """How many services the index holds."""
        raise NotImplementedError
