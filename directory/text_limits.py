"""Listings stored before their text was bounded, and now over a limit (issue 13, item 1).

Every text field a partner or an import can fill has a limit (`directory.models.limits`), checked
on every new edit; a listing saved before the limits may still hold more. Nothing here shortens
anyone's text: it finds the listings so a moderator can ask the organisation to edit them (the
next save is refused until the text fits). Shown in the admin (Reports → Over-long listings) and
by `manage.py report_over_long_listings`.

The limits are read from the models' own fields (`max_length` and `MaxLengthValidator`), so there
is one definition of each. The published version is measured in the database; a draft waiting
to be published (a pending edit saved before the limits) from its latest revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length

from wagtail.models import Page

from .models import AccessRoute, OrganisationPage, ServiceLocation, ServicePage

LISTING_MODELS = (ServicePage, OrganisationPage)
# Rows of a listing that editors fill in its form, by the listing's relation name.
CHILD_MODELS = {"access_routes": AccessRoute, "locations": ServiceLocation}
PUBLISHED, DRAFT = "published", "draft"


@dataclass(frozen=True)
class TextLimit:
    model: type[models.Model]
    name: str
    label: str
    limit: int


@dataclass(frozen=True)
class OverLong:
    """One field of one listing over its limit."""

    page_id: int
    field: str  # e.g. "Eligibility", "Venue (2nd)"
    length: int
    limit: int
    version: str  # PUBLISHED or DRAFT

    def describe(self) -> str:
        return f"{self.field}: {self.length:,} characters, at most {self.limit:,} ({self.version})"


def _limit_of(field: models.Field) -> int | None:
    limits = [field.max_length] if field.max_length else []
    limits += [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
    return min(limits) if limits else None


@cache
def limits_of(model: type[models.Model]) -> tuple[TextLimit, ...]:
    """The bounded text fields editors fill in (not slugs, ids or choices)."""
    found = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or not field.editable:
            continue
        if field.choices or isinstance(field, models.SlugField):
            continue
        limit = _limit_of(field)
        if limit:
            found.append(TextLimit(model, field.name, str(field.verbose_name).capitalize(), limit))
    return tuple(found)


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _version(live: bool) -> str:
    return PUBLISHED if live else DRAFT


def _stored() -> list[OverLong]:
    """The listings' rows, measured in the database, one query per bounded field: the published
    version of a live listing, the saved version of one never published."""
    found: list[OverLong] = []
    for model in LISTING_MODELS:
        for limit in limits_of(model):
            rows = model.objects.annotate(length=Length(limit.name)).filter(length__gt=limit.limit)
            for pk, length, live in rows.values_list("pk", "length", "live"):
                found.append(OverLong(pk, limit.label, length, limit.limit, _version(live)))
    for relation, model in CHILD_MODELS.items():
        for limit in limits_of(model):
            rows = model.objects.annotate(length=Length(limit.name)).filter(length__gt=limit.limit)
            for pk, length, position, live in rows.values_list(
                "service_id", "length", "sort_order", "service__live"
            ):
                label = f"{limit.label} ({_ordinal((position or 0) + 1)} of the {relation.replace('_', ' ')})"
                found.append(OverLong(pk, label, length, limit.limit, _version(live)))
    return found


def _draft(page: Page) -> list[OverLong]:
    """The latest revision of a listing with changes not yet published, as it would be saved."""
    revision = page.latest_revision
    if revision is None:
        return []
    content = revision.content or {}
    found: list[OverLong] = []

    def measure(values: dict, model, label_suffix: str = "") -> None:
        for limit in limits_of(model):
            value = values.get(limit.name)
            if isinstance(value, str) and len(value) > limit.limit:
                found.append(OverLong(page.pk, limit.label + label_suffix, len(value), limit.limit, DRAFT))

    measure(content, type(page))
    for relation, model in CHILD_MODELS.items():
        for position, row in enumerate(content.get(relation) or [], start=1):
            if isinstance(row, dict):
                measure(row, model, f" ({_ordinal(position)} of the {relation.replace('_', ' ')})")
    return found


def over_long_listings() -> dict[Page, list[OverLong]]:
    """Every listing (service or organisation) with a field over its limit, in its published
    version or its pending draft, with what is too long; listings in title order."""
    findings = set(_stored())
    for model in LISTING_MODELS:
        drafts = model.objects.filter(has_unpublished_changes=True).select_related("latest_revision")
        for page in drafts:
            findings.update(_draft(page))
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in={f.page_id for f in findings}).specific().order_by("title")
    }
    report: dict[Page, list[OverLong]] = {}
    for pk, page in pages.items():
        report[page] = sorted(
            (f for f in findings if f.page_id == pk), key=lambda f: (f.version != PUBLISHED, f.field)
        )
    return report
