"""A child's age as the directory, search and pathways read and show it: one definition.

Ages run from pregnancy (held as -1: a service for expectant parents) to 25 (care leavers and
young people with SEND are served to 25). Words a family types for pregnancy ("pregnant",
"pregnancy", "expecting") and an age with "years" after it are understood everywhere alike.
Plain values, no database: the pathway engine uses this too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREGNANCY = -1
MAX_AGE = 25
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")
PREGNANCY_WORDS = frozenset({"pregnant", "pregnancy", "expecting", "-1"})
YEAR_SUFFIXES = ("years", "year", "yrs")


class AgeError(ValueError):
    """Not an age: `not_a_number`, or a number outside pregnancy to MAX_AGE."""

    def __init__(self, not_a_number: bool):
        super().__init__("not a number" if not_a_number else "out of range")
        self.not_a_number = not_a_number


@dataclass(frozen=True, order=True)
class Age:
    years: int  # PREGNANCY (-1) for expecting a baby

    @classmethod
    def read(cls, raw: str) -> Age:
        """The age typed or in a URL ("7", "7 years", "pregnant", "-1"); AgeError otherwise."""
        text = str(raw).strip().lower()
        if text in PREGNANCY_WORDS:
            return cls(PREGNANCY)
        for suffix in YEAR_SUFFIXES:
            text = text.removesuffix(suffix)
        text = text.strip()
        if not _WHOLE_NUMBER.fullmatch(text):  # ASCII digits: "²".isdigit() is True, int("²") fails
            raise AgeError(not_a_number=True)
        if len(text) > 3 or not 0 <= int(text) <= MAX_AGE:
            raise AgeError(not_a_number=False)
        return cls(int(text))

    @classmethod
    def parse(cls, raw: str) -> Age | None:
        """`read`, or None for anything that is not an age."""
        try:
            return cls.read(raw)
        except AgeError:
            return None

    @classmethod
    def from_code(cls, code: str) -> Age:
        return cls(PREGNANCY if code == "pregnancy" else int(code))

    @property
    def code(self) -> str:
        """As a search filter value and in URLs: "pregnancy", "0" … "25"."""
        return "pregnancy" if self.is_pregnancy else str(self.years)

    @property
    def is_pregnancy(self) -> bool:
        return self.years == PREGNANCY

    @property
    def label(self) -> str:
        """In families' words: "Expecting a baby", "Under 1", "7"."""
        if self.is_pregnancy:
            return "Expecting a baby"
        return "Under 1" if self.years == 0 else str(self.years)

    @property
    def short_label(self) -> str:
        """In the editors' age lists: "Pregnancy", "0" … "25"."""
        return "Pregnancy" if self.is_pregnancy else str(self.years)


ALL_AGES = tuple(Age(years) for years in range(PREGNANCY, MAX_AGE + 1))
# For the age fields of a listing.
CHOICES = [(age.years, age.short_label) for age in ALL_AGES]
