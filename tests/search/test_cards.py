"""Result cards come from the search documents (one query, no page objects) and read exactly as
a card built from the page does."""

import datetime

from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

import pytest

from directory.models import ServicePage
from search.models import SearchDocument
from search.query import SearchQuery, Vocabulary
from search.service import run_search, service_cards
from tests.factories import OrganisationPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(site_tree):
    return [
        ServicePageFactory(
            title="Safe Together outreach",
            themes=["domestic-abuse", "mental-health"],
            levels=[2, 3],
            age_min=-1,
            age_max=18,
            access_routes={"professional_referral": "Use the form", "self_referral": "Call us"},
            served_districts=["preston", "south-ribble", "chorley"],
            locations=[{"postcode": "PR1 8BU"}],
            last_checked=datetime.date(2019, 6, 1),
            next_review=datetime.date(2020, 1, 1),
        ),
        ServicePageFactory(
            title="Family Lifeline",
            served_area="national",
            delivery_modes=["phone"],
            themes=["parenting"],
            age_min=-1,
            age_max=-1,
        ),
        ServicePageFactory(title="Safer Streets team", served_area="county", age_min=10, age_max=10),
    ]


def cards_from_pages(ids):
    return {page.pk: page.card for page in ServicePage.objects.live().with_listing_data().filter(pk__in=ids)}


def test_a_card_reads_the_same_from_the_search_document_as_from_the_page(services):
    ids = [service.pk for service in services]
    from_documents = service_cards(ids, Vocabulary.from_database())
    assert from_documents == cards_from_pages(ids)
    lifeline = from_documents[services[1].pk]
    assert lifeline.age_range_label == "During pregnancy" and lifeline.served_area_label == "National service"
    outreach = from_documents[services[0].pk]
    assert outreach.served_area_label == "Covers Chorley, Preston and South Ribble"
    assert outreach.access_route_labels == ["You can refer yourself", "A professional refers you"]
    assert outreach.is_out_of_date and outreach.url == "/services/safe-together-outreach/"


def test_a_results_page_reads_no_service_pages(services, client):
    vocabulary = Vocabulary.from_database()
    query = SearchQuery.from_params(QueryDict("near=PR1 2HE"), vocabulary)
    with CaptureQueriesContext(connection) as captured:
        results = run_search(query, vocabulary)
    assert {item.card.title for item in results.items} >= {"Safe Together outreach", "Family Lifeline"}
    page_reads = [
        q["sql"] for q in captured if "wagtailcore_page" in q["sql"] or "directory_servicepage" in q["sql"]
    ]
    assert page_reads == []
    html = client.get("/search/?near=PR1+2HE").content.decode()
    assert "Run by" in html and 'href="/services/safe-together-outreach/"' in html
    assert "How to get in: You can refer yourself; A professional refers you" in html


def test_documents_written_before_cards_had_their_fields_still_give_the_right_card(services):
    ids = [service.pk for service in services]
    expected = cards_from_pages(ids)
    SearchDocument.objects.update(slug="", url="", organisation="", summary="")
    assert service_cards(ids, Vocabulary.from_database()) == expected


def test_renaming_an_organisation_renames_it_on_its_services_cards(site_tree, client):
    organisation = OrganisationPageFactory(title="Preston Carers")
    service = ServicePageFactory(title="Young carers group", organisation=organisation)
    organisation.title = "Lancashire Young Carers"
    organisation.save_revision().publish()
    card = service_cards([service.pk], Vocabulary.from_database())[service.pk]
    assert card.organisation == "Lancashire Young Carers"
    html = client.get("/search/?q=lancashire+young+carers").content.decode()
    assert "Young carers group" in html and "Run by Lancashire Young Carers" in html
