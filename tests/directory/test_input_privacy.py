"""Strict web addresses on save and import, and suggestions without the visitor's contact details
(issue 13, item 11)."""

from django.core.exceptions import ValidationError

import pytest

from directory.feedback import EMAIL_REMOVED, PHONE_REMOVED, mask_contact_details
from directory.models import ListingFeedback, ServicePage
from directory.validators import validate_strict_url
from tests.factories import ServicePageFactory

ATTACK = 'https://evil.example/"onmouseover=alert(1)'


@pytest.mark.parametrize(
    "url",
    [
        ATTACK,
        "https://evil.example/<script>",
        "https://a.example/{x}",
        "https://a.example/a b",
        "https://a.example/%zz",
    ],
)
def test_addresses_that_are_not_valid_uris_are_refused(url):
    with pytest.raises(ValidationError):
        validate_strict_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.lancashire.gov.uk/children/",
        "https://a.example/path?x=1&y=2#top",
        "http://a.example/%20x",
    ],
)
def test_real_addresses_pass(url):
    validate_strict_url(url)


@pytest.mark.django_db
def test_a_listing_with_an_invalid_uri_cannot_be_saved(site_tree):
    service = ServicePageFactory()
    service.website = ATTACK
    with pytest.raises(ValidationError) as refused:
        service.full_clean()
    assert "website" in refused.value.message_dict


@pytest.mark.django_db
def test_an_import_with_an_invalid_uri_is_refused_with_a_message(site_tree):
    from openreferral import csv_format
    from openreferral.import_checks import check_all

    row = dict(csv_format.EXAMPLE_ROW, website=ATTACK)
    _, report = check_all([("row 2", row)], organisation_given=False)
    assert any(problem.field == "website" for problem in report.errors)


def test_emails_and_mobile_numbers_are_masked_but_service_numbers_stay():
    text = "Call me on 07700 900123 or +44 7700-900-456, or write to jo.bloggs+x@example.co.uk. New number: 01772 123456"
    masked = mask_contact_details(text)
    assert "900123" not in masked and "900-456" not in masked and "jo.bloggs" not in masked
    assert masked.count(PHONE_REMOVED) == 2 and masked.count(EMAIL_REMOVED) == 1
    assert "01772 123456" in masked


@pytest.mark.django_db
def test_a_suggestion_is_stored_and_sent_without_contact_details(client, site_tree, mailoutbox):
    service = ServicePage.objects.get(pk=ServicePageFactory().pk)
    page = client.get(service.url + "suggest-a-change/").content.decode()
    assert "email address" in page and "phone number" in page, "the form warns people first"
    client.post(
        service.url + "suggest-a-change/",
        {"reason": "other", "details": "Wrong hours. Ring me on 07700 900123, me@example.org"},
    )
    stored = ListingFeedback.objects.get(service=service).details
    assert "07700" not in stored and "me@example.org" not in stored
    assert all("07700" not in message.body and "me@example.org" not in message.body for message in mailoutbox)
