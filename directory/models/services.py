"""Services as pages: the listing a family reads, its query rules and its need themes.

The page tree is:  Home → Services (ServiceIndexPage, in `browse`) → ServicePage.
The rows a service holds inline (access routes, opening times, venues) are in `service_details`.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.lookups import Exact
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from .. import ages, cards, facets, review
from ..ages import MAX_AGE, PREGNANCY
from ..forms import ServicePageForm
from ..validators import phone_digits, validate_strict_url, validate_uk_phone
from .choices import AccessRouteKind, Cost, ServedArea, ServiceKind, Weekday
from .limits import (
    MAX_ACCREDITATIONS_LENGTH,
    MAX_ALERT_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_ELIGIBILITY_LENGTH,
    MAX_FUNDING_LENGTH,
    RICH_TEXT_FEATURES,
    search_description_errors,
)
from .service_details import AccessRoute, ServiceLocation
from .taxonomy import NeedTheme

AGE_CHOICES = ages.CHOICES


class ServicePageQuerySet(PageQuerySet):
    """Query rules for listings. Each returns a queryset so they chain:
    `ServicePage.objects.live().for_age(7).with_theme("send").serving_district("preston")`.
    """

    def matching(self, **chosen: Iterable[str]):
        """Services a search with these filters would keep, by GET parameter and facet codes
        (`directory.facets`): any chosen code of a facet, and every facet given.
        `matching(age=["7"], access=["self_referral"])`."""
        queryset = self
        for parameter, codes in chosen.items():
            queryset = queryset.filter(facets.browse_condition(parameter, codes))
        return queryset.distinct()

    def for_age(self, age: int):
        """Services whose age range includes `age` (use PREGNANCY for expectant parents)."""
        return self.matching(age=[facets.age_code(age)])

    def with_theme(self, slug: str):
        return self.matching(theme=[slug])

    def central_to_theme_first(self, slug: str):
        """For a theme page: services whose primary theme (the first they were tagged with) is
        `slug` first, then those a family can contact themselves, then A to Z: the same rules as
        search ranking (search/ranking.py), never A to Z alone."""
        primary = (
            ServiceTheme.objects.filter(content_object=OuterRef("pk")).order_by("pk").values("tag__slug")[:1]
        )
        self_referral = AccessRoute.objects.filter(
            service=OuterRef("pk"), route=AccessRouteKind.SELF_REFERRAL
        )
        statutory_only = ~Exists(
            AccessRoute.objects.filter(service=OuterRef("pk")).exclude(
                route=AccessRouteKind.STATUTORY_REFERRAL
            )
        )
        return self.annotate(
            is_primary=Case(When(Exact(Subquery(primary), slug), then=Value(1)), default=Value(0)),
            can_self_refer=Exists(self_referral),
            statutory_only=statutory_only,
        ).order_by("-is_primary", "-can_self_refer", "statutory_only", "title")

    def of_kind(self, kind: str):
        return self.matching(kind=[kind])

    def for_level(self, level: int):
        return self.matching(level=[str(level)])

    def with_access_route(self, route: str):
        return self.matching(access=[route])

    def serving_district(self, slug: str):
        """Services a family in this district can use: local to it, county-wide or national."""
        return self.filter(
            Q(served_area=ServedArea.DISTRICTS, served_districts__slug=slug)
            | Q(served_area__in=[ServedArea.COUNTY, ServedArea.NATIONAL])
        ).distinct()

    def local_to_district(self, slug: str):
        """Services that name this district in the area they serve."""
        return self.filter(served_area=ServedArea.DISTRICTS, served_districts__slug=slug).distinct()

    def due_for_review(self, on: datetime.date | None = None):
        return self.filter(next_review__lte=on or review.today())

    def out_of_date(self, on: datetime.date | None = None):
        return self.filter(next_review__lt=(on or review.today()) - review.OUT_OF_DATE_AFTER)

    def with_listing_data(self):
        """Everything a result card shows, fetched in a fixed number of queries."""
        return self.select_related("organisation").prefetch_related(
            "theme_items__tag",
            "access_routes",
            "locations__district",
            "served_districts",
            "levels",
            "delivery_modes",
        )


ServicePageManager = PageManager.from_queryset(ServicePageQuerySet)


class ServiceTheme(TaggedItemBase):
    content_object = ParentalKey(
        "directory.ServicePage", on_delete=models.CASCADE, related_name="theme_items"
    )
    tag = models.ForeignKey(NeedTheme, on_delete=models.CASCADE, related_name="service_items")


class ServicePage(RoutablePageMixin, Page):
    """One service a family can use: what it is, who it is for, how to get in, when and where."""

    summary = models.CharField(
        max_length=200,
        validators=[MaxLengthValidator(200)],
        help_text="One or two plain sentences, at most 200 characters, shown in search results.",
    )
    description = RichTextField(
        features=RICH_TEXT_FEATURES,
        validators=[MaxLengthValidator(MAX_DESCRIPTION_LENGTH)],
        help_text="What happens, in plain English.",
    )
    organisation = models.ForeignKey(
        "directory.OrganisationPage",
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="services",
        help_text="The partner organisation that runs this service and keeps the listing up to date.",
    )
    # Open Referral UK's `alert`: shown at the top of the service page and published in the API.
    alert = models.TextField(
        "notice",
        blank=True,
        max_length=MAX_ALERT_LENGTH,
        validators=[MaxLengthValidator(MAX_ALERT_LENGTH)],
        help_text="A short notice shown at the top of the listing, e.g. 'Closed over Christmas'. "
        "Leave it blank when there is nothing to say, and clear it when it is over.",
    )
    accreditations = models.TextField(
        blank=True,
        max_length=MAX_ACCREDITATIONS_LENGTH,
        validators=[MaxLengthValidator(MAX_ACCREDITATIONS_LENGTH)],
        help_text="Inspections or quality marks, e.g. 'Ofsted registered'.",
    )
    funding = models.TextField(
        "funded by",
        blank=True,
        max_length=MAX_FUNDING_LENGTH,
        validators=[MaxLengthValidator(MAX_FUNDING_LENGTH)],
        help_text="Who pays for the service, one source per line, e.g. 'Family hubs grant'.",
    )
    kind = models.CharField(max_length=20, choices=ServiceKind.choices, default=ServiceKind.UNIVERSAL)
    levels = ParentalManyToManyField(
        "directory.NeedLevel", related_name="services", verbose_name="levels of need served"
    )
    themes = ClusterTaggableManager(
        through=ServiceTheme, blank=True, verbose_name="need themes", help_text="Choose from the theme list."
    )
    eligibility = models.TextField(
        blank=True,
        max_length=MAX_ELIGIBILITY_LENGTH,
        validators=[MaxLengthValidator(MAX_ELIGIBILITY_LENGTH)],
        help_text="Who the service is for, beyond age: e.g. 'Parents of children with a diagnosis'.",
    )
    age_min = models.SmallIntegerField("youngest age", choices=AGE_CHOICES, default=PREGNANCY)
    age_max = models.SmallIntegerField("oldest age", choices=AGE_CHOICES, default=MAX_AGE)
    # An import that was not told the ages (ORUK's -1, "not set") keeps the whole range for search, so
    # families of any age still find it, and says "Ask the service" rather than a guess.
    ages_known = models.BooleanField(
        "the ages are known",
        default=True,
        help_text="Untick if the service has not said which ages it is for: the listing then says "
        "'Ask the service' and shows in searches for every age.",
    )
    cost = models.CharField(max_length=10, choices=Cost.choices, default=Cost.FREE)
    cost_detail = models.CharField(
        max_length=255, blank=True, help_text="E.g. '£2 a session, free for under-5s'."
    )
    delivery_modes = ParentalManyToManyField("directory.DeliveryMode", related_name="services", blank=True)
    languages = ParentalManyToManyField("directory.Language", related_name="services", blank=True)
    accessibility_features = ParentalManyToManyField(
        "directory.AccessibilityFeature", related_name="services", blank=True
    )
    phone = models.CharField(max_length=40, blank=True, validators=[validate_uk_phone])
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True, validators=[validate_strict_url])
    always_open = models.BooleanField("open 24 hours, every day", default=False)
    opening_notes = models.CharField(
        max_length=255, blank=True, help_text="E.g. 'Term time only' or 'Closed on bank holidays'."
    )
    served_area = models.CharField(max_length=10, choices=ServedArea.choices, default=ServedArea.DISTRICTS)
    served_districts = ParentalManyToManyField(
        "directory.District", related_name="services", blank=True, verbose_name="districts served"
    )
    last_checked = models.DateField(
        default=review.today, help_text="When the organisation last confirmed this listing is accurate."
    )
    next_review = models.DateField(
        blank=True, null=True, help_text="Leave blank to set it from the last check and the kind of service."
    )
    # Open Referral UK: the service's public, stable identifier, and where an imported listing came
    # from (the id in the other directory or spreadsheet), so that importing again updates it.
    oruk_id = models.UUIDField("Open Referral id", default=uuid.uuid4, unique=True, editable=False)
    source_id = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    # The feed (URL, or file name) this listing was last imported from: `--sync` unpublishes the
    # listings a feed no longer has, and only that feed's.
    import_source = models.CharField(max_length=500, blank=True, db_index=True, editable=False)

    objects = ServicePageManager()

    content_panels = Page.content_panels + [
        FieldPanel("alert"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("organisation"),
        FieldPanel("kind"),
        FieldPanel("themes"),
        FieldPanel("levels", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel("accreditations"), FieldPanel("funding")], heading="Quality and funding"),
    ]
    who_panels = [
        FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")], heading="Ages"),
        FieldPanel("ages_known"),
        # Not stored: overrules the warning when the ages and the description seem to disagree.
        FieldPanel("ages_checked"),
        FieldPanel("eligibility"),
        InlinePanel("access_routes", heading="How to get in", label="Access route", min_num=1),
        FieldRowPanel([FieldPanel("cost"), FieldPanel("cost_detail")], heading="Cost"),
        InlinePanel(
            "cost_options",
            heading="Prices",
            label="Price",
            help_text="Optional: each price behind the cost above, with what it is for and when it applies.",
        ),
    ]
    where_panels = [
        FieldPanel("delivery_modes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("served_area"),
        FieldPanel("served_districts", widget=forms.CheckboxSelectMultiple),
        InlinePanel("locations", heading="Locations", label="Location"),
        FieldPanel("always_open"),
        InlinePanel("opening_times", heading="Opening times", label="Opening time"),
        InlinePanel(
            "other_opening_times",
            heading="Other times",
            label="Other time",
            help_text="Times the weekly table cannot show: days without hours, monthly, every other week, "
            "or only between two dates.",
        ),
        FieldPanel("opening_notes"),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")], heading="Contact"),
        InlinePanel(
            "contacts",
            heading="People to ask for and other numbers",
            label="Contact",
            help_text="Beside the main phone and email above: a person to ask for, or another number "
            "(a text-only line, out of hours).",
        ),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("accessibility_features", widget=forms.CheckboxSelectMultiple),
    ]
    # "Still accurate" sits on the first tab, where every update starts: ticked (the default for an
    # overdue listing), publishing the update counts as the listing's review (directory/forms.py).
    # The dates themselves are only in the keepers' form; partners never type them.
    confirmation_panels = [FieldPanel("still_accurate", heading="Still accurate")]
    review_panels = [FieldRowPanel([FieldPanel("last_checked"), FieldPanel("next_review")], heading="Review")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels + confirmation_panels, heading="Service"),
            ObjectList(who_panels, heading="Who and how"),
            ObjectList(where_panels, heading="Where and when"),
            ObjectList(review_panels, heading="Review"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.SearchField("eligibility"),
        index.AutocompleteField("summary"),
        index.RelatedFields("themes", [index.SearchField("name", boost=2)]),
        index.RelatedFields("organisation", [index.SearchField("title")]),
        index.FilterField("kind"),
        index.FilterField("cost"),
        index.FilterField("age_min"),
        index.FilterField("age_max"),
        index.FilterField("served_area"),
        index.FilterField("next_review"),
    ]

    base_form_class = ServicePageForm
    parent_page_types = ["directory.ServiceIndexPage"]
    subpage_types: list[str] = []
    template = "pages/service_page.html"
    # A copy is a different service: it gets its own Open Referral id and no import source.
    exclude_fields_in_copy = ["oruk_id", "source_id", "import_source"]

    @path("")
    def page_route(self, request):
        """The service page itself, served as it was before the page had sub-routes."""
        return super().index_route(request)

    @path("suggest-a-change/")
    def suggest_a_change(self, request):
        """The "Suggest a change to this listing" form, its errors and its thank-you page."""
        from ..feedback_views import suggest_a_change

        return suggest_a_change(request, self)

    def permissions_for_user(self, user):
        from ..permissions import ScopedPagePermissionTester

        return ScopedPagePermissionTester(user, self)

    def with_content_json(self, content):
        """Identity is not content: a revision saved before these ids existed (or edited by hand)
        must not change the public Open Referral ids when it is published."""
        obj = super().with_content_json(content)
        obj.oruk_id, obj.source_id, obj.import_source = self.oruk_id, self.source_id, self.import_source
        known = (
            dict(ServiceLocation.objects.filter(service_id=self.pk).values_list("pk", "oruk_id"))
            if self.pk
            else {}
        )
        for location in obj.locations.all():
            if location.pk in known:
                location.oruk_id = known[location.pk]
        return obj

    def clean(self):
        super().clean()
        errors = search_description_errors(self)
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = "The oldest age must be the same as or after the youngest age."
        if self.next_review and self.last_checked and self.next_review < self.last_checked:
            errors["next_review"] = "The next review must be on or after the last check."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.next_review and self.last_checked:
            self.next_review = review.next_review_date(self.last_checked, self.kind)
        return super().save(*args, **kwargs)

    # ----- display values, so templates never compute

    @property
    def age_range_label(self) -> str:
        return cards.age_range_label(self.age_min, self.age_max, self.ages_known)

    @property
    def funding_sources(self) -> list[str]:
        """The sources of funding, one a line as typed."""
        return [line.strip() for line in self.funding.splitlines() if line.strip()]

    @property
    def phone_link(self) -> str:
        return phone_digits(self.phone)

    @property
    def served_area_label(self) -> str:
        return cards.served_area_label(self.served_area, self.served_district_names)

    @property
    def served_district_names(self) -> tuple[str, ...]:
        """Only a service for particular districts lists them (no query for the others)."""
        if self.served_area != ServedArea.DISTRICTS:
            return ()
        return tuple(district.name for district in self.served_districts.all())

    @cached_property
    def card(self) -> cards.ServiceCard:
        """What a result card shows (fetch the page `with_listing_data()`)."""
        return cards.ServiceCard.from_page(self)

    @property
    def is_due_for_review(self) -> bool:
        return review.is_due(self.next_review)

    @property
    def is_out_of_date(self) -> bool:
        return review.is_out_of_date(self.next_review)

    @cached_property
    def theme_list(self):
        return [item.tag for item in self.theme_items.all()]

    @cached_property
    def level_numbers(self) -> list[int]:
        return sorted(level.number for level in self.levels.all())

    @cached_property
    def opening_time_descriptions(self) -> list[str]:
        """The feed's own words for its weekly sessions, each once, for under the table."""
        return list(dict.fromkeys(slot.description for slot in self.opening_times.all() if slot.description))

    @cached_property
    def weekly_opening_times(self) -> list[dict]:
        """Opening times grouped by weekday, Monday first, for a table a family can scan."""
        days: dict[int, list] = {}
        for slot in sorted(self.opening_times.all(), key=lambda s: (s.weekday, s.opens)):
            days.setdefault(slot.weekday, []).append(slot)
        return [{"day": Weekday(day).label, "slots": slots} for day, slots in sorted(days.items())]
