"""The taxonomies we publish, built from the directory's own vocabularies.

- Right Door need themes (what moderators manage; services are tagged with these);
- DfE family hubs service categories (need themes map onto them: `NeedTheme.dfe_categories`);
- kinds of service, levels of need and access routes (so another directory, or our own import,
  can read them back from a service's attributes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.models import FamilyHubsCategory, NeedLevel, NeedTheme
from directory.models.choices import AccessRouteKind, ServiceKind

from . import ids

NEED_THEMES = "need-themes"
DFE_CATEGORIES = "dfe-family-hubs-service-categories"
KINDS = "service-kinds"
LEVELS = "levels-of-need"
ACCESS_ROUTES = "access-routes"

TAXONOMY_INFO = {
    NEED_THEMES: ("Right Door need themes", "The needs services are tagged with, as families name them."),
    DFE_CATEGORIES: (
        "DfE family hubs service categories",
        "The Department for Education's family hubs service directory categories (MIT, Crown copyright).",
    ),
    KINDS: ("Right Door kinds of service", "Universal, targeted, commissioned or specialist."),
    LEVELS: ("Continuum of need", "The four levels of need a service works with."),
    ACCESS_ROUTES: ("Right Door access routes", "How a family or professional gets into a service."),
}


@dataclass(frozen=True)
class Term:
    taxonomy: str
    key: str  # our own value: a theme slug, a category id, a kind, a level number, a route
    name: str
    description: str
    parent_key: str | None = None

    @property
    def id(self) -> str:
        return ids.term_id(self.taxonomy, self.key)

    def as_oruk(self) -> dict:
        data = {
            "id": self.id,
            "name": self.name,
            "description": self.description or self.name,
            "taxonomy": TAXONOMY_INFO[self.taxonomy][0],
            "taxonomy_id": ids.taxonomy_id(self.taxonomy),
            "term": self.name,
        }
        if self.parent_key is not None:
            data["parent_id"] = ids.term_id(self.taxonomy, self.parent_key)
        return data


@dataclass
class Vocabularies:
    """Every published term, read once per request (a few dozen rows)."""

    terms: dict[str, list[Term]] = field(default_factory=dict)
    theme_categories: dict[str, list[str]] = field(default_factory=dict)  # theme slug → category keys

    @classmethod
    def load(cls) -> Vocabularies:
        themes = list(NeedTheme.objects.prefetch_related("dfe_categories").order_by("name"))
        categories = list(FamilyHubsCategory.objects.order_by("parent_id", "name"))
        terms = {
            NEED_THEMES: [Term(NEED_THEMES, theme.slug, theme.name, theme.description) for theme in themes],
            DFE_CATEGORIES: [
                Term(
                    DFE_CATEGORIES,
                    str(category.id),
                    category.name,
                    category.name,
                    str(category.parent_id) if category.parent_id else None,
                )
                for category in categories
            ],
            KINDS: [Term(KINDS, value, label.split(" (")[0], label) for value, label in ServiceKind.choices],
            LEVELS: [
                Term(LEVELS, str(level.number), f"Level {level.number}: {level.name}", level.description)
                for level in NeedLevel.objects.all()
            ],
            ACCESS_ROUTES: [
                Term(ACCESS_ROUTES, value, label, label) for value, label in AccessRouteKind.choices
            ],
        }
        theme_categories = {
            theme.slug: [str(category.id) for category in theme.dfe_categories.all()] for theme in themes
        }
        return cls(terms, theme_categories)

    @property
    def by_id(self) -> dict[str, Term]:
        return {term.id: term for terms in self.terms.values() for term in terms}

    def term(self, taxonomy: str, key: str) -> Term | None:
        return next((term for term in self.terms.get(taxonomy, []) if term.key == key), None)

    @staticmethod
    def taxonomy_keys() -> list[str]:
        return list(TAXONOMY_INFO)

    def taxonomy_as_oruk(self, key: str, with_terms: bool = True) -> dict:
        name, description = TAXONOMY_INFO[key]
        data = {"id": ids.taxonomy_id(key), "name": name, "description": description, "version": "1"}
        if with_terms:
            data["taxonomy_terms"] = [term.as_oruk() for term in self.terms[key]]
        return data

    def themes_for_term(self, term: Term) -> tuple[str, ...]:
        """The need themes a DfE category (or its sub-categories) stands for."""
        wanted = {term.key} | {
            child.key for child in self.terms[DFE_CATEGORIES] if child.parent_key == term.key
        }
        return tuple(slug for slug, keys in self.theme_categories.items() if wanted & set(keys))
