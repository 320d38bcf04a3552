from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    default = True  # this module holds a second config (RightDoorUsersConfig)
    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from wagtail.models import AbstractPage, Page
        from wagtail.permissions import register_permission_policy

        from .permissions import DirectoryPagePermissionPolicy

        # Replaces Wagtail's page policy so partner editors only ever see their own listings.
        register_permission_policy(AbstractPage, DirectoryPagePermissionPolicy(Page))


from wagtail.users.apps import WagtailUsersAppConfig  # noqa: E402


class RightDoorUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with a Users admin that lets moderators manage partner accounts only
    (directory/user_admin.py). Listed in INSTALLED_APPS in place of `wagtail.users`."""

    user_viewset = "directory.user_admin.UserViewSet"
