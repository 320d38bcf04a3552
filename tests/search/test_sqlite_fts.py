"""The SQLite text path asks Wagtail's FTS index in a different plan; the answers must not change."""

from django.db import connection

from wagtail.search.backends import get_search_backend

import pytest

from search.backends import sqlite_fts
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
def sqlite_backend(contract_services):
    if connection.vendor != "sqlite":
        pytest.skip(f"the SQLite FTS path is not used on {connection.vendor}: Wagtail's own query runs there")
    backend = get_search_backend()
    assert sqlite_fts.handles(backend)
    return backend


@pytest.mark.parametrize("words", QUERIES)
def test_sqlite_fts_path_returns_exactly_what_wagtail_returns(sqlite_backend, words):
    results = sqlite_backend.search(
        " ".join(terms(words)) or words, SearchDocument, operator="or", order_by_relevance=False
    )
    wagtail_ids = sorted(results.get_queryset().values_list("pk", flat=True))
    assert sorted(sqlite_fts.matching_ids(results)) == wagtail_ids


def test_sqlite_fts_path_finds_the_services_whose_words_match(sqlite_backend, contract_services):
    results = sqlite_backend.search("abus", SearchDocument, operator="or", order_by_relevance=False)
    assert contract_services["da"].pk in sqlite_fts.matching_ids(results)
    assert contract_services["parenting"].pk not in sqlite_fts.matching_ids(results)
