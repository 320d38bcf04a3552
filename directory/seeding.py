"""Seed the default need-theme vocabulary (idempotent). Moderators manage it afterwards, so
existing themes are left as moderators made them (a synonym added to the defaults later reaches
existing databases through a data migration, e.g. `0010_families_words`)."""

from django.db import transaction

from .models import FamilyHubsCategory, NeedTheme
from .vocabulary import DEFAULT_THEMES


@transaction.atomic
def seed_default_themes() -> int:
    """Create any default theme that is missing; return how many themes were created."""
    created_count = 0
    for spec in DEFAULT_THEMES:
        theme, created = NeedTheme.objects.get_or_create(
            slug=spec["slug"], defaults={"name": spec["name"], "description": spec["description"]}
        )
        created_count += created
        if created:
            theme.synonyms.add(*spec["synonyms"])
            theme.dfe_categories.set(FamilyHubsCategory.objects.filter(id__in=spec["dfe_categories"]))
            theme.save()
    return created_count
