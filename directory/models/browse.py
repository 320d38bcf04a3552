"""/services/: the section page, where a family browses every listing by district, theme or audience.

The page tree is:  Home → Services (ServiceIndexPage) → ServicePage (in `services`).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from .. import facets
from ..ages import MAX_AGE
from .choices import AccessRouteKind, ServedArea
from .services import ServicePage


class ServiceIndexPage(RoutablePageMixin, Page):
    """/services/: browse every listing, by district, by need theme and by audience."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.ServicePage"]
    max_count = 1
    template = "pages/service_index_page.html"
    per_page = 20

    AUDIENCES = {
        "families": {
            "title": "Help for families",
            "intro": "Services parents and carers can contact themselves.",
            "filters": {"access": [AccessRouteKind.SELF_REFERRAL]},
        },
        "young-people": {
            "title": "Help for young people",
            "intro": "Services for young people aged 11 to 25 that you can contact yourself.",
            "filters": {
                "age": [facets.age_code(age) for age in range(11, MAX_AGE + 1)],
                "access": [AccessRouteKind.SELF_REFERRAL],
            },
        },
        "professionals": {
            "title": "For professionals",
            "intro": "Services you can refer a family to, including through an early help assessment.",
            "filters": {
                "access": [
                    AccessRouteKind.PROFESSIONAL_REFERRAL,
                    AccessRouteKind.EARLY_HELP_ASSESSMENT,
                    AccessRouteKind.STATUTORY_REFERRAL,
                ]
            },
        },
    }

    def services(self):
        return ServicePage.objects.live().child_of(self).with_listing_data().order_by("title")

    def paginate(self, request, queryset):
        return Paginator(queryset, self.per_page).get_page(request.GET.get("page"))

    @path("")
    def index_route(self, request):
        from .reference import District
        from .taxonomy import NeedTheme

        return self.render(
            request,
            context_overrides={
                "districts": District.objects.all(),
                "themes": NeedTheme.objects.all(),
                "audiences": self.AUDIENCES,
                "services": self.paginate(request, self.services()),
            },
        )

    @path("district/<slug:district_slug>/")
    def district_route(self, request, district_slug):
        from .reference import District

        district = get_object_or_404(District, slug=district_slug)
        services = self.services()
        return self.render(
            request,
            template="pages/service_browse_district.html",
            context_overrides={
                "district": district,
                "local_services": services.local_to_district(district.slug),
                "county_services": services.filter(served_area=ServedArea.COUNTY),
                "national_services": services.filter(served_area=ServedArea.NATIONAL),
            },
        )

    @path("theme/<slug:theme_slug>/")
    def theme_route(self, request, theme_slug):
        from .taxonomy import NeedTheme

        theme = get_object_or_404(NeedTheme, slug=theme_slug)
        return self.render(
            request,
            template="pages/service_browse_theme.html",
            context_overrides={
                "theme": theme,
                "services": self.paginate(
                    request, self.services().with_theme(theme.slug).central_to_theme_first(theme.slug)
                ),
            },
        )

    @path("audience/<slug:audience_slug>/")
    def audience_route(self, request, audience_slug):
        audience = self.AUDIENCES.get(audience_slug)
        if audience is None:
            raise Http404("No such audience")
        services = self.services().matching(**audience["filters"])
        return self.render(
            request,
            template="pages/service_browse_audience.html",
            context_overrides={
                "audience_slug": audience_slug,
                "audience": audience,
                "services": self.paginate(request, services),
            },
        )

    def permissions_for_user(self, user):
        # Partners may add listings here, never edit or submit the shared section page itself.
        from ..permissions import ScopedPagePermissionTester

        return ScopedPagePermissionTester(user, self)
