"""The production settings, loaded as a deployment would load them: in a child process, from the
environment alone."""

import json
import subprocess

import pytest

from .conftest import PYTHON, REPO, production_env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def production_values(env: dict[str, str], *names: str) -> dict:
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = subprocess.run(
        [PYTHON, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output
    assert "WARNING" not in output and "?:" not in output, output


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY"),
        ("DATABASE_URL", "DATABASE_URL"),
        ("REDIS_URL", "REDIS_URL"),
    ],
)
def test_production_refuses_to_start_without_a_required_variable(missing, message):
    env = production_env()
    del env[missing]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_refuses_a_short_secret_key_and_sqlite():
    result = run_manage("check", env=production_env(SECRET_KEY="short"))
    assert result.returncode != 0 and "SECRET_KEY must be a long random value" in result.stderr
    result = run_manage("check", env=production_env(DATABASE_URL="sqlite:////tmp/x.sqlite3"))
    assert result.returncode != 0 and "PostgreSQL" in result.stderr


def test_production_reads_redis_elasticsearch_and_hardens_cookies_and_transport():
    env = production_env(SEARCH_BACKEND="elasticsearch", ELASTICSEARCH_URL="http://search.internal:9200")
    values = production_values(
        env,
        "DEBUG",
        "CACHES",
        "SESSION_ENGINE",
        "DATABASES",
        "SEARCH_BACKEND",
        "ELASTICSEARCH_URL",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "MIDDLEWARE",
        "STORAGES",
        "ALLOWED_HOSTS",
        "WAGTAILIMAGES_EXTENSIONS",
    )
    assert values["DEBUG"] is False
    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["LOCATION"] == env["REDIS_URL"]
    assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True  # the site runs uncached while Redis is down
    assert values["SESSION_ENGINE"] == "config.sessions"  # cached_db that never revives ended sessions
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["CONN_MAX_AGE"] == 60 and database["CONN_HEALTH_CHECKS"] is True
    assert values["SEARCH_BACKEND"] == "elasticsearch"
    assert values["ELASTICSEARCH_URL"] == "http://search.internal:9200"
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000 and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"]
    middleware = values["MIDDLEWARE"]
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") == 1
    # The policy is set outside the request-size cap, so a refused upload carries it too.
    assert middleware.index("config.middleware.ContentSecurityPolicyMiddleware") < middleware.index(
        "config.middleware.SecurityHeadersMiddleware"
    )
    assert "config.middleware.LoginRateLimitMiddleware" in middleware
    assert values["STORAGES"]["staticfiles"]["BACKEND"].startswith("whitenoise.")
    assert values["ALLOWED_HOSTS"] == ["rightdoor.example"]
    assert "svg" not in values["WAGTAILIMAGES_EXTENSIONS"]


def test_gunicorn_configuration_loads():
    script = "import runpy; c = runpy.run_path('config/gunicorn.py'); print(c['worker_class'], c['workers'] > 0, c['timeout'])"
    result = subprocess.run([PYTHON, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["gthread", "True", "30"]


def test_gunicorn_access_log_keeps_no_search_words_answers_or_addresses():
    """A family's search words and pathway answers are in the query string; they must not be logged."""
    import datetime

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    script = "import runpy; print(runpy.run_path('config/gunicorn.py')['access_log_format'])"
    result = subprocess.run([PYTHON, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    log_format = result.stdout.strip()

    class Request:
        method = "GET"
        path = "/pathways/things-are-difficult-at-home/"
        query = "danger=partner-hurts-me"
        uri = f"{path}?{query}"
        version = (1, 1)
        headers = [("REFERER", "https://rightdoor.example/search/?q=partner+hurts+me")]

    class Response:
        status = "200 OK"
        sent = 512
        headers = []

    config = Config()
    config.set("access_log_format", log_format)
    environ = {
        "REMOTE_ADDR": "203.0.113.7",
        "REQUEST_METHOD": "GET",
        "PATH_INFO": Request.path,
        "QUERY_STRING": Request.query,
        "RAW_URI": Request.uri,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": Request.headers[0][1],
    }
    atoms = Logger(config).atoms(Response(), Request(), environ, datetime.timedelta(seconds=0.05))
    line = log_format % atoms
    assert "/pathways/things-are-difficult-at-home/" in line
    for secret in ("partner", "hurts", "danger", "203.0.113.7"):
        assert secret not in line
