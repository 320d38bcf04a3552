"""A partner's own dashboard: every listing of the organisations they edit for, with where it stands.

`organisation_listings(user)` is the one query behind the admin home panel and the "Your listings"
view (directory/partner_dashboard_hooks.py). It only ever reads listings of the user's own
organisations (`organisations_of`), so a partner with no membership, a moderator or the strategy
team see no rows here (moderators have their own reports).

The status of a listing, in the words partners use:
- *Awaiting moderation*: submitted, a moderator has not answered yet;
- *Changes requested*: a moderator sent it back, with their comment;
- *Draft*: never published;
- *Live* (and "with unsubmitted changes" when a newer draft exists).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from . import review

AWAITING_MODERATION = "Awaiting moderation"
CHANGES_REQUESTED = "Changes requested"
DRAFT = "Draft"
LIVE = "Live"


@dataclass
class ListingRow:
    service: object  # ServicePage
    status: str
    rejection_comment: str = ""
    unsubmitted_changes: bool = False
    open_suggestions: int = 0
    due_words: str = ""
    is_due: bool = False
    is_out_of_date: bool = False

    @property
    def is_live(self) -> bool:
        return self.service.live


@dataclass
class OrganisationDashboard:
    organisations: list = field(default_factory=list)  # OrganisationPage
    rows: list[ListingRow] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """How many listings in each status, keyed for templates: live, awaiting, changes, draft."""
        counted = Counter(row.status for row in self.rows)
        return {
            "live": counted[LIVE],
            "awaiting": counted[AWAITING_MODERATION],
            "changes": counted[CHANGES_REQUESTED],
            "draft": counted[DRAFT],
        }

    @property
    def due_count(self) -> int:
        return sum(1 for row in self.rows if row.is_live and row.is_due)

    @property
    def open_suggestions(self) -> int:
        return sum(row.open_suggestions for row in self.rows)


def _workflow_states(pages) -> dict[int, object]:
    """The unfinished moderation of each page (in progress or sent back), by page id."""
    from wagtail.models import Page, TaskState, WorkflowState

    if not pages:
        return {}
    states = (
        WorkflowState.objects.active()
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
        )
        .order_by("created_at")
    )
    by_page = {int(state.object_id): state for state in states}
    # The moderator's comment on a request for changes is on the rejected task state.
    rejected = (
        TaskState.objects.filter(
            workflow_state__in=[
                s for s in by_page.values() if s.status == WorkflowState.STATUS_NEEDS_CHANGES
            ],
            status=TaskState.STATUS_REJECTED,
        )
        .order_by("finished_at")
        .values_list("workflow_state_id", "comment")
    )
    comments = dict(rejected)
    for state in by_page.values():
        state.rejection_comment = comments.get(state.pk, "") or ""
    return by_page


def organisation_listings(user, on: datetime.date | None = None) -> OrganisationDashboard:
    """Every listing (live or not) of the user's organisations, the most urgent first: sent back,
    then overdue, then A to Z."""
    from wagtail.models import WorkflowState

    from .models import ListingFeedback, ServicePage, organisations_of

    on = on or review.today()
    organisations = list(organisations_of(user).order_by("title"))
    if not organisations:
        return OrganisationDashboard()
    services = list(
        ServicePage.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("title", "pk")
    )
    states = _workflow_states(services)
    suggestions = dict(
        ListingFeedback.objects.new()
        .filter(service__in=[s.pk for s in services])
        .values_list("service")
        .annotate(count=Count("pk"))
    )
    rows = []
    for service in services:
        state = states.get(service.pk)
        comment = ""
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            status, comment = CHANGES_REQUESTED, state.rejection_comment
        elif state is not None:
            status = AWAITING_MODERATION
        elif not service.live:
            status = DRAFT
        else:
            status = LIVE
        rows.append(
            ListingRow(
                service=service,
                status=status,
                rejection_comment=comment,
                unsubmitted_changes=status == LIVE and service.has_unpublished_changes,
                open_suggestions=suggestions.get(service.pk, 0),
                due_words=review.due_in_words(service.next_review, on) if service.live else "",
                is_due=service.live and review.is_due(service.next_review, on),
                is_out_of_date=service.live and review.is_out_of_date(service.next_review, on),
            )
        )
    rows.sort(key=lambda row: (row.status != CHANGES_REQUESTED, not row.is_due, row.service.title.lower()))
    return OrganisationDashboard(organisations=organisations, rows=rows)
