"""Listings stored before their text was bounded (issue 13, item 1) are reported to moderators, in
the admin and by a command, and never shortened: the organisation edits its own text."""

import csv
import io

from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

import pytest

from directory.models import AccessRoute, OrganisationPage, ServicePage
from directory.models.limits import MAX_DESCRIPTION_LENGTH, MAX_ELIGIBILITY_LENGTH, MAX_HOW_TO_LENGTH
from tests.directory.admin_users import access_admin, make_moderator
from tests.factories import OrganisationPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

REPORT = "rightdoor_text_limits:report"


@pytest.fixture
def moderator(django_user_model):
    return make_moderator(django_user_model)


@pytest.fixture
def stored_before_the_limits():
    """Listings as an older release saved them: written straight to the database, as no form or
    import would now accept them."""
    organisation = OrganisationPageFactory(title="=Family Trust")
    long_eligibility = ServicePageFactory(
        title="Parents together", organisation=organisation, access_routes={"self_referral": "Call us."}
    )
    ServicePage.objects.filter(pk=long_eligibility.pk).update(eligibility="word " * 1_300)  # 6,500
    AccessRoute.objects.filter(service=long_eligibility).update(how_to="x" * (MAX_HOW_TO_LENGTH + 1))
    OrganisationPage.objects.filter(pk=organisation.pk).update(
        description="<p>" + "y" * MAX_DESCRIPTION_LENGTH + "</p>"
    )
    # A pending edit saved before the limits: its draft is over, its published version is not.
    pending = ServicePageFactory(title="Baby group", organisation=organisation)
    pending.eligibility = "z" * (MAX_ELIGIBILITY_LENGTH + 10)
    pending.save_revision(clean=False)
    fine = ServicePageFactory(title="Toddler time", organisation=organisation)
    return {"long": long_eligibility, "organisation": organisation, "pending": pending, "fine": fine}


def report() -> str:
    out = io.StringIO()
    call_command("report_over_long_listings", stdout=out)
    return out.getvalue()


def test_the_command_names_each_listing_and_what_is_too_long_and_changes_nothing(stored_before_the_limits):
    listings = stored_before_the_limits
    output = report()
    assert "Parents together (=Family Trust), service page\n" in output
    assert "  Eligibility: 6,500 characters, at most 5,000 (published)" in output
    assert "  How to (1st of the access routes): 2,001 characters, at most 2,000 (published)" in output
    assert "=Family Trust, organisation page\n" in output
    assert "  Description: 10,007 characters, at most 10,000 (published)" in output
    assert (
        "Baby group (=Family Trust), service page\n  Eligibility: 5,010 characters, at most 5,000 (draft)"
        in output
    )
    assert f"/admin/pages/{listings['long'].pk}/edit/" in output
    assert "Toddler time" not in output
    assert "3 listings over a text limit. Nothing was shortened" in output
    # Nobody's text was cut.
    assert len(ServicePage.objects.get(pk=listings["long"].pk).eligibility) == 6_500
    assert len(AccessRoute.objects.get(service=listings["long"]).how_to) == MAX_HOW_TO_LENGTH + 1
    assert len(OrganisationPage.objects.get(pk=listings["organisation"].pk).description) == 10_007


def test_the_command_can_fail_a_check_and_is_quiet_when_all_is_within_limits(site_tree):
    ServicePageFactory(title="Toddler time")
    assert "0 listings over a text limit." in report()
    call_command("report_over_long_listings", "--fail-if-any", stdout=io.StringIO())  # no error
    ServicePage.objects.filter(title="Toddler time").update(eligibility="s" * 5_001)
    with pytest.raises(CommandError) as failed:
        call_command("report_over_long_listings", "--fail-if-any", stdout=io.StringIO())
    assert failed.value.returncode == 1


def test_moderators_see_the_report_in_the_admin_and_export_it_safely(
    client, moderator, stored_before_the_limits
):
    client.force_login(moderator)
    html = client.get(reverse(REPORT)).content.decode()
    assert "Over-long listings" in html
    assert html.index("=Family Trust") < html.index("Baby group") < html.index("Parents together")
    assert "Eligibility: 6,500 characters, at most 5,000 (published)" in html
    assert reverse("wagtailadmin_pages:edit", args=[stored_before_the_limits["long"].pk]) in html
    assert "Toddler time" not in html
    assert reverse(REPORT) in client.get(reverse("wagtailadmin_home")).content.decode()  # the menu

    export = client.get(reverse(REPORT), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0] == ["Listing", "Kind", "Organisation", "Too long", "Edit link"]
    # A title a spreadsheet would run as a formula is written as text.
    assert rows[1][:3] == ["'=Family Trust", "Organisation page", ""]
    assert rows[3][:3] == ["Parents together", "Service page", "'=Family Trust"]


def test_the_report_is_refused_to_partners(client, django_user_model, stored_before_the_limits):
    from directory.models import OrganisationMembership

    partner = django_user_model.objects.create_user("alice", "alice@partner.example", "password")
    partner.user_permissions.add(access_admin())
    OrganisationMembership.objects.create(user=partner, organisation=stored_before_the_limits["organisation"])
    client.force_login(partner)
    response = client.get(reverse(REPORT), follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    # Their home lists their own listings (the partner dashboard); the report's findings are not there.
    assert "Over-long listings" not in response.content.decode()
    assert reverse(REPORT) not in client.get(reverse("wagtailadmin_home")).content.decode()
