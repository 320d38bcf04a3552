"""A partner's own dashboard (issue 18, partners item 2): their organisation's listings with where
each stands, and nothing of anyone else's."""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from directory import review
from directory.models import ListingFeedback, OrganisationMembership, ServicePage
from directory.partner_dashboard import (
    AWAITING_MODERATION,
    CHANGES_REQUESTED,
    DRAFT,
    LIVE,
    organisation_listings,
)
from directory.roles import MODERATORS, PARTNER_EDITORS, STRATEGY_TEAM, setup_roles
from tests.factories import OrganisationPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

REJECTION = "Please add the Friday session times."
OURS = ("Alpha stay and play", "Alpha new clinic", "Alpha baby massage", "Alpha toy library")
THEIRS = "Beta youth club"
LISTINGS_URL = "/admin/your-listings/"


@pytest.fixture
def world(site_tree, django_user_model):
    setup_roles(site_tree)
    groups = {name: Group.objects.get(name=name) for name in (PARTNER_EDITORS, MODERATORS, STRATEGY_TEAM)}

    def person(username, group):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "x")
        user.groups.add(groups[group])
        return user

    alpha = OrganisationPageFactory(title="Alpha Family Support")
    beta = OrganisationPageFactory(title="Beta Youth Trust")
    today = review.today()
    overdue = ServicePageFactory(
        title=OURS[0],
        organisation=alpha,
        last_checked=today - datetime.timedelta(days=200),
        next_review=today - datetime.timedelta(days=20),
    )
    draft = ServicePageFactory(title=OURS[1], organisation=alpha)
    ServicePage.objects.filter(pk=draft.pk).update(live=False, has_unpublished_changes=True)
    submitted = ServicePageFactory(title=OURS[2], organisation=alpha)
    rejected = ServicePageFactory(title=OURS[3], organisation=alpha)
    theirs = ServicePageFactory(title=THEIRS, organisation=beta)

    partner = person("partner-alpha", PARTNER_EDITORS)
    OrganisationMembership.objects.create(user=partner, organisation=alpha)
    other = person("partner-beta", PARTNER_EDITORS)
    OrganisationMembership.objects.create(user=other, organisation=beta)
    moderator = person("moderator", MODERATORS)

    for page in (submitted, rejected, theirs):
        page.save_revision(user=partner if page is not theirs else other)
        page.get_workflow().start(page, partner if page is not theirs else other)
    state = rejected.current_workflow_state
    state.current_task_state.reject(user=moderator, comment=REJECTION)

    ListingFeedback.objects.create(service=overdue, reason="times", details="Now on Fridays")
    ListingFeedback.objects.create(service=overdue, reason="times", details="Fixed already", status="done")
    ListingFeedback.objects.create(service=theirs, reason="closed", details="Shut")
    return {
        "partner": partner,
        "nobody": person("partner-new", PARTNER_EDITORS),
        "moderator": moderator,
        "strategy": person("strategy", STRATEGY_TEAM),
        "overdue": overdue,
    }


def test_listings_show_each_status_the_rejection_comment_and_open_suggestions(world):
    dashboard = organisation_listings(world["partner"])
    rows = {row.service.title: row for row in dashboard.rows}
    assert set(rows) == set(OURS)
    assert rows[OURS[0]].status == LIVE and rows[OURS[0]].is_due
    assert rows[OURS[0]].due_words == "20 days overdue"
    assert rows[OURS[0]].open_suggestions == 1, "done suggestions are not open"
    assert rows[OURS[1]].status == DRAFT
    assert rows[OURS[2]].status == AWAITING_MODERATION
    assert rows[OURS[3]].status == CHANGES_REQUESTED and rows[OURS[3]].rejection_comment == REJECTION
    assert dashboard.rows[0].service.title == OURS[3], "what a moderator sent back comes first"
    assert dashboard.counts == {"live": 1, "awaiting": 1, "changes": 1, "draft": 1}


def test_a_partners_home_shows_only_their_organisations_listings(client, world):
    client.force_login(world["partner"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Your organisation&#x27;s listings" in html or "Your organisation's listings" in html
    for title in OURS:
        assert title in html
    assert THEIRS not in html and "Beta Youth Trust" not in html
    assert REJECTION in html
    assert reverse("rightdoor_review:still_accurate", args=[world["overdue"].pk]) in html
    assert reverse("wagtailadmin_pages:edit", args=[world["overdue"].organisation_id]) in html


def test_the_your_listings_page_shows_the_same_and_is_in_the_menu(client, world):
    client.force_login(world["partner"])
    response = client.get(LISTINGS_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert all(title in html for title in OURS) and THEIRS not in html
    assert "Changes requested" in html and "Awaiting moderation" in html and "Draft" in html
    assert '"/admin/your-listings/"' in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_partner_with_no_organisation_sees_no_listings_at_all(client, world):
    assert organisation_listings(world["nobody"]).rows == []
    client.force_login(world["nobody"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert not any(title in home for title in (*OURS, THEIRS))
    assert "Your organisation" not in home
    assert '"/admin/your-listings/"' not in home
    response = client.get(LISTINGS_URL)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_partners_do_not_get_wagtails_site_wide_page_count(client, world):
    client.force_login(world["partner"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "w-summary" not in html or "Pages</span>" not in html


@pytest.mark.parametrize("role", ["moderator", "strategy"])
def test_keepers_and_the_strategy_team_are_refused_the_partner_page(client, world, role):
    client.force_login(world[role])
    response = client.get(LISTINGS_URL)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert '"/admin/your-listings/"' not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get(LISTINGS_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
