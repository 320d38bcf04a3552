"""Choosing the search backend from settings.

SEARCH_BACKEND = "database" (the default) or "elasticsearch" (needs ELASTICSEARCH_URL). With
Elasticsearch, the database backend is kept up to date as well and answers whenever
Elasticsearch cannot: a search page never fails because a search server is down, misconfigured or
answering nonsense. A circuit breaker then keeps requests off Elasticsearch for a cool-off period
(ELASTICSEARCH_COOLOFF_SECONDS), so a hung cluster costs at most one timeout per period, not one
per backend call, and the failure is logged once per period rather than once per request.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from functools import cache

from django.conf import settings

from .base import BackendResults, BackendUnavailable, SearchBackend

logger = logging.getLogger(__name__)

DEFAULT_COOLOFF_SECONDS = 30.0


class CircuitBreaker:
    """Closed: calls go through. After a failure it opens for `cooloff` seconds (calls are refused
    at once); then one call is let through to try, and its outcome closes or re-opens it."""

    def __init__(self, cooloff: float = DEFAULT_COOLOFF_SECONDS, clock=time.monotonic):
        self.cooloff = cooloff
        self.clock = clock
        self.open_until = 0.0
        self.reason = ""  # why it last opened; "" when closed
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return bool(self.reason) and self.clock() < self.open_until

    def allow(self) -> bool:
        with self._lock:
            if not self.reason:
                return True
            now = self.clock()
            if now < self.open_until:
                return False
            # Half-open: this caller tries; everyone else keeps away until it reports back.
            self.open_until = now + self.cooloff
            return True

    def failure(self, reason: str) -> bool:
        """Open (again). True when this is news (closed before): the caller logs it."""
        with self._lock:
            news = not self.reason
            self.reason = reason
            self.open_until = self.clock() + self.cooloff
            return news

    def success(self) -> bool:
        """Close. True when it was open (the caller logs the recovery)."""
        with self._lock:
            was_open = bool(self.reason)
            self.reason = ""
            self.open_until = 0.0
            return was_open


class FallbackBackend(SearchBackend):
    """Ask `primary` unless its circuit is open; if it is unavailable, log it (once per cool-off)
    and ask `fallback`. Index into both. Drop any hit the fallback (kept in the same transaction as
    publishing) no longer holds, and delete it from `primary`: a delete missed while it was down."""

    def __init__(
        self, primary: SearchBackend, fallback: SearchBackend, cooloff: float = DEFAULT_COOLOFF_SECONDS
    ):
        self.primary, self.fallback = primary, fallback
        self.name = primary.name
        self.breaker = CircuitBreaker(cooloff)
        self.last_rebuild_error = ""

    # ------------------------------------------------------------------ the breaker

    def _failed(self, action: str, error: BackendUnavailable) -> None:
        if self.breaker.failure(error.reason):
            logger.error(
                "Search backend %s unavailable (%s), answering from %s for %gs before trying again: %s",
                self.primary.name,
                action,
                self.fallback.name,
                self.breaker.cooloff,
                error,
            )
        else:
            logger.warning(
                "Search backend %s still unavailable (%s): %s", self.primary.name, action, error.reason
            )

    def _succeeded(self) -> None:
        if self.breaker.success():
            logger.warning(
                "Search backend %s answers again; run reconcile_search_index to repair missed writes",
                self.primary.name,
            )

    # ------------------------------------------------------------------ searching

    def search(self, query, analysed) -> BackendResults:
        if self.breaker.allow():
            try:
                found = self.primary.search(query, analysed)
            except BackendUnavailable as error:
                self._failed("search", error)
            else:
                self._succeeded()
                return self._without_stale_hits(found)
        return self.fallback.search(query, analysed)

    def _without_stale_hits(self, found: BackendResults) -> BackendResults:
        """Drop ids the database no longer holds as live, from the hits and from each card's
        `also_in` (another district's listing of the service, deleted while the primary was
        down); a card whose own listing is stale gives its place to the service's first live
        listing in `also_in`. Stale ids are logged and deleted from the primary."""
        from .. import snapshot

        if not found.hits:
            return found
        table = snapshot.current_table()
        ids = {hit.service_id for hit in found.hits} | {other for hit in found.hits for other in hit.also_in}
        known = set(table.ids[table.positions(sorted(ids))].tolist())
        stale = sorted(ids - known)
        if not stale:
            return found
        logger.warning(
            "Search backend %s returned %d services that are no longer live (%s); dropped",
            self.primary.name,
            len(stale),
            ", ".join(map(str, stale)),
        )
        try:
            self.primary.remove(stale)
        except BackendUnavailable as error:
            logger.warning(
                "Could not remove stale search hits (%s); reconcile_search_index will", error.reason
            )
        hits, dropped = [], 0
        for hit in found.hits:
            others = tuple(other for other in hit.also_in if other in known)
            if hit.service_id in known:
                hits.append(dataclasses.replace(hit, also_in=others))
            elif others:  # the service is still live elsewhere: its next listing stands for it
                hits.append(
                    dataclasses.replace(
                        hit,
                        service_id=others[0],
                        also_in=others[1:],
                        distance_miles=None,
                        nearest_location=None,
                    )
                )
            else:
                dropped += 1
        return BackendResults(
            hits=hits,
            total=max(0, found.total - dropped),
            facets=found.facets,
            backend=found.backend,
        )

    # ------------------------------------------------------------------ indexing

    def _both(self, method: str, *args) -> None:
        getattr(self.fallback, method)(*args)
        try:
            getattr(self.primary, method)(*args)
        except BackendUnavailable as error:
            self._failed(method, error)
            logger.error(
                "Search backend %s missed a write (%s); reconcile_search_index repairs it: %s",
                self.primary.name,
                method,
                error.reason,
            )
        else:
            self._succeeded()

    def index(self, records) -> None:
        self._both("index", list(records))

    def bulk_index(self, records) -> None:
        self._both("bulk_index", list(records))

    def remove(self, service_ids) -> None:
        self._both("remove", list(service_ids))

    def clear(self) -> None:
        self._both("clear")

    def rebuild(self, batches) -> int:
        """Rebuild Elasticsearch (a new index, swapped in when complete), then the database index
        in one transaction, so neither ever answers from a half-built index. If Elasticsearch
        fails, it keeps serving its old index, the database is rebuilt all the same, and
        `last_rebuild_error` says why."""
        from django.db import transaction

        self.last_rebuild_error = ""
        try:
            self.primary.rebuild(batches)
        except BackendUnavailable as error:
            self.last_rebuild_error = error.reason
            self._failed("rebuild", error)
        else:
            self._succeeded()
        with transaction.atomic():
            return self.fallback.rebuild(batches)

    def count(self) -> int:
        return self.primary.count()


@cache
def get_backend() -> SearchBackend:
    from .database import DatabaseBackend

    name = getattr(settings, "SEARCH_BACKEND", "database")
    if name == "elasticsearch":
        from .elasticsearch import ElasticsearchBackend

        cooloff = float(getattr(settings, "ELASTICSEARCH_COOLOFF_SECONDS", DEFAULT_COOLOFF_SECONDS))
        return FallbackBackend(ElasticsearchBackend.from_settings(), DatabaseBackend(), cooloff)
    return DatabaseBackend()


__all__ = [
    "BackendResults",
    "BackendUnavailable",
    "CircuitBreaker",
    "FallbackBackend",
    "SearchBackend",
    "get_backend",
]
