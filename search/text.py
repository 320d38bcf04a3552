"""Text analysis shared by every search backend, so they agree on what a family's words mean.

- `terms()`: lower-case words, accents folded, stop words dropped, each reduced to its English stem
  ("parenting", "parents" → "parent"), for the database backend's index and queries alike.
- `SpellingIndex`: the words the directory actually contains, and the nearest of them to a
  mistyped word ("councelling" → "counselling"), found with a symmetric-delete index.
- `ThemeMatcher`: families' phrases for a need ("partner hurts me", "dv", "county lines") found
  in a query, as theme slugs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import snowballstemmer

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "get",
        "has",
        "have",
        "help",
        "i",
        "in",
        "is",
        "it",
        "me",
        "my",
        "near",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "there",
        "this",
        "to",
        "us",
        "we",
        "with",
        "you",
        "your",
    ]
)
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case, accents folded, anything but letters and digits turned into single spaces.
    Apostrophes join their word ("can't" → "cant") rather than splitting it."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    folded = folded.replace("'", "")
    return " ".join(_NON_WORD.sub(" ", folded).split())


def words(text: str) -> list[str]:
    return [word for word in normalise(text).split() if word not in STOP_WORDS]


@cache
def _stemmer():
    return snowballstemmer.stemmer("english")


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def terms(text: str) -> list[str]:
    """The stems of the meaningful words in `text`."""
    return [stem(word) for word in words(text)]


# ---------------------------------------------------------------------------- spelling


def _deletes(word: str, distance: int) -> set[str]:
    found, frontier = set(), {word}
    for _ in range(distance):
        frontier = {variant[:i] + variant[i + 1 :] for variant in frontier for i in range(len(variant))}
        found |= frontier
    return found


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau–Levenshtein distance (with adjacent swaps), stopping early past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    """How many typing mistakes a word of this length may have and still be recognised."""
    return 0 if len(word) <= 3 else (1 if len(word) <= 6 else 2)


class SpellingIndex:
    """The directory's own words, with a way to find the closest one to a mistyped word."""

    MAX_DISTANCE = 2

    def __init__(self, counts: Mapping[str, int]):
        self.counts = Counter(counts)
        self._by_delete: dict[str, set[str]] = {}
        for word in self.counts:
            if len(word) < 4:
                continue
            for variant in _deletes(word, allowed_edits(word)) | {word}:
                self._by_delete.setdefault(variant, set()).add(word)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> SpellingIndex:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(word for word in normalise(text).split() if not word.isdigit())
        return cls(counts)

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def correct(self, word: str) -> str | None:
        """The most common known word within the allowed edits of `word`, or None."""
        if word in self.counts or word.isdigit():
            return None
        limit = allowed_edits(word)
        if limit == 0:
            return None
        candidates: set[str] = set()
        for variant in _deletes(word, limit) | {word}:
            candidates |= self._by_delete.get(variant, set())
        scored = [
            (distance, -self.counts[candidate], candidate)
            for candidate in candidates
            if (distance := edit_distance(word, candidate, limit)) <= min(limit, allowed_edits(candidate))
        ]
        return min(scored)[2] if scored else None


# ---------------------------------------------------------------------------- themes


@dataclass(frozen=True)
class ThemeMatch:
    slug: str
    phrase: str


class ThemeMatcher:
    """Finds need themes named in a query, by theme name or by a family's phrase for it."""

    def __init__(self, phrases_by_theme: Mapping[str, Iterable[str]]):
        self._phrases: list[tuple[tuple[str, ...], str, str]] = []
        for slug, phrases in phrases_by_theme.items():
            for phrase in phrases:
                phrase_words = tuple(stem(word) for word in normalise(phrase).split())
                if phrase_words:
                    self._phrases.append((phrase_words, slug, phrase))
        # Longest phrases first, so "domestic violence" wins over a lone "violence".
        self._phrases.sort(key=lambda item: -len(item[0]))

    def find(self, text: str) -> list[ThemeMatch]:
        query_words = [stem(word) for word in normalise(text).split()]
        matches, seen = [], set()
        for phrase_words, slug, phrase in self._phrases:
            if slug in seen:
                continue
            size = len(phrase_words)
            if any(
                tuple(query_words[i : i + size]) == phrase_words for i in range(len(query_words) - size + 1)
            ):
                matches.append(ThemeMatch(slug, phrase))
                seen.add(slug)
        return matches


@dataclass(frozen=True)
class AnalysedText:
    """What a backend needs from the words someone typed."""

    original: str
    corrected: str  # the query with misspellings replaced ("councelling" → "counselling")
    corrections: tuple[tuple[str, str], ...]  # (typed, meant)
    terms: tuple[str, ...]  # stems of the corrected words
    themes: tuple[str, ...]  # theme slugs named or described in the query

    @property
    def was_corrected(self) -> bool:
        return bool(self.corrections)


def analyse(text: str, spelling: SpellingIndex, themes: ThemeMatcher) -> AnalysedText:
    typed = normalise(text).split()
    corrected_words, corrections = [], []
    for word in typed:
        if word in STOP_WORDS:
            corrected_words.append(word)
            continue
        meant = spelling.correct(word)
        if meant:
            corrections.append((word, meant))
        corrected_words.append(meant or word)
    corrected = " ".join(corrected_words)
    matched = {match.slug for match in themes.find(corrected)} | {match.slug for match in themes.find(text)}
    return AnalysedText(
        original=text,
        corrected=corrected,
        corrections=tuple(corrections),
        terms=tuple(dict.fromkeys(terms(corrected))),
        themes=tuple(sorted(matched)),
    )
