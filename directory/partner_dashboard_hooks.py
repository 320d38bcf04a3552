"""The partner's dashboard in the admin: a home panel and a "Your listings" page (issue 18).

Both show `partner_dashboard.organisation_listings(request.user)`, which reads only the user's own
organisations. The "Your listings" page refuses anyone without an organisation (moderators have the
overdue report and the suggestions list instead). Wagtail's site summary ("450 Pages") counts pages
a partner cannot open, so partners do not get it.
"""

from django.urls import path, reverse
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import ServiceIndexPage, organisations_of
from .partner_dashboard import organisation_listings
from .permissions import partner_scope


def _context(request, dashboard) -> dict:
    services_index = ServiceIndexPage.objects.first()
    return {
        "dashboard": dashboard,
        "add_url": reverse("wagtailadmin_pages:add", args=("directory", "servicepage", services_index.pk))
        if services_index
        else "",
        "next_url": request.get_full_path(),
        "request": request,
    }


class OrganisationListingsPanel(Component):
    """All the listings of the partner's organisations, at the top of their admin home."""

    name = "organisation_listings"
    template_name = "directory/partners/dashboard_panel.html"
    order = 40  # above "due for review" (50): the whole picture first

    def __init__(self, request):
        self.request = request
        self.dashboard = organisation_listings(request.user)

    def get_context_data(self, parent_context):
        return {**_context(self.request, self.dashboard), "csrf_token": parent_context.get("csrf_token")}


@hooks.register("construct_homepage_panels")
def add_organisation_listings_panel(request, panels):
    if partner_scope(request.user) is not None and organisations_of(request.user).exists():
        panels.append(OrganisationListingsPanel(request))


@hooks.register("construct_homepage_summary_items")
def no_site_summary_for_partners(request, summary_items):
    if partner_scope(request.user) is not None:
        summary_items.clear()


class OrganisationListingsView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Your listings"
    header_icon = "list-ul"
    template_name = "directory/partners/listings.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not organisations_of(request.user).exists():
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dashboard = organisation_listings(self.request.user)
        return {**context, **_context(self.request, dashboard)}


@hooks.register("register_admin_urls")
def register_partner_urls():
    return [path("your-listings/", OrganisationListingsView.as_view(), name="rightdoor_partner_listings")]


class PartnerMenuItem(MenuItem):
    def is_shown(self, request):
        return organisations_of(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_your_listings_menu_item():
    return PartnerMenuItem(
        "Your listings",
        reverse("rightdoor_partner_listings"),
        name="your-listings",
        icon_name="list-ul",
        order=90,
    )
