"""Import throughput (issue 17): records per second of `import_services_csv --publish` or
`import_openreferral --publish`.

Writes a synthetic CSV of N services (default 200) in the template's columns. With `--format oruk`
that CSV is imported once (not timed) and exported as an Open Referral UK 3.0 feed by our own API
code (`openreferral.serializers.service`, every field it publishes), and the feed is what is timed.
The file is imported R times (default 3), each time into a fresh copy of one scratch SQLite
database (migrated, vocabulary seeded) in a new temporary folder, removed at the end. Never touches
the database the settings point at. Each run times the whole command (reading, checking, writing,
indexing) and prints records/s; the last line is JSON with the median. The machine is shared and
has two cores: the figures are noisy; compare medians (and records per CPU second).

    python benchmarks/import_throughput.py [--records 200] [--runs 3] [--format csv|oruk]
                                           [--profile FILE.html|FILE.txt]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FOLDER = Path(tempfile.mkdtemp(prefix="rightdoor-bench-import-"))
DATABASE = FOLDER / "import.sqlite3"
# Set before Django starts: the scratch file is the only database this script opens.
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
os.environ["DEBUG"] = "false"
os.environ["SEARCH_BACKEND"] = "database"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from benchmarks.scratch import migrate_from_template  # noqa: E402
from openreferral import csv_format  # noqa: E402

COMMANDS = {"csv": "import_services_csv", "oruk": "import_openreferral"}

DISTRICTS = ["preston", "lancaster", "burnley", "chorley", "south-ribble"]


def synthetic_rows(records: int, themes: list[str]) -> list[dict[str, str]]:
    """N services like the template's example, each with its own id, name, organisation (one of
    ten), theme, district and venue."""
    rows = []
    for number in range(1, records + 1):
        row = dict(csv_format.EXAMPLE_ROW)
        row.update(
            id=f"bench-{number:05d}",
            name=f"Stay and Play {number}",
            summary=f"Play sessions number {number} for babies and children under five with their carers.",
            organisation=f"Benchmark Family Help {number % 10}",
            themes=themes[number % len(themes)],
            served_districts=DISTRICTS[number % len(DISTRICTS)],
            locations=f"Family Hub {number} | {number} Example Street | Preston | PR1 2HE",
        )
        rows.append(row)
    return rows


def prepare() -> Path:
    """A migrated database with the vocabulary seeded, kept aside as the start of every run."""
    migrate_from_template(DATABASE)
    call_command("seed_vocabulary", stdout=io.StringIO())
    connection.close()
    base = FOLDER / "base.sqlite3"
    shutil.copyfile(DATABASE, base)
    return base


def oruk_feed(base: Path, csv_path: Path) -> Path:
    """The services of the CSV as our own API publishes them: a list of ORUK 3.0 services."""
    from openreferral.serializers import service, service_queryset
    from openreferral.taxonomies import Vocabularies

    connection.close()
    shutil.copyfile(base, DATABASE)
    call_command("import_services_csv", str(csv_path), "--publish", stdout=io.StringIO())
    vocabularies = Vocabularies.load()
    feed = [service(page, vocabularies) for page in service_queryset().order_by("pk")]
    connection.close()
    path = FOLDER / "services.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    return path


def one_run(base: Path, source: Path, profile: str | None, command: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one import (CPU time is steadier on a shared machine)."""
    connection.close()
    shutil.copyfile(base, DATABASE)
    output = io.StringIO()
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        call_command(command, str(source), "--publish", stdout=output)
    finally:
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        if profiler is not None:
            profiler.stop()
            html = profile.endswith(".html")
            Path(profile).write_text(profiler.output_html() if html else profiler.output_text(color=False))
    if "Created" not in output.getvalue() and "created" not in output.getvalue():
        raise SystemExit(f"The import did not say it created anything:\n{output.getvalue()[-2000:]}")
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200, help="Services in the CSV (default 200).")
    parser.add_argument("--runs", type=int, default=3, help="Timed imports (default 3).")
    parser.add_argument(
        "--format",
        choices=sorted(COMMANDS),
        default="csv",
        help="csv: the services template (import_services_csv); oruk: an Open Referral UK 3.0 feed "
        "exported by our own API code (import_openreferral). Default csv.",
    )
    parser.add_argument(
        "--profile", metavar="FILE", help="Profile the first run with pyinstrument (.html, else text)."
    )
    options = parser.parse_args()
    if options.records < 1 or options.runs < 1:
        parser.error("--records and --runs must be at least 1.")
    try:
        base = prepare()
        from directory.models import NeedTheme

        themes = list(NeedTheme.objects.order_by("slug").values_list("slug", flat=True)[:8])
        csv_path = FOLDER / "services.csv"
        with csv_path.open("w", newline="", encoding="utf-8") as out:
            csv_format.write_csv(out, synthetic_rows(options.records, themes))
        source = oruk_feed(base, csv_path) if options.format == "oruk" else csv_path
        command = COMMANDS[options.format]
        rates, cpu_rates = [], []
        for run in range(options.runs):
            elapsed, cpu = one_run(base, source, options.profile if run == 0 else None, command)
            rates.append(options.records / elapsed)
            cpu_rates.append(options.records / cpu)
            print(
                f"run {run + 1}: {options.records} records in {elapsed:.2f} s = {rates[-1]:.1f} records/s "
                f"({cpu:.2f} s of CPU = {cpu_rates[-1]:.1f} records per CPU second)"
            )
        median = statistics.median(rates)
        print(
            f"Import throughput ({options.format.upper()}, SQLite, --publish): median {median:.1f} records/s"
        )
        print(
            json.dumps(
                {
                    "format": options.format,
                    "records": options.records,
                    "runs": [round(rate, 2) for rate in rates],
                    "median_records_per_cpu_s": round(statistics.median(cpu_rates), 2),
                    "median_records_per_s": round(median, 2),
                }
            )
        )
    finally:
        connection.close()
        shutil.rmtree(FOLDER, ignore_errors=True)


if __name__ == "__main__":
    main()
