"""The review cycle: when a listing is due to be checked, and when it counts as out of date.

A listing is *due* on its next review date. Families are warned ("may be out of date") and search
ranks it lower once it is more than `OUT_OF_DATE_AFTER` past that date.
"""

import calendar
import datetime

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
    return REVIEW_INTERVAL_MONTHS_BY_KIND.get(kind, DEFAULT_REVIEW_INTERVAL_MONTHS)


def next_review_date(last_checked: datetime.date, kind: str) -> datetime.date:
    return add_months(last_checked, review_interval_months(kind))


def today() -> datetime.date:
    return timezone.localdate()


def is_due(next_review: datetime.date | None, on: datetime.date | None = None) -> bool:
    return next_review is not None and (on or today()) >= next_review


def is_out_of_date(next_review: datetime.date | None, on: datetime.date | None = None) -> bool:
    return next_review is not None and (on or today()) > next_review + OUT_OF_DATE_AFTER
