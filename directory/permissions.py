"""Partner isolation: a partner editor sees and touches only their own organisations' listings.

Wagtail grants page permissions by subtree. Services all live under /services/, so the partner
editors group has add and change permission there, and this module narrows it, per user, to the
services (and organisation pages) of the organisations they edit for (`OrganisationMembership`):

- `DirectoryPagePermissionPolicy` replaces Wagtail's page permission policy, so every admin listing,
  chooser, search, report and permission check that asks "which pages may this user …?" gets the
  narrowed answer;
- `ScopedPagePermissionTester` is what `ServicePage`/`OrganisationPage.permissions_for_user` return,
  so every per-page action (edit, preview, revisions, compare, delete, move, copy, unpublish, lock,
  workflow actions) is refused outside the user's organisations.

Moderators and superusers are not partner-scoped; everyone else is, and a user with no
membership is scoped to nothing.
"""

from __future__ import annotations

from django.db.models import Q

from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from .roles import MODERATORS

_CACHE_ATTRIBUTE = "_rightdoor_partner_scope"


def partner_scope(user) -> frozenset[int] | None:
    """The organisation page ids a partner-scoped user edits for; None only for the directory's
    keepers, who see every listing (superusers and moderators). Anyone else signed in to the admin
    is scoped to their memberships, and no membership means an empty scope (no listings at all):
    a partner just added to *Partner editors*, or whose membership was removed, sees nothing.
    Cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if user.is_superuser:
        return None
    if hasattr(user, _CACHE_ATTRIBUTE):
        return getattr(user, _CACHE_ATTRIBUTE)
    scope = None
    if not user.groups.filter(name=MODERATORS).exists():
        scope = frozenset(user.organisation_memberships.values_list("organisation_id", flat=True))
    setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def is_directory_keeper(user) -> bool:
    """Superusers and moderators: not partner-scoped."""
    return partner_scope(user) is None


def manageable_users(request_user):
    """The accounts `request_user` may see and change in the Users admin.

    Superusers: everyone. Anyone else (in practice moderators, who hold `auth.change_user` to create
    partner accounts): active or inactive partner accounts only, that is accounts that are not
    superusers or staff and belong to no group but *Partner editors*; never themselves."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from .roles import PARTNER_EDITORS

    users = get_user_model()._default_manager.all()
    if getattr(request_user, "is_superuser", False):
        return users
    other_groups = Group.objects.exclude(name=PARTNER_EDITORS)
    return (
        users.filter(is_superuser=False, is_staff=False)
        .exclude(groups__in=other_groups)
        .exclude(pk=getattr(request_user, "pk", None))
    )


def assignable_groups(request_user):
    """The groups `request_user` may give an account: all for superusers, else *Partner editors*."""
    from django.contrib.auth.models import Group

    from .roles import PARTNER_EDITORS

    if getattr(request_user, "is_superuser", False):
        return Group.objects.all()
    return Group.objects.filter(name=PARTNER_EDITORS)


def _page_organisation_id(page) -> int | None:
    """The organisation a page belongs to: a service's owner, or the organisation page itself."""
    from .models import OrganisationPage, ServicePage

    specific = page.specific_deferred if type(page) is Page else page
    if isinstance(specific, ServicePage):
        return specific.organisation_id
    if isinstance(specific, OrganisationPage):
        return specific.pk
    return None


def is_outside_scope(user, page) -> bool:
    """True when a partner-scoped user must not touch this listing page."""
    scope = partner_scope(user)
    if scope is None:
        return False
    from .models import OrganisationPage, ServicePage

    if not issubclass(page.specific_class or Page, ServicePage | OrganisationPage):
        return False
    return _page_organisation_id(page) not in scope


def _outside_scope_filter(scope: frozenset[int]) -> Q:
    """Pages a partner with this scope must not see: other organisations' services and pages."""
    return (Q(servicepage__isnull=False) & ~Q(servicepage__organisation_id__in=scope)) | (
        Q(organisationpage__isnull=False) & ~Q(pk__in=scope)
    )


def narrow_for_partner(queryset, user):
    """A page queryset without the listings a partner-scoped user must not see.

    Excludes by id rather than by relation, because choosers go on to run Wagtail's search over the
    queryset and search backends can only filter on the page's own indexed fields."""
    scope = partner_scope(user)
    if scope is None:
        return queryset
    hidden = list(Page.objects.filter(_outside_scope_filter(scope)).values_list("pk", flat=True))
    return queryset.exclude(pk__in=hidden) if hidden else queryset


def is_shared_section(user, page) -> bool:
    """True when a partner-scoped user looks at one of the shared Services and Organisations index
    pages: they may add listings under it, never edit or submit the section page itself."""
    from .models import OrganisationIndexPage, ServiceIndexPage

    if partner_scope(user) is None:
        return False
    return issubclass(page.specific_class or Page, ServiceIndexPage | OrganisationIndexPage)


class DirectoryPagePermissionPolicy(PagePermissionPolicy):
    def _narrow(self, queryset, user):
        return narrow_for_partner(queryset, user)

    def instances_user_has_any_permission_for(self, user, actions):
        return self._narrow(super().instances_user_has_any_permission_for(user, actions), user)

    def explorable_instances(self, user):
        return self._narrow(super().explorable_instances(user), user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if is_outside_scope(user, instance):
            return False
        if is_shared_section(user, instance):
            actions = [action for action in actions if action == "add"]
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)


class ScopedPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, refusing every action on another organisation's listing, and every
    action but "add a listing here" on the shared section pages for partners.

    Emptying `permissions` is not enough on its own: some checks pass without any permission
    (viewing revisions, copying, editing as a workflow reviewer), so every `can_*` is refused.
    """

    _SECTION_ACTIONS = frozenset({"can_add_subpage"})

    def __init__(self, user, page):
        super().__init__(user, page)
        self.outside_scope = is_outside_scope(user, page)
        self.section_only = not self.outside_scope and is_shared_section(user, page)
        if self.outside_scope:
            self.permissions = set()
        elif self.section_only:
            self.permissions = set(getattr(self, "permissions", set())) & {"add"}

    def __getattribute__(self, name):
        attribute = super().__getattribute__(name)
        if name.startswith("can_") and callable(attribute):
            get = super().__getattribute__
            if get("outside_scope") or (get("section_only") and name not in get("_SECTION_ACTIONS")):
                return lambda *args, **kwargs: False
        return attribute
