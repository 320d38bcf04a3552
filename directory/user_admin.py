"""The Users admin, narrowed for moderators: they manage partner accounts only.

Wagtail's Users area trusts `auth.change_user` completely: whoever holds it can edit any account
(the superuser's password included), tick "Administrator" and add themselves to any group. The
directory moderators need to create partner accounts and link them to organisations, nothing more.
So for anyone who is not a superuser (`directory.permissions.manageable_users`):

- the listing, edit, delete and history views only find partner accounts (others answer 404);
- the create and edit forms have no "Administrator" box and offer only the *Partner editors* group;
- the bulk actions (assign role, (de)activate, delete) act on partner accounts only, and "assign role"
  offers only *Partner editors*.

Wired in as `user_viewset` of `RightDoorUsersConfig` (directory/apps.py), which replaces
`wagtail.users` in INSTALLED_APPS.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from wagtail.users.views import users as wagtail_users
from wagtail.users.views.bulk_actions import (
    AssignRoleBulkAction,
    DeleteBulkAction,
    SetActiveStateBulkAction,
)

from .permissions import assignable_groups, manageable_users


def _narrow_form(form, request_user):
    if request_user.is_superuser:
        return form
    form.fields.pop("is_superuser", None)
    if "groups" in form.fields:
        form.fields["groups"].queryset = assignable_groups(request_user)
    return form


class _ScopedObjectMixin:
    def get_object(self, queryset=None):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(manageable_users(self.request.user), pk=self.kwargs[self.pk_url_kwarg])


class IndexView(wagtail_users.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=manageable_users(self.request.user).values("pk"))


class CreateView(wagtail_users.CreateView):
    def get_form(self, form_class=None):
        return _narrow_form(super().get_form(form_class), self.request.user)


class EditView(_ScopedObjectMixin, wagtail_users.EditView):
    def get_form(self, form_class=None):
        return _narrow_form(super().get_form(form_class), self.request.user)


class DeleteView(_ScopedObjectMixin, wagtail_users.DeleteView):
    pass


class HistoryView(_ScopedObjectMixin, wagtail_users.HistoryView):
    pass


class UserViewSet(wagtail_users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView


class _ScopedUserBulkAction:
    def get_queryset(self, model, object_ids):
        return manageable_users(self.request.user).filter(pk__in=list(object_ids))

    def check_perm(self, obj):
        return super().check_perm(obj) and manageable_users(self.request.user).filter(pk=obj.pk).exists()


class ScopedAssignRoleBulkAction(_ScopedUserBulkAction, AssignRoleBulkAction):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["role"].queryset = assignable_groups(self.request.user)
        return form

    def get_execution_context(self):
        role = self.cleaned_form.cleaned_data["role"]
        if role not in assignable_groups(self.request.user):
            raise PermissionDenied
        return super().get_execution_context()


class ScopedDeleteBulkAction(_ScopedUserBulkAction, DeleteBulkAction):
    pass


class ScopedSetActiveStateBulkAction(_ScopedUserBulkAction, SetActiveStateBulkAction):
    pass


SCOPED_USER_BULK_ACTIONS = (
    ScopedAssignRoleBulkAction,
    ScopedDeleteBulkAction,
    ScopedSetActiveStateBulkAction,
)
# Keep Group import used for type clarity in assignable_groups callers.
__all__ = ["UserViewSet", "SCOPED_USER_BULK_ACTIONS", "Group"]
