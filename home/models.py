"""The home page and the site-wide safeguarding contacts shown on every page."""

import logging

from django.core.cache import cache
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from directory import area
from directory.validators import phone_digits, validate_uk_phone

logger = logging.getLogger(__name__)


class HomePage(Page):
    """The front door: one search box, ways in by need and by audience, and safeguarding first."""

    heading = models.CharField(max_length=120, default="Find help for your family")
    intro = models.TextField(
        blank=True,
        default="Search for support near you for children, young people and families, "
        "from pregnancy to age 25.",
    )

    content_panels = Page.content_panels + [FieldPanel("heading"), FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "directory.ServiceIndexPage",
        "directory.OrganisationIndexPage",
        "guidance.GuidanceIndexPage",
        "guidance.PathwayIndexPage",
    ]
    max_count = 1
    template = "pages/home_page.html"

    def get_context(self, request, *args, **kwargs):
        from directory.models import NeedTheme, ServiceIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["themes"] = NeedTheme.objects.all()
        context["service_index"] = ServiceIndexPage.objects.live().first()
        return context


def front_door_name() -> str:
    """The area file's children's social care front door (directory/area.py): the first value."""
    return area.current().front_door.name


def front_door_phone() -> str:
    return area.current().front_door.phone


def out_of_hours_phone() -> str:
    return area.current().front_door.out_of_hours_phone


def front_door_url() -> str:
    return area.current().front_door.url


@register_setting(icon="warning")
class SafeguardingSettings(BaseSiteSetting):
    """Who to call when a child may be at risk. Shown in the safeguarding box on every page."""

    front_door_name = models.CharField(
        max_length=120,
        default=front_door_name,
        help_text="The multi-agency safeguarding hub, where worries about a child's safety go.",
    )
    front_door_phone = models.CharField(
        max_length=40, default=front_door_phone, validators=[validate_uk_phone]
    )
    out_of_hours_phone = models.CharField(
        max_length=40, default=out_of_hours_phone, validators=[validate_uk_phone]
    )
    front_door_url = models.URLField(blank=True, default=front_door_url)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("front_door_name"),
                FieldPanel("front_door_phone"),
                FieldPanel("out_of_hours_phone"),
                FieldPanel("front_door_url"),
            ],
            heading="Children's social care front door",
        )
    ]

    class Meta:
        # Not "safeguarding contacts": that is the snippet pathway outcomes escalate to. When the
        # front door's number changes, change it here and on that snippet.
        verbose_name = "safeguarding box on every page"

    # Each site's settings, by (hostname, port), in the shared cache: every public page shows
    # them, and Wagtail's own lookup costs two queries (the site, then its settings) per page.
    # Dropped whenever these settings or a site change (`home.signal_handlers`).
    CACHE_KEY = "home:safeguarding-settings:v1"

    @classmethod
    def for_request(cls, request):
        attribute = cls.get_cache_attr_name()
        if hasattr(request, attribute):
            return getattr(request, attribute)
        where = (request._get_raw_host(), request.get_port())
        try:
            by_site = cache.get(cls.CACHE_KEY) or {}
        except Exception:  # the cache is an optimisation: a broken one must not break pages
            logger.warning("safeguarding settings cache unavailable", exc_info=True)
            return super().for_request(request)
        found = by_site.get(where)
        if found is None:
            found = super().for_request(request)
            try:
                cache.set(cls.CACHE_KEY, {**by_site, where: found}, None)
            except Exception:
                logger.warning("safeguarding settings cache unavailable", exc_info=True)
        setattr(request, attribute, found)
        return found

    @classmethod
    def forget_cached(cls, **kwargs) -> None:
        cache.delete(cls.CACHE_KEY)

    @property
    def front_door_phone_link(self) -> str:
        return phone_digits(self.front_door_phone)

    @property
    def out_of_hours_phone_link(self) -> str:
        return phone_digits(self.out_of_hours_phone)
