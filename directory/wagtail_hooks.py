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
from . import feedback_hooks, review_hooks  # noqa: E402,F401


def _register_scoped_admin():
    from .admin_access import narrow_user_filters, scoped_bulk_actions
    from .user_admin import SCOPED_USER_BULK_ACTIONS

    # A later order replaces Wagtail's own classes for the same action (the registry keeps the last).
    for action_class in (*SCOPED_USER_BULK_ACTIONS, *scoped_bulk_actions()):
        hooks.register("register_bulk_action", action_class, order=100)
    narrow_user_filters()


_register_scoped_admin()
