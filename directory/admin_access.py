"""Partner isolation at the admin's door: what Wagtail's permission checks do not cover.

Wagtail's page permission policy (`directory.permissions`) narrows listings and per-page actions,
but several admin views name a page, or list users, without asking it: the explorer of a listing
page, "move … confirm", the workflow action and preview views (the title comes back in the error),
the page chooser's "chosen" views, reports and their user filters, the media API. So for anyone who
is not a directory keeper (superuser or moderator), `AdminScopeMiddleware`:

- refuses (as Wagtail does: back to the dashboard with "Sorry, you do not have permission…")
  any admin URL whose path names another organisation's listing page (every page
  id parameter of every admin URL pattern, found by name), or whose `id` query values do (choosers,
  admin API);
- refuses likewise the admin views that only keepers need: Wagtail's reports (workflow, tasks,
  site history, aging pages, page types, locked pages), the forms index, and the choosers and
  lists of partner accounts and suggestions;
- answers 403 for the admin media API to anyone without a media permission (partners).

`narrow_user_filters` narrows the "Owner", "Edited by" and other user filters of Wagtail's page
listings and reports to the accounts a user may know about.
"""

from __future__ import annotations

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.urls import Resolver404, resolve

from wagtail.admin.auth import permission_denied

from .permissions import is_outside_scope, partner_scope

PAGE_ID_KWARGS = (
    "page_id",
    "parent_page_id",
    "page_to_move_id",
    "destination_id",
    "page_pk",
)
# Admin views only keepers need, by "namespace:name" or namespace alone.
KEEPERS_ONLY_NAMESPACES = (
    "wagtailadmin_reports",
    "wagtailforms",
    "wagtailsnippetchoosers_directory_organisationmembership",
    "wagtailsnippets_directory_organisationmembership",
)
KEEPERS_ONLY_VIEWS = {"wagtailadmin_pages:type_use", "wagtailadmin_pages:type_use_results"}
# Bulk actions on partner accounts' memberships (suggestions scope their own: directory.feedback_hooks).
KEEPERS_ONLY_BULK_MODELS = {("directory", "organisationmembership")}
# Page ids in the query string of these views.
PAGE_ID_QUERY_VIEWS = {"wagtailadmin_choose_page_chosen_multiple"}
MEDIA_API_PREFIXES = ("/admin/api/main/images/", "/admin/api/main/documents/")


def _page_outside_scope(user, value) -> bool:
    from wagtail.models import Page

    try:
        page = Page.objects.get(pk=int(value))
    except (TypeError, ValueError, Page.DoesNotExist):
        return False
    return is_outside_scope(user, page)


def _takes_integer_ids(match) -> bool:
    return match.url_name in {"chosen_multiple", "wagtailadmin_choose_page_chosen_multiple", "find"}


def _has_media_permission(user) -> bool:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    documents = policy_registry.get_by_type(get_document_model())
    images = policy_registry.get_by_type(get_image_model())

    actions = {"add", "change", "choose", "delete"}
    return images.user_has_any_permission(user, actions) or documents.user_has_any_permission(user, actions)


def refusal(request: HttpRequest, user) -> HttpResponse | None:
    """The response that refuses this admin request to this user, or None to let it through."""
    path = request.path_info
    if path.startswith(MEDIA_API_PREFIXES) and not _has_media_permission(user):
        return HttpResponseForbidden("You have no access to the media library.")
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if _takes_integer_ids(match) and not all(value.isdecimal() for value in request.GET.getlist("id")):
        # Wagtail's choosers and admin API answer 500 to `?id=all`: a clear 400 instead.
        return HttpResponseBadRequest("Each id must be a number.")
    if partner_scope(user) is None:
        return None
    namespace = match.namespace
    keepers_only_bulk = (
        match.url_name == "wagtail_bulk_action"
        and (
            match.kwargs.get("app_label"),
            match.kwargs.get("model_name"),
        )
        in KEEPERS_ONLY_BULK_MODELS
    )
    if (
        namespace.startswith(KEEPERS_ONLY_NAMESPACES)
        or match.view_name in KEEPERS_ONLY_VIEWS
        or keepers_only_bulk
    ):
        return permission_denied(request)
    values = [match.kwargs[name] for name in PAGE_ID_KWARGS if name in match.kwargs]
    if namespace == "wagtailadmin_api" or "revisions_compare" in match.view_name:
        values += [match.kwargs.get("pk")]
    if match.url_name in PAGE_ID_QUERY_VIEWS or namespace == "wagtailadmin_api":
        values += request.GET.getlist("id")
    if any(_page_outside_scope(user, value) for value in values if value is not None):
        return permission_denied(request)
    return None


class AdminScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            request.path_info.startswith("/admin/")
            and user is not None
            and user.is_authenticated
            and not user.is_superuser
        ):
            response = refusal(request, user)
            if response is not None:
                return response
        return self.get_response(request)


# --------------------------------------------------------------------------- user filters


def visible_users(user):
    """The accounts a user may see named in the admin: keepers see everyone; others see themselves,
    the other editors of their own organisations, and the directory's keepers."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from .roles import MODERATORS

    users = get_user_model()._default_manager.all()
    scope = partner_scope(user)
    if scope is None:
        return users
    return users.filter(
        Q(pk=user.pk)
        | Q(organisation_memberships__organisation_id__in=scope)
        | Q(is_superuser=True)
        | Q(groups__name=MODERATORS)
    ).distinct()


USER_FILTER_FIELDS = {"owner", "edited_by", "user", "locked_by", "requested_by", "last_published_by"}


def _narrowed(queryset):
    def narrowed(request):
        base = queryset(request) if callable(queryset) else queryset
        return base.filter(pk__in=visible_users(request.user).values("pk"))

    return narrowed


def narrow_user_filters():
    """Narrow every user-choosing filter of Wagtail's admin filter sets (page listings, reports)."""
    from django.contrib.auth import get_user_model

    from wagtail.admin.filters import WagtailFilterSet

    # Import the modules that declare the report and listing filter sets.
    from wagtail.admin.views.pages import listing, usage  # noqa: F401
    from wagtail.admin.views.reports import (  # noqa: F401
        aging_pages,
        audit_logging,
        locked_pages,
        page_types_usage,
        workflows,
    )

    import django_filters

    user_model = get_user_model()
    seen = set()
    pending = [WagtailFilterSet]
    while pending:
        filterset = pending.pop()
        if filterset in seen:
            continue
        seen.add(filterset)
        pending.extend(filterset.__subclasses__())
        for filter_ in getattr(filterset, "base_filters", {}).values():
            if not isinstance(
                filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
            ):
                continue
            # django-filter keeps the declared queryset (or callable) on the filter itself.
            queryset = getattr(filter_, "queryset", None)
            if queryset is None:
                queryset = filter_.extra.get("queryset")
            model = getattr(queryset, "model", None)
            if model is None and callable(queryset) and filter_.field_name in USER_FILTER_FIELDS:
                model = user_model
            if model is user_model and not getattr(queryset, "_rightdoor_narrowed", False):
                narrowed = _narrowed(queryset)
                narrowed._rightdoor_narrowed = True
                filter_.queryset = narrowed
                filter_.extra["queryset"] = narrowed


# --------------------------------------------------------------------------- bulk actions


def may_see_object(user, obj) -> bool:
    """Whether a bulk action may list (or act on) this object for this user."""
    from wagtail.models import Page

    from .models import ListingFeedback, OrganisationMembership

    if partner_scope(user) is None:
        return True
    if isinstance(obj, Page):
        return not is_outside_scope(user, obj)
    if isinstance(obj, OrganisationMembership):
        return False
    if isinstance(obj, ListingFeedback):
        return ListingFeedback.objects.for_user(user).filter(pk=obj.pk).exists()
    return True


class ScopedBulkActionMixin:
    """Bulk actions list the chosen objects, including those the user may not touch (with their
    titles): drop what the user must not see from both lists, on the form and when acting."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        hidden = extra.get("items_with_no_access", [])
        return (
            [obj for obj in objects if may_see_object(user, obj)],
            {**extra, "items_with_no_access": [obj for obj in hidden if may_see_object(user, obj)]},
        )


def scoped_bulk_actions() -> list[type]:
    from wagtail.admin.views.pages.bulk_actions import (
        DeleteBulkAction,
        MoveBulkAction,
        PublishBulkAction,
        UnpublishBulkAction,
    )

    return [
        type(f"Scoped{cls.__name__}", (ScopedBulkActionMixin, cls), {"__module__": __name__})
        for cls in (
            DeleteBulkAction,
            MoveBulkAction,
            PublishBulkAction,
            UnpublishBulkAction,
        )
    ]
