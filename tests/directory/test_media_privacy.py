"""The media library is not public (issue 13, item 5): partners get nothing from the admin media
API, and documents download only for the library's managers (or when a live page links to them)."""

from django.contrib.auth.models import Group

import pytest

from directory.models import OrganisationMembership
from directory.roles import MODERATORS, PARTNER_EDITORS, setup_roles
from tests.factories import OrganisationPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(site_tree, django_user_model):
    from wagtail_factories import DocumentFactory, ImageFactory

    setup_roles(site_tree)
    partner = django_user_model.objects.create_user("partner-a", "a@example.org", "x")
    partner.groups.add(Group.objects.get(name=PARTNER_EDITORS))
    OrganisationMembership.objects.create(user=partner, organisation=OrganisationPageFactory())
    moderator = django_user_model.objects.create_user("moderator", "m@example.org", "x")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    return {
        "partner": partner,
        "moderator": moderator,
        "image": ImageFactory(title="Beta Youth Trust poster"),
        "document": DocumentFactory(title="Beta Youth Trust safeguarding policy"),
    }


@pytest.mark.parametrize("kind", ["images", "documents"])
def test_partners_get_nothing_from_the_admin_media_api(client, media, kind):
    client.force_login(media["partner"])
    item = media["image" if kind == "images" else "document"]
    for url in (f"/admin/api/main/{kind}/", f"/admin/api/main/{kind}/{item.pk}/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Beta Youth Trust" not in response.content.decode()
    client.force_login(media["moderator"])
    assert "Beta Youth Trust" in client.get(f"/admin/api/main/{kind}/").content.decode()


def test_documents_are_not_served_to_the_public_or_to_partners(client, media, settings, tmp_path):
    from wagtail_factories import DocumentFactory

    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    document = DocumentFactory(title="Beta Youth Trust safeguarding policy")
    url = document.url
    assert url.startswith("/documents/"), "served through Wagtail's view, never a direct media URL"
    assert client.get(url).status_code == 404
    client.force_login(media["partner"])
    assert client.get(url).status_code == 404
    client.force_login(media["moderator"])
    response = client.get(url)
    assert response.status_code == 200
