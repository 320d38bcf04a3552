"""Fixed vocabularies for guidance and pathways, and the live ones read from the directory."""

from django.db import models

from directory.models.choices import AccessRouteKind, ServiceKind


class Audience(models.TextChoices):
    FAMILIES = "families", "Families"
    YOUNG_PEOPLE = "young-people", "Young people"
    PROFESSIONALS = "professionals", "Professionals"


class Urgency(models.TextChoices):
    """How soon to act, most urgent first."""

    EMERGENCY = "emergency", "Emergency: act now"
    # A child who talks about ending their life, or hurts themselves, needs help the same day
    # (NHS 111 option 2, a crisis line, the GP today), though no one is in danger this minute.
    SAME_DAY = "same-day", "Same day: get help today"
    URGENT = "urgent", "Urgent: today or tomorrow"
    NON_URGENT = "non-urgent", "Not urgent"


LEVEL_CHOICES = [
    ("1", "Level 1: universal (no additional needs)"),
    ("2", "Level 2: additional needs (early help)"),
    ("3", "Level 3: complex needs (targeted help)"),
    ("4", "Level 4: acute needs (specialist or statutory)"),
]
KIND_CHOICES = [(value, label.split(" (")[0]) for value, label in ServiceKind.choices]
ACCESS_CHOICES = list(AccessRouteKind.choices)


def theme_choices():
    """Need themes as they are in the vocabulary now (a callable, so blocks and migrations never
    freeze the list: moderators add themes in the admin)."""
    from directory.models import NeedTheme

    try:
        return list(NeedTheme.objects.order_by("name").values_list("slug", "name"))
    except Exception:  # noqa: BLE001 - e.g. before the first migration has created the table
        return []
