from django.apps import AppConfig
from django.core import checks


class DirectoryConfig(AppConfig):
    default = True  # this module holds a second config (RightDoorUsersConfig)
    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from django.db.models.signals import post_migrate

        from wagtail.models import AbstractPage, Page
        from wagtail.permissions import register_permission_policy

        from .permissions import DirectoryPagePermissionPolicy

        # Replaces Wagtail's page policy so partner editors only ever see their own listings.
        register_permission_policy(AbstractPage, DirectoryPagePermissionPolicy(Page))
        # The districts are the configured area's (directory/area.py), kept in step on every migrate.
        post_migrate.connect(_sync_districts, sender=self)
        checks.register(_check_area_file)


def _check_area_file(app_configs=None, **kwargs):
    """`manage.py check` (and every command) says what is wrong with the area file, if anything."""
    from . import area

    try:
        area.current()
    except area.AreaFileError as failure:
        return [checks.Error(str(failure), hint="See docs/adopting-right-door.md.", id="directory.E001")]
    return []


def _sync_districts(sender, **kwargs):
    from .seeding import sync_districts

    sync_districts()


from wagtail.users.apps import WagtailUsersAppConfig  # noqa: E402


class RightDoorUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with a Users admin that lets moderators manage partner accounts only
    (directory/user_admin.py). Listed in INSTALLED_APPS in place of `wagtail.users`."""

    user_viewset = "directory.user_admin.UserViewSet"
