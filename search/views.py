"""The search page: one GET URL per search, as HTML or (with format=json) as JSON."""

import contextlib
import logging
import threading
from collections import OrderedDict

from django.core.cache import cache
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers

from . import demand, page_cache
from .filter_tags import filter_tags, without_filters_url
from .query import DEFAULT_RADIUS, RADIUS_CHOICES, SORTS, SearchQuery, Vocabulary
from .serializers import results_as_json
from .service import run_search
from .shortlist import Shortlist

SORT_LABELS = {
    "relevance": "Best match",
    "nearest": "Nearest",
    "name": "Name (A to Z)",
    "checked": "Recently checked",
}


logger = logging.getLogger(__name__)


def search(request):
    key = page_cache.key_for(request) if page_cache.cacheable(request) else None
    if key and (cached := page_cache.get(key)) is not None:
        patch_vary_headers(cached, ["Cookie"])
        _tell_demand(_cached_summary(key))
        return cached
    response = _search(request)
    summary = getattr(request, "_rightdoor_demand", None)
    _tell_demand(summary)
    if key:
        _cache_summary(key, summary)
        if isinstance(response, TemplateResponse):
            response.add_post_render_callback(lambda rendered: page_cache.store(key, rendered))
        else:
            page_cache.store(key, response)
    return response


# A cached page still counts as a search: its demand summary (no words as typed) is kept beside it,
# in this worker (so a local hit costs no round trip) and in the shared cache.
_LOCAL_SUMMARIES: OrderedDict = OrderedDict()
_LOCAL_SUMMARIES_MAX = 4096
_summaries_lock = threading.Lock()


def _cached_summary(key):
    with _summaries_lock:
        summary = _LOCAL_SUMMARIES.get(key)
    if summary is not None:
        return summary
    try:
        summary = cache.get(f"{key}:demand")
    except Exception:
        return None
    if summary is not None:
        _remember_summary(key, summary)
    return summary


def _remember_summary(key, summary) -> None:
    with _summaries_lock:
        _LOCAL_SUMMARIES[key] = summary
        _LOCAL_SUMMARIES.move_to_end(key)
        while len(_LOCAL_SUMMARIES) > _LOCAL_SUMMARIES_MAX:
            _LOCAL_SUMMARIES.popitem(last=False)


def _cache_summary(key, summary) -> None:
    if summary is None:
        return
    _remember_summary(key, summary)
    with contextlib.suppress(Exception):  # the cache is an optimisation; never fail a search
        cache.set(f"{key}:demand", summary, page_cache.CACHE_SECONDS)


def _tell_demand(summary) -> None:
    """Record demand; a failure to record must never fail the search."""
    if summary is None:
        return
    try:
        demand.search_answered.send(sender=demand.DemandSummary, summary=summary)
    except Exception:
        logger.warning("demand recording failed", exc_info=True)


def _search(request):
    vocabulary = Vocabulary.from_database()
    query = SearchQuery.from_params(request.GET, vocabulary)
    wants_json = request.GET.get("format") == "json"
    # Any submitted form gets results (all services A to Z if nothing usable was given, with a
    # note on what was ignored); only a bare /search/ shows just the form.
    results = run_search(query, vocabulary) if (wants_json or request.GET) else None
    if results is not None and query.page == 1:
        # The next pages of the same search are not more demand.
        request._rightdoor_demand = demand.summarise(query, results)
    if wants_json:
        return JsonResponse(results_as_json(results, request), json_dumps_params={"ensure_ascii": False})
    sorts = [(value, SORT_LABELS[value]) for value in SORTS if value != "relevance" or query.text]
    if not query.place:
        sorts = [(value, label) for value, label in sorts if value != "nearest"]
    return TemplateResponse(
        request,
        "pages/search.html",
        {
            "query": query,
            "results": results,
            "vocabulary": vocabulary,
            "radius_choices": RADIUS_CHOICES,
            "default_radius": DEFAULT_RADIUS,
            "sorts": sorts,
            "shortlist": Shortlist.from_request(request),
            "filter_tags": filter_tags(query, results.facet_groups if results else ()),
            "clear_filters_url": without_filters_url(query),
        },
    )
