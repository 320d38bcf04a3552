"""Shared search test data: a small directory whose answers are known, built once per module."""

import datetime
import uuid
from contextlib import contextmanager

from django.db import transaction
from django.http import QueryDict

import pytest

from directory.models import AccessibilityFeature
from directory.seeding import seed_default_themes
from home.site_tree import ensure_site_tree
from search import snapshot
from search.backends import get_backend
from search.indexing import rebuild
from search.query import SearchQuery, Vocabulary
from search.service import run_search
from tests.factories import ServicePageFactory

# Real postcodes, with distances from PR1 2HE (central Preston) measured by geopy in the tests.
PRESTON_CENTRE = "PR1 2HE"
NEARBY = "PR1 8BU"  # about a mile away
PENWORTHAM = "PR1 9RE"  # a couple of miles
CHORLEY = "PR7 1DP"  # about 8 miles
BURNLEY = "BB11 1JG"  # about 20 miles


@contextmanager
def built_once(django_db_blocker, build=lambda: None):
    """The site tree, the default need themes and whatever `build` adds, built inside a transaction
    that is rolled back at the end; each test runs in its own savepoint within it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            get_backend.cache_clear()
            snapshot.forget()
            ensure_site_tree()
            seed_default_themes()
            yield build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            snapshot.forget()


@pytest.fixture(scope="module")
def contract_services(django_db_setup, django_db_blocker):
    """A small directory whose answers are known, built once for the module."""
    with built_once(django_db_blocker, build_contract_directory) as services:
        yield services


@pytest.fixture(scope="module")
def module_vocabulary(django_db_setup, django_db_blocker):
    """The site tree and the default need themes, seeded once for the module: seeding saves 18
    themes and ~200 synonyms, about a second of each test that needs them (three under coverage)."""
    with built_once(django_db_blocker):
        yield


@pytest.fixture(params=["database", "elasticsearch"])
def each_backend(request, settings, contract_services, db):
    """The contract directory searched once through each backend: the database one, then the live
    node in an index of its own (skipped, saying how to start a node, without ELASTICSEARCH_URL).
    Yields the backend's name."""
    import os

    from tests.search.elasticsearch_node import es_skip_reason

    settings.SEARCH_BACKEND = request.param
    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL")
        if not url:
            pytest.skip(es_skip_reason())
        settings.ELASTICSEARCH_URL = url
        settings.ELASTICSEARCH_INDEX = f"rightdoor-test-{uuid.uuid4().hex[:8]}"
    get_backend.cache_clear()
    if request.param == "elasticsearch":
        rebuild()
    yield request.param
    if request.param == "elasticsearch":
        get_backend().primary.delete_index()
    get_backend.cache_clear()


@pytest.fixture
def es_site(settings, contract_services, db):
    """The contract directory with SEARCH_BACKEND=elasticsearch on the live node, in an index of its
    own (skipped, saying how to start a node, without ELASTICSEARCH_URL). No cool-off, so a test
    sees the node again as soon as it answers."""
    from tests.search.elasticsearch_node import ELASTICSEARCH_URL, es_skip_reason

    if not ELASTICSEARCH_URL:
        pytest.skip(es_skip_reason())
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = ELASTICSEARCH_URL
    settings.ELASTICSEARCH_INDEX = f"rightdoor-test-{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH_COOLOFF_SECONDS = 0
    get_backend.cache_clear()
    rebuild()
    yield {key: type(page).objects.get(pk=page.pk) for key, page in contract_services.items()}
    get_backend().primary.delete_index()
    get_backend.cache_clear()


def build_contract_directory() -> dict:
    services = {
        "da": ServicePageFactory(
            title="Safe Together outreach",
            summary="Support for women and children living with abuse at home.",
            description="<p>Outreach workers meet you somewhere safe and help you plan.</p>",
            themes=["domestic-abuse"],
            levels=[2, 3],
            kind="commissioned",
            age_min=-1,
            age_max=18,
            access_routes={"self_referral": "Call us", "professional_referral": "Use the form"},
            locations=[{"postcode": NEARBY}],
            opening_times=[(0, "09:00", "17:00"), (2, "18:00", "20:00")],
        ),
        "parenting": ServicePageFactory(
            title="Parenting Together course",
            summary="A ten-week parenting course for parents of children aged 3 to 11.",
            themes=["parenting"],
            levels=[2],
            kind="targeted",
            age_min=3,
            age_max=11,
            cost="paid",
            access_routes={"early_help_assessment": "Ask your lead professional"},
            locations=[{"postcode": PENWORTHAM}],
            opening_times=[(5, "10:00", "12:00")],
        ),
        "counselling": ServicePageFactory(
            title="Open Door counselling for young people",
            summary="Free counselling for young people aged 11 to 25.",
            themes=["mental-health"],
            levels=[1, 2],
            age_min=11,
            age_max=25,
            delivery_modes=["in-person", "online"],
            locations=[{"postcode": CHORLEY}],
            served_districts=["chorley"],
        ),
        "send": ServicePageFactory(
            title="Autism and ADHD family group",
            summary="Meet other parents of children with autism or ADHD.",
            themes=["send"],
            levels=[1],
            age_min=0,
            age_max=18,
            locations=[{"postcode": BURNLEY}],
            served_districts=["burnley"],
        ),
        "exploitation": ServicePageFactory(
            title="Safer Streets team",
            summary="Specialist workers for young people at risk of criminal exploitation.",
            themes=["exploitation"],
            levels=[3, 4],
            kind="specialist",
            age_min=10,
            age_max=18,
            served_area="county",
            served_districts=[],
            locations=[],
            delivery_modes=["home-visits"],
            access_routes={"professional_referral": "Refer through the front door"},
        ),
        "helpline": ServicePageFactory(
            title="Family Lifeline",
            summary="A free national helpline for parents who are worried about anything.",
            themes=["parenting", "mental-health"],
            age_min=-1,
            age_max=25,
            served_area="national",
            served_districts=[],
            locations=[],
            delivery_modes=["phone"],
            always_open=True,
            opening_times=[],
        ),
        "stale": ServicePageFactory(
            title="Parenting drop-in",
            summary="A weekly drop-in for parents to talk to a family worker.",
            themes=["parenting"],
            locations=[{"postcode": NEARBY}],
            last_checked=datetime.date.today() - datetime.timedelta(days=500),
        ),
    }
    # Step-free and with a hearing loop: the accessibility filter's answers.
    course = services["parenting"]
    course.accessibility_features.set(
        AccessibilityFeature.objects.filter(slug__in=["wheelchair-accessible-entrance", "hearing-loop"])
    )
    course.save_revision().publish()
    services["parenting"] = type(course).objects.get(pk=course.pk)
    return services


def search(**params) -> object:
    vocabulary = Vocabulary.from_database()
    query_dict = QueryDict(mutable=True)
    for key, value in params.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            query_dict.appendlist(key, str(item))
    return run_search(SearchQuery.from_params(query_dict, vocabulary), vocabulary)


def titles(results) -> list[str]:
    return [item.card.title for item in results.items]
