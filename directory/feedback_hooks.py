"""Admin hooks for "suggest a change" (feedback listings for partners and moderators).

"Suggested changes" in the admin menu lists suggestions: moderators and superusers see them all,
partner editors only those about their own organisations' services (`ListingFeedback.objects.
for_user`). Access is decided by role (`directory.feedback.ListingFeedbackPermissionPolicy`), not by
Django model permissions, so no group needs a `listingfeedback` permission.

Wagtail's snippet views only apply `get_queryset(request)` to the listing, so every view that opens
one suggestion (edit, delete, history, usage), the chooser and the bulk delete action are narrowed
here too: another organisation's suggestion is a 404, as if it did not exist.

Only the status can be changed. A change of status is written to the audit log
("directory.feedback.status", with the old and new status) and shows in the suggestion's history.
"""

from django.contrib.auth.models import Permission
from django.http import Http404
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.log_actions import LogFormatter, log
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views

from .feedback import ListingFeedbackPermissionPolicy
from .models.feedback import FeedbackStatus, ListingFeedback

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


class FeedbackEditView(OnlyVisibleSuggestions, snippet_views.EditView):
    def save_instance(self):
        previous = self.form.initial.get("status")
        if self.form.cleaned_data.get("status") == previous:
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


class ListingFeedbackViewSet(snippet_views.SnippetViewSet):
    model = ListingFeedback
    icon = "comment"
    menu_label = "Suggested changes"
    menu_name = "suggested-changes"
    menu_order = 245
    add_to_admin_menu = True
    list_display = ["service", "reason", "status", "created_at"]
    list_filter = ["status"]
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
                    "listing, update it if it needs changing, then mark this suggestion as done "
                    "(or as dismissed if nothing needs to change).</p>"
                )
            ),
            FieldPanel("service", read_only=True),
            FieldPanel("reason", read_only=True),
            FieldPanel("details", read_only=True),
            FieldPanel("created_at", read_only=True),
            FieldPanel("status"),
        ]
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
            visible = visible.filter(pk__in=[value for value in ids if value.isdigit()])
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
