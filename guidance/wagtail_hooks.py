"""Safeguarding contacts as a snippet the strategy team manages (Snippets → Safeguarding contacts)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import get_text_list

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SafeguardingContact, pathways_escalating_to


class SafeguardingContactViewSet(SnippetViewSet):
    model = SafeguardingContact
    icon = "warning"
    menu_label = "Safeguarding contacts"
    list_display = ["name", "phone", "out_of_hours_phone"]
    search_fields = ["name"]


register_snippet(SafeguardingContactViewSet)


@hooks.register("before_delete_snippet")
def keep_contacts_that_pathways_escalate_to(request, instances):
    """A contact a pathway outcome escalates to cannot be deleted: a family at a level 3 or 4 or
    emergency outcome would be left with no one to call. Say where it is used instead."""
    contacts = [instance for instance in instances if isinstance(instance, SafeguardingContact)]
    in_use = pathways_escalating_to([contact.pk for contact in contacts]) if contacts else {}
    if not in_use:
        return None
    for contact in contacts:
        if contact.pk in in_use:
            pathways = get_text_list([f"“{page.title}”" for page in in_use[contact.pk]], "and")
            messages.error(
                request,
                f"{contact.name} was not deleted: outcomes in {pathways} escalate to it. "
                "Choose another contact on those outcomes first.",
            )
    return redirect(SafeguardingContact.snippet_viewset.get_url_name("list"))


@hooks.register("insert_editor_css")
def pathway_editor_css():
    # A static file rather than inline styles: a strict Content Security Policy is planned.
    return format_html('<link rel="stylesheet" href="{}">', static("guidance/pathway-admin.css"))
