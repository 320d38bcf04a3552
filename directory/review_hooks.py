"""Admin hooks for the review cycle (dashboard panel, still accurate, overdue report) and the
moderators' report of listings over a text limit."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import review, review_views, text_limit_views


class ReviewDuePanel(Component):
    """'Your listings due for review' for partner editors; a count and the report for moderators."""

    name = "listings_due_for_review"
    template_name = "directory/review/dashboard_panel.html"
    order = 50  # above Wagtail's own panels: this is what partners come to the admin to do

    def __init__(self, request):
        self.request = request
        self.services = list(review.services_for_review(request.user))
        self.moderator = review.is_moderator(request.user)
        self.overdue_count = review.overdue_services().count() if self.moderator else 0

    @property
    def is_shown(self) -> bool:
        return bool(self.services) or self.moderator

    def get_context_data(self, parent_context):
        on = review.today()
        rows = [
            {
                "service": service,
                "due_words": review.due_in_words(service.next_review, on),
                "is_overdue": review.is_due(service.next_review, on),
                "is_out_of_date": review.is_out_of_date(service.next_review, on),
            }
            for service in self.services
        ]
        return {
            "heading": "Your listings due for review"
            if rows or not self.moderator
            else "Listings due for review",
            "rows": rows,
            "moderator": self.moderator,
            "overdue_count": self.overdue_count,
            "report_url": reverse("rightdoor_review:overdue_report"),
            "next_url": self.request.get_full_path(),
            "csrf_token": parent_context.get("csrf_token"),
            "request": self.request,
        }


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    panel = ReviewDuePanel(request)
    if panel.is_shown:
        panels.append(panel)


@hooks.register("register_admin_urls")
def register_review_urls():
    urls = [
        path("still-accurate/<int:page_id>/", review_views.still_accurate, name="still_accurate"),
        path("overdue/", review_views.OverdueListingsReportView.as_view(), name="overdue_report"),
        path(
            "overdue/results/",
            review_views.OverdueListingsReportView.as_view(results_only=True),
            name="overdue_report_results",
        ),
    ]
    return [path("review/", include((urls, "rightdoor_review"), namespace="rightdoor_review"))]


@hooks.register("register_admin_urls")
def register_text_limit_urls():
    report = text_limit_views.OverLongListingsReportView
    urls = [
        path("", report.as_view(), name="report"),
        path("results/", report.as_view(results_only=True), name="report_results"),
    ]
    return [
        path(
            "over-long-listings/",
            include((urls, "rightdoor_text_limits"), namespace="rightdoor_text_limits"),
        )
    ]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return review.is_moderator(request.user)


@hooks.register("register_reports_menu_item")
def register_overdue_report_menu_item():
    return ModeratorMenuItem(
        "Overdue listings",
        reverse("rightdoor_review:overdue_report"),
        name="overdue-listings",
        icon_name="time",
        order=650,
    )


@hooks.register("register_reports_menu_item")
def register_over_long_report_menu_item():
    return ModeratorMenuItem(
        "Over-long listings",
        reverse("rightdoor_text_limits:report"),
        name="over-long-listings",
        icon_name="warning",
        order=660,
    )


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(
        review.STILL_ACCURATE_ACTION, review.STILL_ACCURATE_LABEL, review.STILL_ACCURATE_LABEL
    )
