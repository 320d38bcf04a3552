"""The search page: one GET URL per search, as HTML or (with format=json) as JSON."""

from django.http import JsonResponse
from django.template.response import TemplateResponse

from . import demand, snapshot
from .filter_tags import filter_tags, without_filters_url
from .query import DEFAULT_RADIUS, RADIUS_CHOICES, SORTS, SearchQuery
from .serializers import results_as_json
from .service import run_search
from .shortlist import Shortlist

SORT_LABELS = {
    "relevance": "Best match",
    "nearest": "Nearest",
    "name": "Name (A to Z)",
    "checked": "Recently checked",
}


def search(request):
    vocabulary = snapshot.current_vocabulary()
    query = SearchQuery.from_params(request.GET, vocabulary)
    wants_json = request.GET.get("format") == "json"
    # Any submitted form gets results (all services A to Z if nothing usable was given, with a
    # note on what was ignored); only a bare /search/ shows just the form.
    results = run_search(query, vocabulary) if (wants_json or request.GET) else None
    if results is not None and query.page == 1:
        # Where needs go unmet (insights/): the next pages of the same search are not more demand.
        demand.tell(demand.summarise(query, results))
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
