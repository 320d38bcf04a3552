"""Email partner editors about listings due for review: when due, 14 and 30 days overdue.

Idempotent and safe to run daily (from cron or a scheduler): each reminder is sent once per
listing per review date. Listings more than 90 days overdue are flagged "may be out of date" to
families and rank lower in search; that follows from the review date, so no step is needed here.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from directory import review


class Command(BaseCommand):
    help = "Email partner editors (or moderators) about listings due or overdue for review."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; send and record nothing."
        )
        parser.add_argument(
            "--date", help="Run as if today were this date (YYYY-MM-DD). For trying the cycle out."
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        on = None
        if date:
            try:
                on = datetime.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}.") from error
        run = review.send_reminders(on, dry_run=dry_run)

        verb = "Would send" if dry_run else "Sent"
        for email in run.emails:
            role = "moderator" if email.to_moderator else "partner editor"
            organisation = email.organisation.title if email.organisation else "no organisation"
            self.stdout.write(f"{verb} to {email.recipient.email} ({role}, {organisation}): {email.subject}")
            for item in email.items:
                self.stdout.write(f"  - {item.service.title}: {item.due_words} [{item.stage.label}]")
            if dry_run and options.get("verbosity", 1) > 1:
                self.stdout.write(email.body)
        for name in run.nobody_to_tell:
            self.stderr.write(f"No partner editor or moderator with an email address to tell about: {name}")
        for error in run.errors:
            self.stderr.write(f"Could not send: {error}")

        listings = sum(run.reminders.values())
        if run.emails:
            stages = ", ".join(
                f"{stage.label.lower()}: {run.reminders[stage]}"
                for stage in review.ReminderStage
                if run.reminders[stage]
            )
            summary = (
                f"{verb} {len(run.emails)} email{'s' if len(run.emails) != 1 else ''} "
                f"about {listings} listing{'s' if listings != 1 else ''} ({stages})."
            )
        else:
            summary = "No reminders to send" + (" (dry run)." if dry_run else ".")
        summary += (
            f" {run.out_of_date} live listing{'s are' if run.out_of_date != 1 else ' is'} "
            f"flagged 'may be out of date' on {run.on.day} {run.on:%B %Y}."
        )
        self.stdout.write(self.style.SUCCESS(summary) if not run.errors else summary)
        if run.errors:
            raise CommandError(
                f"{len(run.errors)} organisation(s) could not be emailed; they will be retried."
            )
