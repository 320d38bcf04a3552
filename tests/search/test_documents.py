"""What a service's search record reads from its rich-text description."""

import pytest

from search.documents import build_record, services_for_indexing
from tests.factories import ServicePageFactory
from tests.search.test_relevance_rules import get_json, names, themes  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

DESCRIPTION = (
    "<p>Drop in on Tuesdays</p><p>Mediation for separated parents &amp; carers</p>"
    "<ul><li>Face to face</li><li>Online</li></ul>"
)


def test_paragraphs_and_list_items_stay_separate_words_and_entities_are_decoded(themes):  # noqa: F811
    page = ServicePageFactory(title="Families Together", summary="Support.", description=DESCRIPTION)
    body = build_record(services_for_indexing().get(pk=page.pk)).body
    assert "Tuesdays Mediation for separated parents & carers Face to face Online" in body
    assert "amp" not in body.split()


def test_a_word_starting_a_second_paragraph_is_found(client, themes):  # noqa: F811
    ServicePageFactory(title="Families Together", summary="Support.", description=DESCRIPTION)
    assert names(get_json(client, q="mediation")) == ["Families Together"]
