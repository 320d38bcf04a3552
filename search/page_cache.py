"""Whole search pages, cached for visitors who bring nothing of their own.

Most searches are the same few dozen ("PR1", "Burnley" with a need, a theme page's links), and a
results page costs far more than serving it from the cache. A page is shared only when nothing in
it can belong to one person: the visitor sends no session or messages cookie (so their shortlist is
empty and no message is waiting), is not signed in, and searched from a named place rather than
"use my location" (coordinates are one family's whereabouts; they are never stored). The page holds
no CSRF token (the shortlist's forms are checked by origin instead, see `shortlist_views`).

Keys carry the search index token, so a publish, unpublish or edit is seen at once; the cache
lifetime bounds everything else (a theme renamed, a safeguarding number changed).
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from directory import geo

from . import snapshot

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300
KEY_PREFIX = "search-page:v1:"


def cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or not request.GET:
        return False
    if any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, "messages")):
        return False
    if request.user.is_authenticated:
        return False
    return all(_is_place_name(value) for value in request.GET.getlist("near"))


def _is_place_name(near: str) -> bool:
    try:
        return geo.resolve_place(near).precision != "coordinates"
    except geo.PlaceNotFound:
        return True  # a page that says "we couldn't find that place" holds no position


def _key(request: HttpRequest) -> str:
    parameters = sorted((name, value) for name in request.GET for value in request.GET.getlist(name))
    # The page's own links may be absolute: one entry per address the site answers on.
    address = (request.scheme, request.get_host())
    digest = hashlib.sha256(repr((address, parameters)).encode()).hexdigest()
    return f"{KEY_PREFIX}{snapshot.current_version()}:{digest}"


def get(request: HttpRequest) -> HttpResponse | None:
    try:
        stored = cache.get(_key(request))
    except Exception:  # the cache is an optimisation: a broken one must not break search
        logger.warning("search page cache unavailable", exc_info=True)
        return None
    if stored is None:
        return None
    content, content_type = stored
    return HttpResponse(content, content_type=content_type)


def store(request: HttpRequest, response: HttpResponse) -> None:
    if response.status_code != 200 or response.cookies:
        return
    try:
        cache.set(_key(request), (response.content, response["Content-Type"]), CACHE_SECONDS)
    except Exception:
        logger.warning("search page cache unavailable", exc_info=True)
