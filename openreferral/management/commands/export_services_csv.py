import sys

from django.core.management.base import BaseCommand

from ... import csv_format


class Command(BaseCommand):
    help = "Export every live service as CSV in the import template's columns (to stdout, or --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="PATH", help="Write to this file instead of standard output.")

    def handle(self, *args, output=None, **options):
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                count = csv_format.export_csv(out)
            self.stderr.write(f"Exported {count} live services to {output}.")
        else:
            stream = sys.stdout if getattr(self.stdout, "_out", None) is sys.stdout else self.stdout._out
            csv_format.export_csv(stream)
