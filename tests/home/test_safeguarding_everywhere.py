"""Safeguarding one tap away on every public page: a compact line near the top with tel: links to
999 and the area's children's social care front door (from the site's safeguarding settings)."""

import re

import pytest

from home.models import SafeguardingSettings
from tests.factories import NeedThemeFactory, OrganisationPageFactory, ServicePageFactory
from tests.guidance.factories import GuidancePageFactory, PathwayPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_tree):
    theme = NeedThemeFactory(name="Domestic abuse", slug="domestic-abuse")
    organisation = OrganisationPageFactory(title="Preston Women's Aid")
    service = ServicePageFactory(title="Freedom programme", organisation=organisation, themes=[theme.slug])
    guidance = GuidancePageFactory(title="Getting help early")
    pathway = PathwayPageFactory(title="Worried about sleep")
    settings = SafeguardingSettings.for_site(site_tree.home.get_site())
    settings.front_door_name = "Lancashire MASH"
    settings.front_door_phone = "0300 123 6720"
    settings.save()
    services = site_tree.services.url
    return {
        "home": "/",
        "search results": "/search/?q=freedom",
        "zero results": "/search/?q=zzzzqqq",
        "empty search": "/search/",
        "need theme": services + "theme/domestic-abuse/",
        "services A to Z": services,
        "district": services + "district/preston/",
        "organisations": site_tree.organisations.url,
        "organisation": organisation.url,
        "service": service.url,
        "shortlist": "/shortlist/",
        "shared shortlist": f"/shortlist/?s={service.slug}",
        "guidance index": site_tree.guidance.url,
        "guidance": guidance.url,
        "pathways index": site_tree.pathways.url,
        "pathway": pathway.url,
        "missing page": "/no-such-page/",
    }


def test_every_public_page_has_the_safeguarding_line_near_the_top(client, pages):
    problems = []
    for name, path in pages.items():
        response = client.get(path)
        html = response.content.decode()
        match = re.search(r'<aside class="rd-safety-line".*?</aside>', html, re.S)
        if response.status_code not in (200, 404) or not match:
            problems.append(f"{name} ({path}): {response.status_code}, no safeguarding line")
            continue
        line = match.group(0)
        if 'href="tel:999"' not in line or 'href="tel:03001236720"' not in line:
            problems.append(f"{name}: the line lacks tel: links to 999 and the front door")
        if html.index("rd-safety-line") > html.index('id="main-content"'):
            problems.append(f"{name}: the line comes after the start of the main content")
    assert problems == []


def test_the_footer_999_is_a_tel_link(client, pages):
    footer = client.get("/").content.decode().split('<footer class="rd-footer">', 1)[1]
    assert 'call <a class="govuk-link" href="tel:999">999</a>' in footer


def test_the_front_door_number_comes_from_the_site_settings(client, pages, site_tree):
    settings = SafeguardingSettings.for_site(site_tree.home.get_site())
    settings.front_door_phone = "01772 123456"
    settings.save()
    html = client.get(pages["need theme"]).content.decode()
    assert 'href="tel:01772123456"' in html and "Lancashire MASH" in html


def test_every_page_has_a_meta_description_from_its_own_summary(client, pages):
    for name, path in pages.items():
        html = client.get(path).content.decode()
        match = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert match and len(match.group(1)) <= 160, f"{name}: no meta description"
        assert "&lt;" not in match.group(1), f"{name}: markup in the meta description"
    service = client.get(pages["service"]).content.decode()
    from directory.models import ServicePage

    summary = ServicePage.objects.get(title="Freedom programme").summary
    assert f'<meta name="description" content="{summary[:150]}' in service
