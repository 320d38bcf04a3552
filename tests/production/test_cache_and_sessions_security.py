"""Redis-backed security behaviour, against a real redis-server of our own (issue 13, items 8-10):
sessions ended while Redis was unreachable stay ended, rate limits count atomically under real
concurrency, and a hung Redis is skipped after one timeout and logged once."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.core.cache import cache, caches
from django.test import Client

import pytest

from loadtest.servers import start_throwaway_redis

from .conftest import skip_with_reason


@pytest.fixture
def redis_process(tmp_path):
    """A throwaway redis-server on a free port: (url, process). Resumed and stopped afterwards."""
    started = start_throwaway_redis(tmp_path)
    if started is None:
        skip_with_reason("redis-server is not installed (apt-get install redis-server)")
    url, process = started
    yield url, process
    if process.poll() is None:
        os.kill(process.pid, signal.SIGCONT)
        process.kill()
        process.wait(10)


def use_redis(settings, url, breaker_seconds=5.0):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "CLIENT_CLASS": "config.cache_breaker.BreakerClient",
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
                "BREAKER_SECONDS": breaker_seconds,
            },
        }
    }
    settings.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
    cache.set("security-test", "redis", 60)
    assert cache.get("security-test") == "redis", "Redis really is the cache here"


def hang(process):
    os.kill(process.pid, signal.SIGSTOP)


def resume(process):
    os.kill(process.pid, signal.SIGCONT)


def reset_breaker():
    caches["default"].client.breaker.reset()


# --------------------------------------------------------------------------- item 8


@pytest.mark.django_db
def test_signing_out_while_redis_is_unreachable_ends_the_session_when_it_comes_back(
    client, settings, site_tree, redis_process, django_user_model
):
    url, process = redis_process
    use_redis(settings, url)
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    hang(process)
    client.post("/admin/logout/")
    resume(process)
    reset_breaker()  # Redis answers again; do not wait for the cool-off

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    response = replay.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --------------------------------------------------------------------------- item 9


@pytest.mark.django_db(transaction=True)
def test_forty_concurrent_wrong_passwords_are_evaluated_at_most_five_times(settings, redis_process):
    from django.contrib.auth.signals import user_login_failed

    url, _ = redis_process
    use_redis(settings, url)
    settings.LOGIN_RATE_LIMIT_ATTEMPTS = 5
    evaluated = []
    lock = threading.Lock()

    def count(sender, **kwargs):
        with lock:
            evaluated.append(1)

    user_login_failed.connect(count, dispatch_uid="test-count-evaluated")
    try:

        def guess(number):
            return (
                Client()
                .post("/admin/login/", {"username": "admin", "password": f"guess-{number}"})
                .status_code
            )

        with ThreadPoolExecutor(max_workers=20) as pool:
            codes = list(pool.map(guess, range(40)))
    finally:
        user_login_failed.disconnect(dispatch_uid="test-count-evaluated")
    assert codes.count(429) == 35
    assert len(evaluated) <= 5, f"{len(evaluated)} guesses were checked against the password"


def test_forty_concurrent_suggestions_store_at_most_the_limit(settings, redis_process):
    from directory.feedback import RateLimit

    url, _ = redis_process
    use_redis(settings, url)
    limit = RateLimit(key="directory:feedback-rate:concurrency-test", limit=5)
    start = threading.Barrier(40)

    def take(_):
        start.wait()
        return limit.take()

    with ThreadPoolExecutor(max_workers=40) as pool:
        accepted = list(pool.map(take, range(40)))
    assert accepted.count(True) == 5


@pytest.mark.django_db
def test_password_reset_requests_are_limited_per_account_and_per_address(client, settings, mailoutbox):
    settings.PASSWORD_RESET_RATE_LIMIT_ATTEMPTS = 3
    settings.PASSWORD_RESET_RATE_LIMIT_ADDRESS_ATTEMPTS = 6
    codes = [
        client.post("/admin/password_reset/", {"email": "victim@example.org"}).status_code for _ in range(5)
    ]
    assert codes[:3] != [429] * 3 and codes[3:] == [429, 429]
    other = [
        client.post("/admin/password_reset/", {"email": f"person{n}@example.org"}).status_code
        for n in range(3)
    ]
    assert other[-1] == 429, "one address cannot ask for resets of many accounts either"


# --------------------------------------------------------------------------- item 10


@pytest.mark.django_db
def test_a_hung_redis_is_skipped_after_one_timeout_and_logged_once(
    client, settings, site_tree, redis_process, caplog
):
    url, process = redis_process
    use_redis(settings, url, breaker_seconds=30)
    hang(process)
    caplog.set_level(logging.WARNING)
    started = time.monotonic()
    for _ in range(20):
        assert client.get("/").status_code == 200
    elapsed = time.monotonic() - started
    resume(process)
    assert elapsed < 6, f"20 pages took {elapsed:.1f} s: each cache call waited for the timeout"
    breaker_lines = [record for record in caplog.records if record.name == "config.cache_breaker"]
    assert len(breaker_lines) == 1
    assert not any(record.exc_info for record in caplog.records if "redis" in record.name.lower())
