"""Partner isolation, proven: a partner editor can neither see nor change another organisation's
listings or drafts through any admin URL, and changes reach the public only through moderation."""

import contextlib

from django.urls import NoReverseMatch, reverse

from wagtail.models import AbstractPage, PageLogEntry, WorkflowState
from wagtail.permissions import policy_registry

import pytest

from directory.models import OrganisationMembership, ServicePage
from directory.permissions import DirectoryPagePermissionPolicy
from directory.roles import MODERATORS, PARTNER_EDITORS, setup_roles
from tests.directory.test_service_editing import service_form
from tests.factories import OrganisationPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

SECRET = "Unannounced closure planned for March"


@pytest.fixture
def world(site_tree, django_user_model):
    from django.contrib.auth.models import Group

    setup_roles(site_tree)
    alpha = OrganisationPageFactory(title="Alpha Family Support")
    beta = OrganisationPageFactory(title="Beta Youth Trust")
    # No inline rows, so the edit forms the tests post (all rows new) describe the whole listing.
    ours = ServicePageFactory(
        title="Alpha stay and play", organisation=alpha, access_routes={}, locations=[], opening_times=[]
    )
    theirs = ServicePageFactory(title="Beta youth club", organisation=beta)
    draft = theirs.get_latest_revision_as_object()
    draft.summary = SECRET
    draft.save_revision()

    partner = django_user_model.objects.create_user(
        "partner-alpha", password="x", email="partner-alpha@example.org"
    )
    partner.groups.add(Group.objects.get(name=PARTNER_EDITORS))
    OrganisationMembership.objects.create(user=partner, organisation=alpha)
    moderator = django_user_model.objects.create_user("moderator", password="x", email="mod@example.org")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    return {
        "alpha": alpha,
        "beta": beta,
        "ours": ours,
        "theirs": ServicePage.objects.get(pk=theirs.pk),
        "partner": partner,
        "moderator": moderator,
    }


@pytest.fixture
def partner_client(client, world):
    client.force_login(world["partner"])
    return client


def test_wagtail_uses_the_directory_page_policy():
    assert isinstance(policy_registry.get_by_type(AbstractPage), DirectoryPagePermissionPolicy)


def page_urls(page) -> dict[str, str]:
    revision = page.latest_revision
    names = {
        "edit": ("wagtailadmin_pages:edit", [page.pk]),
        "preview": ("wagtailadmin_pages:preview_on_edit", [page.pk]),
        "view draft": ("wagtailadmin_pages:view_draft", [page.pk]),
        "revisions": ("wagtailadmin_pages:revisions_index", [page.pk]),
        "revision": ("wagtailadmin_pages:revisions_view", [page.pk, revision.pk]),
        "compare": ("wagtailadmin_pages:revisions_compare", [page.pk, "earliest", "latest"]),
        "revert": ("wagtailadmin_pages:revisions_revert", [page.pk, revision.pk]),
        "history": ("wagtailadmin_pages:history", [page.pk]),
        "history results": ("wagtailadmin_pages:history_results", [page.pk]),
        "workflow history": ("wagtailadmin_pages:workflow_history", [page.pk]),
        "usage": ("wagtailadmin_pages:usage", [page.pk]),
        "delete": ("wagtailadmin_pages:delete", [page.pk]),
        "unpublish": ("wagtailadmin_pages:unpublish", [page.pk]),
        "move": ("wagtailadmin_pages:move", [page.pk]),
        "copy": ("wagtailadmin_pages:copy", [page.pk]),
        "lock": ("wagtailadmin_pages:lock", [page.pk]),
        "unlock": ("wagtailadmin_pages:unlock", [page.pk]),
        "privacy": ("wagtailadmin_pages:set_privacy", [page.pk]),
        "add subpage": ("wagtailadmin_pages:add_subpage", [page.pk]),
        "cancel workflow": ("wagtailadmin_pages:confirm_workflow_cancellation", [page.pk]),
    }
    return {label: reverse(name, args=args) for label, (name, args) in names.items()}


@pytest.mark.parametrize(
    "action",
    [
        "edit",
        "preview",
        "view draft",
        "revisions",
        "revision",
        "compare",
        "revert",
        "history",
        "history results",
        "workflow history",
        "usage",
        "delete",
        "unpublish",
        "move",
        "copy",
        "lock",
        "unlock",
        "privacy",
        "add subpage",
        "cancel workflow",
    ],
)
def test_another_organisations_listing_cannot_be_seen_or_changed(partner_client, world, action):
    theirs = world["theirs"]
    url = page_urls(theirs)[action]
    before = (theirs.live, theirs.title, theirs.locked, theirs.latest_revision_id, theirs.url_path)

    viewed = partner_client.get(url)
    if action == "cancel workflow":
        # Answers {"step": "no_confirmation_needed"} to anyone: it describes no page.
        assert "Beta" not in viewed.content.decode()
    else:
        assert viewed.status_code in {302, 403, 404, 405}, f"GET {action}: {viewed.status_code}"
    assert SECRET not in viewed.content.decode()

    if action == "cancel workflow":
        return  # answers only JSON about the current user's request, changes nothing (checked above)
    changed = partner_client.post(
        url, {"new_title": "Stolen", "new_slug": "stolen", "new_parent_page": theirs.get_parent().pk}
    )
    assert changed.status_code in {302, 403, 404, 405}, f"POST {action}: {changed.status_code}"
    assert SECRET not in changed.content.decode()
    theirs = ServicePage.objects.get(pk=theirs.pk)
    assert (theirs.live, theirs.title, theirs.locked, theirs.latest_revision_id, theirs.url_path) == before
    assert ServicePage.objects.filter(slug="stolen").count() == 0


def test_the_same_urls_work_for_the_partners_own_listing(partner_client, world):
    urls = page_urls(world["ours"])
    for action in ("edit", "history", "usage"):
        assert partner_client.get(urls[action]).status_code == 200, action


def listing_urls(world) -> dict[str, str]:
    services = world["theirs"].get_parent()
    urls = {
        "explorer": reverse("wagtailadmin_explore", args=[services.pk]),
        "explorer results": reverse("wagtailadmin_explore_results", args=[services.pk]),
        "admin search": reverse("wagtailadmin_pages:search") + "?q=youth",
        "admin search results": reverse("wagtailadmin_pages:search_results") + "?q=youth",
        "page chooser": reverse("wagtailadmin_choose_page_child", args=[services.pk]),
        "page chooser search": reverse("wagtailadmin_choose_page_search") + "?q=youth",
        "dashboard": reverse("wagtailadmin_home"),
        "workflow report": reverse("wagtailadmin_reports:workflow"),
        "locked pages report": reverse("wagtailadmin_reports:locked_pages"),
    }
    for label, name in (
        ("site history", "wagtailadmin_reports:site_history"),
        ("aging pages", "wagtailadmin_reports:aging_pages"),
    ):
        with contextlib.suppress(NoReverseMatch):
            urls[label] = reverse(name)
    return urls


def test_no_listing_chooser_search_or_report_leaks_another_organisations_listing(
    partner_client, world, client
):
    # Give the history and locked-pages reports a row about the other organisation's listing.
    world["theirs"].save_revision(user=world["moderator"], log_action=True)
    ServicePage.objects.filter(pk=world["theirs"].pk).update(locked=True, locked_by=world["moderator"])
    for label, url in listing_urls(world).items():
        response = partner_client.get(url)
        html = response.content.decode()
        assert response.status_code in {200, 302, 403}, f"{label}: {response.status_code}"
        assert "Beta youth club" not in html, f"{label} shows another organisation's listing"
        assert SECRET not in html, f"{label} shows another organisation's draft"


def test_the_explorer_still_shows_the_partners_own_listing(partner_client, world):
    services = world["ours"].get_parent()
    html = partner_client.get(reverse("wagtailadmin_explore", args=[services.pk])).content.decode()
    assert "Alpha stay and play" in html


def test_a_new_listing_can_only_belong_to_the_partners_own_organisation(partner_client, world):
    services = world["ours"].get_parent()
    url = reverse("wagtailadmin_pages:add", args=("directory", "servicepage", services.pk))
    form = partner_client.get(url).context["form"]
    assert list(form.fields["organisation"].queryset) == [world["alpha"]]
    response = partner_client.post(url, service_form(world["beta"]))
    assert response.status_code == 200, "choosing another organisation is a form error"
    assert not ServicePage.objects.filter(slug="little-explorers").exists()


def test_partner_changes_go_to_moderation_and_reach_the_public_only_when_approved(
    partner_client, world, client, django_user_model, mailoutbox
):
    ours = world["ours"]
    data = service_form(
        world["alpha"], title="Alpha stay and play", slug=ours.slug, summary="Now on Fridays too."
    )

    published = partner_client.post(
        reverse("wagtailadmin_pages:edit", args=[ours.pk]), {**data, "action-publish": "1"}
    )
    assert ServicePage.objects.get(pk=ours.pk).summary != "Now on Fridays too.", (
        "partners never publish directly"
    )
    assert published.status_code in {200, 302}

    submitted = partner_client.post(
        reverse("wagtailadmin_pages:edit", args=[ours.pk]), {**data, "action-submit": "1"}
    )
    assert submitted.status_code == 302
    live = ServicePage.objects.get(pk=ours.pk)
    assert live.summary != "Now on Fridays too.", "the live listing stays as it was while in moderation"
    state = WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(ours.pk), status="in_progress"
    )
    assert any(world["moderator"].email in message.to for message in mailoutbox), "moderators are told"

    client.force_login(world["moderator"])
    task_state = state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[ours.pk, "approve", task_state.pk])
    response = client.post(approve, {"comment": "Thanks, looks right."})
    assert response.status_code in {200, 302}
    assert ServicePage.objects.get(pk=ours.pk).summary == "Now on Fridays too."
    assert client.get(ours.url).content.decode().count("Now on Fridays too.") >= 1

    actions = set(PageLogEntry.objects.filter(page_id=ours.pk).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions
    assert PageLogEntry.objects.filter(
        page_id=ours.pk, action="wagtail.workflow.start", user=world["partner"]
    ).exists()
    assert PageLogEntry.objects.filter(
        page_id=ours.pk, action="wagtail.workflow.approve", user=world["moderator"]
    ).exists()


def test_a_moderator_can_reject_with_a_comment_and_the_live_listing_is_unchanged(
    partner_client, world, client, mailoutbox
):
    ours = world["ours"]
    data = service_form(
        world["alpha"], title="Alpha stay and play", slug=ours.slug, summary="Closed for good."
    )
    partner_client.post(reverse("wagtailadmin_pages:edit", args=[ours.pk]), {**data, "action-submit": "1"})
    state = WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(ours.pk), status="in_progress"
    )

    client.force_login(world["moderator"])
    reject = reverse(
        "wagtailadmin_pages:workflow_action", args=[ours.pk, "reject", state.current_task_state.pk]
    )
    client.post(reject, {"comment": "We still see sessions running: please check."})
    assert ServicePage.objects.get(pk=ours.pk).summary != "Closed for good."
    state.refresh_from_db()
    assert state.status == "needs_changes"
    rejection = [message for message in mailoutbox if "partner-alpha@example.org" in message.to]
    assert rejection, "the partner who submitted is told it needs changes"


def test_moderators_link_partner_accounts_to_organisations(client, world, django_user_model):
    newcomer = django_user_model.objects.create_user("partner-new", password="x")
    client.force_login(world["moderator"])
    url = reverse("wagtailsnippets_directory_organisationmembership:add")
    response = client.post(url, {"user": newcomer.pk, "organisation": world["beta"].pk})
    assert response.status_code == 302
    assert OrganisationMembership.objects.filter(user=newcomer, organisation=world["beta"]).exists()


def test_partners_cannot_manage_memberships(partner_client, world):
    url = reverse("wagtailsnippets_directory_organisationmembership:list")
    assert partner_client.get(url).status_code in {302, 403}


@pytest.mark.parametrize("url_name", ["wagtailimages:index", "wagtaildocs:index"])
def test_partners_have_no_access_to_the_shared_media_library(partner_client, world, url_name):
    assert partner_client.get(reverse(url_name)).status_code in {302, 403}


@pytest.mark.parametrize("url_name", ["wagtailimages_chooser:choose", "wagtaildocs_chooser:choose"])
def test_media_choosers_show_partners_nothing_from_the_shared_library(partner_client, world, url_name):
    from wagtail_factories import DocumentFactory, ImageFactory

    ImageFactory(title="Beta Youth Trust poster")
    DocumentFactory(title="Beta Youth Trust safeguarding policy")
    html = partner_client.get(reverse(url_name)).content.decode()
    assert "Beta Youth Trust" not in html


def test_a_locked_listing_cannot_be_overwritten_by_someone_else(partner_client, world):
    from django.test import Client

    ours = world["ours"]
    moderator = Client()
    moderator.force_login(world["moderator"])
    moderator.post(reverse("wagtailadmin_pages:lock", args=[ours.pk]))
    assert ServicePage.objects.get(pk=ours.pk).locked

    data = service_form(world["alpha"], title="Alpha stay and play", slug=ours.slug, summary="Overwritten.")
    partner_client.post(reverse("wagtailadmin_pages:edit", args=[ours.pk]), data)
    assert ServicePage.objects.get(pk=ours.pk).latest_revision.as_object().summary != "Overwritten."
