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
