"""Seed the default need-theme vocabulary (idempotent). Moderators manage it afterwards, so
existing themes are left as moderators made them (a synonym added to the defaults later reaches
existing databases through a data migration, e.g. `0010_families_words`)."""

from django.db import transaction
from django.db.models import Q

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


@transaction.atomic
def sync_districts() -> list[str]:
    """Make the District rows the configured area's districts (directory.area); idempotent.

    Districts no longer in the area file are removed unless a listing or venue still points at
    them; their names are returned so the caller can say so.
    """
    from . import area, geo
    from .models import District

    model = District
    current = area.current()
    for district in current.districts:
        latitude, longitude = geo.district_centre(district.slug) or (0.0, 0.0)
        model.objects.update_or_create(
            slug=district.slug,
            defaults={"name": district.name, "latitude": latitude, "longitude": longitude},
        )
    leftovers = model.objects.exclude(slug__in=[district.slug for district in current.districts])
    kept = list(
        leftovers.filter(Q(services__isnull=False) | Q(servicelocation__isnull=False))
        .distinct()
        .values_list("name", flat=True)
    )
    leftovers.exclude(name__in=kept).delete()
    return kept
