"""Searches are computed on every request, from a table each worker reloads when the index token
moves on; the token is read at most once a second. The shortlist's forms carry Django's CSRF token."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from home.models import SafeguardingSettings
from search import snapshot
from search.indexing import index_services
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db

SEARCH = "/search/?q=baby&near=PR1"


@pytest.fixture
def services(site_tree):
    return [
        ServicePageFactory(title="Baby group", locations=[{"postcode": "PR1 2HE"}]),
        ServicePageFactory(title="Baby massage", locations=[{"postcode": "PR1 8BU"}]),
    ]


def queries_for(client: Client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    return html, [query["sql"] for query in captured]


def test_a_repeated_search_reads_neither_the_token_nor_the_vocabulary_again(client, services):
    queries_for(client, SEARCH)
    html, queries = queries_for(Client(), SEARCH)
    assert "Baby group" in html and "Baby massage" in html
    assert not [sql for sql in queries if "searchindexstate" in sql], "the token was read again"
    assert not [sql for sql in queries if "needtheme" in sql or "language" in sql], "vocabulary re-read"
    assert not [sql for sql in queries if "safeguardingsettings" in sql or "wagtailcore_site" in sql]


def test_a_publish_is_seen_at_once(client, services):
    queries_for(client, SEARCH)
    newcomer = ServicePageFactory(title="Baby sensory", locations=[{"postcode": "PR1 2HE"}])
    index_services([newcomer.pk])
    html, _ = queries_for(Client(), SEARCH)
    assert "Baby sensory" in html


def test_a_publish_in_another_worker_is_seen_within_the_token_lifetime(
    client, services, monkeypatch, settings
):
    now = [1000.0]
    monkeypatch.setattr(snapshot, "clock", lambda: now[0])
    queries_for(client, SEARCH)
    # Another worker publishes and marks the index changed: nothing tells this one.
    monkeypatch.setattr(snapshot, "_token", snapshot._Token())
    snapshot.current_version()
    monkeypatch.setattr(snapshot._token, "forget", lambda: None)
    newcomer = ServicePageFactory(title="Baby sensory", locations=[{"postcode": "PR1 2HE"}])
    index_services([newcomer.pk])
    html, _ = queries_for(Client(), SEARCH)
    assert "Baby sensory" not in html, "this worker still trusts its token"
    now[0] += settings.SEARCH_INDEX_TOKEN_SECONDS
    html, _ = queries_for(Client(), SEARCH)
    assert "Baby sensory" in html


def test_a_token_read_overtaken_by_a_change_is_not_trusted(monkeypatch):
    token = snapshot._Token()
    reads = []

    def read_while_a_publish_lands():
        reads.append(1)
        if len(reads) == 1:
            token.forget()  # this worker marks the index changed while the old token is read
            return "old"
        return "new"

    monkeypatch.setattr(snapshot, "read_version", read_while_a_publish_lands)
    assert token.get() == "old"
    assert token.get() == "new", "the overtaken read was not kept for the next second"
    assert token.get() == "new" and len(reads) == 2


def test_a_new_language_is_offered_as_a_filter_at_once(client, services):
    from directory.models import Language

    client.get(SEARCH)
    Language.objects.create(code="cy", name="Welsh")
    assert "Welsh" in snapshot.current_vocabulary().choices("language").values()


def test_a_changed_safeguarding_number_shows_on_the_next_page(client, services, site_tree):
    client.get(SEARCH)
    box = SafeguardingSettings.for_site(site_tree.home.get_site())
    box.front_door_phone = "01772 000 111"
    box.save()
    assert "01772 000 111" in client.get(SEARCH).content.decode()


def test_results_pages_carry_a_csrf_token_on_the_shortlist_forms(client, services):
    html = client.get(SEARCH).content.decode()
    assert html.count("Add to shortlist") == 2
    assert html.count('name="csrfmiddlewaretoken"') == 2


def _token_from(html: str) -> str:
    return html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


def test_the_shortlist_accepts_its_own_forms_with_their_token(services):
    browser = Client(enforce_csrf_checks=True)
    token = _token_from(browser.get(SEARCH).content.decode())
    response = browser.post(
        "/shortlist/add/", {"slug": "baby-group", "next": SEARCH, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and response["Location"] == SEARCH
    assert "Baby group" in browser.get("/shortlist/").content.decode()


def test_another_website_cannot_change_someones_shortlist(services):
    browser = Client(enforce_csrf_checks=True)
    token = _token_from(browser.get(SEARCH).content.decode())
    browser.post("/shortlist/add/", {"slug": "baby-massage", "csrfmiddlewaretoken": token})
    for action in ("add", "remove", "clear", "keep"):
        # A form on another site: the visitor's cookie goes with it, the token cannot.
        response = browser.post(f"/shortlist/{action}/", {"slug": "baby-group", "s": "baby-group"})
        assert response.status_code == 302 and response["Location"] == "/shortlist/"
    html = browser.get("/shortlist/").content.decode()
    assert "Baby massage" in html and "Baby group" not in html
    assert "came from another website" in html
