"""Admin hooks for "suggest a change" (feedback listings for partners and moderators).

"Suggested changes" in the admin menu lists suggestions: moderators and superusers see them all,
partner editors only those about their own organisations' services (`ListingFeedback.objects.
for_user`). Access is decided by role (`directory.feedback.ListingFeedbackPermissionPolicy`), not by
Django model permissions, so no group needs a `listingfeedback` permission.

Wagtail's snippet views only apply `get_queryset(request)` to the listing, so every view that opens
one suggestion (edit, delete, history, usage), the chooser and the bulk delete action are narrowed
here too: another organisation's suggestion is a 404, as if it did not exist.

Only the answer can be changed: the status, with the revision of the listing that fixed it
(*Fixed*) or the reason nothing changes (*Not a change*). A change of status is written to the
audit log ("directory.feedback.status", with the old and new status) and shows in the suggestion's
history. Moderators see which suggestions nobody has answered for 14 days (a filter on the list and
a panel on their dashboard).
"""

from django import forms
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter, log
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views

import django_filters

from .feedback import ListingFeedbackPermissionPolicy
from .models.feedback import UNANSWERED_AFTER, FeedbackStatus, ListingFeedback, is_feedback_moderator

STATUS_LOG_ACTION = "directory.feedback.status"

# Before anything asks Wagtail for this model's policy (it would otherwise create a default one).
register_permission_policy(ListingFeedback, ListingFeedbackPermissionPolicy(ListingFeedback))


def visible_to(user):
    return ListingFeedback.objects.for_user(user)


class OnlyVisibleSuggestions:
    """For views about one suggestion: another organisation's is a 404."""

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not visible_to(self.request.user).filter(pk=instance.pk).exists():
            raise Http404("No such suggested change")
        return instance


class RevisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, revision):
        who = revision.user.get_username() if revision.user else "unknown"
        when = format_date(timezone.localtime(revision.created_at), "j M Y, H:i")
        return f"Saved {when} by {who}"


class FeedbackAnswerForm(WagtailAdminModelForm):
    """Fixed needs the revision that fixed the listing (one of that listing's own); Not a change
    needs a reason. Back to New clears both."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "fixed_revision" in self.fields:
            from wagtail.models import Page, Revision

            revisions = Revision.objects.filter(
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id=str(self.instance.service_id),
            ).select_related("user")
            self.fields["fixed_revision"] = RevisionChoiceField(
                queryset=revisions.order_by("-created_at", "-pk"),
                required=False,
                label="Fixed in",
                empty_label="Choose the update that fixed it",
                help_text=self.fields["fixed_revision"].help_text,
            )

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status")
        if status == FeedbackStatus.DONE and not cleaned_data.get("fixed_revision"):
            self.add_error("fixed_revision", "Choose the update to the listing that fixed it.")
        if status == FeedbackStatus.DISMISSED and not (cleaned_data.get("answer") or "").strip():
            self.add_error("answer", "Say why the listing does not need to change.")
        if status != FeedbackStatus.DONE:
            cleaned_data["fixed_revision"] = None
        if status != FeedbackStatus.DISMISSED:
            cleaned_data["answer"] = ""
        return cleaned_data


class FeedbackEditView(OnlyVisibleSuggestions, snippet_views.EditView):
    def save_instance(self):
        previous = self.form.initial.get("status")
        status = self.form.cleaned_data.get("status")
        instance = self.form.instance
        if status == FeedbackStatus.NEW:
            instance.answered_at = None
        elif status != previous or instance.answered_at is None:
            instance.answered_at = timezone.now()
        if status == previous:
            return super().save_instance()
        # The status is the only thing that can change: log that, rather than a bare "Edited".
        instance = self.action_class(
            self.form.instance, user=self.request.user, form=self.form, log_action=False
        ).execute(skip_permission_checks=True)
        log(
            instance=instance,
            action=STATUS_LOG_ACTION,
            user=self.request.user,
            data={"from": previous, "to": instance.status},
        )
        return instance


class FeedbackDeleteView(OnlyVisibleSuggestions, snippet_views.DeleteView):
    pass


class FeedbackHistoryView(OnlyVisibleSuggestions, snippet_views.HistoryView):
    pass


class FeedbackUsageView(OnlyVisibleSuggestions, snippet_views.UsageView):
    pass


class VisibleChoicesOnly:
    def get_object_list(self):
        return visible_to(self.request.user)


class FeedbackChooseView(VisibleChoicesOnly, snippet_chooser.ChooseView):
    pass


class FeedbackChooseResultsView(VisibleChoicesOnly, snippet_chooser.ChooseResultsView):
    pass


class FeedbackChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        return visible_to(self.request.user).get(pk=pk)


class FeedbackChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return visible_to(self.request.user).filter(pk__in=pks)


class FeedbackChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = FeedbackChooseView
    choose_results_view_class = FeedbackChooseResultsView
    chosen_view_class = FeedbackChosenView
    chosen_multiple_view_class = FeedbackChosenMultipleView


class ListingFeedbackFilterSet(WagtailFilterSet):
    unanswered = django_filters.BooleanFilter(
        label=f"Unanswered for over {UNANSWERED_AFTER.days} days",
        method="filter_unanswered",
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = ListingFeedback
        fields = ["status"]

    def filter_unanswered(self, queryset, name, value):
        if value is None:
            return queryset
        late = queryset.unanswered_too_long()
        return late if value else queryset.exclude(pk__in=late.values("pk"))


class ListingFeedbackViewSet(snippet_views.SnippetViewSet):
    model = ListingFeedback
    icon = "comment"
    menu_label = "Suggested changes"
    menu_name = "suggested-changes"
    menu_order = 245
    add_to_admin_menu = True
    list_display = ["service", "reason", "status", "created_at", "answered_at"]
    filterset_class = ListingFeedbackFilterSet
    copy_view_enabled = False
    edit_view_class = FeedbackEditView
    delete_view_class = FeedbackDeleteView
    history_view_class = FeedbackHistoryView
    usage_view_class = FeedbackUsageView
    chooser_viewset_class = FeedbackChooserViewSet

    edit_handler = ObjectList(
        [
            HelpPanel(
                content=(
                    "<p>Someone using Right Door told us this listing may be wrong. Check the "
                    "listing and update it if it needs changing. Then mark this suggestion "
                    "<strong>Fixed</strong>, choosing the update that fixed it, or "
                    "<strong>Not a change</strong>, saying why the listing is right as it is.</p>"
                )
            ),
            FieldPanel("service", read_only=True),
            FieldPanel("reason", read_only=True),
            FieldPanel("details", read_only=True),
            FieldPanel("created_at", read_only=True),
            FieldPanel("status"),
            FieldPanel("fixed_revision"),
            FieldPanel("answer"),
        ],
        base_form_class=FeedbackAnswerForm,
    )

    def get_queryset(self, request):
        return visible_to(request.user).select_related("service")

    def get_permissions_to_register(self):
        # Access is by role (see the module docstring): no group permission boxes to tick.
        return Permission.objects.none()


register_snippet(ListingFeedbackViewSet)


class FeedbackDeleteBulkAction(DeleteBulkAction):
    """Bulk delete, limited to the suggestions the user can see (Wagtail's would list everyone
    else's as "no permission", by title)."""

    models = [ListingFeedback]

    @cached_property
    def _actionable_objects(self):
        visible = visible_to(self.request.user)
        ids = self.request.GET.getlist("id")
        if "all" not in ids:
            visible = visible.filter(pk__in=[value for value in ids if value.isdecimal()])
        objects, no_access = [], []
        for instance in visible:
            (objects if self.check_perm(instance) else no_access).append(instance)
        if not objects and not no_access:
            raise Http404("No such suggested change")
        return objects, {"items_with_no_access": no_access}


# After Wagtail's own snippet bulk actions, so this one replaces their delete for this model.
hooks.register("register_bulk_action", FeedbackDeleteBulkAction, order=100)


@hooks.register("register_log_actions")
def register_feedback_log_actions(actions):
    @actions.register_action(STATUS_LOG_ACTION)
    class StatusChanged(LogFormatter):
        label = "Change suggestion status"

        def format_message(self, log_entry):
            labels = dict(FeedbackStatus.choices)
            data = log_entry.data or {}
            before = labels.get(data.get("from"), data.get("from") or "unknown")
            after = labels.get(data.get("to"), data.get("to") or "unknown")
            return f"Status changed from {before} to {after}"


class UnansweredSuggestionsPanel(Component):
    """For moderators: suggestions nobody has answered for 14 days, oldest first."""

    name = "unanswered_suggestions"
    template_name = "directory/feedback/unanswered_panel.html"
    order = 55
    shown = 10

    def __init__(self, request):
        late = ListingFeedback.objects.unanswered_too_long().select_related("service__organisation")
        self.count = late.count()
        self.items = list(late.order_by("created_at", "pk")[: self.shown])

    def get_context_data(self, parent_context):
        return {
            "heading": f"Suggestions unanswered for over {UNANSWERED_AFTER.days} days",
            "count": self.count,
            "items": self.items,
            "days": UNANSWERED_AFTER.days,
            "list_url": reverse("wagtailsnippets_directory_listingfeedback:list") + "?unanswered=true",
        }


@hooks.register("construct_homepage_panels")
def add_unanswered_suggestions_panel(request, panels):
    if is_feedback_moderator(request.user):
        panels.append(UnansweredSuggestionsPanel(request))
