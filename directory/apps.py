from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from wagtail.models import AbstractPage, Page
        from wagtail.permissions import register_permission_policy

        from .permissions import DirectoryPagePermissionPolicy

        # Replaces Wagtail's page policy so partner editors only ever see their own listings.
        register_permission_policy(AbstractPage, DirectoryPagePermissionPolicy(Page))
