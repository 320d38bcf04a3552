"""The read-only Open Referral UK 3.0 API: thin views over `openreferral.api`.

Every response is JSON. Anyone may read it from any origin (the profile's one security rule is
`Access-Control-Allow-Origin: *`); nothing can be written, so every other method is refused.
"""

from __future__ import annotations

import functools

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from . import api
from .schemas import openapi_document

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def error(status: int, message: str) -> JsonResponse:
    return _json({"status": status, "message": message}, status=status)


def read_only(view):
    """GET and HEAD answer with CORS open to all; OPTIONS is the CORS preflight; the rest get 405."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if request.method not in READ_METHODS:
            response = error(405, "This API is read-only: use GET.")
            response["Allow"] = ", ".join(READ_METHODS)
            return response
        if request.method == "OPTIONS":
            response = _json({})
            response["Access-Control-Allow-Methods"] = ", ".join(READ_METHODS)
            response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
            response["Access-Control-Max-Age"] = "86400"
        else:
            try:
                response = view(request, *args, **kwargs)
            except api.BadRequest as problem:
                response = error(400, problem.message)
        response["Access-Control-Allow-Origin"] = "*"
        response["Allow"] = ", ".join(READ_METHODS)
        return response

    return wrapped


def _found(data):
    return _json(data) if data is not None else error(404, "Nothing live has this id.")


@read_only
def root(request):
    return _json(api.root_document(request.build_absolute_uri(reverse("openreferral:openapi"))))


@read_only
def openapi(request):
    return _json(openapi_document())


@read_only
def services(request):
    return _json(api.services(api.parse_filters(request.GET)).as_oruk())


@read_only
def service(request, id):
    return _found(api.service_by_id(id))


@read_only
def service_at_locations(request):
    return _json(api.service_at_locations(api.parse_filters(request.GET, with_place=True)).as_oruk())


@read_only
def service_at_location(request, id):
    return _found(api.service_at_location_by_id(id))


@read_only
def organizations(request):
    return _json(api.organizations(*api.parse_paging(request.GET)).as_oruk())


@read_only
def organization(request, id):
    return _found(api.organization_by_id(id))


@read_only
def taxonomies(request):
    return _json(api.taxonomies(*api.parse_paging(request.GET)).as_oruk())


@read_only
def taxonomy(request, id):
    return _found(api.taxonomy_by_id(id))


@read_only
def taxonomy_terms(request):
    return _json(api.taxonomy_terms(*api.parse_paging(request.GET)).as_oruk())


@read_only
def taxonomy_term(request, id):
    return _found(api.taxonomy_term_by_id(id))


@read_only
def not_found(request):
    return error(404, "There is no such API endpoint. See /api/openapi.json.")
