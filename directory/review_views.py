"""Admin views of the review cycle: "Still accurate" and the moderators' overdue-listings report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

import django_filters

from . import review
from .csv_safety import neutralise
from .models import OrganisationPage, ServicePage


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


@require_POST
def still_accurate(request, page_id: int):
    """Confirm a live listing is still accurate: new dates, no new revision, no moderation."""
    service = ServicePage.objects.live().select_related("organisation").filter(pk=page_id).first()
    if service is None:
        raise Http404("No such live service")
    if not review.can_confirm(request.user, service):
        raise PermissionDenied
    next_review = review.confirm_still_accurate(service, request.user)
    messages.success(
        request,
        f"Thank you. ‘{service.title}’ is marked as checked today; "
        f"its next review is on {format_date(next_review, 'j F Y')}.",
    )
    return redirect(_safe_next(request))


# --------------------------------------------------------------------------- overdue report


def _date(value) -> str:
    return format_date(value, "j M Y") if value else ""


class OverdueListingsFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label="Organisation",
        empty_label="All organisations",
        queryset=lambda request: OrganisationPage.objects.order_by("title"),
    )
    out_of_date = django_filters.BooleanFilter(
        label="May be out of date",
        method="filter_out_of_date",
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = ServicePage
        fields = ["organisation", "out_of_date"]

    def filter_out_of_date(self, queryset, name, value):
        if value is None:
            return queryset
        out_of_date = queryset.out_of_date()
        return out_of_date if value else queryset.exclude(pk__in=out_of_date.values("pk"))


class OverdueListingsReportView(ReportView):
    """Live listings on or past their review date, by organisation; CSV and XLSX exports.
    Directory moderators and superusers only."""

    page_title = "Overdue listings"
    header_icon = "time"
    model = ServicePage
    filterset_class = OverdueListingsFilterSet
    index_url_name = "rightdoor_review:overdue_report"
    index_results_url_name = "rightdoor_review:overdue_report_results"
    results_template_name = "directory/review/overdue_report_results.html"
    paginate_by = 100
    columns = [
        Column("organisation_name", label="Organisation"),
        TitleColumn(
            "title",
            label="Listing",
            get_url=lambda service: reverse("wagtailadmin_pages:edit", args=[service.pk]),
        ),
        Column("last_checked", label="Last checked", accessor=lambda service: _date(service.last_checked)),
        Column("next_review", label="Next review", accessor=lambda service: _date(service.next_review)),
        Column("days_overdue", label="Days overdue"),
        Column("out_of_date_label", label="May be out of date"),
    ]
    list_export = [
        "organisation_name",
        "title",
        "last_checked",
        "next_review",
        "days_overdue",
        "out_of_date_label",
        "edit_url",
    ]
    export_headings = {
        "organisation_name": "Organisation",
        "title": "Listing",
        "last_checked": "Last checked",
        "next_review": "Next review",
        "days_overdue": "Days overdue",
        "out_of_date_label": "May be out of date",
        "edit_url": "Edit link",
    }

    def dispatch(self, request, *args, **kwargs):
        if not review.is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def write_csv_row(self, writer, row_dict):
        # Formula injection: listing and organisation names a spreadsheet would run become text.
        return writer.writerow(
            {
                field: neutralise(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def get_filename(self):
        return f"overdue-listings-{review.today().isoformat()}"

    def get_base_queryset(self):
        return review.overdue_services()

    def decorate_paginated_queryset(self, object_list):
        on = review.today()
        for service in object_list:
            service.organisation_name = service.organisation.title if service.organisation else "(none)"
            service.days_overdue = review.days_overdue(service.next_review, on)
            service.out_of_date_label = "Yes" if review.is_out_of_date(service.next_review, on) else "No"
            service.edit_url = review.admin_url(reverse("wagtailadmin_pages:edit", args=[service.pk]))
        return object_list
