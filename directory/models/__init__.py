"""The directory's data model: listings as Wagtail pages, vocabularies as snippets.

- `reference`: fixed vocabularies seeded by migrations (levels of need, delivery modes, districts,
  the DfE family hubs categories) and small managed lists (languages, accessibility features).
- `taxonomy`: need themes, the controlled vocabulary moderators manage, with lay-language synonyms.
- `choices`: the fixed choices a listing is described with (kind, cost, area served, ways in, days).
- `limits`: the bounds on a listing's text and the rich text features it may use.
- `organisations`: the organisations section and organisation pages.
- `services`: service pages, their query rules (`ServicePage.objects.for_age(7)…`) and need themes.
- `service_details`: the rows a service holds inline: access routes, opening times, venues, contacts, prices.
- `browse`: the services section page, browsed by district, theme and audience.
"""

from .browse import ServiceIndexPage
from .feedback import ListingFeedback as ListingFeedback
from .organisations import OrganisationIndexPage, OrganisationPage
from .partners import OrganisationMembership, editors_of, organisations_of
from .reference import (
    AccessibilityFeature,
    DeliveryMode,
    District,
    FamilyHubsCategory,
    Language,
    NeedLevel,
)
from .review import ReviewReminder as ReviewReminder
from .service_details import (
    AccessRoute,
    CostOption,
    OpeningTime,
    OtherOpeningTime,
    ServiceContact,
    ServiceLocation,
)
from .services import ServicePage, ServiceTheme
from .taxonomy import NeedTheme, SynonymTag, ThemeSynonym

__all__ = [
    "AccessRoute",
    "AccessibilityFeature",
    "CostOption",
    "DeliveryMode",
    "District",
    "FamilyHubsCategory",
    "Language",
    "NeedLevel",
    "NeedTheme",
    "OpeningTime",
    "OrganisationMembership",
    "OtherOpeningTime",
    "OrganisationIndexPage",
    "OrganisationPage",
    "ServiceContact",
    "ServiceIndexPage",
    "ServiceLocation",
    "ServicePage",
    "ServiceTheme",
    "SynonymTag",
    "ThemeSynonym",
    "editors_of",
    "organisations_of",
]
