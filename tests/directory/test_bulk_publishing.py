"""Bulk publishing defers Wagtail's own indexes for the thread doing it, and for no other."""

import threading

from django.db import connection

import pytest

from directory.bulk_publishing import indexed_once
from directory.models import OrganisationPage
from tests.factories import OrganisationPageFactory


@pytest.mark.django_db(transaction=True)
def test_a_save_on_another_thread_during_an_import_is_in_the_admin_search_at_once(site_tree):
    """An import or demo load runs `indexed_once`; an editor's save served meanwhile by another
    thread must still be findable in the admin straight away, not only when the import ends."""
    from wagtail.search.models import IndexEntry

    organisation = OrganisationPageFactory(title="Preston Family Trust")

    def editor_renames():
        page = OrganisationPage.objects.get(pk=organisation.pk)
        page.title = "Preston Family Hub Trust"
        page.save()
        connection.close()

    with indexed_once():
        editor = threading.Thread(target=editor_renames)
        editor.start()
        editor.join()
        assert IndexEntry.objects.filter(
            object_id=str(organisation.pk), title="Preston Family Hub Trust"
        ).exists()
