"""A shortlist of services kept in the visitor's own browser: no account, no server session.

The list is a browser-session cookie holding nothing but service slugs (no expiry date, so the
browser forgets it when it closes; "Exit this page" clears it at once). Nothing about the list is
stored on the server. It is shared as a link of slugs, so whoever opens it sees the same services.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from django.conf import settings

from directory.models import ServicePage

COOKIE_NAME = "rd_shortlist"
MAX_ITEMS = 30
MAX_SLUG_LENGTH = 255
SEPARATOR = "."  # never in a slug, and never quoted in a cookie


class Shortlist:
    """The slugs on one visitor's shortlist, read from their request; `write` puts any change
    back on the response."""

    def __init__(self, slugs: list[str] | None = None):
        self._slugs = _clean(slugs or [])
        self.changed = False

    @classmethod
    def from_request(cls, request) -> Shortlist:
        raw = request.COOKIES.get(COOKIE_NAME, "")
        return cls([unquote(part) for part in raw.split(SEPARATOR)] if raw else [])

    @property
    def slugs(self) -> list[str]:
        return list(self._slugs)

    def __contains__(self, slug: str) -> bool:
        return slug in self._slugs

    def __len__(self) -> int:
        return len(self._slugs)

    def __iter__(self):
        return iter(self.slugs)

    def add(self, slug: str) -> bool:
        """Add a live service; False if there is no such service or the list is full."""
        if slug in self._slugs:
            return True
        if len(self._slugs) >= MAX_ITEMS or not ServicePage.objects.live().filter(slug=slug).exists():
            return False
        self._set([*self._slugs, slug])
        return True

    def remove(self, slug: str) -> None:
        self._set([existing for existing in self._slugs if existing != slug])

    def replace(self, slugs: list[str]) -> None:
        live = set(ServicePage.objects.live().filter(slug__in=slugs).values_list("slug", flat=True))
        self._set([slug for slug in dict.fromkeys(slugs) if slug in live])

    def clear(self) -> None:
        self._set([])

    def _set(self, slugs: list[str]) -> None:
        self._slugs = _clean(slugs)
        self.changed = True

    def write(self, response) -> None:
        """Store the list in the browser: a cookie that lasts only until the browser closes."""
        if not self.changed:
            return
        if not self._slugs:
            response.delete_cookie(COOKIE_NAME, path="/", samesite="Lax")
            return
        response.set_cookie(
            COOKIE_NAME,
            SEPARATOR.join(quote(slug, safe="") for slug in self._slugs),
            max_age=None,  # a browser-session cookie: never written to disk with an expiry date
            path="/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=False,  # "Exit this page" clears it from the page, before leaving
            samesite="Lax",
        )


def _clean(slugs: list[str]) -> list[str]:
    kept = [s for s in dict.fromkeys(slugs) if isinstance(s, str) and 0 < len(s) <= MAX_SLUG_LENGTH]
    return kept[:MAX_ITEMS]


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
