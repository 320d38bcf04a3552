"""The test suite's own wiring: what the PostgreSQL stage runs, and the shared demo."""

from pathlib import Path

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
