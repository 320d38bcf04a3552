"""How long the gap report takes at 1 million recorded searches (issue 18).

Adds N synthetic searches (default 1,000,000, spread over the last year, backend "benchmark") to
the database at DATABASE_URL, which must already hold the demo directory (`make run`'s database, or
any database `load_demo` has filled), works the daily cells out from them (`rebuild_cells`; the
site keeps them up to date as it records), then times `insights.report.gap_report` for the last
twelve months R times and prints each run and the median. The added rows are deleted afterwards (--keep
leaves them). The machine is shared and has two cores: the figures are noisy; compare medians.

    DATABASE_URL=postgres://… python benchmarks/unmet_need.py [--searches 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from directory import geo  # noqa: E402
from directory.models import NeedTheme  # noqa: E402
from directory.review import add_months  # noqa: E402
from insights.models import DemandRecord  # noqa: E402
from insights.recording import rebuild_cells  # noqa: E402
from insights.report import gap_report  # noqa: E402

BACKEND = "benchmark"
COLUMNS = (
    "day, source, theme, first, age_band, postcode_district, district, place_given, result_band, backend"
)


def add_searches(count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    themes = list(NeedTheme.objects.values_list("slug", flat=True)) or ["parenting"]
    codes = geo.outward_code_districts()
    outward = sorted(codes)
    today = datetime.date.today()
    table = connection.ops.quote_name(DemandRecord._meta.db_table)
    placeholders = ", ".join(["%s"] * 10)
    sql = f"INSERT INTO {table} ({COLUMNS}) VALUES ({placeholders})"  # noqa: S608 (a quoted table name and placeholders only)
    batch = 50_000
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, count, batch):
            rows = []
            for _ in range(min(batch, count - start)):
                code = rng.choice(outward) if rng.random() < 0.8 else ""
                rows.append(
                    (
                        today - datetime.timedelta(days=rng.randrange(365)),
                        "search",
                        rng.choice(themes) if rng.random() < 0.9 else "",
                        True,
                        rng.choice(["0-4", "5-10", "11-15", "16-18", ""]),
                        code,
                        codes.get(code, ""),
                        bool(code),
                        rng.choice(["0", "1-2", "3+", "3+"]),
                        BACKEND,
                    )
                )
            cursor.executemany(sql, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()

    started = time.perf_counter()
    add_searches(options.searches)
    total = DemandRecord.objects.count()
    print(
        f"{connection.vendor}: added {options.searches:,} searches in {time.perf_counter() - started:.1f} s; "
        f"{total:,} demand rows in all"
    )
    started = time.perf_counter()
    cells = rebuild_cells()
    print(
        f"daily cells worked out again from the records: {cells:,} cells in {time.perf_counter() - started:.1f} s"
    )
    since = add_months(datetime.date.today(), -12)
    timings = []
    try:
        for run in range(options.runs):
            started = time.perf_counter()
            report = gap_report(since)
            timings.append(time.perf_counter() - started)
            print(
                f"run {run + 1}: {timings[-1]:.2f} s ({report.searches:,} searches, "
                f"{len(report.cells)} cells, {len(report.flagged)} flagged)"
            )
        print(
            f"median of {options.runs}: {statistics.median(timings):.2f} s (noisy: shared two-core machine)"
        )
    finally:
        if not options.keep:
            DemandRecord.objects.filter(backend=BACKEND).delete()
            rebuild_cells()


if __name__ == "__main__":
    main()
