"""The default need-theme vocabulary and its seeding."""

from django.core.management import call_command

import pytest

from directory.models import NeedTheme
from directory.vocabulary import DEFAULT_THEMES

pytestmark = pytest.mark.django_db


def test_seeding_twice_creates_each_theme_once_with_synonyms_and_dfe_mapping():
    call_command("seed_vocabulary")
    call_command("seed_vocabulary")
    assert NeedTheme.objects.count() == len(DEFAULT_THEMES) >= 12
    abuse = NeedTheme.objects.get(slug="domestic-abuse")
    assert {"dv", "partner hurts me"} <= set(abuse.synonym_list())
    assert abuse.dfe_categories.filter(name="Domestic abuse").exists()
    for theme in NeedTheme.objects.prefetch_related("dfe_categories"):
        assert theme.dfe_categories.exists(), f"{theme.slug} maps to no DfE family hubs category"


def test_seeding_keeps_what_moderators_changed():
    call_command("seed_vocabulary")
    NeedTheme.objects.filter(slug="send").update(name="SEND and additional needs")
    call_command("seed_vocabulary")
    assert NeedTheme.objects.get(slug="send").name == "SEND and additional needs"


def test_editors_choose_themes_from_the_vocabulary_only():
    assert NeedTheme.free_tagging is False


def test_an_existing_database_learns_the_families_words_added_since_it_was_seeded():
    """Seeding never touches a theme that exists, so the data migration brings the new words."""
    from importlib import import_module

    from django.apps import apps

    from directory.models import SynonymTag, ThemeSynonym

    migration = import_module("directory.migrations.0010_families_words")
    call_command("seed_vocabulary")
    # A database seeded before these words existed, where a moderator has since given
    # "going missing" to another theme.
    new_words = [word for words in migration.NEW_SYNONYMS.values() for word in words]
    ThemeSynonym.objects.filter(tag__name__in=new_words).delete()
    SynonymTag.objects.filter(name__in=new_words).delete()
    youth_crime = NeedTheme.objects.get(slug="youth-crime")
    youth_crime.synonyms.add("going missing")
    youth_crime.save()  # a cluster's tags are saved with the theme

    migration.add_synonyms(apps, None)
    migration.add_synonyms(apps, None)  # a second run changes nothing

    money = set(NeedTheme.objects.get(slug="money-work-housing").synonym_list())
    assert {"food parcels", "help with bills", "free school meals"} <= money
    assert "fgm" in NeedTheme.objects.get(slug="domestic-abuse").synonym_list()
    assert "going missing" not in NeedTheme.objects.get(slug="exploitation").synonym_list()
    assert ThemeSynonym.objects.filter(tag__name="food parcels").count() == 1
