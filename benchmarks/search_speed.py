"""`make bench`: how fast search answers on a synthetic directory of N services.

    python benchmarks/search_speed.py [--services 10000] [--runs 100] [--elasticsearch URL] [--keep]

The directory (`benchmarks.synthetic`, the same one `make loadtest` runs on) lives in a scratch
SQLite file in a new temporary folder, removed at the end (unless --keep): this script never opens
the database the developer's settings point at, since it sets DATABASE_URL to the scratch file
before Django starts. It runs itself in child processes: once to migrate and build the directory
(`--phase build`), once, in a fresh process like a web worker's, to time the searches
(`--phase measure`, see `benchmarks/search_timing.py`), and with --elasticsearch once per backend to
read a worker's memory (`--phase rss`). It prints a table, then one JSON line, last.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import search_report  # noqa: E402
from benchmarks.synthetic.generator import SEED  # noqa: E402

SCRATCH_PREFIX = "rightdoor-bench-"
SCRATCH_DB_NAME = "bench.sqlite3"
BUILD_STATS_NAME = "build.json"


def arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=(
            "Benchmark search on a synthetic directory of N services in a scratch SQLite database: p50/p95 "
            "of four representative searches through run_search, next to the naive Wagtail baseline. "
            "The last line printed is the result as JSON."
        )
    )
    parser.add_argument("--services", type=int, default=10_000, help="How many services (default 10000).")
    parser.add_argument(
        "--runs", type=int, default=100, help="Timed rounds of the four searches (default 100)."
    )
    parser.add_argument(
        "--warmup", type=int, default=None, help="Untimed rounds first (default: one whole rotation, 24)."
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=300.0,
        help="Stop the timed rounds after this many seconds (and at least 3 rounds). Default 300.",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        help="Cut off a search still running in SQLite after this many seconds (counted as a timeout).",
    )
    parser.add_argument(
        "--baseline-timeout",
        type=float,
        default=60.0,
        help="Cut off a naive search still running in SQLite after this many seconds. Default 60.",
    )
    parser.add_argument(
        "--baseline-runs", type=int, default=20, help="At most this many timed rounds of the naive baseline."
    )
    parser.add_argument(
        "--baseline-budget",
        type=float,
        default=180.0,
        help="Stop the baseline after this many seconds (and at least 3 rounds). Default 180.",
    )
    parser.add_argument("--seed", type=int, default=SEED, help="Random seed of the directory.")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch folder and say where it is.")
    parser.add_argument(
        "--reuse", metavar="DIR", help="Measure again on a scratch folder kept by an earlier --keep run."
    )
    parser.add_argument(
        "--elasticsearch",
        metavar="URL",
        default="",
        help="Also index the directory into this Elasticsearch node and time the same searches through it, "
        "side by side, with indexing docs/s and each backend's web worker RSS (make bench passes the local node).",
    )
    # Internal: what the child processes are asked to do.
    parser.add_argument("--phase", choices=["build", "measure", "rss"], help=argparse.SUPPRESS)
    parser.add_argument("--es-alias", help=argparse.SUPPRESS)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    parser.add_argument("--scratch-db", help=argparse.SUPPRESS)
    parser.add_argument("--stats-file", help=argparse.SUPPRESS)
    return parser


def say(message: str) -> None:
    print(message, flush=True)


def is_scratch_database(database: Path) -> bool:
    """Only a file in a folder this script made (and never the development database) is built in."""
    database = database.resolve()
    return database.parent.name.startswith(SCRATCH_PREFIX) and database != (ROOT / "db.sqlite3").resolve()


def start_django(database: Path) -> None:
    """Django with the development settings on the scratch file only, as a production worker runs:
    no query log kept in memory, and the embedded search backend."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        DATABASE_CONN_MAX_AGE="0",
        DEBUG="false",
        SEARCH_BACKEND="database",
    )
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    options = arguments().parse_args(argv)
    if options.phase:
        return child(options)
    if options.services < 1 or options.runs < 1 or options.baseline_runs < 1:
        raise SystemExit("--services, --runs and --baseline-runs must be at least 1.")
    if options.reuse:
        folder = Path(options.reuse).resolve()
        if not (folder / SCRATCH_DB_NAME).is_file() or not (folder / BUILD_STATS_NAME).is_file():
            raise SystemExit(f"{folder} is not a scratch folder kept by search_speed.py --keep.")
        keep = True
    else:
        folder = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX))
        keep = options.keep
    try:
        orchestrate(folder, options, build=not options.reuse)
    finally:
        if keep:
            print(f"Scratch database kept in {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


# --------------------------------------------------------------------------- the parent


def orchestrate(folder: Path, options: argparse.Namespace, build: bool) -> None:
    database = folder / SCRATCH_DB_NAME
    build_stats = folder / BUILD_STATS_NAME
    if build:
        say(f"Building a synthetic directory of {options.services:,} services in {database}")
        run_child(
            database,
            ["--phase", "build", "--services", str(options.services), "--seed", str(options.seed)]
            + ["--stats-file", str(build_stats)],
        )
    built = search_report.read_json(build_stats)
    measured_stats = folder / "measure.json"
    say("Measuring")
    measure_args = ["--phase", "measure", "--stats-file", str(measured_stats)]
    for name in (
        "runs",
        "budget",
        "timeout",
        "baseline_runs",
        "baseline_budget",
        "baseline_timeout",
        "warmup",
    ):
        if getattr(options, name) is not None:
            measure_args += [f"--{name.replace('_', '-')}", str(getattr(options, name))]
    url = options.elasticsearch
    alias = f"rightdoor-bench-{uuid.uuid4().hex[:8]}"
    if url:
        measure_args += ["--elasticsearch", url, "--es-alias", alias]
    try:
        run_child(database, measure_args)
        measured = search_report.read_json(measured_stats)
        result = search_report.report(built["services"], built, measured)
        if url:
            rss = {}
            for backend in ("database", "elasticsearch"):
                stats = folder / f"rss-{backend}.json"
                say(f"Worker memory with the {backend} backend")
                run_child(
                    database,
                    ["--phase", "rss", "--backend", backend, "--stats-file", str(stats)]
                    + ["--elasticsearch", url, "--es-alias", alias],
                )
                rss[backend] = search_report.read_json(stats)
            result["elasticsearch"] = search_report.elasticsearch_result(measured["elasticsearch"], rss)
    finally:
        if url:
            delete_elasticsearch_index(database, url, alias)
    say(search_report.table(result))
    if url:
        say(search_report.side_by_side(result))
    say(json.dumps(result, separators=(", ", ": ")))


def delete_elasticsearch_index(database: Path, url: str, alias: str) -> None:
    start_django(database)  # settings only: the parent never opens the database
    from search.backends.base import BackendUnavailable
    from search.backends.elasticsearch import ElasticsearchBackend

    with contextlib.suppress(BackendUnavailable):
        ElasticsearchBackend(url, alias).delete_index()


def run_child(database: Path, arguments: list[str]) -> None:
    command = [sys.executable, str(Path(__file__).resolve()), "--scratch-db", str(database), *arguments]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, text=True, bufsize=1
    )
    try:
        assert process.stdout is not None  # noqa: S101 (stdout=PIPE)
        for line in process.stdout:
            say(line.rstrip("\n"))
        code = process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if code:
        raise SystemExit(f"search_speed.py {arguments[1]} phase failed (exit code {code}).")


# --------------------------------------------------------------------------- the children


def child(options: argparse.Namespace) -> int:
    database = Path(options.scratch_db or "").resolve()
    if not options.scratch_db or not is_scratch_database(database):
        raise SystemExit("search_speed.py builds and measures only in its own scratch SQLite database.")
    if options.phase == "build" and database.exists() and database.stat().st_size:
        raise SystemExit(f"{database} already exists: the benchmark builds only in a new file.")
    start_django(database)
    from benchmarks import search_timing

    if options.phase == "rss":
        figures = search_timing.worker_rss(options.backend, options.elasticsearch, options.es_alias)
    elif options.phase == "build":
        figures = build(database, options.services, options.seed)
    else:
        figures = search_timing.measure(
            runs=options.runs,
            warmup=options.warmup,
            budget=options.budget,
            timeout=options.timeout,
            baseline_runs=options.baseline_runs,
            baseline_budget=options.baseline_budget,
            baseline_timeout=options.baseline_timeout,
            say=say,
        )
        if options.elasticsearch:
            url, alias = options.elasticsearch, options.es_alias
            figures["elasticsearch"] = {
                "version": search_timing.elasticsearch_version(url),
                "indexing": search_timing.index_into_elasticsearch(url, alias, say=say),
                "timed": search_timing.measure_elasticsearch(
                    url, alias, options.runs, options.warmup, options.budget, say=say
                ),
            }
    search_report.write_json(options.stats_file, figures)
    return 0


def build(database: Path, services: int, seed: int) -> dict:
    from benchmarks.scratch import migrate_from_template
    from benchmarks.synthetic import build_directory

    started = time.perf_counter()
    say("  migrate…")
    how = migrate_from_template(database)
    migrated = time.perf_counter()
    say(f"  migrate ({how}): {migrated - started:.1f} s")
    built = build_directory(services, seed=seed, say=say)
    built["timings"] = {"migrate": round(migrated - started, 2), **built["timings"]}
    built["services"] = services
    built["seed"] = seed
    built["build_seconds"] = round(time.perf_counter() - started, 1)
    return built


if __name__ == "__main__":
    sys.exit(main())
