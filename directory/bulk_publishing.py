"""Publishing hundreds of pages at once (the demo load, an import) without redoing Wagtail's own
indexes on every save.

After every save of a tracked object Wagtail re-reads what it links to (the reference index: the
admin's "usage" counts) and re-indexes it for the admin's search (modelsearch). Loading and
publishing one page saves the page, its revision and its child rows four or five times, so a demo
load (and an import) spent over a third of its time on work that the next save redid. `indexed_once` turns both
off for the block (Wagtail's `disable_reference_index_auto_update`; modelsearch's save handler
disconnected) and then runs Wagtail's and modelsearch's own tasks once per object saved in it:
the indexes end as they would have (the demo load and import tests compare them), for a fraction of the work.
Nothing is indexed if the block fails: its transaction is rolled back anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_save

from modelcluster.fields import ParentalKey
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler
from modelsearch.tasks import insert_or_update_object_task

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

    def note(sender, instance, raw=False, **kwargs):
        if raw:
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
    for task, keys in ((update_reference_index_task, references), (insert_or_update_object_task, search)):
        for app_label, model_name, pk in keys:
            with suppress(ObjectDoesNotExist):  # saved, then deleted within the block
                task.call(app_label, model_name, pk)
