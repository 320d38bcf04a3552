"""`python manage.py unmet_need_report --since 2026-01-01 --format csv|json`: the gap report's table,
for commissioners (schedule it and mail the output)."""

import csv
import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from directory.csv_safety import neutralise
from insights.report import COLUMNS, gap_report, rows


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date: use YYYY-MM-DD, like 2026-01-01.") from error


class Command(BaseCommand):
    help = "Print the unmet need table (district × need theme: demand against supply) as CSV or JSON."

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--until", help="Last day, YYYY-MM-DD (default: today).")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, since, until=None, format="csv", **options):
        start = _date(since)
        end = _date(until) if until else None
        if end is not None and end < start:
            raise CommandError("--until must be on or after --since.")
        table = rows(gap_report(start, end))
        if format == "json":
            self.stdout.write(json.dumps(table, indent=2, ensure_ascii=False))
            return
        writer = csv.DictWriter(self.stdout, fieldnames=[name for name, _ in COLUMNS], lineterminator="\n")
        writer.writerow(dict(COLUMNS))
        for row in table:
            writer.writerow({name: neutralise(value) for name, value in row.items()})
