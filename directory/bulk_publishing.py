"""Publishing hundreds of pages at once (the demo load, an import) without redoing Wagtail's own
indexes on every save.

After every save of a tracked object Wagtail re-reads what it links to (the reference index: the
admin's "usage" counts) and re-indexes it for the admin's search (modelsearch). Loading and
publishing one page saves the page, its revision and its child rows four or five times, so a demo
load or an import spent over a third of its time on work that the next save redid. `indexed_once`
turns both off for the block (Wagtail's `disable_reference_index_auto_update`; modelsearch's save
handler disconnected), then runs Wagtail's reference task once per object saved in it and
modelsearch's bulk add once per model: the indexes end as they would have (the demo load and import
tests compare them), for a fraction of the work. Nothing is indexed if the block fails: its
transaction is rolled back anyway.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_save

from modelcluster.fields import ParentalKey
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from modelsearch import index
from modelsearch.backends import get_search_backends_with_name
from modelsearch.signal_handlers import post_save_signal_handler

logger = logging.getLogger(__name__)

Key = tuple[str, str, str]  # app label, model name, primary key


def _key(instance) -> Key:
    return instance._meta.app_label, instance._meta.model_name, str(instance.pk)


def _reference_owner(instance) -> Key | None:
    """What Wagtail's reference task indexes for this saved object: the object, or for a child row
    (a venue, an opening time) the page that holds it."""
    for field in instance._meta.get_fields():
        if isinstance(field, ParentalKey):
            parent_id = getattr(instance, field.attname)
            if parent_id is None:
                return None
            meta = field.related_model._meta
            return meta.app_label, meta.model_name, str(parent_id)
    return _key(instance)


@contextmanager
def indexed_once() -> Iterator[None]:
    searchable = [model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    references: dict[Key, None] = {}
    search: dict[Key, None] = {}

    block_thread = threading.get_ident()

    def note(sender, instance, raw=False, **kwargs):
        if raw:
            return
        if threading.get_ident() != block_thread:
            # Signals are process-wide but the block is this thread's: another thread's save (a
            # request served meanwhile, a live-server test) is indexed at once, as it always was.
            if sender in searchable:
                post_save_signal_handler(instance=instance, raw=raw, **kwargs)
            return
        if sender in ReferenceIndex.tracked_models and (owner := _reference_owner(instance)):
            references[owner] = None
        if sender in searchable:
            search[_key(instance)] = None

    for model in searchable:
        post_save.disconnect(post_save_signal_handler, sender=model)
    post_save.connect(note, weak=False, dispatch_uid="bulk-publishing-indexed-once")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="bulk-publishing-indexed-once")
        for model in searchable:
            post_save.connect(post_save_signal_handler, sender=model)
    for app_label, model_name, pk in references:
        with suppress(ObjectDoesNotExist):  # saved, then deleted within the block
            update_reference_index_task.call(app_label, model_name, pk)
    _index_for_search(search)


def _index_for_search(keys: dict[Key, None]) -> None:
    """What modelsearch's save handler does for each object (`insert_or_update_object`), a model's
    objects at a time through the backend's `add_bulk`, as `update_index` does: one upsert and one
    recount of the title norms per model rather than per object."""
    by_model: dict[tuple[str, str], list[str]] = defaultdict(list)
    for app_label, model_name, pk in keys:
        by_model[(app_label, model_name)].append(pk)
    for (app_label, model_name), pks in by_model.items():
        model = apps.get_model(app_label, model_name)
        by_type = defaultdict(list)
        for instance in model.objects.filter(pk__in=pks):  # one saved then deleted is not there
            indexed = index.get_indexed_instance(instance)
            if indexed is not None:
                by_type[type(indexed)].append(indexed)
        for indexed_model, objects in by_type.items():
            for name, backend in get_search_backends_with_name(with_auto_update=True):
                try:
                    backend.add_bulk(indexed_model, objects)
                except Exception:
                    # As modelsearch's own handler: logged, and raised unless the backend is one
                    # (like Elasticsearch) whose errors must not fail the save.
                    logger.exception("Could not index %s in the '%s' search backend", indexed_model, name)
                    if not backend.catch_indexing_errors:
                        raise
