"""The people who keep the directory right, as Wagtail groups.

- Partner editors: edit and submit their own organisation's listings (see OrganisationMembership);
  never publish directly.
- Directory moderators: approve or reject any listing; manage themes, synonyms and organisations;
  create partner accounts and link them to organisations (the Users admin shows them partner
  accounts only and lets them grant *Partner editors* only: directory/user_admin.py).
- Strategy team: guidance and pathways.
- Administrators: Django superusers.
"""

PARTNER_EDITORS = "Partner editors"
MODERATORS = "Directory moderators"
STRATEGY_TEAM = "Strategy team"


def moderators():
    """Active users who moderate the directory (members of the moderators group, and superusers)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(Q(groups__name=MODERATORS) | Q(is_superuser=True), is_active=True)
        .distinct()
    )


WORKFLOW_NAME = "Directory moderation"
APPROVAL_TASK_NAME = "Moderator approval"

PARTNER_PAGE_PERMISSIONS = {"services": ("add_page", "change_page"), "organisations": ("change_page",)}
MODERATOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
)
MODERATOR_MODEL_PERMISSIONS = [
    (app, f"{action}_{model}")
    for app, model in [
        ("directory", "needtheme"),
        ("directory", "language"),
        ("directory", "accessibilityfeature"),
        ("directory", "organisationmembership"),
        ("auth", "user"),
    ]
    for action in ("add", "change", "delete", "view")
]
# The strategy team writes guidance and builds pathways, and keeps the safeguarding contacts
# that pathway outcomes escalate to.
STRATEGY_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
STRATEGY_MODEL_PERMISSIONS = [
    ("guidance", f"{action}_safeguardingcontact") for action in ("add", "change", "delete", "view")
]
# Wagtail's first migration creates these two groups with add/edit/publish (and more) on the root
# page: anyone put in them could edit every page of the site. Right Door does not use them, so
# `setup_roles` deletes them on every deploy.
WAGTAIL_LEFTOVER_GROUPS = ("Moderators", "Editors")
MEDIA_PERMISSIONS = {
    "wagtailimages": ("add_image", "choose_image"),
    "wagtaildocs": ("add_document", "choose_document"),
}


def _permission(app_label: str, codename: str):
    from django.contrib.auth.models import Permission

    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def setup_roles(sections):
    """Create (or bring up to date) the groups, their permissions and the moderation workflow.
    Idempotent: safe to run on every deploy.

    `sections` holds the section pages the permissions and workflow attach to, as attributes
    `services`, `organisations`, `guidance` and `pathways` (the caller passes
    `home.site_tree.ensure_site_tree()`; directory does not import the layers above it)."""
    from django.contrib.auth.models import Group

    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    tree = sections
    Group.objects.filter(name__in=WAGTAIL_LEFTOVER_GROUPS).delete()
    sections = {"services": tree.services, "organisations": tree.organisations}
    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (PARTNER_EDITORS, MODERATORS, STRATEGY_TEAM)
    }
    access_admin = _permission("wagtailadmin", "access_admin")
    root_collection = Collection.get_first_root_node()

    for group in groups.values():
        group.permissions.add(access_admin)
    # Listings have no image or document fields, and the media library is shared, so partner
    # editors get no media permissions at all: they cannot see other organisations' uploads.
    for group in (groups[MODERATORS], groups[STRATEGY_TEAM]):
        for app_label, codenames in MEDIA_PERMISSIONS.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=_permission(app_label, codename)
                )

    for section, codenames in PARTNER_PAGE_PERMISSIONS.items():
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[PARTNER_EDITORS],
                page=sections[section],
                permission=_permission("wagtailcore", codename),
            )
    for page in sections.values():
        for codename in MODERATOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=groups[MODERATORS], page=page, permission=_permission("wagtailcore", codename)
            )
    groups[MODERATORS].permissions.add(
        *(_permission(app, codename) for app, codename in MODERATOR_MODEL_PERMISSIONS)
    )

    for section in (tree.guidance, tree.pathways):
        for codename in STRATEGY_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=groups[STRATEGY_TEAM], page=section, permission=_permission("wagtailcore", codename)
            )
    groups[STRATEGY_TEAM].permissions.add(
        *(_permission(app, codename) for app, codename in STRATEGY_MODEL_PERMISSIONS)
    )

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task, _ = GroupApprovalTask.objects.get_or_create(name=APPROVAL_TASK_NAME)
    task.groups.set([groups[MODERATORS]])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})
    for page in sections.values():
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return groups
