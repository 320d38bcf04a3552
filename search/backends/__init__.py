"""Choosing the search backend from settings.

SEARCH_BACKEND = "database" (the default) or "elasticsearch" (needs ELASTICSEARCH_URL). With
Elasticsearch, the database backend is kept up to date as well and answers whenever
Elasticsearch cannot: a search page never fails because a search server is down.
"""

from __future__ import annotations

import logging
from functools import cache

from django.conf import settings

from .base import BackendResults, BackendUnavailable, SearchBackend

logger = logging.getLogger(__name__)


class FallbackBackend(SearchBackend):
    """Ask `primary`; if it is unavailable, log it and ask `fallback`. Index into both."""

    def __init__(self, primary: SearchBackend, fallback: SearchBackend):
        self.primary, self.fallback = primary, fallback
        self.name = primary.name

    def search(self, query, analysed) -> BackendResults:
        try:
            return self.primary.search(query, analysed)
        except BackendUnavailable as error:
            logger.error(
                "Search backend %s unavailable, answering from %s: %s",
                self.primary.name,
                self.fallback.name,
                error,
            )
            return self.fallback.search(query, analysed)

    def _both(self, method: str, *args) -> None:
        getattr(self.fallback, method)(*args)
        try:
            getattr(self.primary, method)(*args)
        except BackendUnavailable as error:
            logger.error(
                "Search backend %s unavailable for %s; run rebuild_search_index when it is back: %s",
                self.primary.name,
                method,
                error,
            )

    def index(self, records) -> None:
        self._both("index", list(records))

    def bulk_index(self, records) -> None:
        self._both("bulk_index", list(records))

    def remove(self, service_ids) -> None:
        self._both("remove", list(service_ids))

    def clear(self) -> None:
        self._both("clear")

    def count(self) -> int:
        return self.primary.count()


@cache
def get_backend() -> SearchBackend:
    from .database import DatabaseBackend

    name = getattr(settings, "SEARCH_BACKEND", "database")
    if name == "elasticsearch":
        from .elasticsearch import ElasticsearchBackend

        return FallbackBackend(ElasticsearchBackend.from_settings(), DatabaseBackend())
    return DatabaseBackend()


__all__ = ["BackendResults", "BackendUnavailable", "SearchBackend", "get_backend"]
