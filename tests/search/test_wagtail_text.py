"""Matching ids are read from Wagtail's index in a different plan; the answers must not change.

Run on each supported database (SQLite, then PostgreSQL in the database-sensitive stage): this is
the pin on the modelsearch internals `search/backends/wagtail_text.py` reads (docs/search.md,
"Upgrading Wagtail or modelsearch")."""

from django.db import connection

from wagtail.search.backends import get_search_backend

import pytest
from modelsearch.query import Phrase

from search.backends import wagtail_text
from search.models import SearchDocument
from search.text import terms

pytestmark = pytest.mark.django_db

QUERIES = [
    "counselling",
    "parenting course",
    "domestic abuse support at home",
    "children women",
    "nothing-matches-this-word",
]


@pytest.fixture
def backend(contract_services):
    backend = get_search_backend()
    assert connection.vendor in {"sqlite", "postgresql"}
    assert wagtail_text.shortcut_for(backend) is not None, (
        f"Wagtail chose {type(backend).__module__}: the fast path would not be used on {connection.vendor}"
    )
    return backend


@pytest.mark.parametrize("words", QUERIES)
def test_matching_ids_are_exactly_what_wagtail_returns(backend, words):
    results = backend.search(
        " ".join(terms(words)) or words, SearchDocument, operator="or", order_by_relevance=False
    )
    wagtail_ids = sorted(results.get_queryset().values_list("pk", flat=True))
    assert sorted(wagtail_text.matching_ids(results)) == wagtail_ids


def test_matching_ids_find_the_services_whose_words_match(backend, contract_services):
    results = backend.search("abus", SearchDocument, operator="or", order_by_relevance=False)
    found = wagtail_text.matching_ids(results)
    assert contract_services["da"].pk in found
    assert contract_services["parenting"].pk not in found


def test_a_query_the_shortcut_was_not_written_for_gets_wagtails_own_answer(backend, contract_services):
    """A phrase: PostgreSQL's shortcut declines it and Wagtail's own queryset answers; the same ids."""
    phrase = Phrase(" ".join(terms("parenting course")))
    results = backend.search(phrase, SearchDocument, order_by_relevance=False)
    wagtail_ids = sorted(results.get_queryset().values_list("pk", flat=True))
    assert sorted(wagtail_text.matching_ids(results)) == wagtail_ids
    assert contract_services["parenting"].pk in wagtail_ids


@pytest.mark.parametrize("words", QUERIES)
def test_each_words_matches_in_one_go_are_what_wagtail_returns_for_that_word(backend, words):
    # On PostgreSQL one query answers every word (a flag per word); each word's ids must be exactly
    # Wagtail's own answer for that word alone.
    by_word = {
        word: backend.search(word, SearchDocument, operator="or", order_by_relevance=False)
        for word in terms(words) or [words]
    }
    found = wagtail_text.matching_ids_by_term(by_word)
    assert set(found) == set(by_word)
    for word, results in by_word.items():
        assert sorted(found[word]) == sorted(results.get_queryset().values_list("pk", flat=True)), word
