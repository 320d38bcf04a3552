"""The JSON rendition of a search: the same `SearchResults` the HTML page shows."""

from __future__ import annotations

from .service import SearchResults


def results_as_json(results: SearchResults, request) -> dict:
    query = results.query
    return {
        "total": results.total,
        "page": query.page,
        "per_page": query.per_page,
        "facets": results.facets,
        "suggestions": results.suggestions.as_dict(),
        "messages": list(query.messages) + ([query.place_error] if query.place_error else []),
        "results": [result_as_json(item, request) for item in results.items],
    }


def result_as_json(item, request) -> dict:
    service = item.service
    nearest = item.hit.nearest_location
    return {
        "slug": service.slug,
        "name": service.title,
        "url": request.build_absolute_uri(service.url) if service.url else None,
        "organisation": service.organisation.title if service.organisation_id else None,
        "summary": service.summary,
        "distance_miles": round(item.hit.distance_miles, 2) if item.hit.distance_miles is not None else None,
        "nearest_location": (
            {
                "name": nearest.name,
                "postcode": nearest.postcode,
                "latitude": nearest.latitude,
                "longitude": nearest.longitude,
            }
            if nearest
            else None
        ),
        "served_area": item.served_label or service.served_area_label,
        "themes": [theme.slug for theme in service.theme_list],
        "kind": service.kind,
        "levels": service.level_numbers,
        "access_routes": sorted(route.route for route in service.access_routes.all()),
        "age_min": service.age_min,
        "age_max": service.age_max,
        "cost": service.cost,
        "last_checked": service.last_checked.isoformat(),
        "review_overdue": service.is_due_for_review,
        "may_be_out_of_date": service.is_out_of_date,
    }
