"""Keeping the search index in step with what is published."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from .backends import get_backend
from .documents import build_record, services_for_indexing

_paused = threading.local()


def is_paused() -> bool:
    return getattr(_paused, "value", False)


def index_services(service_ids: Iterable[int]) -> None:
    """(Re)index these services if they are live, and drop any that are not."""
    if is_paused():
        return
    service_ids = list(service_ids)
    live = list(services_for_indexing().filter(pk__in=service_ids))
    backend = get_backend()
    backend.index(build_record(page) for page in live)
    gone = set(service_ids) - {page.pk for page in live}
    if gone:
        backend.remove(gone)


def remove_services(service_ids: Iterable[int]) -> None:
    if is_paused():
        return
    get_backend().remove(list(service_ids))


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
def bulk_changes():
    """Publish many pages without indexing each one: inside this block neither Right Door's
    search index nor Wagtail's own (admin) index is updated page by page; both are rebuilt once
    at the end. For loaders and imports."""
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    quiet_backends = {
        name: {**config, "AUTO_UPDATE": False} for name, config in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    _paused.value = True
    try:
        with override_settings(WAGTAILSEARCH_BACKENDS=quiet_backends):
            yield
    finally:
        _paused.value = False
    call_command("update_index", stdout=StringIO(), stderr=StringIO())
    rebuild()
