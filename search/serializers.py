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
        "understood": results.understood.as_dict(),
        "messages": list(query.messages) + ([query.place_error] if query.place_error else []),
        "results": [result_as_json(item, request) for item in results.items],
    }


def result_as_json(item, request) -> dict:
    card = item.card
    nearest = item.hit.nearest_location
    return {
        "slug": card.slug,
        "name": card.title,
        "url": request.build_absolute_uri(card.url) if card.url else None,
        "organisation": card.organisation or None,
        "summary": card.summary,
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
        "served_area": item.served_label or card.served_area_label,
        "also_in": item.also_in or None,
        "themes": sorted(theme.slug for theme in card.themes),
        "kind": card.kind,
        "levels": list(card.levels),
        "access_routes": sorted(card.access_routes),
        "age_min": card.age_min,
        "age_max": card.age_max,
        "cost": card.cost,
        "last_checked": card.last_checked.isoformat(),
        "review_overdue": card.is_due_for_review,
        "may_be_out_of_date": card.is_out_of_date,
    }
