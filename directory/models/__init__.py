"""The directory's data model: listings as Wagtail pages, vocabularies as snippets.

- `reference`: fixed vocabularies seeded by migrations (levels of need, delivery modes, districts,
  the DfE family hubs categories) and small managed lists (languages, accessibility features).
- `taxonomy`: need themes, the controlled vocabulary moderators manage, with lay-language synonyms.
- `pages`: organisations and services, their locations, opening times and access routes.
"""

from .feedback import ListingFeedback as ListingFeedback
from .pages import (
    AccessRoute,
    OpeningTime,
    OrganisationIndexPage,
    OrganisationPage,
    ServiceIndexPage,
    ServiceLocation,
    ServicePage,
    ServiceTheme,
)
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
from .taxonomy import NeedTheme, SynonymTag, ThemeSynonym

__all__ = [
    "AccessRoute",
    "AccessibilityFeature",
    "DeliveryMode",
    "District",
    "FamilyHubsCategory",
    "Language",
    "NeedLevel",
    "NeedTheme",
    "OpeningTime",
    "OrganisationMembership",
    "OrganisationIndexPage",
    "OrganisationPage",
    "ServiceIndexPage",
    "ServiceLocation",
    "ServicePage",
    "ServiceTheme",
    "SynonymTag",
    "ThemeSynonym",
    "editors_of",
    "organisations_of",
]
