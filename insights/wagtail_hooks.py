"""The gap report in the admin's Reports menu, for the strategy team, moderators and superusers."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import views


@hooks.register("register_admin_urls")
def register_insights_urls():
    urls = [
        path("", views.GapReportView.as_view(), name="gap_report"),
        path("synonym/", views.add_synonym, name="add_synonym"),
    ]
    return [path("unmet-need/", include((urls, "rightdoor_insights"), namespace="rightdoor_insights"))]


class GapReportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_see_gap_report(request.user)


@hooks.register("register_reports_menu_item")
def register_gap_report_menu_item():
    return GapReportMenuItem(
        "Where needs go unmet",
        reverse("rightdoor_insights:gap_report"),
        name="unmet-need",
        icon_name="table",
        order=660,
    )


class UnmetNeedPanel(Component):
    """The strategy team's home: the flagged cells of the last twelve months and the report.
    Worked out at most every ten minutes (cached), since the report reads every search."""

    name = "unmet_need"
    template_name = "insights/dashboard_panel.html"
    order = 45
    CACHE_SECONDS = 600

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        from django.core.cache import cache

        from directory.review import add_months

        from .recording import today
        from .report import gap_report

        key = f"insights:dashboard:{today().isoformat()}"
        summary = cache.get(key)
        if summary is None:
            report = gap_report(add_months(today(), -12))
            flagged = sorted(report.flagged, key=lambda cell: -cell.searches)
            summary = {
                "searches": report.searches,
                "flagged": [
                    (cell.theme_name, cell.district_name, cell.searches, cell.self_referral_supply)
                    for cell in flagged[:5]
                ],
                "flagged_count": len(flagged),
            }
            cache.set(key, summary, self.CACHE_SECONDS)
        return {**summary, "report_url": reverse("rightdoor_insights:gap_report")}


@hooks.register("construct_homepage_panels")
def add_unmet_need_panel(request, panels):
    if views.may_see_gap_report(request.user):
        panels.append(UnmetNeedPanel(request))
