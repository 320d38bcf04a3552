"""Spelling: which words are real, and for a word that is not, the nearest real one.

`SpellingIndex` knows English (symspellpy's fixed frequency dictionary), the directory's own words
and the families' vocabulary; only other words are ever corrected ("councelling" → "counselling";
"kids" and "hits" are left alone). Its memory and the time of one correction depend on fixed caps,
never on what editors type (one long word once took the site down). `search.text.analyse` asks it
about each word of a query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache

from .text import MAX_WORD_LENGTH, bounded, normalise

# The directory's own words kept as correction targets: the most widespread this many.
MAX_DIRECTORY_WORDS = 20_000
# English words common enough to be what someone meant (about the 15,000 most frequent).
ENGLISH_TARGET_MIN_COUNT = 3_000_000
ENGLISH_DICTIONARY = "frequency_dictionary_en_82_765.txt"
# Contractions as `normalise` leaves them (the dictionary has no apostrophes).
CONTRACTIONS = frozenset(
    [
        "im",
        "ive",
        "id",
        "ill",
        "youre",
        "youve",
        "youd",
        "youll",
        "hes",
        "shes",
        "its",
        "were",
        "theyre",
        "theyve",
        "theyd",
        "weve",
        "wed",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "dont",
        "doesnt",
        "didnt",
        "cant",
        "couldnt",
        "wont",
        "wouldnt",
        "shouldnt",
        "havent",
        "hasnt",
        "hadnt",
        "mustnt",
        "neednt",
        "lets",
        "thats",
        "whats",
        "theres",
        "heres",
        "wheres",
        "whos",
        "aint",
        "innit",
    ]
)


@cache
def english_words() -> dict[str, int]:
    """English words and their frequencies: symspellpy's 82,765-word dictionary (British and
    American spellings, from Google Books n-grams intersected with SCOWL), loaded once per process.
    The same for every installation, whatever editors type."""
    from importlib.resources import files

    counts = {}
    with files("symspellpy").joinpath(ENGLISH_DICTIONARY).open(encoding="utf-8") as lines:
        for line in lines:
            word, _, count = line.partition(" ")
            counts[word] = int(count)
    return counts


@cache
def _english_targets() -> tuple[tuple[str, int], ...]:
    return tuple(
        (word, count)
        for word, count in english_words().items()
        if count >= ENGLISH_TARGET_MIN_COUNT and len(word) >= 3
    )


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau–Levenshtein (optimal string alignment) distance, with adjacent swaps counted as
    one edit; `limit + 1` when it is larger than `limit`. editdistpy's C implementation."""
    from editdistpy import damerau_osa

    found = damerau_osa.distance(a, b, limit)
    return limit + 1 if found < 0 else found


def allowed_edits(word: str) -> int:
    """How many typing mistakes a word of this length may have and still be recognised."""
    return 0 if len(word) <= 3 else (1 if len(word) <= 6 else 2)


class SpellingIndex:
    """Which words are real, and the nearest real word to one that is not.

    A word is real when it is English (a fixed frequency dictionary), in the directory or in the
    families' vocabulary; only other words are ever corrected ("kids", "hits" and "smokes" are
    left alone). Targets are the families' vocabulary, the directory's most widespread words and
    common English words, bucketed by length, so the memory and the time of a correction depend on
    these fixed caps, never on what editors type.
    """

    MAX_DISTANCE = 2

    def __init__(self, counts: Mapping[str, int], vocabulary: Iterable[str] = ()):
        kept = Counter(
            {
                word: count
                for word, count in Counter(counts).most_common(MAX_DIRECTORY_WORDS)
                if 1 < len(word) <= MAX_WORD_LENGTH
            }
        )
        self.vocabulary = frozenset(
            word
            for phrase in vocabulary
            for word in normalise(phrase).split()
            if len(word) <= MAX_WORD_LENGTH
        )
        self.counts = kept
        english = english_words()
        self._known = set(kept) | self.vocabulary
        by_length: dict[int, list[tuple[str, int]]] = {}
        # Preference on equal distance: the families' words, then the directory's, then English.
        for word in self.vocabulary:
            by_length.setdefault(len(word), []).append((word, 3))
        for word in kept:
            if word not in self.vocabulary and len(word) >= 4 and not word.isdigit():
                by_length.setdefault(len(word), []).append((word, 2))
        for word, _ in _english_targets():
            if word not in self._known:
                by_length.setdefault(len(word), []).append((word, 1))
        self._by_length = by_length
        self._english = english

    @classmethod
    def from_texts(cls, texts: Iterable[str], vocabulary: Iterable[str] = ()) -> SpellingIndex:
        """From documents' text: each word counted once per document, in the first
        `MAX_INDEXED_CHARACTERS` of each, junk-length tokens left out."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(
                {word for word in normalise(bounded(text)).split() if not word.isdigit() and len(word) > 1}
            )
        return cls(counts, vocabulary)

    def __contains__(self, word: str) -> bool:
        return self.is_known(word)

    def is_known(self, word: str) -> bool:
        """Real words, and their possessives and contractions with the apostrophe dropped by
        `normalise` ("childs", "mums", "doesnt", "youre")."""
        if word in self._known or word in self._english or word.isdigit() or word in CONTRACTIONS:
            return True
        return word.endswith("s") and (word[:-1] in self._known or word[:-1] in self._english)

    def correct(self, word: str) -> str | None:
        """The nearest real word to an unknown `word` (a close misspelling of a directory,
        vocabulary or common English word), or None when `word` is real or nothing is close."""
        if len(word) > MAX_WORD_LENGTH or self.is_known(word):
            return None
        limit = allowed_edits(word)
        if limit == 0:
            return None
        best = None
        for length in range(len(word) - limit, len(word) + limit + 1):
            for candidate, preference in self._by_length.get(length, ()):
                distance = edit_distance(word, candidate, limit)
                if distance > limit or distance > allowed_edits(candidate):
                    continue
                key = (distance, -preference, -self._frequency(candidate), candidate)
                if best is None or key < best[0]:
                    best = (key, candidate)
        return best[1] if best else None

    def split(self, word: str) -> str | None:
        """Two real words run together ("selfharm" → "self harm"), or None."""
        if len(word) > MAX_WORD_LENGTH or self.is_known(word) or len(word) < 6:
            return None
        for cut in range(2, len(word) - 1):
            left, right = word[:cut], word[cut:]
            if self._is_common(left) and self._is_common(right):
                return f"{left} {right}"
        return None

    def _is_common(self, word: str) -> bool:
        return word in self.vocabulary or word in self.counts or self._english.get(word, 0) >= 10**7

    def _frequency(self, word: str) -> int:
        return self.counts.get(word, 0) * 10**6 + self._english.get(word, 0) // 10**6
