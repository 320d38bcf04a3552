"""Sessions: cached in Redis, kept in the database, and never revived once ended.

Django's `cached_db` store reads the cache first. Signing out deletes the database row and the
cached copy; but if Redis cannot be reached at that moment, the cached copy survives, and when Redis
comes back the old cookie signs the person straight back in. This store checks the database row
whenever a *signed-in* session is read from the cache, and forgets a cached session whose row is
gone or expired. Visitors' sessions (the shortlist) are still answered from the cache alone, and a
signed-in request costs one primary-key query.
"""

from __future__ import annotations

import logging

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.utils import timezone

logger = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    def load(self):
        data = super().load()
        if SESSION_KEY in data and not self._row_is_live():
            try:
                self._cache.delete(self.cache_key)
            except Exception:
                logger.warning("An ended session could not be removed from the cache", exc_info=True)
            self._session_key = None
            return {}
        return data

    def _row_is_live(self) -> bool:
        return self.model.objects.filter(
            session_key=self.session_key, expire_date__gt=timezone.now()
        ).exists()
