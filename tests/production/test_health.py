"""/healthz: the database, the cache and the search backend; /healthz/ping: the process alone."""

import pytest

from search.backends import get_backend


@pytest.fixture
def fresh_backend():
    get_backend.cache_clear()
    yield
    get_backend.cache_clear()


@pytest.mark.django_db
def test_healthz_is_200_with_every_check_when_all_is_well(client, fresh_backend):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "search"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["search"]["backend"] == "database"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not response.cookies, "a probe must not create sessions"


@pytest.mark.django_db
def test_healthz_is_503_with_details_and_no_secrets_when_search_is_down(client, settings, fresh_backend):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://elastic:a-secret-password@127.0.0.1:9"  # nothing listens
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    search = body["checks"]["search"]
    assert search["ok"] is False and search["backend"] == "elasticsearch"
    assert search["error"] == "BackendUnavailable"
    assert search["fallback"] == "database" and search["fallback_ok"] is True
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    text = response.content.decode()
    for secret in ("a-secret-password", "127.0.0.1", ":9", "elastic:"):
        assert secret not in text


@pytest.mark.django_db
def test_healthz_reports_a_failing_database_without_its_message(client, monkeypatch, fresh_backend):
    from config import health

    def broken():
        raise RuntimeError("password authentication failed for user rightdoor at db.internal")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    database = response.json()["checks"]["database"]
    assert database["ok"] is False and database["error"] == "RuntimeError"
    assert set(database) == {"ok", "error", "ms"}
    assert "db.internal" not in response.content.decode()


def test_ping_answers_without_the_database(client):
    # No django_db mark: any database query here would fail the test.
    response = client.get("/healthz/ping")
    assert response.status_code == 200 and response.content == b"ok"
    assert "no-store" in response["Cache-Control"]
