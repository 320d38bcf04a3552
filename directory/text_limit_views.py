"""The moderators' report of listings over a text limit (`directory.text_limits`), with exports."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property

from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from . import review
from .csv_safety import neutralise
from .text_limits import over_long_listings


def _edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


class OverLongListingsReportView(ReportView):
    """Listings saved before their text was bounded that are now over a limit: what, by how much,
    and in which version. Nothing is shortened; the organisation edits its listing. Directory
    moderators and superusers only."""

    page_title = "Over-long listings"
    header_icon = "warning"
    model = Page
    index_url_name = "rightdoor_text_limits:report"
    index_results_url_name = "rightdoor_text_limits:report_results"
    results_template_name = "directory/text_limits/report_results.html"
    paginate_by = 100
    columns = [
        TitleColumn("title", label="Listing", get_url=_edit_url),
        Column("kind", label="Kind"),
        Column("organisation_name", label="Organisation"),
        Column("too_long", label="Too long"),
    ]
    list_export = ["title", "kind", "organisation_name", "too_long", "edit_url"]
    export_headings = {
        "title": "Listing",
        "kind": "Kind",
        "organisation_name": "Organisation",
        "too_long": "Too long",
        "edit_url": "Edit link",
    }

    def dispatch(self, request, *args, **kwargs):
        if not review.is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def report(self):
        return {page.pk: (page, findings) for page, findings in over_long_listings().items()}

    def get_base_queryset(self):
        return Page.objects.filter(pk__in=list(self.report)).order_by("title")

    def decorate_paginated_queryset(self, object_list):
        for row in object_list:
            page, findings = self.report[row.pk]
            organisation = getattr(page, "organisation", None)
            row.kind = page.specific_class._meta.verbose_name.capitalize()
            row.organisation_name = organisation.title if organisation else ""
            row.too_long = "; ".join(finding.describe() for finding in findings)
            row.edit_url = review.admin_url(_edit_url(page))
        return object_list

    def write_csv_row(self, writer, row_dict):
        # Formula injection: listing and organisation names a spreadsheet would run become text.
        return writer.writerow(
            {
                field: neutralise(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def get_filename(self):
        return f"over-long-listings-{review.today().isoformat()}"
