"""Loaders and imports publish many pages inside `bulk_changes`: each changed service is indexed
once when the block ends, and nothing else in the index is rewritten."""

from io import StringIO

from django.core.management import call_command

import pytest

from directory.models import ServicePage
from search.indexing import bulk_changes
from search.models import SearchDocument
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def document(page) -> SearchDocument | None:
    return SearchDocument.objects.filter(service_id=page.pk).first()


def test_changed_services_are_indexed_once_at_the_end_and_the_rest_are_left_alone(site_tree):
    renamed, untouched, withdrawn = (ServicePageFactory(title=title) for title in ("Old", "Same", "Gone"))
    # A whole rebuild would write this document afresh from the page; indexing only what changed keeps it.
    SearchDocument.objects.filter(service_id=untouched.pk).update(summary="as indexed before")
    with bulk_changes():
        renamed.title = "Renamed club"
        renamed.save_revision().publish()
        added = ServicePageFactory(title="New club")
        withdrawn.unpublish()
        assert document(added) is None and document(renamed).name == "Old", "nothing indexed yet"
        assert document(withdrawn) is not None
    assert document(renamed).name == "Renamed club"
    assert document(added).name == "New club"
    assert document(withdrawn) is None
    assert document(untouched).summary == "as indexed before"


def test_nested_blocks_index_once_when_the_outermost_ends(site_tree):
    with bulk_changes():
        with bulk_changes():
            page = ServicePageFactory(title="Nested club")
        assert document(page) is None
    assert document(page).name == "Nested club"


def test_a_block_that_fails_indexes_nothing_and_publishing_afterwards_indexes_at_once(site_tree):
    with pytest.raises(RuntimeError), bulk_changes():
        half_done = ServicePageFactory(title="Half-imported club")
        raise RuntimeError("the import failed")
    assert document(half_done) is None
    later = ServicePageFactory(title="Published later")
    assert document(later).name == "Published later", "the next publish is not held back"


def test_an_import_of_one_record_indexes_it_for_families_and_editors(site_tree, tmp_path):
    from openreferral import csv_format

    untouched = ServicePageFactory(title="Untouched club")
    SearchDocument.objects.filter(service_id=untouched.pk).update(summary="as indexed before")
    path = tmp_path / "one.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv_format.write_csv(
            out, [{**csv_format.EXAMPLE_ROW, "themes": "", "id": "one-1", "name": "Imported stay and play"}]
        )
    call_command("import_services_csv", str(path), publish=True, stdout=StringIO())
    page = ServicePage.objects.get(source_id="one-1")
    assert document(page).name == "Imported stay and play"
    # Wagtail's own index, which the admin's page search reads, has it too.
    assert page.pk in {found.pk for found in ServicePage.objects.search("Imported stay and play")}
    assert document(untouched).summary == "as indexed before"
