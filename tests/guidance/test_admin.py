"""Editing a pathway in the Wagtail admin: a broken flow cannot be saved or published, and each
error is put on the question, answer or outcome it is about; the "Check and map" tab shows the
diagram and every path."""

import uuid

from django.urls import reverse

from wagtail.blocks import ListBlockValidationError, StreamBlockValidationError, StructBlockValidationError
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

import pytest

from guidance.models import PathwayPage, SafeguardingContact
from tests.factories import NeedThemeFactory

from .factories import PathwayPageFactory, SafeguardingContactFactory, simple_flow

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    NeedThemeFactory(slug="parenting", name="Parenting")
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "password")
    client.force_login(user)
    return client


RICH_FIELDS = {"guidance", "next_steps_families", "next_steps_professionals"}


def _struct(prefix: str, value: dict, data: dict) -> None:
    for name, item in value.items():
        key = f"{prefix}-{name}"
        if name in ("answers", "bands", "related_guidance"):
            _list(key, item, data)
        elif name == "services":
            _struct(key, item, data)
        elif name in RICH_FIELDS:
            data[key] = rich_text(item or "")
        elif isinstance(item, bool):
            if item:
                data[key] = "on"
        elif isinstance(item, list):
            data[key] = [str(v) for v in item]
        else:
            data[key] = "" if item is None else str(item)


def _list(prefix: str, items: list, data: dict) -> None:
    data[f"{prefix}-count"] = str(len(items))
    for index, item in enumerate(items):
        data[f"{prefix}-{index}-deleted"] = ""
        data[f"{prefix}-{index}-order"] = str(index)
        data[f"{prefix}-{index}-id"] = str(uuid.uuid4())
        if isinstance(item, dict):
            _struct(f"{prefix}-{index}-value", item, data)
        else:
            data[f"{prefix}-{index}-value"] = str(item)


def _stream(prefix: str, blocks: list, data: dict) -> None:
    data[f"{prefix}-count"] = str(len(blocks))
    for index, block in enumerate(blocks):
        data[f"{prefix}-{index}-type"] = block["type"]
        data[f"{prefix}-{index}-deleted"] = ""
        data[f"{prefix}-{index}-order"] = str(index)
        data[f"{prefix}-{index}-id"] = str(uuid.uuid4())
        _struct(f"{prefix}-{index}-value", block["value"], data)


def pathway_form(questions, outcomes, **fields) -> dict:
    data = {
        "title": "Sleep worries",
        "slug": "sleep-worries",
        "intro": "Answer a few questions.",
        "audience": "families",
        "safeguarding_relevant": "on",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "seo_title": "",
        "search_description": "",
        **fields,
    }
    _stream("questions", questions, data)
    _stream("outcomes", outcomes, data)
    return data


def add_url(site_tree):
    return reverse("wagtailadmin_pages:add", args=("guidance", "pathwaypage", site_tree.pathways.pk))


def test_a_valid_pathway_can_be_published_from_the_admin(admin_client, site_tree):
    contact = SafeguardingContactFactory()
    data = pathway_form(*simple_flow(contact.pk), **{"action-publish": "action-publish"})
    response = admin_client.post(add_url(site_tree), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = PathwayPage.objects.get(slug="sleep-worries")
    assert page.live and [block.value["id"] for block in page.questions] == ["danger", "age", "worries"]


@pytest.mark.parametrize("action", ["save-draft", "publish"])
def test_a_broken_pathway_is_refused_with_errors_on_the_offending_blocks(admin_client, site_tree, action):
    contact = SafeguardingContactFactory()
    questions, outcomes = simple_flow(contact.pk)
    questions[2]["value"]["answers"][1]["next"] = "nowhere"  # unknown target
    outcomes[2]["value"]["level"] = "3"
    outcomes[2]["value"]["escalation_contact"] = None  # level 3 without a contact
    data = pathway_form(
        questions, outcomes, **({"action-publish": "action-publish"} if action == "publish" else {})
    )
    response = admin_client.post(add_url(site_tree), data)

    assert response.status_code == 200
    assert not PathwayPage.objects.filter(slug="sleep-worries").exists()
    form = response.context["form"]
    question_error = form.errors.as_data()["questions"][0]
    assert isinstance(question_error, StreamBlockValidationError)
    answer_errors = question_error.block_errors[2].block_errors["answers"]
    assert isinstance(answer_errors, ListBlockValidationError)
    assert "nowhere" in answer_errors.block_errors[1].block_errors["next"].messages[0]
    outcome_error = form.errors.as_data()["outcomes"][0].block_errors[2]
    assert isinstance(outcome_error, StructBlockValidationError)
    assert "escalation contact" in outcome_error.block_errors["escalation_contact"].messages[0]
    # The school outcome is now out of reach too: three problems in all, each named in the summary.
    summary = " ".join(form.non_field_errors())
    assert "3 problems to fix" in summary and "Outcome 3 ('school-help')" in summary


def test_an_unreachable_question_error_sits_on_the_whole_question(admin_client, site_tree):
    contact = SafeguardingContactFactory()
    questions, outcomes = simple_flow(contact.pk)
    questions[0]["value"]["answers"][1]["next"] = "worries"  # skips the age question
    response = admin_client.post(add_url(site_tree), pathway_form(questions, outcomes))
    error = response.context["form"].errors.as_data()["questions"][0].block_errors[1]
    assert "Nobody can reach this question" in str(error.non_block_errors.as_data()[0].messages)


def test_the_check_and_map_tab_shows_the_diagram_problems_and_every_path(admin_client, site_tree):
    pathway = PathwayPageFactory(title="Sleep worries")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(pathway.pk,)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check and map" in html and "<svg" in html and 'role="img"' in html
    assert "Every path (7)" in html and "No errors." in html
    assert "Sleep (ticked first)" in html
    # A filter with no live services today is a warning, not an error.
    assert "No live service matches" in html


def test_the_safeguarding_contacts_snippet_is_managed_in_the_admin(admin_client, site_tree):
    SafeguardingContactFactory(name="MASH front door")
    response = admin_client.get(reverse("wagtailsnippets_guidance_safeguardingcontact:list"))
    assert response.status_code == 200 and "MASH front door" in response.content.decode()


def test_a_contact_a_pathway_escalates_to_cannot_be_deleted(admin_client, site_tree):
    mash = SafeguardingContactFactory(name="MASH front door")
    questions, outcomes = simple_flow(mash.pk)
    PathwayPageFactory(title="Worries", questions=questions, outcomes=outcomes)
    spare = SafeguardingContactFactory(name="Old helpline")
    delete = "wagtailsnippets_guidance_safeguardingcontact:delete"

    for method in (admin_client.get, admin_client.post):
        response = method(reverse(delete, args=(mash.pk,)), follow=True)
        html = response.content.decode()
        assert "MASH front door was not deleted: outcomes in “Worries” escalate to it" in html
    assert SafeguardingContact.objects.filter(pk=mash.pk).exists()

    admin_client.post(reverse(delete, args=(spare.pk,)))
    assert not SafeguardingContact.objects.filter(pk=spare.pk).exists(), "an unused contact deletes as usual"


def test_a_contact_named_only_in_a_draft_is_kept_too(admin_client, site_tree):
    pathway = PathwayPageFactory(title="Worries")
    newcomer = SafeguardingContactFactory(name="Early help hub")
    questions, outcomes = simple_flow(newcomer.pk)
    pathway.outcomes = outcomes
    pathway.save_revision()  # not published
    admin_client.post(reverse("wagtailsnippets_guidance_safeguardingcontact:delete", args=(newcomer.pk,)))
    assert SafeguardingContact.objects.filter(pk=newcomer.pk).exists()


def test_setup_roles_lets_the_strategy_team_build_pathways_and_guidance_but_not_listings(
    site_tree, django_user_model
):
    from django.contrib.auth.models import Group

    from directory.roles import STRATEGY_TEAM, setup_roles

    setup_roles(site_tree)
    setup_roles(site_tree)  # idempotent: every deploy runs it
    user = django_user_model.objects.create_user("strategist", password="x")
    user.groups.add(Group.objects.get(name=STRATEGY_TEAM))
    for section in (site_tree.pathways, site_tree.guidance):
        permissions = Page.objects.get(pk=section.pk).permissions_for_user(user)
        assert permissions.can_add_subpage() and permissions.can_publish_subpage()
    assert user.has_perm("guidance.change_safeguardingcontact")
    services = Page.objects.get(pk=site_tree.services.pk).permissions_for_user(user)
    assert not services.can_add_subpage()
