"""`python manage.py purge_demand`: delete demand records older than the retention period
(`DEMAND_RETENTION_MONTHS`, default 13). Schedule it daily."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from directory.review import add_months
from insights.recording import purge, retention_months, today


class Command(BaseCommand):
    help = "Delete recorded demand older than DEMAND_RETENTION_MONTHS (default 13 months)."

    def add_arguments(self, parser):
        parser.add_argument("--before", help="Delete records before this day instead (YYYY-MM-DD).")

    def handle(self, *args, before=None, **options):
        if before:
            try:
                cutoff = datetime.date.fromisoformat(before)
            except ValueError as error:
                raise CommandError(f"{before!r} is not a date: use YYYY-MM-DD.") from error
        else:
            cutoff = add_months(today(), -retention_months())
        deleted = purge(cutoff)
        self.stdout.write(
            f"Deleted demand before {cutoff.isoformat()}: {deleted['demand']} records, "
            f"{deleted['word_days']} word-days, {deleted['words']} words no longer shown."
        )
