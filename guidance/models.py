"""Guidance pages, guided pathways and the safeguarding contacts their outcomes escalate to.

The page tree is:  Home → Guidance (GuidanceIndexPage) → GuidancePage
                   Home → Pathways (PathwayIndexPage) → PathwayPage

A pathway's questions and outcomes are StreamFields (see `guidance.blocks`); the graph logic lives
in `guidance.pathways` (engine, validation, paths, diagram) and the public steps in
`guidance.views`. These models stay thin.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from directory.validators import phone_digits, validate_uk_phone

from .blocks import GuidanceBodyBlock, OutcomesBlock, QuestionsBlock
from .choices import Audience
from .forms import PathwayPageForm
from .panels import PathwayCheckPanel


class SafeguardingContact(index.Indexed, models.Model):
    """Who a serious pathway outcome escalates to: the MASH front door, the police, a helpline.

    Managed as a snippet by the strategy team; outcomes at likely level 3-4 or marked emergency must
    name one (checked by `guidance.pathways.validation`)."""

    name = models.CharField(max_length=120)
    description = models.CharField(
        max_length=255, blank=True, help_text="When to use this contact, in one plain sentence."
    )
    phone = models.CharField(max_length=40, blank=True, validators=[validate_uk_phone])
    out_of_hours_phone = models.CharField(max_length=40, blank=True, validators=[validate_uk_phone])
    email = models.EmailField(blank=True)
    url = models.URLField("web address", blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("phone"),
        FieldPanel("out_of_hours_phone"),
        FieldPanel("email"),
        FieldPanel("url"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "safeguarding contact"

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if not (self.phone or self.email or self.url):
            raise ValidationError("Give at least a phone number, an email address or a web address.")

    @property
    def phone_link(self) -> str:
        return phone_digits(self.phone)

    @property
    def out_of_hours_phone_link(self) -> str:
        return phone_digits(self.out_of_hours_phone)


# --------------------------------------------------------------------------- guidance


def by_audience(pages) -> list[tuple[str, str, list]]:
    """(audience, its label, its pages in the given order) for each audience that has any."""
    pages = list(pages)
    groups = [
        (value, label, [page for page in pages if page.audience == value])
        for value, label in Audience.choices
    ]
    return [group for group in groups if group[2]]


class GuidanceIndexPage(Page):
    """/guidance/: every guidance page, grouped by who it is for."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guidance.GuidancePage"]
    max_count = 1
    template = "pages/guidance_index_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = by_audience(GuidancePage.objects.child_of(self).live().order_by("title"))
        return context


class GuidancePage(Page):
    """Plain-English guidance from the strategy team, with live lists of services."""

    summary = models.CharField(max_length=255, help_text="One or two plain sentences shown in lists.")
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.FAMILIES)
    body = StreamField(GuidanceBodyBlock(), use_json_field=True)
    last_reviewed = models.DateField(help_text="When someone last checked this guidance is right.")
    sensitive = models.BooleanField(
        default=False,
        help_text="For topics such as domestic abuse: the page is not kept in the browser's cache and "
        "its title in the browser's history is neutral.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("body"),
        InlinePanel("related_pages", heading="Related guidance", label="Related guidance"),
        MultiFieldPanel([FieldPanel("last_reviewed"), FieldPanel("sensitive")], heading="Review and privacy"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types: list[str] = []
    template = "pages/guidance_page.html"

    @cached_property
    def related_guidance(self) -> list[GuidancePage]:
        return [
            item.page for item in self.related_pages.select_related("page") if item.page and item.page.live
        ]

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if self.sensitive:
            from .views import add_sensitive_headers

            add_sensitive_headers(response)
        return response


class GuidanceRelatedPage(Orderable):
    source = ParentalKey(GuidancePage, on_delete=models.CASCADE, related_name="related_pages")
    page = models.ForeignKey(GuidancePage, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("page", "guidance.GuidancePage")]


# --------------------------------------------------------------------------- pathways


class PathwayIndexPage(Page):
    """/pathways/: the guided pathways, families' first and professionals' separately."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guidance.PathwayPage"]
    max_count = 1
    template = "pages/pathway_index_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = by_audience(PathwayPage.objects.child_of(self).live().order_by("path"))
        return context


class PathwayPage(RoutablePageMixin, Page):
    """A guided pathway: questions, one per page, leading to an outcome with the likely level of
    need, next steps, who to call and matching services. Built by editors; checked on every save."""

    intro = models.TextField(help_text="What this guide helps with, in one or two plain sentences.")
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.FAMILIES)
    sensitive = models.BooleanField(
        default=False,
        help_text="For topics such as domestic abuse: pages are not cached, other sites are not told "
        "where people came from, and page titles in the browser's history are neutral.",
    )
    safeguarding_relevant = models.BooleanField(
        default=False, help_text="The first question must then ask whether anyone is in danger now."
    )
    questions = StreamField(QuestionsBlock(), use_json_field=True, blank=True)
    outcomes = StreamField(OutcomesBlock(), use_json_field=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("audience"),
        MultiFieldPanel([FieldPanel("sensitive"), FieldPanel("safeguarding_relevant")], heading="Safety"),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Pathway"),
            ObjectList([FieldPanel("questions")], heading="Questions"),
            ObjectList([FieldPanel("outcomes")], heading="Outcomes"),
            ObjectList([PathwayCheckPanel(heading="Check and map")], heading="Check and map"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["guidance.PathwayIndexPage"]
    subpage_types: list[str] = []
    template = "pages/pathway_page.html"

    base_form_class = PathwayPageForm

    @cached_property
    def graph(self):
        from .pathways.graph import Graph

        return Graph.for_page(self)

    @cached_property
    def is_sensitive(self) -> bool:
        """Treated as sensitive (no-store, no-referrer, neutral titles) when an editor says so, or
        when the content says so, whatever the flag: it asks whether anyone is in danger or being
        harmed, is marked safeguarding-relevant, or has an outcome that is an emergency or urgent
        or escalates to a safeguarding contact. A flag editors forget protects no one."""
        from .choices import Urgency

        graph = self.graph
        return (
            self.sensitive
            or self.safeguarding_relevant
            or any(question.asks_about_danger for question in graph.questions)
            or any(
                outcome.has_escalation_contact
                or outcome.urgency in {Urgency.EMERGENCY, Urgency.SAME_DAY, Urgency.URGENT}
                for outcome in graph.outcomes
            )
        )

    def clean(self):
        super().clean()
        # The admin form has already put each error on its block (`guidance.forms`); this catches
        # anything that saves or publishes a pathway another way (a script, a scheduled revision).
        if getattr(self, "_pathway_checked_by_form", False):
            return
        from .pathways.graph import Graph
        from .pathways.validation import validate

        graph = Graph.for_page(self)  # not self.graph: that may be cached from before an edit
        report = validate(graph)
        if report.errors:
            raise ValidationError(
                [f"{problem.where.describe(graph)}: {problem.message}" for problem in report.errors]
            )

    @path("")
    def start_route(self, request):
        from .views import pathway_start

        return pathway_start(request, self)

    # Steps are addressed by position (`step-3/`), never by the editors' ids (`get-help-now/`):
    # see `guidance.views`. Declared first, so it wins over the old form below.
    @path("step-<int:position>/")
    def step_route(self, request, position):
        from .views import pathway_step

        return pathway_step(request, self, position)

    @path("<str:node_id>/")
    def old_step_route(self, request, node_id):
        from .views import pathway_old_step

        return pathway_old_step(request, self, node_id)


def pathways_escalating_to(contact_ids) -> dict[int, list[PathwayPage]]:
    """The pathways whose outcomes name each of these safeguarding contacts, in the published
    version or the latest draft: deleting such a contact would leave a serious outcome with no one
    to call."""
    wanted = {int(pk) for pk in contact_ids}
    found: dict[int, list[PathwayPage]] = {}
    for page in PathwayPage.objects.select_related("latest_revision").order_by("title"):
        versions = [list(page.outcomes.raw_data)]
        if page.latest_revision is not None:
            draft = page.latest_revision.content.get("outcomes") or []
            versions.append(json.loads(draft) if isinstance(draft, str) else draft)
        named = {
            (block.get("value") or {}).get("escalation_contact")
            for outcomes in versions
            for block in outcomes
        }
        for pk in sorted(wanted & named):
            found.setdefault(pk, []).append(page)
    return found
