"""A moderated update the partner marked "still accurate" counts as the listing's review (issue 18,
partners item 1): once it is published, "Last checked" is the day of the update, the listing leaves
the overdue report, and partners never type a review date."""

import datetime
import re

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import WorkflowState

import pytest

from directory import review
from directory.models import OrganisationMembership, ServicePage
from directory.roles import MODERATORS, PARTNER_EDITORS, setup_roles
from tests.directory.test_service_editing import service_form
from tests.factories import OrganisationPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2025, 9, 15)


@pytest.fixture
def world(site_tree, django_user_model):
    setup_roles(site_tree)
    organisation = OrganisationPageFactory(title="Moving On")
    today = review.today()
    # No inline rows, so the posted edit form (all rows new) describes the whole listing.
    overdue = ServicePageFactory(
        title="Moving On Preston",
        organisation=organisation,
        last_checked=LONG_AGO,
        next_review=today - datetime.timedelta(days=77),
        access_routes={},
        locations=[],
        opening_times=[],
    )
    fresh = ServicePageFactory(
        title="Moving On Chorley",
        organisation=organisation,
        last_checked=today - datetime.timedelta(days=10),
        next_review=today + datetime.timedelta(days=170),
        access_routes={},
        locations=[],
        opening_times=[],
    )
    partner = django_user_model.objects.create_user("partner-moving-on", "p@moving-on.example", "x")
    partner.groups.add(Group.objects.get(name=PARTNER_EDITORS))
    OrganisationMembership.objects.create(user=partner, organisation=organisation)
    moderator = django_user_model.objects.create_user("moderator", "m@council.example", "x")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    return {
        "organisation": organisation,
        "overdue": overdue,
        "fresh": fresh,
        "partner": partner,
        "moderator": moderator,
    }


def submit(client, world, service, **extra):
    data = service_form(
        world["organisation"],
        title=service.title,
        slug=service.slug,
        summary="Drop-in now on Tuesdays and Fridays.",
        **extra,
    )
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[service.pk]), {**data, "action-submit": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(service.pk), status="in_progress"
    )


def approve(client, world, service, state):
    client.force_login(world["moderator"])
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[service.pk, "approve", state.current_task_state.pk]
    )
    assert client.post(url, {"comment": ""}).status_code in {200, 302}


def test_the_partners_form_has_the_tick_and_no_review_dates(client, world):
    client.force_login(world["partner"])
    form = client.get(reverse("wagtailadmin_pages:edit", args=[world["overdue"].pk])).context["form"]
    assert "still_accurate" in form.fields
    assert "last_checked" not in form.fields and "next_review" not in form.fields


def test_the_tick_is_on_by_default_only_for_a_listing_due_for_review(client, world):
    client.force_login(world["partner"])
    for service, expected in ((world["overdue"], True), (world["fresh"], False)):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[service.pk]))
        html = response.content.decode()
        assert response.context["form"]["still_accurate"].initial is expected
        tag = re.search(r"<input[^>]*name=\"still_accurate\"[^>]*>", html)
        assert tag is not None and ("checked" in tag.group(0)) is expected


def test_a_moderated_update_marked_accurate_updates_last_checked_and_leaves_overdue(client, world):
    service, today = world["overdue"], review.today()
    assert service.pk in set(review.overdue_services().values_list("pk", flat=True))

    client.force_login(world["partner"])
    state = submit(client, world, service, still_accurate="on", last_checked="2020-01-01")
    live = ServicePage.objects.get(pk=service.pk)
    assert live.last_checked == LONG_AGO, "nothing changes on the live listing before approval"

    approve(client, world, service, state)
    live = ServicePage.objects.get(pk=service.pk)
    assert live.summary == "Drop-in now on Tuesdays and Fridays."
    assert live.last_checked == today, "the typed date is ignored: partners have no date field"
    assert live.next_review == review.next_review_date(today, live.kind)
    assert service.pk not in set(review.overdue_services().values_list("pk", flat=True))

    public = client.get(live.url).content.decode()
    assert f"Last checked on {today.day} {today:%B %Y}" in public
    assert "Last checked on 15 September 2025" not in public


def test_an_update_without_the_tick_keeps_the_listing_overdue(client, world):
    service = world["overdue"]
    client.force_login(world["partner"])
    state = submit(client, world, service)  # the box unticked: nothing posted for it
    approve(client, world, service, state)
    live = ServicePage.objects.get(pk=service.pk)
    assert live.summary == "Drop-in now on Tuesdays and Fridays."
    assert live.last_checked == LONG_AGO
    assert service.pk in set(review.overdue_services().values_list("pk", flat=True))


def test_a_rejected_update_does_not_count_as_the_review(client, world):
    service = world["overdue"]
    client.force_login(world["partner"])
    state = submit(client, world, service, still_accurate="on")
    client.force_login(world["moderator"])
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[service.pk, "reject", state.current_task_state.pk]
    )
    client.post(url, {"comment": "Please check the times."})
    assert ServicePage.objects.get(pk=service.pk).last_checked == LONG_AGO

    # Editing the rejected draft again: the earlier confirmation shows ticked; unticking it puts
    # the live dates back, so publishing this draft is not a review.
    client.force_login(world["partner"])
    form = client.get(reverse("wagtailadmin_pages:edit", args=[service.pk])).context["form"]
    assert form["still_accurate"].initial is True
    draft = ServicePage.objects.get(pk=service.pk).get_latest_revision_as_object()
    assert draft.last_checked == review.today()
    data = service_form(
        world["organisation"], title=service.title, slug=service.slug, summary="Tuesdays only."
    )
    client.post(reverse("wagtailadmin_pages:edit", args=[service.pk]), data)
    draft = ServicePage.objects.get(pk=service.pk).get_latest_revision_as_object()
    assert draft.summary == "Tuesdays only."
    assert draft.last_checked == LONG_AGO


def test_moderators_still_set_the_dates_by_hand(client, world):
    client.force_login(world["moderator"])
    form = client.get(reverse("wagtailadmin_pages:edit", args=[world["fresh"].pk])).context["form"]
    assert {"last_checked", "next_review", "still_accurate"} <= set(form.fields)
