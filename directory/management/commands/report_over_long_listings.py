"""List the listings whose text is over a limit: stored before the limits, never shortened here.

For moderators, to ask each organisation to shorten its text (the next edit is refused until it
fits); the same list is in the admin under Reports → Over-long listings. Exits with status 1 when
`--fail-if-any` is given and there are some, for a deploy or monitoring check.
"""

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from directory import review
from directory.text_limits import over_long_listings


class Command(BaseCommand):
    help = "List listings with text over the limits (stored before the limits); nothing is changed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fail-if-any", action="store_true", help="Exit with status 1 if any listing is over a limit."
        )

    def handle(self, *args, fail_if_any=False, **options):
        report = over_long_listings()
        for page, findings in report.items():
            organisation = getattr(page, "organisation", None)
            owner = f" ({organisation.title})" if organisation else ""
            kind = page.specific_class._meta.verbose_name
            self.stdout.write(f"{page.title}{owner}, {kind}")
            for finding in findings:
                self.stdout.write(f"  {finding.describe()}")
            self.stdout.write(
                f"  Edit: {review.admin_url(reverse('wagtailadmin_pages:edit', args=[page.pk]))}"
            )
        count = f"{len(report)} listing{'' if len(report) == 1 else 's'} over a text limit."
        self.stdout.write(f"{count} Nothing was shortened: ask each organisation to edit its listing.")
        if fail_if_any and report:
            raise CommandError(count, returncode=1)
