"""The demo guidance, safeguarding contacts and pathways, read from ``demo/data/guidance.yaml`` and
``demo/data/pathways.yaml`` into the StreamField values the pages store (``demo.guidance.blocks``).

``CONTACTS`` maps a key (the name pathway outcomes use) to a safeguarding contact's fields;
``GUIDANCE`` and ``PATHWAYS`` are lists of page specifications, loaded by ``demo.guidance.loader``.
"""

from __future__ import annotations

from .. import datafiles
from . import blocks

_CONTACT_FIELDS = ("name", "description", "phone", "out_of_hours_phone", "email")


def _contacts() -> dict[str, dict]:
    contacts = datafiles.section("guidance", "contacts", dict)
    for key, contact in contacts.items():
        where = f"demo/data/guidance.yaml: contacts.{key}"
        datafiles.require(
            isinstance(contact, dict) and "name" in contact, where, "expected a mapping with a 'name'"
        )
        unknown = set(contact) - set(_CONTACT_FIELDS)
        datafiles.require(
            not unknown, where, f"unknown {sorted(unknown)} (expected: {', '.join(_CONTACT_FIELDS)})"
        )
    return contacts


def _guidance() -> list[dict]:
    pages = datafiles.records(
        "guidance",
        "pages",
        required={"slug": str, "title": str, "audience": str, "summary": str, "body": list},
        optional={"sensitive": (bool, False), "related": (list, [])},
    )
    for index, page in enumerate(pages):
        where = f"demo/data/guidance.yaml: pages[{index}] ({page['slug']})"
        page["body"] = [
            blocks.body_block_from(block, f"{where} body[{n}]") for n, block in enumerate(page["body"])
        ]
    return pages


def _pathways() -> list[dict]:
    pathways = datafiles.records(
        "pathways",
        "pathways",
        required={
            "slug": str,
            "title": str,
            "audience": str,
            "sensitive": bool,
            "safeguarding_relevant": bool,
            "intro": str,
            "questions": list,
            "outcomes": list,
        },
    )
    for index, pathway in enumerate(pathways):
        where = f"demo/data/pathways.yaml: pathways[{index}] ({pathway['slug']})"
        pathway["questions"] = [
            blocks.question_from(question, f"{where} questions[{n}]")
            for n, question in enumerate(pathway["questions"])
        ]
        pathway["outcomes"] = [
            blocks.outcome_from(outcome, f"{where} outcomes[{n}]")
            for n, outcome in enumerate(pathway["outcomes"])
        ]
        unknown = {
            block["value"]["escalation_contact"]
            for block in pathway["outcomes"]
            if block["value"]["escalation_contact"] is not None
        } - set(CONTACTS)
        datafiles.require(
            not unknown, where, f"outcomes name contacts guidance.yaml does not have: {sorted(unknown)}"
        )
    return pathways


CONTACTS: dict[str, dict] = _contacts()
GUIDANCE: list[dict] = _guidance()
PATHWAYS: list[dict] = _pathways()


def pathway(slug: str) -> dict:
    """One demo pathway's specification, by slug."""
    return next(spec for spec in PATHWAYS if spec["slug"] == slug)
