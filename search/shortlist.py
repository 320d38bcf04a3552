"""A shortlist of services kept in the session: no account, nothing stored about the person.

Shared as a link of service slugs, so whoever opens it sees the same services.
"""

from __future__ import annotations

from directory.models import ServicePage

SESSION_KEY = "shortlist"
MAX_ITEMS = 30


class Shortlist:
    def __init__(self, session):
        self.session = session

    @property
    def slugs(self) -> list[str]:
        stored = self.session.get(SESSION_KEY, [])
        return [slug for slug in stored if isinstance(slug, str)][:MAX_ITEMS]

    def __contains__(self, slug: str) -> bool:
        return slug in self.slugs

    def __len__(self) -> int:
        return len(self.slugs)

    def add(self, slug: str) -> bool:
        """Add a live service; False if there is no such service or the list is full."""
        if slug in self.slugs:
            return True
        if len(self.slugs) >= MAX_ITEMS or not ServicePage.objects.live().filter(slug=slug).exists():
            return False
        self.session[SESSION_KEY] = [*self.slugs, slug]
        return True

    def remove(self, slug: str) -> None:
        self.session[SESSION_KEY] = [existing for existing in self.slugs if existing != slug]

    def replace(self, slugs: list[str]) -> None:
        live = set(ServicePage.objects.live().filter(slug__in=slugs).values_list("slug", flat=True))
        self.session[SESSION_KEY] = [slug for slug in dict.fromkeys(slugs) if slug in live][:MAX_ITEMS]

    def clear(self) -> None:
        self.session[SESSION_KEY] = []


def services_for(slugs: list[str]) -> list[ServicePage]:
    """Live services in the given order, with everything a printed list shows."""
    pages = {
        page.slug: page
        for page in ServicePage.objects.live()
        .filter(slug__in=slugs[:MAX_ITEMS])
        .with_listing_data()
        .prefetch_related("opening_times")
    }
    return [pages[slug] for slug in slugs if slug in pages]
