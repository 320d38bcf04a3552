"""Demand, recorded privately (issue 18).

`DemandRecord` holds one row per need theme of one search or pathway outcome ("" when no theme was
found), with `first` on exactly one row per search so searches can be counted. Nothing in it can
identify a person: a day (no time), coarse bands, a postcode district, never the words, an
address, a cookie or a session key.

Words that matched no vocabulary are kept as keyed hashes per day (`UnmatchedWordDay`); a word's
text is only kept (`UnmatchedWord`) once it has been searched for on `K_ANONYMITY_DAYS` different
days, so a name typed once is never stored in a readable form anywhere.
"""

from django.db import models

K_ANONYMITY_DAYS = 5


class DemandRecord(models.Model):
    class Source(models.TextChoices):
        SEARCH = "search", "Search"
        PATHWAY = "pathway", "Pathway outcome"

    day = models.DateField(db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SEARCH)
    theme = models.CharField(max_length=100, blank=True, help_text="A need theme slug; blank for none.")
    first = models.BooleanField(default=True, help_text="The first row of its search: count these.")
    age_band = models.CharField(max_length=10, blank=True)
    postcode_district = models.CharField(max_length=4, blank=True, help_text="The outward code only.")
    district = models.CharField(max_length=40, blank=True, help_text="The area's district slug.")
    place_given = models.BooleanField(default=False)
    result_band = models.CharField(max_length=3)
    backend = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["day", "district", "theme"], name="demand_day_district_theme")]

    def __str__(self) -> str:
        return f"{self.day} {self.district or '-'} {self.theme or '-'}"


class DemandCell(models.Model):
    """Demand per day, district and theme, kept up to date with the records: what the gap report
    reads, so its cost depends on days × districts × themes, not on how many people searched.
    `district` and `theme` are blank for searches without a place or a theme."""

    day = models.DateField()
    district = models.CharField(max_length=40, blank=True)
    theme = models.CharField(max_length=100, blank=True)
    searches = models.PositiveIntegerField(
        default=0, help_text="Rows: a search about two themes counts in each."
    )
    zero_results = models.PositiveIntegerField(default=0)
    first_searches = models.PositiveIntegerField(default=0, help_text="Searches (each counted once).")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "district", "theme"], name="one_demand_cell_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.district or '-'} {self.theme or '-'}: {self.searches}"


class UnmatchedWordDay(models.Model):
    """A word that matched no vocabulary was searched for on this day (as a keyed hash)."""

    word_hash = models.CharField(max_length=64)
    day = models.DateField(db_index=True)
    searches = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["word_hash", "day"], name="one_unmatched_word_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.word_hash[:8]}… on {self.day}"


class UnmatchedWord(models.Model):
    """The text of an unmatched word, stored only once it is seen on K_ANONYMITY_DAYS days."""

    word_hash = models.CharField(max_length=64, unique=True)
    word = models.CharField(max_length=30)

    def __str__(self) -> str:
        return self.word
