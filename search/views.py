"""The public search page.

This first version answers the home page's two boxes (what and where) with Wagtail's search and
distances from `directory.geo`. The full search (filters, facets, backends) replaces its internals.
"""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from directory import geo
from directory.models import ServicePage

MAX_QUERY_LENGTH = 200
PER_PAGE = 20


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    near = request.GET.get("near", "").strip()
    messages, place = [], None
    if near:
        try:
            place = geo.resolve_place(near)
        except geo.PlaceNotFound as error:
            messages.append(error.message)

    services = ServicePage.objects.live().with_listing_data()
    if query:
        services = services.search(query)
    results = list(services) if (query or place) else []

    distances = {}
    if place:
        origin = (place.latitude, place.longitude)
        for service in results:
            points = [location.point for location in service.locations.all() if location.point]
            if points:
                distances[service.pk] = min(geo.distance_miles(origin, point) for point in points)
        results.sort(key=lambda service: distances.get(service.pk, float("inf")))
    for service in results:
        service.distance_miles = distances.get(service.pk)

    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "pages/search.html",
        {"query": query, "near": near[:100], "place": place, "messages_for_user": messages, "results": page},
    )
