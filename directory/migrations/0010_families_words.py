"""Families' words added to the default vocabulary since the themes were first seeded, added to
the themes of an existing database too (issue 15). Seeding creates missing themes only, so without
this a deployed site would never learn them. Runs once: a synonym a moderator removes later stays
removed, and one that another theme already uses is left alone (a synonym belongs to one theme)."""

from django.db import migrations
from django.utils.text import slugify

NEW_SYNONYMS = {
    "domestic-abuse": ["fgm", "female genital mutilation", "abusive partner", "violent husband"],
    "money-work-housing": [
        "free school meals",
        "school uniform grant",
        "fuel poverty",
        "food parcels",
        "help with bills",
    ],
    "mental-health": ["someone to talk to", "feeling down"],
    "exploitation": ["going missing"],
    "send": ["autistic"],
}


def unique_slug(Tag, name: str) -> str:
    base = slugify(name, allow_unicode=True)[:90] or "synonym"
    slug, number = base, 1
    while Tag.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}_{number}"
    return slug


def add_synonyms(apps, schema_editor):
    NeedTheme = apps.get_model("directory", "NeedTheme")
    SynonymTag = apps.get_model("directory", "SynonymTag")
    ThemeSynonym = apps.get_model("directory", "ThemeSynonym")
    for theme_slug, names in NEW_SYNONYMS.items():
        theme = NeedTheme.objects.filter(slug=theme_slug).first()
        if theme is None:  # not seeded yet: seeding will add the theme with its synonyms
            continue
        for name in names:
            tag = SynonymTag.objects.filter(name__iexact=name).first()
            if tag is None:
                tag = SynonymTag.objects.create(name=name, slug=unique_slug(SynonymTag, name))
            elif ThemeSynonym.objects.filter(tag=tag).exclude(content_object=theme).exists():
                continue
            ThemeSynonym.objects.get_or_create(content_object=theme, tag=tag)


def remove_synonyms(apps, schema_editor):
    SynonymTag = apps.get_model("directory", "SynonymTag")
    ThemeSynonym = apps.get_model("directory", "ThemeSynonym")
    for theme_slug, names in NEW_SYNONYMS.items():
        ThemeSynonym.objects.filter(content_object__slug=theme_slug, tag__name__in=names).delete()
    SynonymTag.objects.filter(theme_items__isnull=True, name__in=sum(NEW_SYNONYMS.values(), [])).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0009_website_rfc3986_validation")]

    operations = [migrations.RunPython(add_synonyms, remove_synonyms)]
