"""The Open Referral UK 3.0 schemas: JSON Schema validators, and the OpenAPI document we serve.

The schema files in `schema/` are copies of the UK profile's (see `schema/README.md`). The
compiled ones are self-contained; `taxonomy.json` refers to `taxonomy_term.json` by a relative
reference, so every file is registered under one base URI in a `referencing.Registry`.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).parent / "schema"
BASE_URI = "https://rightdoor.example/openreferral/schema/"
FILE_SCHEMAS = (
    "service",
    "service_list",
    "service_at_location",
    "service_at_location_list",
    "taxonomy",
    "taxonomy_term",
)
# The UK profile publishes no /organizations endpoint (HSDS 3.0 does). Ours answers with the
# organisation object exactly as the profile's compiled service schema nests it
# (`organization_list`), and, for one organisation, the same with its live services as
# `service_list` items (`organization`). Built from service.json, so they follow the profile's copy.
DERIVED_SCHEMAS = ("organization", "organization_list")
SCHEMA_NAMES = FILE_SCHEMAS + DERIVED_SCHEMAS
# Keywords of the profile's table-schema heritage. They mean nothing to JSON Schema or OpenAPI, so
# the served OpenAPI document leaves them out (validators ignore them either way).
NON_SCHEMA_KEYWORDS = {"name", "path", "core", "constraints", "datapackage_metadata", "tabular_required"}
MAX_PER_PAGE = 100
# Further than the length of Great Britain is a mistake: say so rather than search everything.
MAX_PROXIMITY_METRES = 1_500_000
DEFAULT_PER_PAGE = 20


@cache
def load(name: str) -> dict:
    if name == "organization_list":
        schema = copy.deepcopy(load("service")["properties"]["organization"])
        schema["title"] = "Organization (list item)"
        return schema
    if name == "organization":
        schema = copy.deepcopy(load("organization_list"))
        schema["title"] = "Organization"
        schema["properties"]["services"] = {
            "type": "array",
            "description": "The organisation's live services (their one-to-one fields).",
            "items": {"$ref": "service_list.json"},
        }
        return schema
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def registry():
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    return Registry().with_resources(
        (BASE_URI + f"{name}.json", Resource.from_contents(load(name), default_specification=DRAFT202012))
        for name in SCHEMA_NAMES
    )


@cache
def validator(name: str):
    """A draft 2020-12 validator for one ORUK object, checking formats (uuid, email, uri, date-time)."""
    from jsonschema import Draft202012Validator

    schema = {"$ref": BASE_URI + f"{name}.json"}
    return Draft202012Validator(schema, registry=registry(), format_checker=format_checker())


@cache
def format_checker():
    """jsonschema's draft 2020-12 format checks, less `time`.

    `uri` and `date-time` are only checked when jsonschema's format extras are installed
    (rfc3986-validator, rfc3339-validator: pinned in requirements.txt); without them they pass
    silently, so a test holds them on. `time` is left out: RFC 3339 wants seconds and a zone
    ("09:00:00Z"), while the profile's own examples and every feed we have seen, ours included,
    write opening times as "09:00".
    """
    from jsonschema import Draft202012Validator, FormatChecker

    return FormatChecker(
        formats=[name for name in Draft202012Validator.FORMAT_CHECKER.checkers if name != "time"]
    )


def errors(name: str, instance) -> list[tuple[str, str]]:
    """Every way `instance` breaks the schema, as (field path, message), in a stable order."""
    found = sorted(validator(name).iter_errors(instance), key=lambda error: list(map(str, error.path)))
    return [(".".join(map(str, error.path)) or "(record)", error.message) for error in found]


# --------------------------------------------------------------------------- the OpenAPI document


def _clean_schema(node):
    """The profile's schema without its table-schema keywords, with refs pointing inside the document."""
    if isinstance(node, list):
        return [_clean_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned = {}
    for key, value in node.items():
        if (
            key in NON_SCHEMA_KEYWORDS
            and not isinstance(value, dict | list)
            or key
            in {
                "datapackage_metadata",
                "constraints",
                "tabular_required",
            }
        ):
            continue
        if key == "$ref" and isinstance(value, str) and value.endswith(".json"):
            cleaned[key] = "#/components/schemas/" + value.rsplit("/", 1)[-1].removesuffix(".json")
        elif key == "properties":
            cleaned[key] = {prop: _clean_schema(schema) for prop, schema in value.items()}
        elif key == "example":
            continue  # the profile's examples are fictional and some break their own formats
        else:
            cleaned[key] = _clean_schema(value)
    return cleaned


def _json(schema_ref: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


def _paged(item_schema: str, description: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {
                    "allOf": [{"$ref": "#/components/schemas/Page"}],
                    "type": "object",
                    "required": [
                        "total_items",
                        "total_pages",
                        "page_number",
                        "size",
                        "first_page",
                        "last_page",
                        "empty",
                        "contents",
                    ],
                    "properties": {
                        "contents": {
                            "type": "array",
                            "items": {"$ref": f"#/components/schemas/{item_schema}"},
                        }
                    },
                }
            }
        },
    }


def _parameter(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


PAGING = [
    _parameter("page", {"type": "integer", "minimum": 1}, "Page number of paginated result (from 1)."),
    _parameter(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        f"Number of results in a page (default {DEFAULT_PER_PAGE}, at most {MAX_PER_PAGE}).",
    ),
]
SERVICE_FILTERS = [
    _parameter("text", {"type": "string"}, "Full text search, with the site's own search engine."),
    _parameter("search", {"type": "string"}, "The profile's name for `text`; the same search."),
    _parameter(
        "taxonomy_term_id",
        {"type": "string"},
        "Services tagged with this taxonomy term (a need theme or a DfE family hubs category).",
    ),
    _parameter("taxonomy_id", {"type": "string"}, "Services tagged with any term of this taxonomy."),
    _parameter("minimum_age", {"type": "number"}, "Services whose minimum age is at least this value."),
    _parameter("maximum_age", {"type": "number"}, "Services whose maximum age is at most this value."),
    _parameter(
        "modified_after",
        {"type": "string", "format": "date-time"},
        "Services published on or after this date and time (RFC 3339).",
    ),
]
PLACE_FILTERS = [
    _parameter(
        "postcode",
        {"type": "string"},
        "A UK postcode or postcode district. Without `proximity`: services whose service area covers "
        "it. With `proximity`: only venues within that many metres of the postcode's centre.",
    ),
    _parameter(
        "proximity",
        {"type": "number", "minimum": 0, "maximum": MAX_PROXIMITY_METRES},
        "Metres from the centre of `postcode`. Requires `postcode`: without one the request is "
        "refused with 400.",
    ),
]
ERRORS = {
    "400": _json("Error", "The request's parameters cannot be used (the message says why)."),
}
NOT_FOUND = {"404": _json("Error", "No live service, organisation, location or taxonomy has this id.")}


def _by_id(description: str, schema: str) -> dict:
    return {
        "parameters": [
            {
                "in": "path",
                "name": "id",
                "required": True,
                "description": f"The id of the {description}.",
                "schema": {"type": "string"},
            }
        ],
        "get": {
            "summary": f"One {description}, fully nested.",
            "responses": {"200": _json(schema, f"The {description}."), **NOT_FOUND},
        },
    }


@cache
def openapi_document() -> dict:
    """The OpenAPI description of `/api/`: the profile's, narrowed to what this site implements."""
    profile = load("openapi.profile")
    schemas = {name: _clean_schema(load(name)) for name in SCHEMA_NAMES}
    schemas["Page"] = copy.deepcopy(profile["components"]["schemas"]["Page"])
    schemas["Error"] = {
        "type": "object",
        "required": ["status", "message"],
        "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Right Door: Open Referral UK 3.0 API",
            "version": "3.0",
            "description": (
                "Read-only Open Referral UK 3.0 feed of the live services in the Right Door directory. "
                "Schemas: Open Referral UK profile (CC BY-SA 4.0)."
            ),
            "license": copy.deepcopy(profile["info"]["license"]),
        },
        "servers": [{"url": "/api"}],
        "paths": {
            "/": {
                "get": {
                    "summary": "Information about this API and the profile it follows.",
                    "responses": {
                        "200": {
                            "description": "The profile's root document.",
                            "content": {
                                "application/json": {
                                    "schema": copy.deepcopy(
                                        profile["paths"]["/"]["get"]["responses"]["200"]["content"][
                                            "application/json"
                                        ]["schema"]
                                    )
                                }
                            },
                        }
                    },
                }
            },
            "/services": {
                "get": {
                    "summary": "Paginated list of live services (one-to-one fields and organisation).",
                    "parameters": [*SERVICE_FILTERS, *PAGING],
                    "responses": {"200": _paged("service_list", "A page of services."), **ERRORS},
                }
            },
            "/services/{id}": _by_id("service", "service"),
            "/organizations": {
                "get": {
                    "summary": "Paginated list of the organisations running live services.",
                    "parameters": PAGING,
                    "responses": {"200": _paged("organization_list", "A page of organisations."), **ERRORS},
                }
            },
            "/organizations/{id}": _by_id("organization", "organization"),
            "/service_at_locations": {
                "get": {
                    "summary": "Paginated list of services at their venues.",
                    "parameters": [*SERVICE_FILTERS, *PLACE_FILTERS, *PAGING],
                    "responses": {
                        "200": _paged("service_at_location_list", "A page of services at locations."),
                        **ERRORS,
                    },
                }
            },
            "/service_at_locations/{id}": _by_id("service at a location", "service_at_location"),
            "/taxonomies": {
                "get": {
                    "summary": "Paginated list of taxonomies.",
                    "parameters": PAGING,
                    "responses": {"200": _paged("taxonomy", "A page of taxonomies."), **ERRORS},
                }
            },
            "/taxonomies/{id}": _by_id("taxonomy", "taxonomy"),
            "/taxonomy_terms": {
                "get": {
                    "summary": "Paginated list of taxonomy terms.",
                    "parameters": PAGING,
                    "responses": {"200": _paged("taxonomy_term", "A page of taxonomy terms."), **ERRORS},
                }
            },
            "/taxonomy_terms/{id}": _by_id("taxonomy term", "taxonomy_term"),
        },
        "components": {"schemas": schemas},
    }
