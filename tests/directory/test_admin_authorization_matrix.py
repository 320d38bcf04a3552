"""The authorization matrix: every admin URL Wagtail registers × every role (issue 13, item 4).

The URL patterns are enumerated from Django's resolver, so a URL added by a Wagtail upgrade or a
new viewset is covered without anyone remembering to list it. Path parameters are filled with the
*other* organisation's objects (its listings, its unpublished listing, its draft revision, its
workflow task, its partner account and membership, the shared media), and every URL is fetched
twice: as it is, and with the query strings listings, filters, choosers and bulk actions read
(`?q=…&id=…&childOf=…&user=…`). No response to anyone may show another organisation's listing title,
draft text, partner username or e-mail, or the shared media, and none may be a server error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlencode

from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver

from wagtail.models import Collection, Page, TaskState

import pytest

from directory.models import ListingFeedback, OrganisationMembership, ServicePage
from directory.roles import MODERATORS, PARTNER_EDITORS, STRATEGY_TEAM, WORKFLOW_NAME, setup_roles
from tests.factories import OrganisationPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

OURS_TITLE = "Alpha stay and play"
THEIR_TITLE = "Beta youth club"
THEIR_HIDDEN_TITLE = "Beta unannounced clinic"
THEIR_DRAFT = "Unannounced closure planned for March"
THEIR_USERNAME = "partner-beta"
THEIR_EMAIL = "beta.editor@beta-youth.example.org"
MEDIA_TITLES = ("Beta Youth Trust poster", "Beta Youth Trust safeguarding policy")

# Views that are not pages of the admin: Wagtail's deliberate error page, its catch-all 404, logout.
SKIPPED_NAMES = {"wagtailadmin_error_test", "wagtailadmin_logout"}
SKIPPED_ROUTES = {"admin/test404/", "admin/^.*/$"}


def admin_patterns() -> list[tuple[str, str | None]]:
    """(route, name) of every URL pattern under /admin/, from the resolver."""

    def walk(resolver, prefix="") -> Iterator[tuple[str, str | None]]:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.name

    return [
        (route, name)
        for route, name in walk(get_resolver())
        if route.startswith("admin/") and name not in SKIPPED_NAMES and route not in SKIPPED_ROUTES
    ]


@pytest.fixture
def world(site_tree, django_user_model):
    from wagtail_factories import DocumentFactory, ImageFactory

    setup_roles(site_tree)
    groups = {name: Group.objects.get(name=name) for name in (PARTNER_EDITORS, MODERATORS, STRATEGY_TEAM)}

    def person(username, group, email):
        user = django_user_model.objects.create_user(username, email, "x")
        if group:
            user.groups.add(groups[group])
        return user

    alpha = OrganisationPageFactory(title="Alpha Family Support")
    beta = OrganisationPageFactory(title="Beta Youth Trust")
    ServicePageFactory(title=OURS_TITLE, organisation=alpha)
    theirs = ServicePageFactory(title=THEIR_TITLE, organisation=beta)
    hidden = ServicePageFactory(title=THEIR_HIDDEN_TITLE, organisation=beta)
    ServicePage.objects.filter(pk=hidden.pk).update(live=False, has_unpublished_changes=True)
    hidden = ServicePage.objects.get(pk=hidden.pk)

    partner_a = person("partner-alpha", PARTNER_EDITORS, "alpha.editor@alpha.example.org")
    OrganisationMembership.objects.create(user=partner_a, organisation=alpha)
    partner_b = person(THEIR_USERNAME, PARTNER_EDITORS, THEIR_EMAIL)
    membership_b = OrganisationMembership.objects.create(user=partner_b, organisation=beta)
    nobody = person("partner-new", PARTNER_EDITORS, "new.editor@example.org")
    moderator = person("moderator", MODERATORS, "moderator@council.example.org")
    strategy = person("strategy", STRATEGY_TEAM, "strategy@council.example.org")
    django_user_model.objects.create_superuser("admin", "root-admin@council.example.org", "x")

    # Partner B's draft of their live listing, submitted for moderation (a workflow state and a
    # task state with their username), their unpublished listing locked by them, history rows.
    draft = theirs.get_latest_revision_as_object()
    draft.summary = THEIR_DRAFT
    revision = draft.save_revision(user=partner_b, log_action=True)
    workflow = theirs.get_workflow()
    assert workflow is not None and workflow.name == WORKFLOW_NAME
    workflow_state = workflow.start(theirs, partner_b)
    hidden.save_revision(user=partner_b, log_action=True)
    ServicePage.objects.filter(pk=hidden.pk).update(locked=True, locked_by=partner_b)
    feedback = ListingFeedback.objects.create(service=theirs, reason="closed", details="Beta youth club shut")
    image = ImageFactory(title=MEDIA_TITLES[0])
    document = DocumentFactory(title=MEDIA_TITLES[1])

    task_state = TaskState.objects.filter(workflow_state=workflow_state).first()
    return {
        "roles": {
            "partner A": partner_a,
            "partner with no organisation": nobody,
            "moderator": moderator,
            "strategy": strategy,
        },
        "ids": {
            "theirs": theirs.pk,
            "hidden": hidden.pk,
            "beta": beta.pk,
            "services": theirs.get_parent().pk,
            "organisations": beta.get_parent().pk,
            "revision": revision.pk,
            "workflow": workflow.pk,
            "workflow_state": workflow_state.pk,
            "task_state": task_state.pk,
            "task": task_state.task_id,
            "user": partner_b.pk,
            "membership": membership_b.pk,
            "feedback": feedback.pk,
            "image": image.pk,
            "document": document.pk,
            "collection": Collection.get_first_root_node().pk,
        },
    }


def forbidden_text(role: str) -> tuple[str, ...]:
    """What this role must never be shown."""
    other_organisation = (THEIR_TITLE, THEIR_HIDDEN_TITLE, THEIR_DRAFT, THEIR_USERNAME, THEIR_EMAIL)
    if role == "moderator":
        # Moderators keep every listing; they must not see the accounts they may not manage.
        return ("root-admin@council.example.org", "strategy@council.example.org")
    if role == "partner A":
        return (*other_organisation, *MEDIA_TITLES)
    if role == "strategy":
        # No listing at all; the shared media library is theirs to use (guidance pages).
        return (*other_organisation, OURS_TITLE)
    # A partner not yet linked to an organisation: nothing.
    return (*other_organisation, OURS_TITLE, *MEDIA_TITLES)


PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _values(route: str, name: str, ids: dict[str, int]) -> list[str]:
    """The other organisation's objects to put in one path parameter."""
    page_like = [ids["theirs"], ids["hidden"]]
    by_name = {
        "page_id": page_like,
        "page_pk": page_like,
        "page_to_move_id": page_like,
        "parent_page_id": [ids["services"], ids["theirs"], ids["hidden"]],
        "destination_id": [ids["services"], ids["organisations"]],
        "revision_id": [ids["revision"]],
        "task_state_id": [ids["task_state"]],
        "task_id": [ids["task"]],
        "workflow_state_id": [ids["workflow_state"]],
        "workflow_pk": [ids["workflow"]],
        "image_id": [ids["image"]],
        "document_id": [ids["document"]],
        "doc_id": [ids["document"]],
        "collection_id": [ids["collection"]],
        "object_id": [ids["theirs"]],
        "uploaded_file_id": [1],
        "redirect_id": [1],
        "session_id": [1],
        "content_type_app_name": ["directory"],
        "content_type_model_name": ["servicepage"],
        "app_name": ["directory"],
        "app_label": ["directory"],
        "model_name": ["servicepage"],
        "filter_spec": ["original"],
        "uidb64": ["MQ"],
        "token": ["set-password"],
    }
    if name in by_name:
        return [str(value) for value in by_name[name]]
    if name in {"action_name", "action"}:
        return ["approve"] if "workflow" in route else ["copy"]
    if name == "pk":
        for part, key in (
            ("users/", "user"),
            ("organisationmembership/", "membership"),
            ("listingfeedback/", "feedback"),
            ("images/", "image"),
            ("documents/", "document"),
            ("collections/", "collection"),
            ("workflows/tasks/", "task"),
            ("workflows/", "workflow"),
        ):
            if part in route:
                return [str(ids[key])]
        return [str(ids["theirs"]), str(ids["hidden"])]
    raise AssertionError(f"No value for <{name}> in {route}: add one to the matrix")


def concrete_urls(route: str, ids: dict[str, int]) -> list[str]:
    route = route.replace("^", "").replace("$", "")
    if "(?P<" in route:  # the revisions comparison, written as a regular expression
        route = re.sub(r"\(\?P<revision_id_a>[^)]*\)", "earliest", route)
        route = re.sub(r"\(\?P<revision_id_b>[^)]*\)", "latest", route)
        route = route.replace(r"\.\.\.", "...")
        route = re.sub(r"\(\?P<pk>[^)]*\)", "<int:pk>", route)
    urls = ["/" + route]
    while any(PARAMETER.search(url) for url in urls):
        expanded = []
        for url in urls:
            match = PARAMETER.search(url)
            if not match:
                expanded.append(url)
                continue
            for value in _values(route, match["name"], ids):
                expanded.append(url[: match.start()] + value + url[match.end() :])
        urls = expanded
    return urls


def bulk_action_urls(ids: dict[str, int]) -> list[str]:
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    bulk_action_registry._scan_for_bulk_actions()
    urls = []
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            for action in actions:
                urls.append(f"/admin/bulk/{app_label}/{model_name}/{action}/")
    return urls


def query_strings(ids: dict[str, int], *, bulk_action: bool = False) -> list[str]:
    """No query string, the filters listings and choosers read, and for a bulk action (the only
    view that reads `id=all`: wagtail/admin/views/bulk_action/base_bulk_action.py) "select all"."""
    filters = [
        ("q", "beta"),
        ("id", ids["theirs"]),
        ("id", ids["hidden"]),
        ("id", ids["user"]),
        ("id", ids["membership"]),
        ("childOf", ids["services"]),
        ("user", ids["user"]),
        ("owner", ids["user"]),
        ("locked_by", ids["user"]),
        ("page_id", ids["theirs"]),
    ]
    strings = ["", "?" + urlencode(filters)]
    if bulk_action:
        strings.append("?" + urlencode([("id", "all"), ("childOf", ids["services"])]))
    return strings


def all_requests(ids) -> list[str]:
    urls = []
    for route, name in admin_patterns():
        bulk_action = name == "wagtail_bulk_action"
        bases = bulk_action_urls(ids) if bulk_action else concrete_urls(route, ids)
        for base in bases:
            for query in query_strings(ids, bulk_action=bulk_action):
                urls.append(base + query)
    return urls


def leaks_for(client, user, role, urls) -> tuple[list[str], list[str]]:
    forbidden = forbidden_text(role)
    leaks, errors = [], []
    client.raise_request_exception = False  # a server error is a finding, counted below
    client.force_login(user)
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{role}: GET {url} → {response.status_code}")
            continue
        body = (b"".join(response.streaming_content) if response.streaming else response.content).decode(
            "utf-8", "replace"
        )
        shown = [text for text in forbidden if text in body]
        if shown:
            leaks.append(f"{role}: GET {url} → {response.status_code} shows {shown}")
        if response.status_code in {301, 302} and "/login/" in response.get("Location", ""):
            client.force_login(user)  # a view that signed the user out (none should)
    return leaks, errors


@pytest.mark.parametrize("role", ["partner A", "partner with no organisation", "moderator", "strategy"])
def test_no_admin_url_shows_another_organisations_titles_drafts_or_accounts(client, world, role):
    urls = all_requests(world["ids"])
    patterns = admin_patterns()
    print(f"\nauthorization matrix: {len(patterns)} URL patterns → {len(urls)} requests for role {role!r}")
    leaks, errors = leaks_for(client, world["roles"][role], role, urls)
    print(f"{len(leaks)} leaks, {len(errors)} server errors")
    assert not errors and not leaks, (
        f"{len(leaks)} of {len(urls)} requests leak, {len(errors)} fail:\n" + "\n".join(errors + leaks)
    )


def test_the_matrix_covers_every_registered_admin_url(world):
    """Every admin pattern but the skipped ones yields at least one request, and the request list
    has the other organisation's ids in it: a URL can't silently drop out of the matrix."""
    ids = world["ids"]
    for route, name in admin_patterns():
        bases = bulk_action_urls(ids) if name == "wagtail_bulk_action" else concrete_urls(route, ids)
        assert bases, route
        assert all("<" not in url for url in bases), route
    assert any(f"/admin/pages/{ids['hidden']}/edit/" == url for url in all_requests(ids))


def test_the_matrix_would_see_a_leak(client, world, settings):
    """The check itself can fail: a moderator is shown other organisations' titles on the explorer,
    and the same check as a partner A forbidden list finds them."""
    url = f"/admin/pages/{world['ids']['services']}/"
    leaks, _ = leaks_for(client, world["roles"]["moderator"], "partner A", [url])
    assert leaks and THEIR_TITLE in leaks[0]
    assert Page.objects.filter(pk=world["ids"]["hidden"], live=False).exists()
