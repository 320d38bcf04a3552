"""The relevance rules (issue 15) answered by the live Elasticsearch node: every test of
`test_relevance_rules.py` again, with SEARCH_BACKEND=elasticsearch and searches sent to
Elasticsearch alone (no database fallback, so a failure shows instead of being hidden)."""

import contextlib
import os
import uuid

import pytest

from search import snapshot
from search.backends import get_backend
from search.backends.base import BackendUnavailable
from tests.search import test_relevance_rules as rules
from tests.search.elasticsearch_node import es_skip_reason

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(module_vocabulary, db, settings, monkeypatch):
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.skip(es_skip_reason())
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX = f"rightdoor-test-{uuid.uuid4().hex[:8]}"
    get_backend.cache_clear()
    snapshot.forget()
    # Publishing writes to both indexes; searching asks Elasticsearch only.
    monkeypatch.setattr("search.service.get_backend", lambda: get_backend().primary)
    yield
    with contextlib.suppress(BackendUnavailable):
        get_backend().primary.delete_index()
    get_backend.cache_clear()
    snapshot.forget()


abuse_directory = rules.abuse_directory

# Each rule, as a family would notice it, on Elasticsearch.
for _name in dir(rules):
    if _name.startswith("test_"):
        globals()[_name] = getattr(rules, _name)
