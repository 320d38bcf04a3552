"""The demo directory: believable, complete, and the same however often it is loaded."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from directory.models import (
    District,
    NeedTheme,
    OrganisationPage,
    ServiceLocation,
    ServicePage,
    organisations_of,
)
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


def directory_counts() -> dict:
    services = ServicePage.objects.live()
    return {
        "services": services.count(),
        "organisations": OrganisationPage.objects.live().count(),
        "themes": NeedTheme.objects.count(),
        "locations": ServiceLocation.objects.count(),
        "users": get_user_model().objects.count(),
        "search documents": SearchDocument.objects.count(),
        "overdue": services.due_for_review().count(),
        "out of date": services.out_of_date().count(),
    }


def test_loading_twice_gives_the_same_believable_directory(demo_site):
    """The session's demo was loaded by `load_demo` on an empty database; loading it again (with
    the address `make run` serves on) changes nothing."""
    first = directory_counts()
    again = StringIO()
    call_command("load_demo", site_url="http://127.0.0.1:8123", stdout=again)
    assert directory_counts() == first
    assert "Demo logins for http://127.0.0.1:8123/admin/" in again.getvalue(), (
        "the address make run serves on"
    )
    assert "(0 services, 0 organisations and 0 themes added this time)" in again.getvalue()
    assert f"({first['services']} services, {first['organisations']} organisations" in demo_site.output, (
        "the first load started from an empty directory"
    )

    assert first["services"] >= 300 and first["organisations"] >= 40 and first["themes"] >= 12
    assert first["search documents"] == first["services"], "every live service is searchable"
    assert 0 < first["out of date"] < first["overdue"] < first["services"] / 2
    services = ServicePage.objects.live()
    for district in District.objects.all():
        assert services.local_to_district(district.slug).count() >= 15, district.name
    assert set(services.values_list("kind", flat=True)) == {
        "universal",
        "targeted",
        "commissioned",
        "specialist",
    }
    for level in (1, 2, 3, 4):
        assert services.for_level(level).exists()
    assert services.for_age(-1).exists() and services.for_age(25).exists()
    for route in ("self_referral", "professional_referral", "early_help_assessment", "statutory_referral"):
        assert services.with_access_route(route).exists(), route
    assert set(services.values_list("served_area", flat=True)) == {"districts", "county", "national"}
    assert not ServiceLocation.objects.filter(latitude=None).exists()

    printed = demo_site.output
    for login in ("admin", "moderator", "strategy", "partner-"):
        assert login in printed
    assert "rightdoor-demo" in printed
    User = get_user_model()
    assert User.objects.get(username="admin").check_password("rightdoor-demo")
    assert User.objects.filter(username__startswith="partner-").count() == first["organisations"]
    partner = User.objects.get(username="partner-" + OrganisationPage.objects.first().slug)
    assert list(organisations_of(partner)) == [OrganisationPage.objects.first()]


def test_the_demo_refuses_to_load_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load_demo", stdout=StringIO())


def test_the_admins_usage_counts_and_search_cover_every_demo_page(demo_site):
    """The loader indexes references and the admin search once per page at the end
    (directory/bulk_publishing.py) rather than after every save: the result is what indexing each page
    afresh gives, and every page can be found in the admin."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Page, ReferenceIndex
    from wagtail.search.models import IndexEntry

    from guidance.models import PathwayPage

    def references():
        return sorted(
            ReferenceIndex.objects.values_list(
                "object_id", "to_content_type_id", "to_object_id", "model_path"
            )
        )

    as_loaded = references()
    assert ReferenceIndex.objects.filter(content_type=ContentType.objects.get_for_model(PathwayPage)).exists()
    pages = [
        *PathwayPage.objects.all(),
        *ServicePage.objects.order_by("pk")[:10],
        *OrganisationPage.objects.all()[:5],
    ]
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
    assert references() == as_loaded, "indexing pages afresh changes nothing"

    indexed = set(
        IndexEntry.objects.values_list("object_id", flat=True).filter(
            content_type__model__in=["servicepage", "organisationpage", "pathwaypage", "guidancepage"]
        )
    )
    loaded = {
        str(pk)
        for pk in Page.objects.type(ServicePage, OrganisationPage, PathwayPage).values_list("pk", flat=True)
    }
    assert loaded <= indexed, "every page is in the admin's search"
