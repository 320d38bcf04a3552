"""Health checks: `/healthz` (the database, the cache and the search backend) and `/healthz/ping`.

`/healthz` answers 200 when every check passes and 503 otherwise, as JSON with one entry per check.
It says which checks failed and with what kind of error (the exception's class name), never a
message, a host name or a URL, so it can show no password or internal address. It is never cached.

`/healthz/ping` answers "ok" without touching anything: proof that a worker is up and Django's
whole middleware stack runs. It is what a load balancer's liveness probe should use (a Redis or
Elasticsearch outage must not take every instance out of service: the site keeps working without
them), and it is the trivial view that `make loadtest` measures as the framework's floor.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache


def _timed(check: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    try:
        result = {"ok": True, **check()}
    except Exception as error:  # each check reports its own failure; the others still run
        result = {"ok": False, "error": type(error).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database() -> dict:
    connection = connections["default"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_cache() -> dict:
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.startswith("django_redis."):
        # django-redis is configured to swallow errors (the site runs uncached without Redis), so a
        # set-then-get would quietly "pass" as a miss: ask the server directly instead.
        from django_redis import get_redis_connection

        get_redis_connection("default").ping()
        return {"backend": "redis"}
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)
    return {"backend": backend.rsplit(".", 1)[-1]}


def check_search() -> dict:
    from search.backends import BackendUnavailable, FallbackBackend, get_backend

    backend = get_backend()
    if isinstance(backend, FallbackBackend):
        # Searches still get answers from the fallback while the primary is down; say both, and
        # why the primary cannot answer (`reason` names no host, URL or credential).
        result = {"backend": backend.primary.name, "fallback": backend.fallback.name}
        try:
            backend.fallback.count()
            result["fallback_ok"] = True
        except Exception as error:
            result |= {"fallback_ok": False, "fallback_error": type(error).__name__}
        if backend.breaker.is_open:
            # Do not spend a timeout per probe on a cluster already known to be down.
            return result | {"ok": False, "error": "BackendUnavailable", "reason": backend.breaker.reason}
        try:
            result |= backend.primary.check()
        except BackendUnavailable as error:
            backend.breaker.failure(error.reason)
            result |= {"ok": False, "error": type(error).__name__, "reason": error.reason}
        except Exception as error:
            result |= {"ok": False, "error": type(error).__name__}
        return result
    return {"backend": backend.name, "documents": backend.count()}


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "cache": check_cache,
    "search": check_search,
}


@never_cache
def healthz(request):
    checks = {name: _timed(check) for name, check in CHECKS.items()}
    healthy = all(result["ok"] for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "checks": checks}, status=200 if healthy else 503
    )


@never_cache
def ping(request):
    return HttpResponse("ok", content_type="text/plain")
