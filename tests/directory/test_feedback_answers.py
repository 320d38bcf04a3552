"""Suggestions close the loop (issue 18, partners item 3): the owning partner answers each one,
*Fixed* with the update that fixed it or *Not a change* with a reason, and moderators see which
have gone unanswered for more than 14 days."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from directory.models import ListingFeedback
from directory.models.feedback import FeedbackStatus
from tests.directory.test_feedback import _admin_user
from tests.factories import OrganisationPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site_tree, django_user_model):
    from directory.roles import MODERATORS

    alpha = OrganisationPageFactory(title="Alpha Family Trust")
    beta = OrganisationPageFactory(title="Beta Children's Charity")
    ours = ServicePageFactory(title="Alpha Stay and Play", organisation=alpha)
    theirs = ServicePageFactory(title="Beta Youth Club", organisation=beta)
    return {
        "ours": ours,
        "theirs": theirs,
        "partner": _admin_user(django_user_model, "partner-a", organisation=alpha),
        "moderator": _admin_user(django_user_model, "moderator", groups=[MODERATORS]),
        "strategy": _admin_user(django_user_model, "strategy"),
    }


def edit_url(item):
    return reverse("wagtailsnippets_directory_listingfeedback:edit", args=[item.pk])


def received(service, days_ago, **fields):
    item = ListingFeedback.objects.create(
        service=service, **{"reason": "times", "details": "Opens at ten", **fields}
    )
    ListingFeedback.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return ListingFeedback.objects.get(pk=item.pk)


def test_fixed_links_the_update_that_fixed_the_listing(client, world):
    item = received(world["ours"], 3)
    fix = world["ours"].save_revision(user=world["partner"])
    client.force_login(world["partner"])
    form = client.get(edit_url(item)).context["form"]
    assert fix in form.fields["fixed_revision"].queryset

    response = client.post(edit_url(item), {"status": "done", "fixed_revision": fix.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == FeedbackStatus.DONE and item.fixed_revision == fix
    assert item.answered_at is not None


def test_fixed_needs_a_revision_of_this_listing_not_another(client, world):
    item = received(world["ours"], 3)
    other = world["theirs"].save_revision()
    client.force_login(world["partner"])
    html = client.get(edit_url(item)).content.decode()
    assert f'value="{other.pk}"' not in html, "another organisation's revisions are not offered"

    for data in ({"status": "done"}, {"status": "done", "fixed_revision": other.pk}):
        response = client.post(edit_url(item), data)
        assert response.status_code == 200, "a form error, not a save"
        item.refresh_from_db()
        assert item.status == FeedbackStatus.NEW and item.fixed_revision is None
    assert (
        "Choose the update to the listing that fixed it."
        in client.post(edit_url(item), {"status": "done"}).content.decode()
    )


def test_not_a_change_needs_a_reason(client, world):
    item = received(world["ours"], 3)
    client.force_login(world["partner"])
    response = client.post(edit_url(item), {"status": "dismissed", "answer": "  "})
    assert response.status_code == 200
    assert "Say why the listing does not need to change." in response.content.decode()
    item.refresh_from_db()
    assert item.status == FeedbackStatus.NEW

    client.post(edit_url(item), {"status": "dismissed", "answer": "We do open at ten; the sign was wrong."})
    item.refresh_from_db()
    assert item.status == FeedbackStatus.DISMISSED
    assert item.answer == "We do open at ten; the sign was wrong." and item.answered_at is not None


def test_moderators_see_suggestions_unanswered_for_over_14_days(client, world):
    late = received(world["ours"], 20)
    late_theirs = received(world["theirs"], 15)
    received(world["ours"], 13, details="Recent")
    answered = received(world["theirs"], 40, status=FeedbackStatus.DISMISSED, answer="Right already")
    assert set(ListingFeedback.objects.unanswered_too_long()) == {late, late_theirs}

    client.force_login(world["moderator"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Suggestions unanswered for over 14 days" in home
    assert "2 suggestions from the public have had no answer" in home
    assert edit_url(late) in home and edit_url(late_theirs) in home and edit_url(answered) not in home

    listing = client.get(reverse("wagtailsnippets_directory_listingfeedback:list") + "?unanswered=true")
    html = listing.content.decode()
    assert edit_url(late) in html and edit_url(late_theirs) in html
    assert edit_url(answered) not in html


@pytest.mark.parametrize("role", ["partner", "strategy"])
def test_only_moderators_get_the_unanswered_panel(client, world, role):
    received(world["theirs"], 20)
    client.force_login(world[role])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Suggestions unanswered" not in home and "Beta Youth Club" not in home


def test_a_partner_cannot_answer_another_organisations_suggestion(client, world):
    item = received(world["theirs"], 20)
    fix = world["theirs"].save_revision()
    client.force_login(world["partner"])
    response = client.post(edit_url(item), {"status": "done", "fixed_revision": fix.pk})
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == FeedbackStatus.NEW
