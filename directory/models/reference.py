"""Reference vocabularies. The fixed ones are seeded by migration `0002_reference_data`; the districts
come from the area file (directory/area.py)."""

from django.db import models


class NeedLevel(models.Model):
    """A level on the continuum of need: 1 universal, 2 additional, 3 complex, 4 acute."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    name = models.CharField(max_length=60)
    description = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "level of need"
        verbose_name_plural = "levels of need"

    def __str__(self) -> str:
        return f"Level {self.number}: {self.name}"


class DeliveryMode(models.Model):
    """How a service is delivered: in person, online, by phone, by home visits."""

    slug = models.SlugField(primary_key=True, max_length=30)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A local authority district of the area served, with its centre for browsing and search.

    The rows are the area file's (directory/area.py), kept in step by directory.seeding.sync_districts.
    """

    slug = models.SlugField(primary_key=True, max_length=40)
    name = models.CharField(max_length=60, unique=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FamilyHubsCategory(models.Model):
    """A Department for Education family hubs service category (6 top-level, 43 below).

    Need themes map onto these so the directory can publish Open Referral UK taxonomy terms.
    """

    id = models.PositiveSmallIntegerField(primary_key=True)
    name = models.CharField(max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )

    class Meta:
        ordering = ["parent_id", "name"]
        verbose_name = "DfE family hubs category"
        verbose_name_plural = "DfE family hubs categories"

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class Language(models.Model):
    """A language a service is offered in (including British Sign Language)."""

    code = models.CharField(
        max_length=12, unique=True, help_text="ISO 639 code, e.g. 'ur', or 'bfi' for BSL."
    )
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AccessibilityFeature(models.Model):
    """A physical or communication accessibility feature of a service or venue."""

    slug = models.SlugField(unique=True, max_length=60)
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
