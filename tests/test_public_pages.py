"""Every public page type: where it may live in the tree, that it renders, and that junk input
gives a normal page (or a helpful 404), never a server error."""

from wagtail.models import Page

import pytest

from directory.models import (
    OrganisationIndexPage,
    OrganisationPage,
    ServiceIndexPage,
    ServicePage,
)
from home.models import HomePage
from tests.factories import NeedThemeFactory, OrganisationPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

JUNK_PARAMETERS = {
    "page": ["-1", "0", "99999", "abc", "1e9", "%00"],
    "q": ["<script>alert(1)</script>", "x" * 10_000, "'; DROP TABLE wagtailcore_page; --"],
    "near": ["ZZ99 9ZZ", "PR1 2HEX", "\x00", "91,200", "y" * 1024],
    "unknown": ["anything"],
}


@pytest.fixture
def directory(site_tree):
    theme = NeedThemeFactory(name="Domestic abuse", slug="domestic-abuse")
    organisation = OrganisationPageFactory(title="Preston Women's Aid")
    service = ServicePageFactory(
        title="Freedom programme",
        organisation=organisation,
        themes=[theme.slug],
        phone="01772 960456",
        opening_times=[(1, "18:00", "20:00")],
    )
    return {"tree": site_tree, "theme": theme, "organisation": organisation, "service": service}


@pytest.mark.parametrize(
    ("model", "parent_model"),
    [
        (HomePage, Page),
        (ServiceIndexPage, HomePage),
        (OrganisationIndexPage, HomePage),
        (ServicePage, ServiceIndexPage),
        (OrganisationPage, OrganisationIndexPage),
    ],
)
def test_each_page_type_lives_only_where_it_belongs(model, parent_model):
    assert model.allowed_parent_page_models() == [parent_model]


def test_services_and_organisations_cannot_be_nested_or_misplaced(site_tree):
    assert not ServicePage.can_create_at(site_tree.home)
    assert not ServicePage.can_create_at(site_tree.organisations)
    assert not OrganisationPage.can_create_at(site_tree.services)
    assert ServicePage.allowed_subpage_models() == []
    # One of each section, so /services/ and /organisations/ are unambiguous.
    assert not ServiceIndexPage.can_create_at(site_tree.home)
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_urls_follow_the_design(directory):
    assert directory["service"].url == "/services/freedom-programme/"
    assert directory["organisation"].url == "/organisations/preston-womens-aid/"


def public_urls(directory) -> list[str]:
    return [
        "/",
        "/services/",
        "/services/freedom-programme/",
        "/services/district/preston/",
        "/services/theme/domestic-abuse/",
        "/services/audience/families/",
        "/services/audience/young-people/",
        "/services/audience/professionals/",
        "/organisations/",
        "/organisations/preston-womens-aid/",
        "/search/",
        "/search/?q=freedom",
        "/search/?near=PR1+2HE",
    ]


def test_every_public_page_renders(client, directory):
    for url in public_urls(directory):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Exit this page" in response.content, f"{url} has no exit control"


def test_service_page_has_what_a_family_needs_to_act(client, directory):
    html = client.get("/services/freedom-programme/").content.decode()
    assert "Freedom programme" in html
    assert 'href="tel:01772960456"' in html
    assert "Families can refer themselves" in html
    assert "Preston Women&#x27;s Aid" in html or "Preston Women's Aid" in html
    assert "Last checked" in html
    assert "999" in html, "the safeguarding box is missing"


def test_organisation_page_gives_its_contact_details_address_and_charity_number(client, site_tree):
    OrganisationPageFactory(
        title="Chorley Carers",
        phone="01257 123456",
        email="hello@chorleycarers.example",
        address="12 Market Street\nChorley",
        postcode="PR7 1DP",
        charity_number="1100100",
    )
    html = client.get("/organisations/chorley-carers/").content.decode()
    assert 'href="tel:01257123456"' in html
    assert 'href="mailto:hello@chorleycarers.example"' in html
    assert "12 Market Street<br>Chorley<br>PR7 1DP" in html
    assert "Number 1100100" in html


def test_service_page_shows_no_address_row_only_its_venues(client, directory):
    html = client.get("/services/freedom-programme/").content.decode()
    assert "Contact details" in html
    assert "Registered charity" not in html


@pytest.mark.parametrize("parameter", sorted(JUNK_PARAMETERS))
def test_junk_parameters_give_a_normal_page(client, directory, parameter):
    for url in public_urls(directory):
        for value in JUNK_PARAMETERS[parameter]:
            response = client.get(url, {parameter: value})
            assert response.status_code == 200, f"{url}?{parameter}={value[:30]!r} → {response.status_code}"


@pytest.mark.parametrize(
    "url",
    [
        "/services/no-such-service/",
        "/organisations/no-such-organisation/",
        "/services/district/atlantis/",
        "/services/theme/no-such-theme/",
        "/services/audience/aliens/",
        "/no/such/page/",
    ],
)
def test_unknown_slugs_give_a_helpful_not_found_page(client, directory, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "couldn" in html.lower(), "the 404 page should say plainly that we couldn't find the page"
    assert 'action="/search/"' in html, "the 404 page should offer a search"
    assert "Exit this page" in html
