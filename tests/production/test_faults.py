"""Backing services failing: Redis down, Elasticsearch down, PostgreSQL restarted under load.

Each uses a server of its own (a throwaway redis-server, a closed port, a throwaway PostgreSQL
cluster started with initdb/pg_ctl as the postgres user), never the shared ones; without the
binaries the test is skipped with the reason printed.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
import urllib.error
import urllib.request

from django.core.cache import cache

import pytest

from loadtest.servers import free_port, start_gunicorn, wait_for_port
from search.backends import get_backend
from tests.factories import ServicePageFactory

from .conftest import production_env


def redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }


@pytest.mark.django_db
def test_redis_down_the_site_works_uncached_and_nobody_is_signed_out(
    client, settings, site_tree, redis_server, django_user_model
):
    url, stop_redis = redis_server
    settings.CACHES = redis_cache(url)
    settings.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    cache.set("fault-test", "cached", 60)
    assert cache.get("fault-test") == "cached", "Redis really is the cache here"
    healthy = client.get("/healthz").json()["checks"]["cache"]
    assert healthy["ok"] is True and healthy["backend"] == "redis"
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200

    stop_redis()

    started = time.monotonic()
    for path in ["/", "/search/?q=parenting&near=PR1+2HE", "/services/", "/admin/"]:
        response = client.get(path)
        assert response.status_code == 200, path  # /admin/: the session is read from the database
    assert time.monotonic() - started < 10, "a dead cache must not make every page wait"
    assert cache.get("fault-test") is None  # a miss, not an exception
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["checks"]["cache"]["ok"] is False
    assert health.json()["checks"]["database"]["ok"] is True
    # Signing in still works (the rate limit fails open and says so in the log).
    client.logout()
    response = client.post("/admin/login/", {"username": "editor", "password": "a-long-password-1"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_elasticsearch_down_the_database_backend_answers(client, settings, site_tree):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"  # a closed port
    get_backend.cache_clear()
    try:
        # Published while Elasticsearch is down: the database index still takes it.
        ServicePageFactory(title="Harbour parenting group", summary="A parenting course in Preston.")
        started = time.monotonic()
        response = client.get("/search/", {"q": "parenting", "near": "PR1 2HE", "format": "json"})
        assert time.monotonic() - started < 5
        assert response.status_code == 200
        titles = [result["name"] for result in response.json()["results"]]
        assert "Harbour parenting group" in titles
        assert client.get("/search/?q=parenting").status_code == 200
        health = client.get("/healthz").json()["checks"]["search"]
        assert health["ok"] is False and health["fallback_ok"] is True
    finally:
        get_backend.cache_clear()


# --------------------------------------------------------------------------- PostgreSQL restarted


def _database_ok(url: str) -> tuple[bool, str]:
    """One request to /healthz on the gunicorn under test: did its database check pass?"""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read()
    except urllib.error.HTTPError as error:  # 503: read which check failed
        body = error.read()
    except OSError as error:
        return False, type(error).__name__
    try:
        database = json.loads(body)["checks"]["database"]
    except (ValueError, KeyError):
        return False, "not the health JSON"
    return bool(database["ok"]), database.get("error", "")


def test_postgresql_restarted_during_load_errors_only_while_it_is_down(throwaway_postgres, tmp_path):
    port = free_port()
    env = production_env(
        DATABASE_URL=throwaway_postgres.url,
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",  # no Redis: uncached, as in production's worst case
        ALLOWED_HOSTS="127.0.0.1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="4",
        DATABASE_CONNECT_TIMEOUT="2",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    server = start_gunicorn(env, tmp_path / "gunicorn.log")
    try:
        wait_for_port(port, timeout=30, process=server)
        url = f"http://127.0.0.1:{port}/healthz"
        samples: list[tuple[float, float, bool, str]] = []  # (started, finished, ok, error)
        stop = threading.Event()

        paused = threading.Event()

        def client():
            while not stop.is_set():
                if paused.is_set():
                    time.sleep(0.02)
                    continue
                started = time.monotonic()
                ok, error = _database_ok(url)
                samples.append((started, time.monotonic(), ok, error))
                time.sleep(0.02)

        threads = [threading.Thread(target=client) for _ in range(6)]
        for thread in threads:
            thread.start()
        time.sleep(2.0)
        # 1. Restarted while nobody asks: every worker's kept connection is stale afterwards, and
        #    only the check before reuse (CONN_HEALTH_CHECKS) spares the next requests an error.
        paused.set()
        time.sleep(0.3)  # let requests in flight finish
        idle_down_at = time.monotonic()
        throwaway_postgres.stop("fast")
        assert not throwaway_postgres.accepts_connections()
        throwaway_postgres.start()
        idle_up_at = time.monotonic()
        paused.clear()
        time.sleep(2.0)
        # 2. Restarted under load: errors while it is down, none once it is back.
        down_at = time.monotonic()
        throwaway_postgres.stop("fast")
        time.sleep(2.0)
        throwaway_postgres.start()  # pg_ctl -w: returns once it accepts connections
        up_at = time.monotonic()
        time.sleep(3.0)
        stop.set()
        for thread in threads:
            thread.join(15)
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()

    before = [s for s in samples if s[1] < idle_down_at]
    after_idle = [s for s in samples if idle_up_at < s[0] and s[1] < down_at]
    during = [s for s in samples if s[0] > down_at + 0.2 and s[1] < up_at - 0.2]
    after = [s for s in samples if s[0] > up_at]
    outside = [s for s in samples if s[1] < down_at or s[0] > up_at]
    assert before and after_idle and during and after, (len(before), len(after_idle), len(during), len(after))
    assert all(ok for _, _, ok, _ in before), "healthy before the restarts"
    assert not any(ok for _, _, ok, _ in during), "the outage under load was seen"
    failures_outside = [(round(s[0] - down_at, 2), s[3]) for s in outside if not s[2]]
    assert failures_outside == [], "errors only while PostgreSQL was down; recovery needed nobody"
    assert sum(ok for _, _, ok, _ in after) >= 20, "served normally again after the restart"
    print(
        f"\nPostgreSQL restarts: {len(before)} ok before, {len(after_idle)} ok after an idle restart, "
        f"{len(during)} failed while down under load ({up_at - down_at:.1f} s), {len(after)} ok after, "
        "0 errors outside the outage"
    )
