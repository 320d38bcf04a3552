"""Keeping the search index in step with what is published."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from .backends import get_backend
from .documents import build_record, services_for_indexing

# Inside `bulk_changes`, the ids of the services changed so far in this thread (else None).
_pending = threading.local()
BATCH_SIZE = 200


def _collecting() -> set[int] | None:
    return getattr(_pending, "ids", None)


def index_services(service_ids: Iterable[int]) -> None:
    """(Re)index these services if they are live, and drop any that are not."""
    service_ids = list(service_ids)
    collecting = _collecting()
    if collecting is not None:
        collecting.update(service_ids)
        return
    backend = get_backend()
    for start in range(0, len(service_ids), BATCH_SIZE):
        batch = service_ids[start : start + BATCH_SIZE]
        live = list(services_for_indexing().filter(pk__in=batch))
        backend.index(build_record(page) for page in live)
        gone = set(batch) - {page.pk for page in live}
        if gone:
            backend.remove(gone)


def remove_services(service_ids: Iterable[int]) -> None:
    service_ids = list(service_ids)
    collecting = _collecting()
    if collecting is not None:
        collecting.update(service_ids)  # indexed at the end if live again by then, else removed
        return
    get_backend().remove(service_ids)


def rebuild(progress: Callable[[int, int], None] | None = None, batch_size: int = 200) -> int:
    """Index every live service again, replacing the index; returns how many were indexed.

    Elasticsearch builds a new index and swaps it in, so searches meanwhile see the old one."""
    ids = list(services_for_indexing().values_list("pk", flat=True))
    total = len(ids)

    def batches():
        done = 0
        if progress:
            progress(0, total)
        for start in range(0, total, batch_size):
            batch = services_for_indexing().filter(pk__in=ids[start : start + batch_size])
            yield [build_record(page) for page in batch]
            done += len(ids[start : start + batch_size])
            if progress:
                progress(done, total)

    return get_backend().rebuild(batches)


@contextmanager
def bulk_changes(*, discard: bool = False):
    """Publish many pages, then index each service that changed once, at the end of the block.

    For loaders and imports: inside the block the publish, unpublish and delete signals only note
    which services changed (in this thread); when the block ends without an error, just those are
    indexed again, or removed if no longer live. Nothing else in the index is touched. Wagtail's own
    (admin) search index follows each page as it is saved, as it always does. Blocks may nest; the
    outermost one indexes.

    `discard`: the block's changes are rolled back (a dry run), so nothing is indexed. Put the
    block around the transaction: Elasticsearch is not in it, and a write sent before the
    rollback (a withdrawal, new words) would stay there."""
    if _collecting() is not None:
        yield
        return
    _pending.ids = set()
    try:
        yield
        changed = sorted(_pending.ids)
    finally:
        _pending.ids = None
    if not discard:
        index_services(changed)
