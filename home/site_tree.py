"""The fixed top of the page tree: Home, Services and Organisations. Idempotent."""

from dataclasses import dataclass

from django.db import transaction

from wagtail.models import Page, Site

from directory.models import OrganisationIndexPage, ServiceIndexPage
from guidance.models import GuidanceIndexPage, PathwayIndexPage

from .models import HomePage


@dataclass(frozen=True)
class SiteTree:
    home: HomePage
    services: ServiceIndexPage
    organisations: OrganisationIndexPage
    guidance: GuidanceIndexPage | None = None
    pathways: PathwayIndexPage | None = None


def _child(parent: Page, model, **fields):
    existing = model.objects.child_of(parent).first()
    if existing:
        return existing
    page = model(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def ensure_site_tree(hostname: str = "localhost", port: int = 80) -> SiteTree:
    """Create the home page (replacing Wagtail's welcome page), the services and organisations
    indexes and the default site, where they do not exist yet."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        welcome = Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage").first()
        if welcome is not None:
            Site.objects.filter(root_page=welcome).delete()
            welcome.delete()
            root.refresh_from_db()
        home = HomePage(title="Right Door", slug="home")
        root.add_child(instance=home)
        home.save_revision().publish()

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="Right Door"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()

    services = _child(
        home,
        ServiceIndexPage,
        title="Services",
        slug="services",
        intro="Every service in the directory, by area, by need and A to Z.",
    )
    organisations = _child(
        home,
        OrganisationIndexPage,
        title="Organisations",
        slug="organisations",
        intro="The organisations that run the services in this directory and keep them up to date.",
    )
    guidance = _child(
        home,
        GuidanceIndexPage,
        title="Guidance",
        slug="guidance",
        intro="Plain-English guidance on getting help early, for families, young people and professionals.",
    )
    pathways = _child(
        home,
        PathwayIndexPage,
        title="Find the right help",
        slug="pathways",
        intro="Answer a few questions, one at a time, to find the right kind of help and services near you. "
        "We do not keep your answers.",
    )
    return SiteTree(
        home=home, services=services, organisations=organisations, guidance=guidance, pathways=pathways
    )
