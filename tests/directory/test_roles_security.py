"""Moderators manage partner accounts only (issue 13, item 2), partners with no organisation see
nothing (item 3), and partners cannot edit the shared section pages (item 7)."""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import GroupPagePermission, Page

import pytest

from directory.models import OrganisationMembership, ServicePage
from directory.roles import MODERATORS, PARTNER_EDITORS, STRATEGY_TEAM, setup_roles
from tests.factories import OrganisationPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

SECRET = "Draft: service closing in March"


@pytest.fixture
def people(site_tree, django_user_model):
    setup_roles(site_tree)
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "admin-password")
    moderator = django_user_model.objects.create_user("moderator", "mod@example.org", "x")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    strategy = django_user_model.objects.create_user("strategy", "strategy@example.org", "x")
    strategy.groups.add(Group.objects.get(name=STRATEGY_TEAM))
    partner = django_user_model.objects.create_user("partner-a", "a@example.org", "x")
    partner.groups.add(Group.objects.get(name=PARTNER_EDITORS))
    return {"admin": admin, "moderator": moderator, "strategy": strategy, "partner": partner}


def user_form(user, **changes):
    data = {
        "username": user.username,
        "email": user.email or "someone@example.org",
        "first_name": "Some",
        "last_name": "One",
        "is_active": "on",
        "password1": "",
        "password2": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("target", ["admin", "strategy"])
def test_a_moderator_cannot_edit_a_superuser_or_a_strategy_account(client, people, target):
    victim = people[target]
    client.force_login(people["moderator"])
    url = reverse("wagtailusers_users:edit", args=[victim.pk])
    assert client.get(url).status_code == 404
    client.post(url, user_form(victim, password1="Taken-over-2024!", password2="Taken-over-2024!"))
    victim.refresh_from_db()
    assert not victim.check_password("Taken-over-2024!")
    assert client.get(reverse("wagtailusers_users:delete", args=[victim.pk])).status_code == 404


def test_a_moderator_cannot_grant_itself_or_a_partner_more_than_partner_editors(client, people):
    moderator, partner = people["moderator"], people["partner"]
    strategy_group = Group.objects.get(name=STRATEGY_TEAM)
    client.force_login(moderator)
    # Their own account is not theirs to change here.
    assert client.get(reverse("wagtailusers_users:edit", args=[moderator.pk])).status_code == 404
    # A partner's account: only Partner editors is on offer, and "Administrator" is not.
    url = reverse("wagtailusers_users:edit", args=[partner.pk])
    form = client.get(url).context["form"]
    assert "is_superuser" not in form.fields
    assert [group.name for group in form.fields["groups"].queryset] == [PARTNER_EDITORS]
    client.post(url, user_form(partner, groups=[strategy_group.pk], is_superuser="on"))
    partner.refresh_from_db()
    assert not partner.is_superuser
    assert not partner.groups.filter(name=STRATEGY_TEAM).exists()
    # Nor through the bulk "assign role" action.
    bulk = reverse("wagtail_bulk_action", args=("auth", "user", "assign_role"))
    client.post(f"{bulk}?id={partner.pk}&id={moderator.pk}", {"role": strategy_group.pk})
    assert not strategy_group.user_set.filter(pk__in=[partner.pk, moderator.pk]).exists()


def test_a_moderator_creates_partner_accounts_only(client, people, django_user_model):
    client.force_login(people["moderator"])
    url = reverse("wagtailusers_users:add")
    partner_group = Group.objects.get(name=PARTNER_EDITORS)
    strategy_group = Group.objects.get(name=STRATEGY_TEAM)
    data = {
        "username": "partner-new",
        "email": "new@example.org",
        "first_name": "New",
        "last_name": "Partner",
        "password1": "A-long-enough-passphrase-1",
        "password2": "A-long-enough-passphrase-1",
        "is_superuser": "on",
        "groups": [partner_group.pk, strategy_group.pk],
    }
    client.post(url, data)
    assert not django_user_model.objects.filter(username="partner-new", is_superuser=True).exists()
    assert not strategy_group.user_set.filter(username="partner-new").exists()
    client.post(url, {**data, "is_superuser": "", "groups": [partner_group.pk]})
    created = django_user_model.objects.get(username="partner-new")
    assert not created.is_superuser
    assert list(created.groups.values_list("name", flat=True)) == [PARTNER_EDITORS]


def test_the_users_list_shows_a_moderator_partner_accounts_only(client, people):
    client.force_login(people["moderator"])
    response = client.get(reverse("wagtailusers_users:index"))
    assert [user.username for user in response.context["object_list"]] == ["partner-a"]


def test_wagtails_leftover_groups_are_gone_after_setup_roles(site_tree):
    assert Group.objects.filter(name__in=["Moderators", "Editors"]).exists(), "Wagtail creates them"
    setup_roles(site_tree)
    setup_roles(site_tree)
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    root = Page.get_first_root_node()
    assert not GroupPagePermission.objects.filter(page=root).exists()


# --------------------------------------------------------------------------- item 3


@pytest.fixture
def listings(people):
    alpha = OrganisationPageFactory(title="Alpha Family Support")
    beta = OrganisationPageFactory(title="Beta Youth Trust")
    theirs = ServicePageFactory(title="Beta youth club", organisation=beta, live=False)
    draft = theirs.get_latest_revision_as_object()
    draft.summary = SECRET
    draft.save_revision()
    return {"alpha": alpha, "beta": beta, "theirs": ServicePage.objects.get(pk=theirs.pk)}


@pytest.mark.parametrize("membership", ["never had one", "removed"])
def test_a_partner_with_no_organisation_sees_and_changes_nothing(client, people, listings, membership):
    partner = people["partner"]
    if membership == "removed":
        OrganisationMembership.objects.create(user=partner, organisation=listings["alpha"]).delete()
    theirs = listings["theirs"]
    client.force_login(partner)
    services = theirs.get_parent()
    for url in (
        reverse("wagtailadmin_explore", args=[services.pk]),
        reverse("wagtailadmin_pages:edit", args=[theirs.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[theirs.pk]),
        reverse("wagtailadmin_pages:search") + "?q=youth",
    ):
        response = client.get(url)
        html = response.content.decode()
        assert "Beta youth club" not in html and SECRET not in html, url
    before = theirs.latest_revision_id
    client.post(
        reverse("wagtailadmin_pages:edit", args=[theirs.pk]), {"title": "Taken", "action-submit": "1"}
    )
    assert ServicePage.objects.get(pk=theirs.pk).latest_revision_id == before


# --------------------------------------------------------------------------- item 7


def test_partners_add_listings_under_the_shared_sections_but_cannot_edit_them(client, people, listings):
    partner = people["partner"]
    OrganisationMembership.objects.create(user=partner, organisation=listings["alpha"])
    services = listings["theirs"].get_parent().specific
    organisations = listings["alpha"].get_parent().specific
    client.force_login(partner)
    for section in (services, organisations):
        assert client.get(reverse("wagtailadmin_pages:edit", args=[section.pk])).status_code in {302, 403}
        before = section.latest_revision_id
        client.post(
            reverse("wagtailadmin_pages:edit", args=[section.pk]),
            {"title": section.title, "slug": section.slug, "action-submit": "1"},
        )
        section.refresh_from_db()
        assert section.latest_revision_id == before
        assert not section.permissions_for_user(partner).can_edit()
    assert services.permissions_for_user(partner).can_add_subpage()
    add = reverse("wagtailadmin_pages:add", args=("directory", "servicepage", services.pk))
    assert client.get(add).status_code == 200
