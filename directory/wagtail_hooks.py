"""Admin registration: the vocabularies moderators manage, as snippets."""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import AccessibilityFeature, Language, NeedTheme, OrganisationMembership


class NeedThemeViewSet(SnippetViewSet):
    model = NeedTheme
    icon = "tag"
    menu_label = "Need themes"
    list_display = ["name", "slug", "description"]
    search_fields = ["name"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    list_display = ["name", "code"]


class AccessibilityFeatureViewSet(SnippetViewSet):
    model = AccessibilityFeature
    icon = "user"
    list_display = ["name"]


class VocabularyGroup(SnippetViewSetGroup):
    menu_label = "Vocabulary"
    menu_icon = "list-ul"
    menu_order = 250
    items = (NeedThemeViewSet, LanguageViewSet, AccessibilityFeatureViewSet)


register_snippet(VocabularyGroup)


class OrganisationMembershipViewSet(SnippetViewSet):
    """Moderators link partner editors' accounts to the organisations they edit for."""

    model = OrganisationMembership
    icon = "group"
    menu_label = "Partner editors"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]
    panels = [FieldPanel("user"), PageChooserPanel("organisation", "directory.OrganisationPage")]


register_snippet(OrganisationMembershipViewSet)


@hooks.register("construct_page_chooser_queryset")
def hide_other_organisations_listings_from_partners(pages, request):
    """Choosers list pages regardless of edit permission; partners see only their own listings."""
    from .permissions import narrow_for_partner

    return narrow_for_partner(pages, request.user)


# Admin pieces of the review cycle and of "suggest a change" register their own hooks.
from . import feedback_hooks, partner_dashboard_hooks, review_hooks  # noqa: E402,F401


def _register_scoped_admin():
    from .admin_access import narrow_user_filters, scoped_bulk_actions
    from .user_admin import SCOPED_USER_BULK_ACTIONS

    # A later order replaces Wagtail's own classes for the same action (the registry keeps the last).
    for action_class in (*SCOPED_USER_BULK_ACTIONS, *scoped_bulk_actions()):
        hooks.register("register_bulk_action", action_class, order=100)
    narrow_user_filters()


_register_scoped_admin()


@hooks.register("before_serve_document")
def serve_documents_privately(document, request):
    """Documents are private to the people who manage the media library, unless a live page links
    to one (then it is as public as that page). Everyone else gets a plain 404."""
    from django.http import Http404

    from wagtail.documents import get_document_model
    from wagtail.models import Page, ReferenceIndex
    from wagtail.permissions import policy_registry

    permission_policy = policy_registry.get_by_type(get_document_model())
    user = request.user
    if getattr(user, "is_authenticated", False) and permission_policy.user_has_any_permission(
        user, {"add", "change", "choose", "delete"}
    ):
        return None
    from django.contrib.contenttypes.models import ContentType

    page_ids = [
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    ]
    if page_ids and Page.objects.live().public().filter(pk__in=page_ids).exists():
        return None
    raise Http404("Document not found")
