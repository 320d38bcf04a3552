from ... import csv_format, import_data, reading
from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Import services from a CSV file in the services template (see docs/openreferral.md)."
    source_help = "a CSV file in the template's columns"

    def read(self, source, options):
        text = reading.decode(reading.read_bytes(source, options["max_bytes"]))
        rows, header_problems = csv_format.read_rows(text)
        if header_problems:
            raise import_data.ImportFailed(" ".join(header_problems))
        self.stdout.write(f"Read {len(rows)} rows from {source}.")
        # Row 1 is the header, so the first service is on line 2 of the file, as a spreadsheet shows it.
        return [(f"row {number}", row) for number, row in enumerate(rows, start=2)], import_data.Report()
