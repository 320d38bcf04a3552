"""What the two import commands share: options, the organisation, the report, the progress bar."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.models import OrganisationPage
from search.management.commands.rebuild_search_index import progress_bar

from ... import import_data, import_writing, importer


def source_name(source: str) -> str:
    """How a feed is known across imports: a URL without its query, or a file's name."""
    parts = urllib.parse.urlsplit(source)
    if parts.scheme in {"http", "https"}:
        return urllib.parse.urlunsplit(parts._replace(query="", fragment=""))[:500]
    return Path(source).name[:500]


class ImportCommand(BaseCommand):
    source_help = "the file to import"

    def add_arguments(self, parser):
        parser.add_argument("source", help=self.source_help)
        parser.add_argument(
            "--organisation",
            metavar="SLUG",
            help="Own every imported listing by this organisation (its page slug). Without it, each "
            "record's organisation is matched by id or name, and created if it does not exist.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish at once. Without it, listings are saved as drafts and submitted to moderation.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid records even if some are invalid (by default nothing is imported then).",
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=import_data.MAX_IMPORT_BYTES,
            help=f"Refuse files larger than this (default {import_data.MAX_IMPORT_BYTES:,} bytes).",
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="Record this user as the importer (revisions, moderation)."
        )
        parser.add_argument(
            "--sync",
            action="store_true",
            help="The source is the truth for the listings imported from it: those it no longer has "
            "are unpublished (each named in the report). The source is known by its URL without the "
            "query, or by the file's name.",
        )

    def read(self, source: str, options) -> tuple[list, import_data.Report]:
        """The rows to import and any problems found while reading them."""
        raise NotImplementedError

    def handle(self, *args, **options):
        organisation = None
        if options["organisation"]:
            organisation = OrganisationPage.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"There is no organisation with the slug '{options['organisation']}'.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"There is no user '{options['user']}'.")
        try:
            rows, read_report = self.read(options["source"], options)
        except import_data.ImportFailed as failure:
            raise CommandError(f"Nothing was imported. {failure}") from None
        write_options = import_writing.WriteOptions(
            organisation=organisation,
            publish=options["publish"],
            user=user,
            # A bar on a terminal (an import of thousands of records takes minutes); nothing in a log
            # or a cron job's mail, where tqdm's redrawn lines would be noise.
            progress=progress_bar(self.stdout, unit="records") if self.stdout.isatty() else None,
            source=source_name(options["source"]),
            sync=options["sync"],
        )
        report = importer.run_import(
            rows,
            write_options,
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
            report=read_report,
        )
        if report.errors and not options["skip_invalid"]:
            # The report goes out once, in the error (it used to be printed before it as well).
            raise CommandError(
                f"Nothing was imported: {len(report.errors)} problems in {len(report.skipped)} of "
                f"{report.records} records (use --skip-invalid to import the rest).\n"
                + "\n".join(report.lines())
            )
        if report.problems:
            self.stdout.write("\n".join(report.lines()))
        prefix = "Dry run, nothing written. " if options["dry_run"] else ""
        moderation = "" if options["publish"] else " New and changed listings are drafts awaiting moderation."
        self.stdout.write(
            self.style.SUCCESS(prefix + report.summary(dry_run=options["dry_run"]) + moderation)
        )
