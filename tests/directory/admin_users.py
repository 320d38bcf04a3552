"""Admin users for the directory's tests: the permission every admin user needs, and a moderator."""

from django.contrib.auth.models import Group, Permission

from directory.roles import MODERATORS


def access_admin() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def make_moderator(django_user_model, username: str = "moderator"):
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    group.permissions.add(access_admin())
    user = django_user_model.objects.create_user(username, f"{username}@council.example", "password")
    user.groups.add(group)
    return user
