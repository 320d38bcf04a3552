"""Importing listings: check every record, then write all of them or none.

Both importers (CSV and Open Referral JSON) turn their input into rows shaped like the services
CSV (`csv_format.COLUMNS`, all strings); `check` turns a row into `ServiceData` or problems;
`write` creates or updates the pages. A record is matched to an existing service by its source id
(or by our own Open Referral id, when a file exported from here comes back), so importing the
same file twice changes nothing the second time.

Imported listings go through moderation like a partner's edit (a draft revision submitted to the
"Directory moderation" workflow) unless the importer asks to publish.
"""

from __future__ import annotations

from django.db import transaction

from .import_checks import check_all
from .import_data import Problem, Report
from .import_writing import WriteOptions, unpublish_removed, write


def run_import(
    rows: list[tuple[str, dict[str, str]]],
    options: WriteOptions,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    report: Report | None = None,
) -> Report:
    """Check, then write everything or nothing. With `dry_run`, write inside a transaction that is
    rolled back, so the report says exactly what would happen."""
    checked, checked_report = check_all(rows, organisation_given=options.organisation is not None)
    if report is not None:
        checked_report.problems[:0] = report.problems
    report = checked_report
    if not rows:
        report.problems.append(Problem("(file)", "(file)", "There are no records in the file."))
    if report.errors and not skip_invalid:
        return report
    from search.indexing import bulk_changes

    with bulk_changes(discard=dry_run), transaction.atomic():
        write(checked, report, options)
        ids = [row.get("id", "").strip() for _, row in rows]
        if options.sync and "" in ids:
            report.problems.append(
                Problem(
                    "(file)",
                    "id",
                    "Nothing was unpublished (--sync): some records have no id, so what has left the "
                    "feed cannot be told.",
                    level="warning",
                )
            )
        else:
            unpublish_removed(set(ids), report, options)
        if dry_run:
            transaction.set_rollback(True)
    return report
