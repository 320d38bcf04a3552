"""A circuit breaker in front of Redis: after one failure, skip the cache for a cool-off.

django-redis with IGNORE_EXCEPTIONS turns a Redis failure into a cache miss, but each call still
waits for its socket timeout first: with Redis hung (SIGSTOP, a full network buffer) every request
made several 0.5 s waits, and every ignored exception wrote a traceback. `BreakerClient` is
django-redis's client with a breaker: the first failure opens it for `REDIS_BREAKER_SECONDS`
(`CACHES["default"]["OPTIONS"]["BREAKER_SECONDS"]`), during which every cache call in this process
fails at once (a miss, as before, without touching the socket); the next call after the cool-off
tries Redis again. The opening is logged once per cool-off, as one warning line without a
traceback (set DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS off so django-redis does not log each call).
"""

from __future__ import annotations

import logging
import threading
import time

from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)

# The client methods Django's cache API (and django-redis's extras) go through.
GUARDED = frozenset(
    {
        "get",
        "set",
        "add",
        "delete",
        "delete_many",
        "get_many",
        "set_many",
        "incr",
        "decr",
        "has_key",
        "touch",
        "clear",
        "ttl",
        "expire",
        "persist",
        "keys",
        "iter_keys",
        "delete_pattern",
        "incr_version",
    }
)


class Breaker:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self._open_until = 0.0
        self._lock = threading.Lock()

    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def trip(self, error: BaseException) -> None:
        with self._lock:
            now = time.monotonic()
            if now < self._open_until:
                return
            self._open_until = now + self.seconds
        cause = error.__cause__ or error
        logger.warning(
            "Redis is not answering (%s: %s): the cache is skipped for %.0f s",
            type(cause).__name__,
            cause,
            self.seconds,
        )

    def reset(self) -> None:
        self._open_until = 0.0


class BreakerClient(DefaultClient):
    def __init__(self, server, params, backend):
        super().__init__(server, params, backend)
        seconds = float(params.get("OPTIONS", {}).get("BREAKER_SECONDS", 5))
        self.breaker = Breaker(seconds)

    def __getattribute__(self, name):
        attribute = super().__getattribute__(name)
        if name not in GUARDED or not callable(attribute):
            return attribute
        breaker = super().__getattribute__("breaker")

        def guarded(*args, **kwargs):
            if breaker.is_open():
                raise ConnectionInterrupted(connection=None)
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                breaker.trip(error)
                raise

        return guarded
