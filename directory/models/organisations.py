"""Partner organisations as pages: the A to Z section page and one page per organisation.

The page tree is:  Home → Organisations (OrganisationIndexPage) → OrganisationPage
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .. import geo
from ..validators import phone_digits, validate_postcode_exists, validate_strict_url, validate_uk_phone
from .limits import MAX_ADDRESS_LENGTH, MAX_DESCRIPTION_LENGTH, RICH_TEXT_FEATURES, search_description_errors
from .services import ServicePage


class OrganisationIndexPage(Page):
    """/organisations/: every partner organisation, A to Z."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.OrganisationPage"]
    max_count = 1
    template = "pages/organisation_index_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisations"] = (
            OrganisationPage.objects.child_of(self)
            .live()
            .order_by("title")
            .annotate(
                live_service_count=models.Count("services", filter=Q(services__live=True), distinct=True)
            )
        )
        return context

    def permissions_for_user(self, user):
        # Partners may add listings here, never edit or submit the shared section page itself.
        from ..permissions import ScopedPagePermissionTester

        return ScopedPagePermissionTester(user, self)


class OrganisationPage(Page):
    """A partner organisation (charity, NHS trust, school, council team) that owns listings."""

    description = RichTextField(
        features=RICH_TEXT_FEATURES, blank=True, validators=[MaxLengthValidator(MAX_DESCRIPTION_LENGTH)]
    )
    website = models.URLField(blank=True, validators=[validate_strict_url])
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True, validators=[validate_uk_phone])
    address = models.TextField(
        blank=True,
        max_length=MAX_ADDRESS_LENGTH,
        validators=[MaxLengthValidator(MAX_ADDRESS_LENGTH)],
        help_text="The organisation's main address, one line per row.",
    )
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_postcode_exists])
    charity_number = models.CharField(max_length=20, blank=True)
    # Open Referral UK: the organisation's public, stable identifier (openreferral/, docs/openreferral.md).
    oruk_id = models.UUIDField("Open Referral id", default=uuid.uuid4, unique=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("charity_number"),
            ],
            heading="Contact details",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["directory.OrganisationIndexPage"]
    subpage_types: list[str] = []
    template = "pages/organisation_page.html"
    # A copy is a different organisation: it gets its own Open Referral id.
    exclude_fields_in_copy = ["oruk_id"]

    @property
    def phone_link(self) -> str:
        return phone_digits(self.phone)

    def permissions_for_user(self, user):
        from ..permissions import ScopedPagePermissionTester

        return ScopedPagePermissionTester(user, self)

    def with_content_json(self, content):
        """The Open Referral id is identity, not content: publishing any revision keeps it."""
        obj = super().with_content_json(content)
        obj.oruk_id = self.oruk_id
        return obj

    def clean(self):
        super().clean()
        if self.postcode:
            self.postcode = geo.normalise_postcode(self.postcode)
        if errors := search_description_errors(self):
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = (
            ServicePage.objects.live().filter(organisation=self).with_listing_data().order_by("title")
        )
        return context
