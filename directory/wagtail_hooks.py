"""Admin registration: the vocabularies moderators manage, as snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import AccessibilityFeature, Language, NeedTheme


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

# Admin pieces of the review cycle and of "suggest a change" register their own hooks.
from . import feedback_hooks, review_hooks  # noqa: E402,F401
