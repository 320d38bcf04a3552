"""Safeguarding contacts as a snippet the strategy team manages (Snippets → Safeguarding contacts)."""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SafeguardingContact


class SafeguardingContactViewSet(SnippetViewSet):
    model = SafeguardingContact
    icon = "warning"
    menu_label = "Safeguarding contacts"
    list_display = ["name", "phone", "out_of_hours_phone"]
    search_fields = ["name"]


register_snippet(SafeguardingContactViewSet)


@hooks.register("insert_editor_css")
def pathway_editor_css():
    # A static file rather than inline styles: a strict Content Security Policy is planned.
    return format_html('<link rel="stylesheet" href="{}">', static("guidance/pathway-admin.css"))
