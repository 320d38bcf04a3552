"""Moderation, in a real browser: a partner editor changes their own listing and submits it to the
"Directory moderation" workflow from Wagtail's footer action menu (they have no Publish action); the
public page keeps the old text until a moderator approves it with a comment, and the moderators are
emailed when it is submitted. The browser version of the client-driven check in
`tests/directory/test_partner_isolation.py`."""

import re
from dataclasses import dataclass

from django.contrib.auth.models import Group

from wagtail.models import WorkflowState

import pytest

from directory.models import OrganisationMembership, OrganisationPage, ServicePage
from directory.roles import MODERATORS, PARTNER_EDITORS, WORKFLOW_NAME, setup_roles
from home.site_tree import ensure_site_tree
from tests.factories import OrganisationPageFactory, ServicePageFactory

pytestmark = pytest.mark.browser

PASSWORD = "a-long-browser-test-password"
OLD_SUMMARY = "Stay and play sessions for under-fives on Tuesday mornings."
NEW_SUMMARY = "Stay and play sessions for under-fives on Tuesday and Friday mornings."
COMMENT = "Thanks, the Friday session is on the council calendar too."


@dataclass(frozen=True)
class Moderation:
    organisation: OrganisationPage
    service: ServicePage
    partner: object
    moderator: object


@pytest.fixture
def moderation(directory, django_user_model, settings):
    # Wagtail shows Gravatar avatars for users with an email address: no requests to other hosts.
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    setup_roles(ensure_site_tree())
    organisation = OrganisationPageFactory(title="Alpha Family Support", slug="alpha-family-support")
    service = ServicePageFactory(
        title="Alpha stay and play",
        slug="alpha-stay-and-play",
        organisation=organisation,
        summary=OLD_SUMMARY,
        access_routes={"self_referral": "Just turn up."},
        locations=[{"postcode": "PR1 2HE"}],
    )

    def user(username: str, email: str, group: str):
        person = django_user_model.objects.create_user(username, email=email)
        person.set_password(PASSWORD)
        person.save()
        person.groups.add(Group.objects.get(name=group))
        return person

    partner = user("partner-alpha", "partner-alpha@example.org", PARTNER_EDITORS)
    OrganisationMembership.objects.create(user=partner, organisation=organisation)
    moderator = user("moderator", "moderator@example.org", MODERATORS)
    return Moderation(organisation, service, partner, moderator)


def sign_in(browsing, username: str):
    page = browsing.page
    browsing.open("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def public_page(open_tab, service):
    """The listing as the public sees it, in a fresh anonymous browser context."""
    anonymous = open_tab()
    anonymous.open(service.url)
    return anonymous.page


def test_partner_submits_a_change_and_a_moderator_approves_it(open_tab, moderation, mailoutbox):
    from playwright.sync_api import expect

    service = moderation.service
    assert service.url == f"/services/{service.slug}/"

    # 1. The partner changes the summary and submits it to the moderation workflow.
    partner = open_tab()
    sign_in(partner, "partner-alpha")
    partner.open(f"/admin/pages/{service.pk}/edit/")
    page = partner.page
    summary = page.get_by_role("textbox", name="Summary")
    expect(summary).to_have_value(OLD_SUMMARY)
    summary.fill(NEW_SUMMARY)

    page.get_by_role("button", name="More actions").click()
    submit = page.get_by_role("button", name=f"Submit to {WORKFLOW_NAME}")
    expect(submit).to_be_visible()
    # 2. ...with no way to publish it themselves.
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    expect(page.locator("[name='action-publish']")).to_have_count(0)
    submit.click()

    expect(page.get_by_text(f"Page '{service.title}' has been submitted for moderation.")).to_be_visible()
    state = WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(service.pk), status="in_progress"
    )
    assert state.requested_by == moderation.partner
    expect(public_page(open_tab, service).get_by_text(OLD_SUMMARY)).to_be_visible()
    assert ServicePage.objects.get(pk=service.pk).summary == OLD_SUMMARY

    # 4. The moderators were emailed when it was submitted (the live server runs in this process,
    # so its local-memory outbox is this one).
    told = [message for message in mailoutbox if moderation.moderator.email in message.to]
    assert any(service.title in message.subject for message in told), [
        (message.to, message.subject) for message in mailoutbox
    ]

    # The partner still cannot publish it while it waits for review.
    partner.open(f"/admin/pages/{service.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    expect(page.locator("[name='action-publish']")).to_have_count(0)

    # 3. The moderator finds it awaiting review on the dashboard and approves it with a comment.
    moderator = open_tab()
    sign_in(moderator, "moderator")
    page = moderator.page
    awaiting = page.get_by_role("region", name="Awaiting your review")
    row = awaiting.get_by_role("row").filter(has_text=service.title)
    row.get_by_role("button", name="Actions").click()
    page.get_by_role("button", name="Approve with comment").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Comment").fill(COMMENT)
    dialog.get_by_role("button", name="Approve with comment").click()
    # The dashboard reloads with nothing left to review.
    expect(awaiting).to_have_count(0)

    state.refresh_from_db()
    assert state.status == "approved"
    assert state.current_task_state.comment == COMMENT
    assert ServicePage.objects.get(pk=service.pk).summary == NEW_SUMMARY
    fresh = public_page(open_tab, service)
    expect(fresh.get_by_text(NEW_SUMMARY)).to_be_visible()
    expect(fresh.get_by_text(OLD_SUMMARY)).to_have_count(0)
