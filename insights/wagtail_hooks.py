"""The gap report in the admin's Reports menu, for the strategy team, moderators and superusers."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

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
