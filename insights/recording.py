"""Recording demand from `search.demand.search_answered` (see insights/models.py for what is kept)."""

from __future__ import annotations

import atexit
import contextlib
import datetime
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils.crypto import salted_hmac

from .models import K_ANONYMITY_DAYS, DemandCell, DemandRecord, UnmatchedWord, UnmatchedWordDay

DEFAULT_RETENTION_MONTHS = 13


def word_hash(word: str) -> str:
    """A keyed hash of a normalised word: the same word always gives the same value, but the word
    cannot be read back (or guessed from a list) without the secret key."""
    return salted_hmac("insights.unmatched-word", word, algorithm="sha256").hexdigest()


class DemandBuffer:
    """Summaries waiting to be written, in this process's memory only.

    A search served from the page cache must cost no database round trip (docs/decisions.md), so
    demand is written in bulk: when `FLUSH_SIZE` summaries are waiting, when the oldest has waited
    `FLUSH_SECONDS`, when the report is read, and when the process exits. A crash loses at most
    that much demand, which the aggregated figures can bear.
    """

    FLUSH_SIZE = 100
    FLUSH_SECONDS = 60.0

    def __init__(self):
        self._lock = threading.Lock()
        self._pending: list = []
        self._since = 0.0

    def add(self, summary) -> None:
        with self._lock:
            if not self._pending:
                self._since = time.monotonic()
            self._pending.append(summary)
            due = (
                len(self._pending) >= self.FLUSH_SIZE or time.monotonic() - self._since >= self.FLUSH_SECONDS
            )
        if due:
            self.flush()

    def take(self) -> list:
        with self._lock:
            pending, self._pending = self._pending, []
        return pending

    def flush(self) -> int:
        pending = self.take()
        if pending:
            write(pending)
        return len(pending)


buffer = DemandBuffer()


def record_summary(sender=None, summary=None, **kwargs) -> None:
    """The `search_answered` receiver: keep the summary for the next bulk write."""
    if summary is not None:
        buffer.add(summary)


def flush() -> int:
    """Write whatever this process has waiting; returns how many searches it held."""
    return buffer.flush()


atexit.register(lambda: _flush_quietly())  # noqa: PLW0108 (defined below)


def _flush_quietly() -> None:
    with contextlib.suppress(Exception):  # the database may already be gone at exit
        flush()


def write(summaries) -> None:
    """Write summaries in one transaction: demand rows in bulk, unmatched words counted by day."""
    rows = []
    words: Counter = Counter()
    texts: dict[str, str] = {}
    for summary in summaries:
        for index, theme in enumerate(summary.themes or ("",)):
            rows.append(
                DemandRecord(
                    day=summary.day,
                    source=summary.source,
                    theme=theme,
                    first=index == 0,
                    age_band=summary.age_band,
                    postcode_district=summary.postcode_district[:4],
                    district=summary.district,
                    place_given=summary.place_given,
                    result_band=summary.result_band,
                    backend=summary.backend[:20],
                )
            )
        for word in summary.unmatched_tokens:
            hashed = word_hash(word)
            words[(hashed, summary.day)] += 1
            texts[hashed] = word
    cells: Counter = Counter()
    for row in rows:
        key = (row.day, row.district, row.theme)
        cells[(*key, "searches")] += 1
        cells[(*key, "zero_results")] += row.result_band == "0"
        cells[(*key, "first_searches")] += row.first
    with transaction.atomic():
        DemandRecord.objects.bulk_create(rows, batch_size=500)
        _add_to_cells(cells)
        for (hashed, day), searches in words.items():
            _count_unmatched(hashed, day, searches)
        common = (
            UnmatchedWordDay.objects.filter(word_hash__in=list(texts))
            .values("word_hash")
            .annotate(days=Count("day"))
            .filter(days__gte=K_ANONYMITY_DAYS)
            .values_list("word_hash", flat=True)
        )
        known = set(
            UnmatchedWord.objects.filter(word_hash__in=list(texts)).values_list("word_hash", flat=True)
        )
        UnmatchedWord.objects.bulk_create(
            [UnmatchedWord(word_hash=hashed, word=texts[hashed]) for hashed in common if hashed not in known],
            ignore_conflicts=True,
        )


CELL_COUNTS = ("searches", "zero_results", "first_searches")


def _add_to_cells(counts: Counter) -> None:
    """Add counted rows to the daily cells: the cells that exist are incremented one by one (a
    flush usually touches a handful), the new ones are created together; if another process
    created one of them first, each of them is added one by one instead."""
    added: dict[tuple, dict[str, int]] = {}
    for (day, district, theme, name), value in counts.items():
        added.setdefault((day, district, theme), dict.fromkeys(CELL_COUNTS, 0))[name] += value
    if not added:
        return
    days = [key[0] for key in added]
    existing = set(
        DemandCell.objects.filter(day__gte=min(days), day__lte=max(days)).values_list(
            "day", "district", "theme"
        )
    )
    for key in existing & added.keys():
        _increment_cell(key, added[key])
    new = [key for key in added if key not in existing]
    try:
        with transaction.atomic():
            DemandCell.objects.bulk_create(
                [
                    DemandCell(day=day, district=district, theme=theme, **added[day, district, theme])
                    for day, district, theme in new
                ],
                batch_size=1000,
            )
    except IntegrityError:  # another process created one of them first
        for key in new:
            _increment_or_create_cell(key, added[key])


def _increment_cell(key: tuple, values: dict[str, int]) -> int:
    day, district, theme = key
    return DemandCell.objects.filter(day=day, district=district, theme=theme).update(
        **{name: F(name) + value for name, value in values.items()}
    )


def _increment_or_create_cell(key: tuple, values: dict[str, int]) -> None:
    if _increment_cell(key, values):
        return
    day, district, theme = key
    try:
        with transaction.atomic():
            DemandCell.objects.create(day=day, district=district, theme=theme, **values)
    except IntegrityError:  # another process created it first
        _increment_cell(key, values)


def rebuild_cells() -> int:
    """Work the daily cells out again from the records (after rows were added outside `write`,
    as the benchmark does); returns how many cells there are."""
    from django.db.models import Q

    with transaction.atomic():
        DemandCell.objects.all().delete()
        DemandCell.objects.bulk_create(
            [
                DemandCell(**row)
                for row in DemandRecord.objects.values("day", "district", "theme")
                .annotate(
                    searches=Count("pk"),
                    zero_results=Count("pk", filter=Q(result_band="0")),
                    first_searches=Count("pk", filter=Q(first=True)),
                )
                .order_by()
            ],
            batch_size=2000,
        )
    return DemandCell.objects.count()


def _count_unmatched(hashed: str, day: datetime.date, searches: int) -> None:
    updated = UnmatchedWordDay.objects.filter(word_hash=hashed, day=day).update(
        searches=F("searches") + searches
    )
    if not updated:
        try:
            with transaction.atomic():
                UnmatchedWordDay.objects.create(word_hash=hashed, day=day, searches=searches)
        except IntegrityError:  # another process counted it first
            UnmatchedWordDay.objects.filter(word_hash=hashed, day=day).update(
                searches=F("searches") + searches
            )


def retention_months() -> int:
    return int(getattr(settings, "DEMAND_RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS))


def purge(before: datetime.date) -> dict[str, int]:
    """Delete demand older than `before`; a word's text goes once it no longer has K days."""
    flush()
    demand, _ = DemandRecord.objects.filter(day__lt=before).delete()
    DemandCell.objects.filter(day__lt=before).delete()
    words, _ = UnmatchedWordDay.objects.filter(day__lt=before).delete()
    still_common = (
        UnmatchedWordDay.objects.values("word_hash")
        .annotate(days=Count("day"))
        .filter(days__gte=K_ANONYMITY_DAYS)
        .values("word_hash")
    )
    texts, _ = UnmatchedWord.objects.exclude(word_hash__in=still_common).delete()
    return {"demand": demand, "word_days": words, "words": texts}


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
