"""What the site's rate limits share: who is asking, and a counter in the shared cache.

Used by the admin sign-in limit (`config.middleware`) and the "suggest a change" limit
(`directory.feedback`). A cache outage never locks anyone out: a counter that cannot be read is
zero, and one that cannot be updated stays as it was, each with a warning in the log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the address `TRUSTED_PROXY_COUNT` proxies in front of
    the app appended to X-Forwarded-For (never a value the client could choose itself)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@dataclass(frozen=True)
class Counter:
    """A count in the shared cache that lasts `window` seconds from its first step."""

    key: str
    window: int
    purpose: str  # for the log: "The login rate limit", …

    def count(self) -> int:
        try:
            return int(cache.get(self.key, 0) or 0)
        except Exception:
            logger.warning("%s could not be read from the cache", self.purpose, exc_info=True)
            return 0

    def hit(self) -> int:
        """Count one attempt, atomically, and return the count including it (0 when the cache
        cannot be reached: the limit fails open, with a warning). Call it *before* the attempt and
        refuse when the answer is over the limit: concurrent requests each get their own number,
        so 40 at once cannot all read "4" and all go ahead (cache.add and cache.incr are atomic in
        Redis and in the local-memory cache)."""
        try:
            if cache.add(self.key, 1, timeout=self.window):
                return 1
            try:
                return int(cache.incr(self.key))
            except ValueError:  # expired between add() and incr()
                cache.set(self.key, 1, timeout=self.window)
                return 1
        except Exception:
            logger.warning("%s could not be counted in the cache", self.purpose, exc_info=True)
            return 0

    def step(self) -> None:
        try:
            if not cache.add(self.key, 1, timeout=self.window):
                try:
                    cache.incr(self.key)
                except ValueError:  # expired between add() and incr()
                    cache.set(self.key, 1, timeout=self.window)
        except Exception:
            logger.warning("%s could not be updated in the cache", self.purpose, exc_info=True)
