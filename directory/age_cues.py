"""Obvious disagreements between a listing's age range and what its words say ("adults", "aged 16
and over", "over 18"), so an editor is asked to check before families are misled."""

from __future__ import annotations

import re

# Words that set a youngest age: "aged 16 and over", "over 18", "18+", "adults".
_AGE_FROM = re.compile(
    r"\b(?:aged?|ages)\s+(\d{1,2})\s*(?:\+|and\s+over|or\s+over|and\s+older|or\s+older|upwards)"
    r"|\b(?:over|older\s+than)\s+(\d{1,2})s?\b"
    r"|\b(\d{1,2})\s*\+",
    re.I,
)
_ADULTS = re.compile(r"\badults?\s+only\b|\bfor\s+adults\b|\badults\s+and\s+young\s+people\b", re.I)
ADULT_AGE = 16  # the youngest an "adults and young people" service could mean here


def youngest_age_in_words(text: str) -> tuple[int, str] | None:
    """The youngest age the text implies, with the words that imply it; None if it says nothing
    clear: "aged 16 and over" and "16+" give 16, "over 18" gives 18, "adults" gives 16."""
    # Words with a number first, so "aged 16 and over" is quoted rather than "adults".
    found = [
        (int(next(group for group in match.groups() if group)), match.group(0))
        for match in _AGE_FROM.finditer(text or "")
    ]
    found += [(ADULT_AGE, match.group(0)) for match in _ADULTS.finditer(text or "")]
    if not found:
        return None
    return max(found, key=lambda item: item[0])


def age_range_warning(age_min: int | None, text: str) -> str:
    """A message for the editor when the words say older than the youngest age allows; else ""."""
    implied = youngest_age_in_words(text)
    if implied is None or age_min is None:
        return ""
    age, words = implied
    if age_min >= age - 2:  # "16 and over" with a youngest age of 14 or more is close enough
        return ""
    youngest = "pregnancy" if age_min < 0 else f"age {age_min}"
    return (
        f"The description says “{words.strip()}”, but the age range starts at {youngest}. "
        "Families search by age, so check the youngest age, or tick “The ages are right” to save anyway."
    )
