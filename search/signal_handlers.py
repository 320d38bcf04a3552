"""Publishing feeds the search index: publish indexes, unpublish and delete remove. An
organisation's services are indexed again when it is published, since their documents carry its
name (searchable, and shown on result cards). A listing confirmed still accurate (directory's
`listing_reviewed` signal) is indexed again too: directory sends, search listens, so directory
never imports search."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished

from directory import facets
from directory.models import NeedTheme, OrganisationPage, ServicePage, ServiceTheme, ThemeSynonym
from directory.signals import listing_reviewed

from . import indexing, snapshot


def _on_publish(sender, instance, **kwargs):
    indexing.index_services([instance.pk])


def _on_organisation_publish(sender, instance, **kwargs):
    services = ServicePage.objects.live().filter(organisation=instance).values_list("pk", flat=True)
    indexing.index_services(list(services))


def _on_unpublish(sender, instance, **kwargs):
    indexing.remove_services([instance.pk])


def _on_delete(sender, instance, **kwargs):
    # The document row goes with the page (CASCADE); the other index needs telling.
    indexing.remove_services([instance.pk])


def _on_vocabulary_change(sender, instance, **kwargs):
    """Queries read the vocabulary afresh at once (the snapshot's theme matcher); the documents of
    the theme's services carry its name and synonyms as words, so they are indexed again too, in
    both backends: a moderator's new phrase reaches search with no manual rebuild."""
    snapshot.mark_changed()
    theme_id = instance.pk if isinstance(instance, NeedTheme) else instance.content_object_id
    if theme_id is None or kwargs.get("raw"):
        return
    if kwargs.get("created") and isinstance(instance, NeedTheme):
        return  # no service can carry a theme created just now
    if not ServiceTheme.objects.filter(tag_id=theme_id).exists():
        return  # (one index lookup: seeding the vocabulary saves ~200 synonyms of unused themes)
    services = ServicePage.objects.live().filter(theme_items__tag_id=theme_id).values_list("pk", flat=True)
    indexing.index_services(list(services.distinct()))


def _on_filter_vocabulary_change(sender, **kwargs):
    """The filters' labels live in the snapshot (`snapshot.current_vocabulary`): a new language,
    delivery mode or level of need (any facet's `vocabulary_model`) is offered at once."""
    snapshot.mark_changed()


def register_signal_handlers():
    page_published.connect(_on_publish, sender=ServicePage, dispatch_uid="search-index-publish")
    page_published.connect(
        _on_organisation_publish, sender=OrganisationPage, dispatch_uid="search-index-organisation-publish"
    )
    # Confirmed still accurate: new review dates on the live row, no publish.
    listing_reviewed.connect(_on_publish, sender=ServicePage, dispatch_uid="search-index-reviewed")
    page_unpublished.connect(_on_unpublish, sender=ServicePage, dispatch_uid="search-index-unpublish")
    post_delete.connect(_on_delete, sender=ServicePage, dispatch_uid="search-index-delete")
    for model in (NeedTheme, ThemeSynonym):
        post_save.connect(
            _on_vocabulary_change, sender=model, dispatch_uid=f"search-vocabulary-{model.__name__}"
        )
        post_delete.connect(
            _on_vocabulary_change, sender=model, dispatch_uid=f"search-vocabulary-del-{model.__name__}"
        )
    filter_vocabularies = {
        apps.get_model(facet.vocabulary_model) for facet in facets.FACETS if facet.vocabulary_model
    }
    for model in filter_vocabularies - {NeedTheme}:
        for signal, action in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(
                _on_filter_vocabulary_change,
                sender=model,
                dispatch_uid=f"search-filter-vocabulary-{action}-{model.__name__}",
            )
