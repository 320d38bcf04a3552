"""Load the demo guidance, safeguarding contacts and pathways (`demo.guidance.content`). Idempotent.

Pages that already exist (matched by slug) are left as they are, like the demo directory, so running
`load_demo` again neither duplicates anything nor overwrites an editor's changes.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass

from django.db import transaction

from directory.bulk_publishing import indexed_once
from guidance.models import GuidancePage, GuidanceRelatedPage, PathwayPage, SafeguardingContact
from home.site_tree import ensure_site_tree

from . import content

REVIEWED = datetime.date(2026, 9, 1)


@dataclass(frozen=True)
class GuidanceLoadReport:
    contacts_created: int
    guidance_created: int
    pathways_created: int


def _contacts() -> tuple[dict[str, SafeguardingContact], int]:
    contacts, created_count = {}, 0
    for key, spec in content.CONTACTS.items():
        contact, created = SafeguardingContact.objects.get_or_create(name=spec["name"], defaults=spec)
        contacts[key] = contact
        created_count += created
    return contacts, created_count


def _guidance(parent) -> tuple[dict[str, GuidancePage], int]:
    existing = {page.slug: page for page in GuidancePage.objects.child_of(parent)}
    created: list[tuple[GuidancePage, dict]] = []
    for spec in content.GUIDANCE:
        if spec["slug"] in existing:
            continue
        page = GuidancePage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            audience=spec["audience"],
            sensitive=spec.get("sensitive", False),
            body=spec["body"],
            last_reviewed=REVIEWED,
        )
        parent.add_child(instance=page)
        existing[page.slug] = page
        created.append((page, spec))
    for page, spec in created:
        page.related_pages = [
            GuidanceRelatedPage(page=existing[slug]) for slug in spec.get("related", []) if slug in existing
        ]
        page.save_revision().publish()
    return existing, len(created)


def _resolve_outcomes(outcomes: list[dict], contacts, guidance) -> list[dict]:
    resolved = copy.deepcopy(outcomes)
    for block in resolved:
        value = block["value"]
        key = value.get("escalation_contact")
        value["escalation_contact"] = contacts[key].pk if key else None
        value["related_guidance"] = [
            guidance[slug].pk for slug in value.get("related_guidance", []) if slug in guidance
        ]
    return resolved


def _pathways(parent, contacts, guidance) -> int:
    existing = set(PathwayPage.objects.child_of(parent).values_list("slug", flat=True))
    created = 0
    for spec in content.PATHWAYS:
        if spec["slug"] in existing:
            continue
        page = PathwayPage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            audience=spec["audience"],
            sensitive=spec["sensitive"],
            safeguarding_relevant=spec["safeguarding_relevant"],
            questions=copy.deepcopy(spec["questions"]),
            outcomes=_resolve_outcomes(spec["outcomes"], contacts, guidance),
        )
        parent.add_child(instance=page)  # saving runs the pathway checks: a broken demo fails here
        page.save_revision().publish()
        created += 1
    return created


@transaction.atomic
def load_demo_guidance() -> GuidanceLoadReport:
    tree = ensure_site_tree()
    contacts, contacts_created = _contacts()
    with indexed_once():
        guidance, guidance_created = _guidance(tree.guidance)
        pathways_created = _pathways(tree.pathways, contacts, guidance)
    return GuidanceLoadReport(contacts_created, guidance_created, pathways_created)
