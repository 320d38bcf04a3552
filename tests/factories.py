"""Test data factories. Pages are created under the real site tree (`home.site_tree`).

service = ServicePageFactory(themes=["send"], levels=[2], locations=[{"postcode": "PR1 2HE"}])
"""

import datetime

from django.utils.text import slugify

import factory
import wagtail_factories

from directory.bulk_publishing import indexed_once
from directory.models import (
    AccessRoute,
    CostOption,
    NeedLevel,
    NeedTheme,
    OpeningTime,
    OrganisationPage,
    OtherOpeningTime,
    ServiceContact,
    ServiceLocation,
    ServicePage,
)
from home.site_tree import ensure_site_tree


class NeedThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedTheme
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.LazyAttribute(lambda theme: slugify(theme.name))
    description = "A need families have."

    @factory.post_generation
    def synonyms(self, create, extracted, **kwargs):
        if extracted:
            self.synonyms.add(*extracted)
            self.save()


class OrganisationPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = OrganisationPage

    title = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    description = "<p>A partner organisation.</p>"
    website = "https://organisation.example.org.uk"
    email = "hello@organisation.example.org.uk"
    phone = "01772 960000"
    parent = factory.LazyFunction(lambda: ensure_site_tree().organisations)


class ServicePageFactory(wagtail_factories.PageFactory):
    """A live service. Relations are given as plain values:
    themes=["send"] (slugs, created if missing), levels=[1, 2], delivery_modes=["in-person"],
    served_districts=["preston"], access_routes={"self_referral": "Call us"},
    locations=[{"postcode": "PR1 2HE"}], opening_times=[(0, "09:00", "17:00")],
    contacts=[{"name": "Sam", "phone": "07700 900123"}], cost_options=[{"option": "Each session", "amount": 2}],
    other_opening_times=[{"description": "Saturdays by appointment", "byday": "SA"}]; an opening time may
    have a description as a fourth item.
    """

    class Meta:
        model = ServicePage

    title = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    summary = "Support for families."
    description = "<p>What happens at this service.</p>"
    organisation = factory.SubFactory(OrganisationPageFactory)
    kind = "universal"
    age_min = 0
    age_max = 18
    cost = "free"
    phone = "01772 960001"
    email = "service@organisation.example.org.uk"
    served_area = "districts"
    last_checked = factory.LazyFunction(datetime.date.today)
    parent = factory.LazyFunction(lambda: ensure_site_tree().services)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        related = {
            name: kwargs.pop(name, default)
            for name, default in (
                ("themes", []),
                ("levels", [1]),
                ("delivery_modes", ["in-person"]),
                ("served_districts", ["preston"]),
                ("access_routes", {"self_referral": "Phone us and ask for a place."}),
                ("locations", [{"postcode": "PR1 2HE"}]),
                ("opening_times", [(0, "09:00", "17:00")]),
                ("contacts", []),
                ("cost_options", []),
                ("other_opening_times", []),
            )
        }
        # Wagtail's reference index and admin search follow the page once, at the end of the
        # block, as `load_demo` and imports do (directory/bulk_publishing.py), instead of after each of its saves.
        with indexed_once():
            page = super()._create(model_class, *args, **kwargs)
            for slug in related["themes"]:
                page.themes.add(NeedThemeFactory(slug=slug, name=slug.replace("-", " ").capitalize()))
            page.levels.set(NeedLevel.objects.filter(number__in=related["levels"]))
            page.delivery_modes.set(related["delivery_modes"])
            page.served_districts.set(related["served_districts"])
            for route, how_to in related["access_routes"].items():
                page.access_routes.add(AccessRoute(route=route, how_to=how_to))
            for index, location in enumerate(related["locations"]):
                fields = {
                    "name": f"Venue {index + 1}",
                    "address": "1 High Street",
                    "town": "Preston",
                    **location,
                }
                # In the order given, as the editor's form saves them: venues without a sort_order come
                # back from PostgreSQL in any order, which made the export round trip flaky.
                page.locations.add(ServiceLocation(sort_order=index, **fields))
            for weekday, opens, closes, *description in related["opening_times"]:
                page.opening_times.add(
                    OpeningTime(weekday=weekday, opens=opens, closes=closes, description="".join(description))
                )
            for index, other in enumerate(related["other_opening_times"]):
                page.other_opening_times.add(OtherOpeningTime(sort_order=index, **other))
            for index, contact in enumerate(related["contacts"]):
                page.contacts.add(ServiceContact(sort_order=index, **contact))
            for index, price in enumerate(related["cost_options"]):
                page.cost_options.add(CostOption(sort_order=index, **price))
            page.save()
            page.save_revision().publish()
        # A fresh instance: the one above still holds its in-memory (pre-save) child objects.
        return model_class.objects.get(pk=page.pk)
