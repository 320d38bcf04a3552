"""The search benchmark's machinery, at a tiny size. No timing is asserted here: the speed targets
are checked by `make bench`, never by unit tests."""

import json
import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from search.benchmark import QUERY_NAMES, DirectoryGenerator, scenarios

# Enough services for every benchmarked search to find some, few enough to build in seconds.
BENCH_SERVICES = 60


def generate(services: int, seed: int) -> list:
    generator = DirectoryGenerator(services, seed=seed)
    return list(generator.services(generator.organisations()))


def test_the_synthetic_directory_is_deterministic_and_in_lancashire():
    first, again, different = generate(300, seed=7), generate(300, seed=7), generate(300, seed=8)

    assert [spec.title for spec in first] == [spec.title for spec in again]
    assert [spec.locations for spec in first] == [spec.locations for spec in again]
    assert [spec.title for spec in first] != [spec.title for spec in different]
    assert len({spec.slug for spec in first}) == len(first)
    venues = [venue for spec in first for venue in spec.locations]
    assert venues and all(53.4 < venue.latitude < 54.3 and -3.2 < venue.longitude < -2.0 for venue in venues)
    assert {spec.served_area for spec in first} == {"districts", "county", "national"}
    assert all(spec.age_min <= spec.age_max for spec in first)


def test_every_benchmarked_search_has_a_rotation():
    assert set(scenarios()) == set(QUERY_NAMES)
    assert all(len(rotation) >= 8 for rotation in scenarios().values())


def test_the_command_refuses_to_build_outside_its_scratch_database():
    with pytest.raises(CommandError, match="scratch"):
        call_command("bench_search", phase="build", scratch_db="db.sqlite3", stats_file="unused.json")


def test_bench_search_builds_measures_and_ends_with_a_json_line():
    out = StringIO()
    call_command(
        "bench_search",
        services=BENCH_SERVICES,
        runs=3,
        warmup=2,
        baseline_runs=2,
        budget=60,
        baseline_budget=60,
        stdout=out,
    )
    lines = out.getvalue().strip().splitlines()
    result = json.loads(lines[-1])

    assert (result["services"], result["backend"], result["database"]) == (
        BENCH_SERVICES,
        "database",
        "sqlite",
    )
    for section in ("queries", "baseline"):
        assert set(result[section]) == set(QUERY_NAMES)
        for figures in result[section].values():
            assert 0 < figures["p50_ms"] <= figures["p95_ms"]
    assert set(result["speedup_p95"]) == set(QUERY_NAMES)
    assert result["cold_start_ms"] > 0 and result["build_seconds"] > 0
    assert result["runs"]["queries"] == dict.fromkeys(QUERY_NAMES, 3)

    # The synthetic directory answers, and the naive search agrees on who serves a place.
    for section in ("queries", "baseline"):
        assert result["results_found"][section]["location_radius"]["max_total"] > 0
        assert result["results_found"][section]["text"]["max_total"] > 0
    assert result["results_found"]["queries"]["age_theme_location"]["max_total"] > 0
    agreement = result["agreement"]["location_radius"]
    assert agreement["compared"] and agreement["same_total"] == agreement["compared"]

    # The pages were built the way Wagtail and the search index expect them.
    checks = result["build"]["checks"]
    assert (
        checks["live_services"] == BENCH_SERVICES
        and checks["tree_problems"] == 0
        and checks["records_checked"] > 0
    )

    # A table for people comes before the JSON, and the scratch database is gone.
    assert any(line.startswith("location_radius") for line in lines[:-1])
    scratch = re.search(r"services in (\S+)", out.getvalue()).group(1)
    assert not Path(scratch).exists()
