"""Public HTML is gzipped; nothing that carries a secret is (BREACH)."""

import gzip

import pytest

from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def service(site_tree):
    return ServicePageFactory(title="Baby group", summary="Songs and play for babies and carers.")


def test_public_pages_are_compressed(client, service):
    # Pages without a form that posts: those with one carry a CSRF token (below).
    for path in ("/", "/search/", "/search/?q=zzqx", "/shortlist/", "/no-such-page/"):
        response = client.get(path, headers=GZIP)
        assert response["Content-Encoding"] == "gzip", path
        assert b"Right Door" in gzip.decompress(response.content), path
        assert "Accept-Encoding" in response["Vary"]


@pytest.mark.parametrize("page", ["suggest-a-change/", "", "/search/?q=baby"])
def test_a_page_with_a_csrf_token_is_never_compressed(client, service, page):
    # The suggestion form, and the shortlist buttons on a service page and on search results.
    path = page if page.startswith("/") else service.url + page
    response = client.get(path, headers=GZIP)
    assert response.status_code == 200 and b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")


def test_nothing_a_signed_in_user_sees_is_compressed(admin_client, service):
    for path in ("/", "/admin/"):
        response = admin_client.get(path, headers=GZIP)
        assert not response.has_header("Content-Encoding"), path


def test_json_is_not_compressed(client, service):
    response = client.get("/search/", {"q": "baby", "format": "json"}, headers=GZIP)
    assert not response.has_header("Content-Encoding")
