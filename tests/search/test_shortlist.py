"""The shortlist: no account, kept only in the browser for its session, shared as a link, printable."""

import pytest

from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(site_tree):
    return [
        ServicePageFactory(title="Baby group", phone="01632 960001", opening_times=[(2, "10:00", "11:30")]),
        ServicePageFactory(title="Youth club", phone="01632 960002"),
    ]


def add(client, slug, next_url="/search/?q=baby"):
    return client.post("/shortlist/add/", {"slug": slug, "next": next_url})


def test_adding_returns_to_where_you_were_and_the_list_shows_full_details(client, services):
    response = add(client, "baby-group")
    assert response.status_code == 302 and response["Location"] == "/search/?q=baby"
    html = client.get("/shortlist/").content.decode()
    assert "Baby group" in html and "Youth club" not in html
    assert 'href="tel:01632960001"' in html
    assert "Wednesday" in html, "opening times are printed with the list"


def test_a_shared_link_rebuilds_the_list_for_someone_else(client, services, django_user_model):
    add(client, "youth-club")
    add(client, "baby-group")
    html = client.get("/shortlist/").content.decode()
    assert "/shortlist/?s=youth-club&amp;s=baby-group" in html

    from django.test import Client

    stranger = Client()
    shared = stranger.get("/shortlist/", {"s": ["youth-club", "baby-group"]}).content.decode()
    assert shared.index("Youth club") < shared.index("Baby group")
    stranger.post("/shortlist/keep/", {"s": ["youth-club", "baby-group"]})
    assert "Youth club" in stranger.get("/shortlist/").content.decode()


def test_remove_and_clear(client, services):
    add(client, "baby-group")
    add(client, "youth-club")
    client.post("/shortlist/remove/", {"slug": "baby-group", "next": "/shortlist/"})
    html = client.get("/shortlist/").content.decode()
    assert "Youth club" in html and "Baby group" not in html
    client.post("/shortlist/clear/", {"next": "/shortlist/"})
    assert "Youth club" not in client.get("/shortlist/").content.decode()


def test_junk_never_gets_onto_a_list(client, services):
    add(client, "no-such-service")
    add(client, "<script>")
    shared = client.get("/shortlist/", {"s": ["no-such-service", "x" * 5000]})
    assert shared.status_code == 200
    assert "no-such-service" not in client.get("/shortlist/").content.decode()


def test_an_unpublished_service_drops_off_a_list(client, services):
    add(client, "baby-group")
    services[0].unpublish()
    assert "Baby group" not in client.get("/shortlist/").content.decode()


def test_next_cannot_send_people_to_another_site(client, services):
    response = add(client, "baby-group", next_url="https://evil.example/")
    assert response["Location"] == "/shortlist/"


def test_changing_the_list_needs_a_post(client, services):
    assert client.get("/shortlist/add/", {"slug": "baby-group"}).status_code == 405


def test_the_list_lives_in_a_browser_session_cookie_and_nothing_on_the_server(client, services):
    from django.conf import settings
    from django.contrib.sessions.models import Session

    response = add(client, "baby-group")
    cookie = response.cookies["rd_shortlist"]
    assert cookie.value == "baby-group"
    assert not cookie["max-age"] and not cookie["expires"], "forgotten when the browser closes"
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.count() == 0, "no server-side session holds the list"
    html = client.get("/search/?q=baby").content.decode()
    assert "Shortlist (1)" in html


def test_the_shortlist_page_is_never_stored_by_a_cache(client, services):
    add(client, "baby-group")
    assert "no-store" in client.get("/shortlist/")["Cache-Control"]
    assert "no-store" in client.get("/shortlist/", {"s": "baby-group"})["Cache-Control"]


def test_exit_this_page_without_javascript_forgets_the_list(client, services, settings):
    settings.EXIT_PAGE_URL = "https://www.bbc.co.uk/weather"
    add(client, "baby-group")
    response = client.get("/exit/")
    assert response.status_code == 302 and response["Location"] == "https://www.bbc.co.uk/weather"
    assert response.cookies["rd_shortlist"]["max-age"] == 0
    assert response.cookies["csrftoken"]["max-age"] == 0, "nor the CSRF cookie its forms came with"
    assert "Baby group" not in client.get("/shortlist/").content.decode()


def test_the_csrf_cookie_of_the_shortlist_forms_is_gone_when_the_browser_closes(client, services):
    response = client.get("/search/?q=baby")
    assert "csrfmiddlewaretoken" in response.content.decode()
    cookie = response.cookies["csrftoken"]
    assert not cookie["expires"] and not cookie["max-age"], "a browser-session cookie, never written to disk"


def test_a_tampered_cookie_is_read_safely(client, services):
    client.cookies["rd_shortlist"] = "baby-group.%3Cscript%3E." + "x" * 3000
    response = client.get("/shortlist/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Baby group" in html and "<script>" not in html.split("<main", 1)[1]
