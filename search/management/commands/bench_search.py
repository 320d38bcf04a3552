"""`manage.py bench_search --services N`: how fast search answers on a directory of N services.

The directory is synthetic and lives in a scratch SQLite file in a new temporary folder, removed
at the end (unless --keep): this command never touches the database its settings point at. It
runs itself twice in a child process with DATABASE_URL pointing at the scratch file, once to
migrate and build the directory (`--phase build`), once, in a fresh process like a web worker's,
to time the searches (`--phase measure`). It prints a table, then one JSON line, last.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import benchmark

SCRATCH_PREFIX = "rightdoor-bench-"
# A freshly migrated, empty database, kept between runs (keyed by the migrations) so that a run
# need not spend its first ten seconds migrating.
TEMPLATE_FOLDER = Path(tempfile.gettempdir()) / "rightdoor-migrated-templates"


def migrated_template() -> Path:
    """Where the empty migrated database for the current migrations is (or would be) kept."""
    from django.apps import apps

    digest = hashlib.sha256()
    for config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        folder = Path(config.path) / "migrations"
        for migration in sorted(folder.glob("*.py")) if folder.is_dir() else []:
            digest.update(f"{config.label}/{migration.name}".encode())
            digest.update(migration.read_bytes())
    return TEMPLATE_FOLDER / f"migrated-{digest.hexdigest()[:16]}.sqlite3"


class Command(BaseCommand):
    help = (
        "Benchmark search on a synthetic directory of N services in a scratch SQLite database: p50/p95 "
        "of four representative searches through run_search, next to the naive Wagtail baseline. "
        "The last line printed is the result as JSON."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
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
            "--baseline-runs",
            type=int,
            default=20,
            help="At most this many timed rounds of the naive baseline.",
        )
        parser.add_argument(
            "--baseline-budget",
            type=float,
            default=180.0,
            help="Stop the baseline after this many seconds (and at least 3 rounds). Default 180.",
        )
        parser.add_argument("--seed", type=int, default=benchmark.SEED, help="Random seed of the directory.")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the scratch folder and say where it is."
        )
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

    def handle(self, *args, **options):
        if options["phase"]:
            return self.child(options)
        if options["services"] < 1 or options["runs"] < 1 or options["baseline_runs"] < 1:
            raise CommandError("--services, --runs and --baseline-runs must be at least 1.")
        if options["reuse"]:
            folder = Path(options["reuse"]).resolve()
            if (
                not (folder / benchmark.SCRATCH_DB_NAME).is_file()
                or not (folder / benchmark.BUILD_STATS_NAME).is_file()
            ):
                raise CommandError(f"{folder} is not a scratch folder kept by bench_search --keep.")
            keep = True
        else:
            folder = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX))
            keep = options["keep"]
        try:
            self.orchestrate(folder, options, build=not options["reuse"])
        finally:
            if keep:
                self.stderr.write(f"Scratch database kept in {folder}")
            else:
                shutil.rmtree(folder, ignore_errors=True)

    # ------------------------------------------------------------------ the parent

    def orchestrate(self, folder: Path, options: dict, build: bool) -> None:
        database = folder / benchmark.SCRATCH_DB_NAME
        build_stats = folder / benchmark.BUILD_STATS_NAME
        if build:
            self.stdout.write(
                f"Building a synthetic directory of {options['services']:,} services in {database}"
            )
            self.run_child(
                database,
                [
                    "--phase",
                    "build",
                    "--services",
                    str(options["services"]),
                    "--seed",
                    str(options["seed"]),
                    "--stats-file",
                    str(build_stats),
                ],
            )
        built = benchmark.read_json(build_stats)
        measured_stats = folder / "measure.json"
        self.stdout.write("Measuring")
        measure_args = [
            "--phase",
            "measure",
            "--runs",
            str(options["runs"]),
            "--budget",
            str(options["budget"]),
            "--timeout",
            str(options["timeout"]),
            "--baseline-runs",
            str(options["baseline_runs"]),
            "--baseline-budget",
            str(options["baseline_budget"]),
            "--baseline-timeout",
            str(options["baseline_timeout"]),
            "--stats-file",
            str(measured_stats),
        ]
        if options["warmup"] is not None:
            measure_args += ["--warmup", str(options["warmup"])]
        url = options["elasticsearch"]
        alias = f"rightdoor-bench-{uuid.uuid4().hex[:8]}"
        if url:
            measure_args += ["--elasticsearch", url, "--es-alias", alias]
        try:
            self.run_child(database, measure_args)
            measured = benchmark.read_json(measured_stats)
            result = benchmark.report(built["services"], built, measured)
            if url:
                rss = {}
                for backend in ("database", "elasticsearch"):
                    stats = folder / f"rss-{backend}.json"
                    self.stdout.write(f"Worker memory with the {backend} backend")
                    arguments = ["--phase", "rss", "--backend", backend, "--stats-file", str(stats)]
                    self.run_child(database, [*arguments, "--elasticsearch", url, "--es-alias", alias])
                    rss[backend] = benchmark.read_json(stats)
                elastic = measured["elasticsearch"]
                result["elasticsearch"] = {
                    "version": elastic["version"],
                    "queries": {
                        name: benchmark.percentiles(elastic["timed"]["samples"][name])
                        for name in benchmark.QUERY_NAMES
                    },
                    "runs": {name: len(elastic["timed"]["samples"][name]) for name in benchmark.QUERY_NAMES},
                    "results_found": {
                        name: benchmark._found(elastic["timed"]["totals"][name])
                        for name in benchmark.QUERY_NAMES
                    },
                    "fallbacks": elastic["timed"]["fallbacks"],
                    "indexing": elastic["indexing"],
                    "worker_rss": rss,
                }
        finally:
            if url:
                from search.backends.base import BackendUnavailable
                from search.backends.elasticsearch import ElasticsearchBackend

                with contextlib.suppress(BackendUnavailable):
                    ElasticsearchBackend(url, alias).delete_index()
        self.stdout.write(benchmark.table(result))
        if url:
            self.stdout.write(benchmark.side_by_side(result))
        self.stdout.write(json.dumps(result, separators=(", ", ": ")))

    def run_child(self, database: Path, arguments: list[str]) -> None:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{database}",
            "DATABASE_CONN_MAX_AGE": "0",
            # As in production: no query log kept in memory, and the embedded backend only.
            "DEBUG": "false",
            "SEARCH_BACKEND": "database",
            "PYTHONUNBUFFERED": "1",
        }
        command = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "bench_search",
            "--scratch-db",
            str(database),
            *arguments,
        ]
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=environment, stdout=subprocess.PIPE, text=True, bufsize=1
        )
        try:
            for line in process.stdout:
                self.stdout.write(line.rstrip("\n"))
            code = process.wait()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if code:
            raise CommandError(f"bench_search {arguments[1]} phase failed (exit code {code}).")

    # ------------------------------------------------------------------ the children

    def child(self, options: dict) -> None:
        from django.db import connection

        database = Path(options["scratch_db"] or "").resolve()
        configured = settings.DATABASES["default"]
        if (
            connection.vendor != "sqlite"
            or Path(str(configured["NAME"])).resolve() != database
            or database == (Path(settings.BASE_DIR) / "db.sqlite3").resolve()
            or not database.parent.name.startswith(SCRATCH_PREFIX)
        ):
            raise CommandError("bench_search builds and measures only in its own scratch SQLite database.")

        def say(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()

        if options["phase"] == "rss":
            url, alias = options["elasticsearch"], options["es_alias"]
            benchmark.write_json(options["stats_file"], benchmark.worker_rss(options["backend"], url, alias))
            return
        if options["phase"] == "build":
            if database.exists() and database.stat().st_size:
                raise CommandError(f"{database} already exists: the benchmark builds only in a new file.")
            self.build(options, say)
        else:
            measured = benchmark.measure(
                runs=options["runs"],
                warmup=options["warmup"],
                budget=options["budget"],
                timeout=options["timeout"],
                baseline_runs=options["baseline_runs"],
                baseline_budget=options["baseline_budget"],
                baseline_timeout=options["baseline_timeout"],
                say=say,
            )
            if options["elasticsearch"]:
                url, alias = options["elasticsearch"], options["es_alias"]
                measured["elasticsearch"] = {
                    "version": benchmark.elasticsearch_version(url),
                    "indexing": benchmark.index_into_elasticsearch(url, alias, say=say),
                    "timed": benchmark.measure_elasticsearch(
                        url, alias, options["runs"], options["warmup"], options["budget"], say=say
                    ),
                }
            benchmark.write_json(options["stats_file"], measured)

    def build(self, options: dict, say) -> None:
        from django.core.management import call_command
        from django.db import connection

        started = time.perf_counter()
        template = migrated_template()
        database = Path(options["scratch_db"])
        if template.is_file():
            shutil.copyfile(template, database)
            say(f"  migrate (from {template.name})…")
        else:
            say("  migrate…")
        # A scratch file: no need to wait for the disk after every statement.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA journal_mode = MEMORY")
            cursor.fetchall()
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB, for building only
        call_command("migrate", interactive=False, verbosity=0)
        if not template.is_file():
            TEMPLATE_FOLDER.mkdir(exist_ok=True)
            partial = template.with_suffix(f".{os.getpid()}.partial")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(partial)])
            os.replace(partial, template)
            for stale in TEMPLATE_FOLDER.glob("migrated-*.sqlite3"):
                if stale != template:
                    stale.unlink(missing_ok=True)
        migrated = time.perf_counter()
        say(f"  migrate: {migrated - started:.1f} s")
        built = benchmark.build_directory(options["services"], seed=options["seed"], say=say)
        built["timings"] = {"migrate": round(migrated - started, 2), **built["timings"]}
        built["services"] = options["services"]
        built["seed"] = options["seed"]
        built["build_seconds"] = round(time.perf_counter() - started, 1)
        benchmark.write_json(options["stats_file"], built)
