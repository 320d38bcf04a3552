"""Seed the fixed vocabularies: levels of need, delivery modes, languages, accessibility features
and the DfE family hubs categories. Idempotent. The districts are the configured area's, kept in
step after every migrate (directory.seeding.sync_districts)."""

from django.db import migrations
from django.utils.text import slugify

from directory import reference_data


def seed(apps, schema_editor):
    NeedLevel = apps.get_model("directory", "NeedLevel")
    DeliveryMode = apps.get_model("directory", "DeliveryMode")
    Language = apps.get_model("directory", "Language")
    AccessibilityFeature = apps.get_model("directory", "AccessibilityFeature")
    FamilyHubsCategory = apps.get_model("directory", "FamilyHubsCategory")

    for number, name, description in reference_data.NEED_LEVELS:
        NeedLevel.objects.update_or_create(number=number, defaults={"name": name, "description": description})
    for slug, name in reference_data.DELIVERY_MODES:
        DeliveryMode.objects.update_or_create(slug=slug, defaults={"name": name})
    for code, name in reference_data.LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name})
    for name in reference_data.ACCESSIBILITY_FEATURES:
        AccessibilityFeature.objects.update_or_create(slug=slugify(name), defaults={"name": name})
    categories = reference_data.family_hubs_categories()
    for category in sorted(categories, key=lambda c: c["parent_id"] is not None):
        FamilyHubsCategory.objects.update_or_create(
            id=category["id"], defaults={"name": category["name"], "parent_id": category["parent_id"]}
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
