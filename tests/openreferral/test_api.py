"""The Open Referral UK 3.0 API over the whole demo directory: every response valid against the
profile's compiled schemas, filters that agree with the site's search, proximity measured, nothing
internal published, read-only CORS, and schemathesis against the served OpenAPI document."""

import io
import math
import uuid
from dataclasses import replace

from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.http import QueryDict

import pytest
import schemathesis
from geopy.distance import geodesic
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from directory.models import ListingFeedback, NeedTheme, OrganisationPage, ServiceLocation, ServicePage
from openreferral import ids, schemas, serializers
from openreferral.taxonomies import DFE_CATEGORIES, NEED_THEMES
from search.query import SearchQuery, Vocabulary
from search.service import run_search

pytestmark = pytest.mark.django_db

PRESTON_CENTRE = "PR1 2HE"


def valid(name: str, instance) -> None:
    problems = schemas.errors(name, instance)
    assert not problems, problems[:5]


def page_wrapper(body: dict) -> None:
    for key, kind in (
        ("total_items", int),
        ("total_pages", int),
        ("page_number", int),
        ("size", int),
        ("first_page", bool),
        ("last_page", bool),
        ("empty", bool),
        ("contents", list),
    ):
        assert isinstance(body[key], kind), key
    assert body["size"] == len(body["contents"])


def every_page(client, url: str, **params) -> list[dict]:
    """Every item behind a paged endpoint, checking each page's wrapper on the way."""
    items, number = [], 1
    while True:
        response = client.get(url, {**params, "page": number, "per_page": 100})
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        page_wrapper(body)
        items += body["contents"]
        if body["last_page"] or body["empty"]:
            assert len(items) == body["total_items"]
            return items
        number += 1


# --------------------------------------------------------------------------- conformance


def test_every_demo_service_validates_in_every_shape(demo, client):
    live = ServicePage.objects.live()
    listed = every_page(client, "/api/services")
    assert len(listed) == live.count() >= 300
    assert {item["id"] for item in listed} == {str(value) for value in live.values_list("oruk_id", flat=True)}
    for item in listed:
        valid("service_list", item)

    for item in listed:
        response = client.get(f"/api/services/{item['id']}")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        full = response.json()
        valid("service", full)
        assert full["id"] == item["id"]

    at_locations = every_page(client, "/api/service_at_locations")
    assert len(at_locations) == ServiceLocation.objects.filter(service__live=True).count()
    for item in at_locations:
        valid("service_at_location_list", item)
    for item in at_locations:
        response = client.get(f"/api/service_at_locations/{item['id']}")
        assert response.status_code == 200
        full = response.json()
        valid("service_at_location", full)
        assert full["location"]["id"] == item["location_id"]


def test_taxonomies_and_terms_validate_and_resolve(demo, client):
    taxonomies = every_page(client, "/api/taxonomies")
    assert {taxonomy["name"] for taxonomy in taxonomies} >= {
        "Right Door need themes",
        "DfE family hubs service categories",
    }
    for taxonomy in taxonomies:
        valid("taxonomy", taxonomy)
        assert client.get(f"/api/taxonomies/{taxonomy['id']}").json() == taxonomy
    terms = every_page(client, "/api/taxonomy_terms")
    assert len(terms) == sum(len(taxonomy["taxonomy_terms"]) for taxonomy in taxonomies)
    assert len({term["id"] for term in terms}) == len(terms)
    for term in terms:
        valid("taxonomy_term", term)
    assert client.get(f"/api/taxonomy_terms/{terms[0]['id']}").json() == terms[0]


def test_the_root_document_points_at_the_openapi_document(demo, client):
    body = client.get("/api/").json()
    assert body["version"] == "HSDS-UK-3.0"
    assert body["openapi_url"] == "http://testserver/api/openapi.json"
    document = client.get("/api/openapi.json").json()
    assert document["servers"] == [{"url": "/api"}]
    assert set(document["paths"]) == {
        "/",
        "/services",
        "/services/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
        "/organizations",
        "/organizations/{id}",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
    }


def test_organisations_are_published_with_their_details_and_live_services(demo, client):
    organisations = every_page(client, "/api/organizations")
    live = OrganisationPage.objects.live()
    assert [item["id"] for item in organisations] == [
        str(org.oruk_id) for org in live.order_by("title", "pk")
    ]
    for item in organisations:
        valid("organization_list", item)
    org = live.exclude(website="").exclude(email="").exclude(description="").first()
    assert org is not None, "the demo has an organisation with a description, email and website"
    one = client.get(f"/api/organizations/{org.oruk_id}").json()
    valid("organization", one)
    assert (one["email"], one["website"]) == (org.email, org.website)
    assert one["description"] == serializers.html_to_text(org.description) != ""
    assert [service["id"] for service in one["services"]] == [
        str(page.oruk_id)
        for page in ServicePage.objects.live().filter(organisation=org).order_by("title", "pk")
    ]
    listed = client.get(f"/api/services/{one['services'][0]['id']}").json()
    assert listed["organization"] == {
        key: one[key] for key in ("id", "name", "description", "email", "website")
    }


def test_ids_are_uuids_unique_and_stable(demo, client):
    for model in (ServicePage, ServiceLocation):
        values = list(model.objects.values_list("oruk_id", flat=True))
        assert len(set(values)) == len(values)
    service = ServicePage.objects.live().first()
    first = client.get(f"/api/services/{service.oruk_id}").json()
    # Publishing again (even an old revision) keeps every id.
    service.get_latest_revision().publish()
    again = client.get(f"/api/services/{service.oruk_id}").json()
    assert {key: again[key] for key in ("id", "organization_id", "service_at_locations", "schedules")} == {
        key: first[key] for key in ("id", "organization_id", "service_at_locations", "schedules")
    }


def test_a_copied_service_gets_new_ids(demo):
    service = ServicePage.objects.live().filter(locations__isnull=False).first()
    copy = service.copy(update_attrs={"slug": service.slug + "-copy", "title": service.title + " copy"})
    copy = ServicePage.objects.get(pk=copy.pk)
    assert copy.oruk_id != service.oruk_id
    original_venues = set(service.locations.values_list("oruk_id", flat=True))
    assert not original_venues & set(copy.locations.values_list("oruk_id", flat=True))


def test_every_demo_service_survives_the_csv(demo):
    """Every demo listing, exported and read back (without writing), is the same listing."""
    from openreferral import csv_format, import_checks, import_writing

    vocab = import_checks.Vocab.load()
    pages = list(csv_format.export_queryset())
    assert len(pages) >= 300
    for page in pages:
        row = csv_format.export_row(page)
        text = io.StringIO()
        csv_format.write_csv(text, [row])
        (read,), header_problems = csv_format.read_rows(text.getvalue())
        assert not header_problems
        data, problems = import_checks.check(read, page.slug, vocab, organisation_given=False)
        assert data is not None, [str(problem) for problem in problems]
        assert [problem for problem in problems if problem.level == "error"] == []
        copy = ServicePage(oruk_id=page.oruk_id, last_checked=page.last_checked)
        import_writing.apply(copy, data, page.organisation)
        assert csv_format.export_row(copy) == row, page.slug
        assert serializers.html_to_text(copy.description) == serializers.html_to_text(page.description)
        assert [(venue.latitude, venue.longitude, venue.district_id) for venue in copy.locations.all()] == [
            (venue.latitude, venue.longitude, venue.district_id) for venue in page.locations.all()
        ]


# --------------------------------------------------------------------------- filters


def test_text_search_gives_the_sites_own_answers(demo, client):
    vocabulary = Vocabulary.from_database()
    expected, number = set(), 1
    while True:
        # The site shows one card per service; the API lists each district's listing, so compare
        # with the site's search before that grouping.
        query = SearchQuery.from_params(QueryDict(f"q=counselling&per_page=50&page={number}"), vocabulary)
        site = run_search(replace(query, one_per_service=False), vocabulary)
        expected |= {
            str(oruk_id)
            for oruk_id in ServicePage.objects.filter(
                pk__in=[item.card.service_id for item in site.items]
            ).values_list("oruk_id", flat=True)
        }
        if not site.has_next:
            break
        number += 1
    assert 0 < len(expected) == site.total < ServicePage.objects.live().count()
    found = every_page(client, "/api/services", text="counselling")
    assert {item["id"] for item in found} == expected
    assert {item["id"] for item in every_page(client, "/api/services", search="counselling")} == expected


def test_taxonomy_term_filters_by_need_theme_and_dfe_category(demo, client):
    theme = NeedTheme.objects.get(slug="domestic-abuse")
    term_id = ids.term_id(NEED_THEMES, theme.slug)
    found = every_page(client, "/api/services", taxonomy_term_id=term_id)
    expected = ServicePage.objects.live().with_theme(theme.slug)
    assert len(found) == expected.count() > 0
    for item in found[:10]:
        full = client.get(f"/api/services/{item['id']}").json()
        assert term_id in {attribute["taxonomy_term_id"] for attribute in full["attributes"]}

    category = theme.dfe_categories.first()
    assert category is not None, "domestic abuse maps to a DfE family hubs category"
    by_category = every_page(
        client, "/api/services", taxonomy_term_id=ids.term_id(DFE_CATEGORIES, category.id)
    )
    assert {item["id"] for item in found} <= {item["id"] for item in by_category}

    unknown = client.get("/api/services", {"taxonomy_term_id": str(uuid.uuid4())}).json()
    assert unknown["total_items"] == 0 and unknown["empty"]


def test_age_and_modified_after_filters(demo, client):
    for item in every_page(client, "/api/services", minimum_age=11):
        assert item["minimum_age"] >= 11
    for item in every_page(client, "/api/services", maximum_age=4):
        assert item["maximum_age"] <= 4
    both = every_page(client, "/api/services", minimum_age=11, maximum_age=25)
    expected = ServicePage.objects.live().filter(age_min__gte=11, age_max__lte=25)
    assert {item["id"] for item in both} == {
        str(value) for value in expected.values_list("oruk_id", flat=True)
    }
    assert both

    everything = client.get("/api/services", {"modified_after": "2000-01-01T00:00:00Z"}).json()
    assert everything["total_items"] == ServicePage.objects.live().count()
    assert client.get("/api/services", {"modified_after": "2999-01-01T00:00:00Z"}).json()["empty"]


def test_paging_is_consistent(demo, client):
    first = client.get("/api/services", {"per_page": 7}).json()
    second = client.get("/api/services", {"per_page": 7, "page": 2}).json()
    assert first["first_page"] and not first["last_page"] and first["size"] == 7
    assert first["total_pages"] == math.ceil(first["total_items"] / 7)
    assert not {item["id"] for item in first["contents"]} & {item["id"] for item in second["contents"]}
    beyond = client.get("/api/services", {"page": first["total_pages"] + 1}).json()
    assert beyond["empty"] and beyond["contents"] == [] and beyond["last_page"]


@pytest.mark.parametrize("metres", [1500, 5000])
def test_proximity_returns_every_venue_within_the_distance_nearest_first(demo, client, metres):
    from directory import geo

    origin = geo.locate_postcode(PRESTON_CENTRE).coordinates
    found = every_page(client, "/api/service_at_locations", postcode=PRESTON_CENTRE, proximity=metres)
    distances = [
        geodesic(origin, (item["location"]["latitude"], item["location"]["longitude"])).meters
        for item in found
    ]
    assert found
    assert all(distance <= metres + 5 for distance in distances)
    assert distances == sorted(distances) or all(
        later >= earlier - 5 for earlier, later in zip(distances, distances[1:], strict=False)
    )
    expected = {
        ids.service_at_location_id(oruk_id)
        for oruk_id, latitude, longitude in ServiceLocation.objects.filter(service__live=True).values_list(
            "oruk_id", "latitude", "longitude"
        )
        if geodesic(origin, (latitude, longitude)).meters <= metres - 5
    }
    assert expected <= {item["id"] for item in found}


def test_postcode_without_proximity_lists_services_covering_it(demo, client):
    found = every_page(client, "/api/service_at_locations", postcode=PRESTON_CENTRE)
    service_ids = {item["service_id"] for item in found}
    preston_local = ServicePage.objects.live().local_to_district("preston").filter(locations__isnull=False)
    assert {str(value) for value in preston_local.values_list("oruk_id", flat=True)} <= service_ids


@pytest.mark.parametrize(
    "params",
    [
        {"postcode": "ZZ99 9ZZ"},
        {"postcode": "not a postcode"},
        {"proximity": "1000"},
        {"postcode": PRESTON_CENTRE, "proximity": "near"},
        {"postcode": PRESTON_CENTRE, "proximity": "-5"},
        {"postcode": PRESTON_CENTRE, "proximity": "1e300"},
        {"page": "0"},
        {"per_page": "1000"},
        {"per_page": "many"},
        {"minimum_age": "nan"},
        {"modified_after": "yesterday"},
    ],
)
def test_unusable_parameters_are_a_clear_400(demo, client, params):
    response = client.get("/api/service_at_locations", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]
    assert response["Access-Control-Allow-Origin"] == "*"


# --------------------------------------------------------------------------- 404s, CORS, leaks


def _draft_only_service():
    from tests.factories import ServicePageFactory

    service = ServicePageFactory(title="Never published service", locations=[{"postcode": PRESTON_CENTRE}])
    service.unpublish()
    return ServicePage.objects.get(pk=service.pk)


@pytest.mark.parametrize(
    "path",
    [
        "/api/services/{random}",
        "/api/services/not-a-uuid",
        "/api/services/{draft}",
        "/api/service_at_locations/{random}",
        "/api/service_at_locations/{draft_venue}",
        "/api/taxonomies/{random}",
        "/api/organizations/{random}",
        "/api/organizations/not-a-uuid",
        "/api/taxonomy_terms/{random}",
        "/api/nothing-here",
        "/api/services/",
    ],
)
def test_unknown_and_unpublished_ids_are_json_404s(demo, client, path):
    draft = _draft_only_service()
    venue = draft.locations.first()
    url = path.format(
        random=uuid.uuid4(), draft=draft.oruk_id, draft_venue=ids.service_at_location_id(venue.oruk_id)
    )
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    listed = client.get("/api/services", {"text": "Never published service"}).json()
    assert str(draft.oruk_id) not in {item["id"] for item in listed["contents"]}


def test_cors_is_open_for_reading_and_nothing_can_be_written(demo, client):
    for method in ("get", "head", "options"):
        response = getattr(client, method)("/api/services")
        assert response.status_code == 200, method
        assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/services", HTTP_ORIGIN="https://example.org")
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    service = ServicePage.objects.live().first()
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"/api/services/{service.oruk_id}", data={})
        assert response.status_code == 405, method
        assert "Access-Control-Allow-Origin" not in response
        assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert ServicePage.objects.live().filter(pk=service.pk).exists()


def test_drafts_feedback_and_comments_never_appear(demo, client):
    from wagtail.models import Comment

    service = ServicePage.objects.live().filter(locations__isnull=False).first()
    live_title = service.title
    draft = ServicePage.objects.get(pk=service.pk)
    draft.title = "SECRET-DRAFT-TITLE"
    draft.summary = "SECRET-DRAFT-SUMMARY"
    draft.phone = "0800 000 0000"
    draft.save_revision()
    ListingFeedback.objects.create(service=service, reason="other", details="SECRET-FEEDBACK-NOTE")
    author = get_user_model().objects.create_user("partner-note-author")
    Comment.objects.create(
        page=service, user=author, text="SECRET-PARTNER-NOTE", contentpath="summary", revision_created=None
    )

    bodies = [
        client.get(f"/api/services/{service.oruk_id}").content,
        client.get("/api/services", {"per_page": 100}).content,
        client.get("/api/services", {"text": "SECRET-DRAFT-TITLE"}).content,
        client.get("/api/service_at_locations", {"per_page": 100}).content,
    ]
    venue = service.locations.first()
    bodies.append(
        client.get(f"/api/service_at_locations/{ids.service_at_location_id(venue.oruk_id)}").content
    )
    for body in bodies:
        assert b"SECRET" not in body
        assert b"0800 000 0000" not in body
    assert live_title.encode() in bodies[0]


# --------------------------------------------------------------------------- schemathesis

# The document is read from the running application, as a consumer would read it.
SERVED_SCHEMA = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


@pytest.fixture
def keep_the_test_connection():
    """Schemathesis calls the WSGI handler itself, which (unlike Django's test client) closes the
    database connection when each request finishes: on PostgreSQL that would end the test's
    transaction. Do what the test client does and leave the connection alone."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@SERVED_SCHEMA.parametrize()
@settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_conforms_to_its_openapi_document(case, demo, keep_the_test_connection):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
