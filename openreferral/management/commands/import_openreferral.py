from ... import import_data, reading, sources
from ._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import services from Open Referral UK JSON (3.0: a service, a list, or a paged /services "
        "response; 1.0 on a best-effort basis), from a file or an http(s) URL. See docs/openreferral.md."
    )
    source_help = "a path or an http(s) URL"

    def read(self, source, options):
        limit = options["max_bytes"]
        document = reading.parse_json(reading.decode(reading.read_bytes(source, limit)))
        records = (
            reading.fetch_all_pages(source, document, limit)
            if reading.is_url(source)
            else reading.records_of(document)
        )
        rows, problems, version = sources.oruk_rows(records)
        self.stdout.write(f"Read {len(records)} Open Referral UK {version} records from {source}.")
        return rows, import_data.Report(problems=problems)
