"""`make bench` (benchmarks/search_speed.py) and the synthetic directory it shares with `make
loadtest`, at a tiny size and in this process: building, indexing through the real code, timing
and reporting. No timing is asserted: the speed targets are checked by `make bench`, never by
unit tests."""

from django.db import transaction

import pytest

from benchmarks import search_report, search_speed, search_timing
from benchmarks.synthetic import QUERY_NAMES, DirectoryGenerator, build_directory, scenarios
from directory.models import ServicePage
from search import snapshot
from search.backends import get_backend
from search.documents import build_record, services_for_indexing
from search.query import SearchQuery, Vocabulary
from search.service import run_search

# Enough services for every benchmarked search to find some, few enough to build in seconds.
BENCH_SERVICES = 60


def generate(services: int, seed: int) -> list:
    generator = DirectoryGenerator(services, seed=seed)
    return list(generator.services(generator.organisations()))


def test_the_synthetic_directory_is_deterministic_and_in_lancashire():
    first, again, different = generate(300, seed=7), generate(300, seed=7), generate(300, seed=8)

    assert [spec.title for spec in first] == [spec.title for spec in again]
    assert [spec.locations for spec in first] == [spec.locations for spec in again]
    assert [spec.opening for spec in first] == [spec.opening for spec in again]
    assert [spec.title for spec in first] != [spec.title for spec in different]
    assert len({spec.slug for spec in first}) == len(first)
    venues = [venue for spec in first for venue in spec.locations]
    assert venues and all(53.4 < venue.latitude < 54.3 and -3.2 < venue.longitude < -2.0 for venue in venues)
    assert {spec.served_area for spec in first} == {"districts", "county", "national"}
    assert all(spec.age_min <= spec.age_max for spec in first)


def test_every_benchmarked_search_has_a_rotation_and_the_load_test_sends_those_with_a_place():
    from loadtest.run import search_paths

    assert set(scenarios()) == set(QUERY_NAMES)
    assert all(len(rotation) >= 8 for rotation in scenarios().values())
    with_place = [params for rotation in scenarios().values() for params in rotation if "near" in params]
    assert len(search_paths()) == len(with_place) > 0


@pytest.mark.parametrize("path", ["db.sqlite3", "/tmp/elsewhere/bench.sqlite3"])
def test_the_script_refuses_to_build_outside_its_own_scratch_folder(path, tmp_path):
    stats = tmp_path / "unused.json"
    with pytest.raises(SystemExit, match="scratch"):
        search_speed.main(["--phase", "build", "--scratch-db", path, "--stats-file", str(stats)])
    assert not stats.exists()


@pytest.fixture(scope="module")
def bench_directory(django_db_setup, django_db_blocker):
    """The synthetic directory at BENCH_SERVICES, built once for the module inside a transaction
    rolled back at the end; each test runs in its own savepoint within it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            get_backend.cache_clear()
            snapshot.forget()
            built = build_directory(BENCH_SERVICES, seed=11, say=lambda _: None)
            yield built | {"services": BENCH_SERVICES, "build_seconds": 1.0}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            snapshot.forget()


# The bulk writer's own INSERTs and treebeard paths: `make loadtest` runs it on PostgreSQL.
@pytest.mark.database_sensitive
def test_the_directory_is_written_whole_and_indexed_by_the_real_code(bench_directory, db):
    # The pages were built the way Wagtail and the search index expect them.
    assert bench_directory["checks"] == {
        "live_services": BENCH_SERVICES,
        "indexed_services": BENCH_SERVICES,
        "tree_problems": 0,
    }
    assert ServicePage.objects.live().count() == BENCH_SERVICES
    assert bench_directory["rows"]["locations"] > 0 and bench_directory["rows"]["opening_times"] > 0

    # Every service is found by its name, through the documents the real indexing made of its page.
    vocabulary = Vocabulary.from_database()
    for page in services_for_indexing()[:3]:
        assert build_record(page).themes  # every synthetic service has a theme the facets count
        found = run_search(SearchQuery.from_params({"q": [page.title]}, vocabulary), vocabulary)
        listed = [(item.hit.service_id, *item.hit.also_in) for item in found.items[:5]]
        assert any(page.pk in ids for ids in listed), page.title


def test_the_searches_are_timed_against_the_naive_baseline_and_reported(bench_directory, db):
    snapshot.forget()
    measured = search_timing.measure(
        runs=3, warmup=1, budget=60, baseline_runs=2, baseline_budget=60, say=lambda _: None
    )
    result = search_report.report(BENCH_SERVICES, bench_directory, measured)

    assert (result["services"], result["backend"], result["database"]) == (
        BENCH_SERVICES,
        "database",
        "sqlite",
    )
    for section in ("queries", "baseline"):
        assert set(result[section]) == set(QUERY_NAMES)
        for figures in result[section].values():
            assert 0 < figures["p50_ms"] <= figures["p95_ms"]
    assert result["runs"]["queries"] == dict.fromkeys(QUERY_NAMES, 3)
    assert result["cold_start_ms"] > 0

    # The synthetic directory answers, and the naive search agrees on who serves a place.
    for section in ("queries", "baseline"):
        assert result["results_found"][section]["location_radius"]["max_total"] > 0
        assert result["results_found"][section]["text"]["max_total"] > 0
    assert result["results_found"]["queries"]["age_theme_location"]["max_total"] > 0
    agreement = result["agreement"]["location_radius"]
    assert agreement["compared"] and agreement["same_total"] == agreement["compared"]

    # A table for people, one line per search in order.
    lines = search_report.table(result).splitlines()
    assert [line.split()[0] for line in lines if line.split() and line.split()[0] in QUERY_NAMES] == list(
        QUERY_NAMES
    )
