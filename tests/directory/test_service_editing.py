"""Editing a service in the Wagtail admin: bad input gives field-level errors, never a lost edit."""

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from directory.models import ServicePage
from tests.factories import OrganisationPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "password")
    client.force_login(user)
    return client


def service_form(organisation, **overrides):
    fields = {
        "title": "Little Explorers stay and play",
        "slug": "little-explorers",
        "summary": "Play sessions for babies and toddlers with their parents.",
        "description": rich_text("<p>Songs, messy play and a chat.</p>"),
        "organisation": organisation.pk,
        "kind": "universal",
        "themes": "",
        "levels": ["1"],
        "age_min": "0",
        "age_max": "4",
        "eligibility": "",
        "access_routes": inline_formset([{"route": "self_referral", "how_to": "Just turn up."}], min=1),
        "cost": "free",
        "cost_detail": "",
        "delivery_modes": ["in-person"],
        "served_area": "districts",
        "served_districts": ["preston"],
        "locations": inline_formset(
            [
                {
                    "name": "Deepdale Family Hub",
                    "address": "1 Deepdale Road",
                    "town": "Preston",
                    "postcode": "PR1 2HE",
                }
            ]
        ),
        "opening_times": inline_formset([{"weekday": "0", "opens": "09:30", "closes": "11:30"}]),
        "other_opening_times": inline_formset([]),
        "opening_notes": "",
        "contacts": inline_formset([]),
        "cost_options": inline_formset([]),
        "phone": "01772 960123",
        "email": "",
        "website": "",
        "languages": [],
        "accessibility_features": [],
        "last_checked": "2026-11-01",
        "next_review": "",
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    fields.update(overrides)
    # Multiple-choice values go to the test client as lists, outside nested_form_data's flattening.
    choices = {name: fields.pop(name) for name in list(fields) if isinstance(fields[name], list)}
    return {**nested_form_data(fields), **choices}


def add_url(site_tree):
    return reverse("wagtailadmin_pages:add", args=("directory", "servicepage", site_tree.services.pk))


def error_text(response) -> str:
    return response.content.decode()


def test_a_valid_service_is_saved_as_a_draft_with_coordinates_from_its_postcode(editor_client, site_tree):
    organisation = OrganisationPageFactory()
    response = editor_client.post(add_url(site_tree), service_form(organisation))
    assert response.status_code == 302, error_text(response)
    service = ServicePage.objects.get(slug="little-explorers")
    assert not service.live
    location = service.locations.get()
    assert location.latitude == pytest.approx(53.76, abs=0.02)
    assert location.district_id == "preston"
    assert service.next_review is not None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"age_min": "12", "age_max": "5"}, "The oldest age must be the same as or after the youngest age."),
        ({"phone": "call us"}, "Enter a UK phone number"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        (
            {
                "locations": inline_formset(
                    [{"name": "Nowhere", "address": "1 Road", "town": "Preston", "postcode": "PR1 9ZZ"}]
                )
            },
            "We couldn&#x27;t find that postcode",
        ),
        (
            {
                "locations": inline_formset(
                    [{"name": "Nowhere", "address": "1 Road", "town": "Preston", "postcode": "PR1 2HEX"}]
                )
            },
            "Enter a postcode in the correct format",
        ),
        (
            {
                "opening_times": inline_formset(
                    [
                        {"weekday": "0", "opens": "09:00", "closes": "12:00"},
                        {"weekday": "0", "opens": "11:00", "closes": "13:00"},
                    ]
                )
            },
            "This overlaps another opening time on the same day.",
        ),
        (
            {"opening_times": inline_formset([{"weekday": "2", "opens": "15:00", "closes": "09:00"}])},
            "The closing time must be after the opening time.",
        ),
        ({"served_districts": []}, "Choose at least one district"),
        ({"locations": inline_formset([])}, "An in-person service needs at least one location."),
        ({"summary": "x" * 201}, "Ensure this value has at most 200 characters"),
    ],
    ids=[
        "age-range",
        "phone",
        "email",
        "unknown-postcode",
        "malformed-postcode",
        "overlapping-times",
        "closing-before-opening",
        "no-district",
        "in-person-without-location",
        "long-summary",
    ],
)
def test_bad_input_is_a_clear_field_error_and_nothing_is_saved(editor_client, site_tree, overrides, message):
    organisation = OrganisationPageFactory()
    response = editor_client.post(add_url(site_tree), service_form(organisation, **overrides))
    assert response.status_code == 200
    assert message in error_text(response)
    # The editor's input comes back in the form, so nothing they typed is lost.
    assert "Little Explorers stay and play" in error_text(response)
    assert not ServicePage.objects.filter(slug="little-explorers").exists()


def test_ages_that_disagree_with_the_words_are_questioned_until_the_editor_confirms(editor_client, site_tree):
    organisation = OrganisationPageFactory()
    data = service_form(
        organisation,
        age_min="-1",
        age_max="18",
        eligibility="Adults and young people aged 16 and over at high risk of serious harm.",
    )
    response = editor_client.post(add_url(site_tree), data)
    assert response.status_code == 200, "the form comes back with the edit kept"
    html = error_text(response)
    assert "The description says “aged 16 and over”, but the age range starts at pregnancy." in html
    assert "Adults and young people aged 16 and over" in html
    assert not ServicePage.objects.filter(slug="little-explorers").exists()

    response = editor_client.post(add_url(site_tree), {**data, "ages_checked": "on"})
    assert response.status_code == 302
    assert ServicePage.objects.filter(slug="little-explorers").exists()


def test_ages_that_match_the_words_are_not_questioned(editor_client, site_tree):
    organisation = OrganisationPageFactory()
    data = service_form(
        organisation, age_min="16", age_max="25", eligibility="Young people aged 16 and over."
    )
    assert editor_client.post(add_url(site_tree), data).status_code == 302


def test_an_age_cue_opening_a_paragraph_of_the_description_is_questioned(editor_client, site_tree):
    """Read as the words a family reads: "…parents</p><p>Aged 16…" is two words, not "parentsAged"."""
    organisation = OrganisationPageFactory()
    data = service_form(
        organisation,
        age_min="-1",
        age_max="18",
        description=rich_text("<p>A group for parents</p><p>Aged 16 and over, at the Hub.</p>"),
    )
    response = editor_client.post(add_url(site_tree), data)
    assert response.status_code == 200
    assert "The description says “Aged 16 and over”, but the age range starts at pregnancy." in error_text(
        response
    )
