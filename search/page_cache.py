"""Whole search pages, cached for visitors who bring nothing of their own.

Most searches are the same few dozen ("PR1", "Burnley" with a need, a theme page's links), and a
results page costs far more than serving it from the cache. A page is shared only when nothing in
it can belong to one person: the visitor sends no session, messages or shortlist cookie (so their
shortlist is empty and no message is waiting), is not signed in, and searched from a named place rather than
"use my location" (coordinates are one family's whereabouts; they are never stored). The page holds
no CSRF token (the shortlist's forms are checked by origin instead, see `shortlist_views`).

Two layers: a small, bounded copy in each worker's memory for the pages asked for most, and the
shared cache (Redis in production) behind it, so a page built by one worker serves them all.

Keys carry the search index token, so a publish, unpublish or edit replaces every page. A worker
re-reads the token at most once a second (`SEARCH_PAGE_TOKEN_SECONDS`) rather than once per page,
so a cached page costs no database query at all: a change made in this worker is seen at once, one
made in another worker within that second. The cache lifetime bounds everything else (a theme
renamed, a safeguarding number changed).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from directory import geo

from . import snapshot
from .shortlist import COOKIE_NAME as SHORTLIST_COOKIE

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300
KEY_PREFIX = "search-page:v1:"

clock = time.monotonic


def cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or not request.GET:
        return False
    if any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, "messages", SHORTLIST_COOKIE)):
        return False
    if request.user.is_authenticated:
        return False
    return all(_is_place_name(value) for value in request.GET.getlist("near"))


def _is_place_name(near: str) -> bool:
    try:
        return geo.resolve_place(near).precision != "coordinates"
    except geo.PlaceNotFound:
        return True  # a page that says "we couldn't find that place" holds no position


class LocalPages:
    """The pages this worker served most recently, up to `max_bytes` of content, dropped when the
    index token moves on (every one of them is out of date then)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._pages: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self._bytes = 0
        self._token: str | None = None
        self._token_read_at = float("-inf")
        self._generation = 0
        self._lock = threading.Lock()

    def token(self) -> str:
        token = self._token
        if token is None or clock() - self._token_read_at >= settings.SEARCH_PAGE_TOKEN_SECONDS:
            generation = self._generation
            token = snapshot.current_version()
            with self._lock:
                # A change marked while we were reading (`forget`) wins over what we read.
                if generation == self._generation:
                    if token != self._token:
                        self._pages.clear()
                        self._bytes = 0
                    self._token, self._token_read_at = token, clock()
        return token

    def get(self, key: str) -> tuple[bytes, str] | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: tuple[bytes, str]) -> None:
        size = len(page[0])
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._pages:
                return
            self._pages[key] = page
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (content, _) = self._pages.popitem(last=False)
                self._bytes -= len(content)

    def forget(self) -> None:
        """Drop every page and re-read the token on the next request."""
        with self._lock:
            self._pages.clear()
            self._bytes = 0
            self._token = None
            self._generation += 1

    @property
    def size_in_bytes(self) -> int:
        return self._bytes


local_pages = LocalPages(settings.SEARCH_PAGE_CACHE_LOCAL_BYTES)
forget = snapshot.when_changed(local_pages.forget)


def key_for(request: HttpRequest) -> str:
    """The page's key, taken once before the search runs: a page is never stored under a token newer
    than the data it was built from."""
    parameters = sorted((name, value) for name in request.GET for value in request.GET.getlist(name))
    # The page's own links may be absolute: one entry per address the site answers on.
    address = (request.scheme, request.get_host())
    digest = hashlib.sha256(repr((address, parameters)).encode()).hexdigest()
    return f"{KEY_PREFIX}{local_pages.token()}:{digest}"


def get(key: str) -> HttpResponse | None:
    stored = local_pages.get(key)
    if stored is None:
        try:
            stored = cache.get(key)
        except Exception:  # the cache is an optimisation: a broken one must not break search
            logger.warning("search page cache unavailable", exc_info=True)
            return None
        if stored is None:
            return None
        local_pages.put(key, stored)
    content, content_type = stored
    return HttpResponse(content, content_type=content_type)


def store(key: str, response: HttpResponse) -> None:
    if response.status_code != 200 or response.cookies:
        return
    page = (response.content, response["Content-Type"])
    local_pages.put(key, page)
    try:
        cache.set(key, page, CACHE_SECONDS)
    except Exception:
        logger.warning("search page cache unavailable", exc_info=True)
