"""Admin: 'Import and export' for moderators (the CSV template to download, the export)."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from directory.review import is_moderator

from . import admin_views


@hooks.register("register_admin_urls")
def register_openreferral_admin_urls():
    urls = [
        path("", admin_views.ImportExportView.as_view(), name="index"),
        path("template.csv", admin_views.template_csv, name="template"),
        path("export.csv", admin_views.export_csv, name="export"),
    ]
    return [path("listings-csv/", include((urls, "openreferral_admin"), namespace="openreferral_admin"))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def register_import_export_menu_item():
    return ModeratorMenuItem(
        "Import and export",
        reverse("openreferral_admin:index"),
        name="import-export-listings",
        icon_name="download",
        order=850,
    )
