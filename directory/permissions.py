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

Moderators, the strategy team and superusers are not partner-scoped.
"""

from __future__ import annotations

from django.db.models import Q

from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from .roles import MODERATORS

_CACHE_ATTRIBUTE = "_rightdoor_partner_scope"


def partner_scope(user) -> frozenset[int] | None:
    """The organisation page ids a partner-scoped user edits for; None if the user is not
    partner-scoped (anonymous, superuser, moderator, or no memberships). Cached on the user
    object for the request."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return None
    if hasattr(user, _CACHE_ATTRIBUTE):
        return getattr(user, _CACHE_ATTRIBUTE)
    scope = None
    if not user.groups.filter(name=MODERATORS).exists():
        organisation_ids = frozenset(user.organisation_memberships.values_list("organisation_id", flat=True))
        scope = organisation_ids or None
    setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


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
        return super().user_has_any_permission_for_instance(user, actions, instance)


class ScopedPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, refusing every action on another organisation's listing.

    Emptying `permissions` is not enough on its own: some checks pass without any permission
    (viewing revisions, copying, editing as a workflow reviewer), so every `can_*` is refused.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        self.outside_scope = is_outside_scope(user, page)
        if self.outside_scope:
            self.permissions = set()

    def __getattribute__(self, name):
        attribute = super().__getattribute__(name)
        if name.startswith("can_") and callable(attribute) and super().__getattribute__("outside_scope"):
            return lambda *args, **kwargs: False
        return attribute
