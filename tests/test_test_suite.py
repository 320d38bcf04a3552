"""The test suite's own wiring: what the PostgreSQL stage runs, and the shared demo."""

from pathlib import Path

import pytest

from tests.conftest import DATABASE_SENSITIVE

REPO = Path(__file__).resolve().parents[1]


def test_every_database_sensitive_file_exists_and_has_tests():
    """A renamed or deleted file would silently drop out of `make test-postgres`."""
    for path, reason in DATABASE_SENSITIVE.items():
        source = REPO / path
        assert source.is_file(), f"{path} ({reason}) is gone: update DATABASE_SENSITIVE"
        assert "def test_" in source.read_text(encoding="utf-8"), path


def test_the_postgres_stage_runs_only_the_marked_tests(pytestconfig):
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest-postgres:", 1)[1].split("\n\n", 1)[0]
    assert '-m "database_sensitive and not browser"' in recipe
    assert "database_sensitive" in "".join(pytestconfig.getini("markers"))


def test_under_loadgroup_each_group_runs_on_one_worker(request):
    """`--dist loadgroup` keeps a group together only if the test ids carry `@group`
    (tests/conftest.py, `_name_xdist_groups`); without it the demo is loaded on every worker."""
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("only an xdist worker under `--dist loadgroup` (make test-sqlite) names groups")
    grouped = [item for item in request.session.items if item.get_closest_marker("xdist_group")]
    if not grouped:
        pytest.skip("no test in an xdist group was collected in this run")
    for item in grouped:
        group = item.get_closest_marker("xdist_group").args[0]
        assert item.nodeid.endswith(f"@{group}"), item.nodeid


def test_every_test_has_its_own_id(request):
    """xdist hands out work by test id: two tests with one id means one of them never runs."""
    ids = [item.nodeid for item in request.session.items]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
