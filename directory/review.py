"""The review cycle: when a listing is due to be checked, and when it counts as out of date.

A listing is *due* on its next review date. Families are warned ("may be out of date") and search
ranks it lower once it is more than `OUT_OF_DATE_AFTER` past that date.

Review intervals are configurable by kind of service with the `REVIEW_INTERVAL_MONTHS` setting
(a dict, kind -> months); kinds it leaves out keep the defaults below.

The rest of the cycle lives here too, so the admin views, the dashboard panel and the
`send_review_reminders` command share one set of rules:

- who may confirm a listing (`can_confirm`) and who moderates (`is_moderator`);
- "Still accurate" (`confirm_still_accurate`): new dates on the live page, no new revision;
- reminder stages (`ReminderStage`, `reminder_stage`) and sending them (`send_reminders`).
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

DEFAULT_REVIEW_INTERVAL_MONTHS = 6
# Specialist and commissioned services change less often and are reviewed through contracts too.
REVIEW_INTERVAL_MONTHS_BY_KIND = {
    "universal": 6,
    "targeted": 6,
    "commissioned": 12,
    "specialist": 12,
}
OUT_OF_DATE_AFTER = datetime.timedelta(days=90)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def review_interval_months(kind: str) -> int:
    """Months between reviews for this kind: `settings.REVIEW_INTERVAL_MONTHS` first, then the defaults."""
    configured = getattr(settings, "REVIEW_INTERVAL_MONTHS", None) or {}
    months = configured.get(kind, REVIEW_INTERVAL_MONTHS_BY_KIND.get(kind, DEFAULT_REVIEW_INTERVAL_MONTHS))
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise ValueError(f"REVIEW_INTERVAL_MONTHS[{kind!r}] must be a whole number of months, 1 or more.")
    return months


def next_review_date(last_checked: datetime.date, kind: str) -> datetime.date:
    return add_months(last_checked, review_interval_months(kind))


def today() -> datetime.date:
    return timezone.localdate()


def is_due(next_review: datetime.date | None, on: datetime.date | None = None) -> bool:
    return next_review is not None and (on or today()) >= next_review


def is_out_of_date(next_review: datetime.date | None, on: datetime.date | None = None) -> bool:
    return next_review is not None and (on or today()) > next_review + OUT_OF_DATE_AFTER


# --------------------------------------------------------------------------- due dates in words

# The dashboard panel lists a partner's listings from this many days before they fall due.
DUE_SOON_WINDOW = datetime.timedelta(days=14)


def days_overdue(next_review: datetime.date, on: datetime.date | None = None) -> int:
    """Days past the review date: 0 on the day itself, negative while it is still to come."""
    return ((on or today()) - next_review).days


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def due_in_words(next_review: datetime.date | None, on: datetime.date | None = None) -> str:
    """'due in 5 days', 'due tomorrow', 'due today', '1 day overdue', '43 days overdue'."""
    if next_review is None:
        return "no review date"
    overdue = days_overdue(next_review, on)
    if overdue == 0:
        return "due today"
    if overdue == -1:
        return "due tomorrow"
    if overdue < 0:
        return f"due in {_days(-overdue)}"
    return f"{_days(overdue)} overdue"


# --------------------------------------------------------------------------- who may do what


def is_moderator(user) -> bool:
    """Directory moderators (the `roles.MODERATORS` group) and superusers."""
    from .roles import MODERATORS

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=MODERATORS).exists()


def can_confirm(user, service) -> bool:
    """A partner editor of the service's organisation, or a moderator, may confirm it."""
    if is_moderator(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active or not service.organisation_id:
        return False
    return user.organisation_memberships.filter(organisation_id=service.organisation_id).exists()


def services_for_review(user, on: datetime.date | None = None):
    """Live services of the user's organisations that are due within `DUE_SOON_WINDOW` or overdue,
    most overdue first."""
    from .models import ServicePage, organisations_of

    horizon = (on or today()) + DUE_SOON_WINDOW
    return (
        ServicePage.objects.live()
        .filter(organisation__in=organisations_of(user), next_review__lte=horizon)
        .select_related("organisation")
        .order_by("next_review", "title", "pk")
    )


def overdue_services(on: datetime.date | None = None):
    """Live services on or past their review date, by organisation, most overdue first in each."""
    from .models import ServicePage

    return (
        ServicePage.objects.live()
        .due_for_review(on)
        .select_related("organisation")
        .order_by("organisation__title", "organisation_id", "next_review", "title", "pk")
    )


# --------------------------------------------------------------------------- "still accurate"

STILL_ACCURATE_ACTION = "rightdoor.still_accurate"
STILL_ACCURATE_LABEL = "Confirmed still accurate"


def confirm_still_accurate(service, user=None, on: datetime.date | None = None) -> datetime.date:
    """Record that the listing was checked today and is still right; returns the new review date.

    Changes only `last_checked` and `next_review`, on the live row (no new revision, no moderation).
    A newer draft keeps its content, with the same two dates, so publishing it later does not roll
    the dates back. Writes the audit log and sends `listing_reviewed` (search reindexes the listing).
    """
    from wagtail.log_actions import log
    from wagtail.models import Revision

    from .models import ServicePage
    from .signals import listing_reviewed

    on = on or today()
    previous_review = service.next_review
    next_review = next_review_date(on, service.kind)
    with transaction.atomic():
        ServicePage.objects.filter(pk=service.pk).update(last_checked=on, next_review=next_review)
        service.last_checked, service.next_review = on, next_review
        revision = (
            Revision.objects.select_for_update().filter(pk=service.latest_revision_id).first()
            if service.latest_revision_id
            else None
        )
        if revision is not None and isinstance(revision.content, dict):
            content = dict(revision.content)
            draft_kind = content.get("kind") or service.kind
            content["last_checked"] = on.isoformat()
            content["next_review"] = next_review_date(on, draft_kind).isoformat()
            Revision.objects.filter(pk=revision.pk).update(content=content)
        log(
            instance=service,
            action=STILL_ACCURATE_ACTION,
            user=user,
            data={
                "last_checked": on.isoformat(),
                "next_review": next_review.isoformat(),
                "previous_next_review": previous_review.isoformat() if previous_review else None,
            },
        )
    # Search reindexes the listing (its documents carry the review dates); see directory/signals.py.
    listing_reviewed.send(sender=ServicePage, instance=service)
    return next_review


# --------------------------------------------------------------------------- reminders


class ReminderStage(models.TextChoices):
    """Reminder emails, by days past the review date."""

    DUE = "due", "Due for review"
    OVERDUE_14 = "overdue_14", "14 days overdue"
    OVERDUE_30 = "overdue_30", "30 days overdue"


REMINDER_STAGE_DAYS = {ReminderStage.DUE: 0, ReminderStage.OVERDUE_14: 14, ReminderStage.OVERDUE_30: 30}


def reminder_stage(
    next_review: datetime.date | None, on: datetime.date | None = None
) -> ReminderStage | None:
    """The latest stage a listing has reached, or None before it falls due."""
    if next_review is None:
        return None
    overdue = days_overdue(next_review, on)
    reached = [stage for stage, days in REMINDER_STAGE_DAYS.items() if overdue >= days]
    return reached[-1] if reached else None


@dataclass
class ReminderItem:
    service: object  # ServicePage
    stage: ReminderStage
    edit_url: str
    due_words: str


@dataclass
class ReminderEmail:
    recipient: object  # User
    organisation: object | None  # OrganisationPage
    items: list[ReminderItem]
    to_moderator: bool
    subject: str = ""
    body: str = ""


@dataclass
class ReminderRun:
    on: datetime.date
    dry_run: bool
    emails: list[ReminderEmail] = field(default_factory=list)
    reminders: Counter = field(default_factory=Counter)  # stage -> listings reminded
    nobody_to_tell: list[str] = field(default_factory=list)  # organisations with no one to email
    errors: list[str] = field(default_factory=list)
    out_of_date: int = 0


def admin_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def pending_reminders(on: datetime.date | None = None) -> list[tuple[object, ReminderStage]]:
    """(service, stage) for every live listing whose current stage has not been sent for its current
    review date. A listing first seen late gets its current stage only, not each missed one."""
    from .models import ReviewReminder, ServicePage

    on = on or today()
    services = list(
        ServicePage.objects.live()
        .filter(next_review__lte=on)
        .select_related("organisation")
        .order_by("organisation__title", "organisation_id", "next_review", "title", "pk")
    )
    sent = set(
        ReviewReminder.objects.filter(service__in=[s.pk for s in services]).values_list(
            "service_id", "stage", "review_date"
        )
    )
    pending = []
    for service in services:
        stage = reminder_stage(service.next_review, on)
        if stage is not None and (service.pk, stage.value, service.next_review) not in sent:
            pending.append((service, stage))
    return pending


def _recipients(organisation) -> tuple[list, bool]:
    """Partner editors with an email address; the moderators if there are none."""
    from .models import editors_of
    from .roles import moderators

    editors = []
    if organisation is not None:
        editors = [user for user in editors_of(organisation).order_by("pk") if user.email]
    if editors:
        return editors, False
    return [user for user in moderators().order_by("pk") if user.email], True


def _compose(email: ReminderEmail) -> None:
    from django.template.loader import render_to_string
    from django.urls import reverse

    organisation_name = email.organisation.title if email.organisation else "no organisation"
    count = len(email.items)
    worst = max((item.stage for item in email.items), key=lambda stage: REMINDER_STAGE_DAYS[stage])
    listings = "1 listing" if count == 1 else f"{count} listings"
    subject = f"Right Door: {listings} for {organisation_name} to check"
    if worst != ReminderStage.DUE:
        subject += f" ({worst.label.lower()})"
    email.subject = subject
    groups = [
        (stage, [item for item in email.items if item.stage == stage])
        for stage in reversed(list(REMINDER_STAGE_DAYS))
    ]
    email.body = render_to_string(
        "directory/review/reminder_email.txt",
        {
            "recipient": email.recipient,
            "organisation_name": organisation_name,
            "to_moderator": email.to_moderator,
            "groups": [(stage, items) for stage, items in groups if items],
            "out_of_date_days": OUT_OF_DATE_AFTER.days,
            "dashboard_url": admin_url(reverse("wagtailadmin_home")),
        },
    )


def send_reminders(on: datetime.date | None = None, *, dry_run: bool = False) -> ReminderRun:
    """Email partner editors about listings that have reached a reminder stage. Idempotent: a
    reminder is recorded (service, stage, review date) and never sent twice; a new review date
    starts a new cycle. One email per recipient per organisation per run."""
    from django.core import mail
    from django.db import IntegrityError
    from django.urls import reverse

    from .models import ReviewReminder, ServicePage

    on = on or today()
    run = ReminderRun(on=on, dry_run=dry_run)
    run.out_of_date = ServicePage.objects.live().out_of_date(on).count()

    by_organisation: dict[int | None, list[ReminderItem]] = defaultdict(list)
    organisations = {}
    for service, stage in pending_reminders(on):
        organisations[service.organisation_id] = service.organisation
        by_organisation[service.organisation_id].append(
            ReminderItem(
                service=service,
                stage=stage,
                edit_url=admin_url(reverse("wagtailadmin_pages:edit", args=[service.pk])),
                due_words=due_in_words(service.next_review, on),
            )
        )

    for organisation_id, items in by_organisation.items():
        organisation = organisations[organisation_id]
        name = organisation.title if organisation else "Listings with no organisation"
        recipients, to_moderators = _recipients(organisation)
        if not recipients:
            run.nobody_to_tell.append(name)
            continue
        emails = [ReminderEmail(user, organisation, items, to_moderators) for user in recipients]
        for email in emails:
            _compose(email)
        if dry_run:
            run.emails.extend(emails)
            run.reminders.update(item.stage for item in items)
            continue
        # Claim the reminders before sending, so overlapping runs cannot both send them.
        addresses = ", ".join(user.email for user in recipients)
        try:
            with transaction.atomic():
                claimed = ReviewReminder.objects.bulk_create(
                    [
                        ReviewReminder(
                            service=item.service,
                            stage=item.stage,
                            review_date=item.service.next_review,
                            recipients=addresses,
                        )
                        for item in items
                    ]
                )
        except IntegrityError:
            continue  # another run is sending these
        try:
            mail.get_connection().send_messages(
                [mail.EmailMessage(email.subject, email.body, to=[email.recipient.email]) for email in emails]
            )
        except Exception as error:  # report it, release the claim so the next run retries, carry on
            for reminder in claimed:
                ReviewReminder.objects.filter(
                    service=reminder.service, stage=reminder.stage, review_date=reminder.review_date
                ).delete()
            run.errors.append(f"{name}: {error}")
            continue
        run.emails.extend(emails)
        run.reminders.update(item.stage for item in items)
    return run
