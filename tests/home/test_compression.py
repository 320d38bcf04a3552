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
    for path in ("/", service.url, "/search/?q=baby", "/shortlist/", "/no-such-page/"):
        response = client.get(path, headers=GZIP)
        assert response["Content-Encoding"] == "gzip", path
        assert b"Right Door" in gzip.decompress(response.content), path
        assert "Accept-Encoding" in response["Vary"]


def test_a_page_with_a_csrf_token_is_never_compressed(client, service):
    response = client.get(service.url + "suggest-a-change/", headers=GZIP)
    assert response.status_code == 200 and b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")


def test_nothing_a_signed_in_user_sees_is_compressed(admin_client, service):
    for path in ("/", "/admin/"):
        response = admin_client.get(path, headers=GZIP)
        assert not response.has_header("Content-Encoding"), path


def test_json_is_not_compressed(client, service):
    response = client.get("/search/", {"q": "baby", "format": "json"}, headers=GZIP)
    assert not response.has_header("Content-Encoding")
