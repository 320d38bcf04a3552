"""Admin pages for moderators: the CSV template, the export, and how to import."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from directory.review import is_moderator

from . import csv_format


def _require_moderator(request) -> None:
    if not is_moderator(request.user):
        raise PermissionDenied


class ImportExportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "openreferral/admin/import_export.html"
    page_title = "Import and export listings"
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        _require_moderator(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            columns=csv_format.COLUMNS,
            template_url=reverse("openreferral_admin:template"),
            export_url=reverse("openreferral_admin:export"),
            api_url="/api/",
        )
        return context


def _csv_response(filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def template_csv(request):
    """The import template: the header row and one example row."""
    _require_moderator(request)
    response = _csv_response("right-door-services-template.csv")
    response.write(csv_format.template_csv())
    return response


def export_csv(request):
    """Every live service, in the template's columns."""
    _require_moderator(request)
    response = _csv_response("right-door-services.csv")
    csv_format.export_csv(response)
    return response
