"""Text analysis shared by every search backend, so they agree on what a family's words mean.

- `terms()`: lower-case words, accents folded, stop words dropped, each reduced to its English stem
  ("parenting", "parents" → "parent"), for the database backend's index and queries alike.
- `SpellingIndex`: which words are real (English, the directory's, the families' vocabulary) and,
  for a word that is not, the nearest real one ("councelling" → "counselling"), with memory and
  time bounded by fixed caps whatever editors type.
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
    """The meaningful words of `text`; tokens longer than any real word are dropped."""
    return [
        word for word in normalise(text).split() if word not in STOP_WORDS and len(word) <= MAX_WORD_LENGTH
    ]


@cache
def _stemmer():
    return snowballstemmer.stemmer("english")


# Words that mean the same to a family but that the English stemmer keeps apart: irregular
# plurals ("children" is not stemmed to "child") and everyday words for the directory's own
# ("kids" for "children"). Applied to the stem, so the index and every query agree; a service that
# says "children" is found by "kids", "kid" and "child" alike.
SAME_STEM = {
    "children": "child",
    "childrens": "child",
    "kid": "child",
    "kiddi": "child",
    "kiddo": "child",
    "teen": "teenag",
    "women": "woman",
    "men": "man",
    "teeth": "tooth",
    "wive": "wife",
    "mom": "mum",
    "mummi": "mum",
}


def stem(word: str) -> str:
    stemmed = _stemmer().stemWord(word)
    return SAME_STEM.get(stemmed, stemmed)


def terms(text: str) -> list[str]:
    """The stems of the meaningful words in `text`."""
    return [stem(word) for word in words(text)]


# ---------------------------------------------------------------------------- spelling

# No English word is longer than this (the longest in the frequency dictionary has 28 letters):
# a longer "word" is junk or an attack, and is never indexed, looked up or corrected.
MAX_WORD_LENGTH = 30
# How much of one document's text feeds the spelling vocabulary and the text index: a 5 MB
# description costs what its first pages cost.
MAX_INDEXED_CHARACTERS = 20_000
# The directory's own words kept as correction targets: the most widespread this many.
MAX_DIRECTORY_WORDS = 20_000
# English words common enough to be what someone meant (about the 15,000 most frequent).
ENGLISH_TARGET_MIN_COUNT = 3_000_000
# Words of one query checked for misspelling: a long query of nonsense costs no more than this.
MAX_WORDS_CORRECTED = 6
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


def bounded(text: str, limit: int = MAX_INDEXED_CHARACTERS) -> str:
    """`text` cut to `limit` characters and stripped of tokens longer than any real word."""
    text = (text or "")[:limit]
    if len(text) <= MAX_WORD_LENGTH:
        return text
    return " ".join(word for word in text.split() if len(word) <= MAX_WORD_LENGTH)


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


# ---------------------------------------------------------------------------- themes


@dataclass(frozen=True)
class ThemeMatch:
    slug: str
    phrase: str
    exact_name: bool = False  # the theme's own name, not a synonym


class ThemeMatcher:
    """Finds need themes named in a query, by theme name or by a family's phrase for it."""

    def __init__(self, phrases_by_theme: Mapping[str, Iterable[str]]):
        self._phrases: list[tuple[tuple[str, ...], str, str, bool]] = []
        for slug, phrases in phrases_by_theme.items():
            # The first phrase of each theme is its name.
            for position, phrase in enumerate(phrases):
                phrase_words = tuple(
                    stem(word) for word in normalise(phrase).split() if word not in STOP_WORDS
                )
                if phrase_words:
                    self._phrases.append((phrase_words, slug, phrase, position == 0))
        # Longest phrases first, so "domestic violence" wins over a lone "violence".
        self._phrases.sort(key=lambda item: -len(item[0]))

    def find(self, text: str) -> list[ThemeMatch]:
        query_words = [stem(word) for word in normalise(text).split() if word not in STOP_WORDS]
        matches, seen = [], set()
        for phrase_words, slug, phrase, is_name in self._phrases:
            if slug in seen:
                continue
            size = len(phrase_words)
            if any(
                tuple(query_words[i : i + size]) == phrase_words for i in range(len(query_words) - size + 1)
            ):
                matches.append(ThemeMatch(slug, phrase, is_name))
                seen.add(slug)
        return matches


@dataclass(frozen=True)
class AnalysedText:
    """What a backend needs from the words someone typed."""

    original: str
    corrected: str  # the query with misspellings replaced ("councelling" → "counselling")
    corrections: tuple[tuple[str, str], ...]  # (typed, meant)
    terms: tuple[str, ...]  # stems of the corrected words
    themes: tuple[str, ...]  # theme slugs named or described in the query, strongest first
    crisis: bool = False  # the words describe a crisis: abuse, self-harm, suicide, a child in danger
    phrases: tuple[str, ...] = ()  # what in the query named each theme, for "Showing help with …"
    strong_themes: tuple[str, ...] = ()  # the themes the ranking leads with
    intent_detected: bool = False

    @property
    def was_corrected(self) -> bool:
        return bool(self.corrections)

    @classmethod
    def of_no_words(cls, *, crisis: bool = False) -> AnalysedText:
        return cls(original="", corrected="", corrections=(), terms=(), themes=(), crisis=crisis)


def analyse(
    text: str,
    spelling: SpellingIndex,
    themes: ThemeMatcher,
    *,
    correct_spelling: bool = True,
    detect_intent: bool = True,
) -> AnalysedText:
    """Read a query: spelling corrected (only words that are not real), stems, and the needs it
    describes (`search.intent`). `correct_spelling=False` searches the words as typed ("Search
    instead for …"); `detect_intent=False` drops the detected needs ("Search all services")."""
    from . import intent

    typed = [word for word in normalise(text).split() if len(word) <= MAX_WORD_LENGTH]
    corrected_words, corrections = [], []
    checked = 0
    for word in typed:
        meant = None
        checkable = correct_spelling and word not in STOP_WORDS and checked < MAX_WORDS_CORRECTED
        if checkable and not spelling.is_known(word):
            checked += 1
            meant = spelling.correct(word) or spelling.split(word)
        if meant:
            corrections.append((word, meant))
        corrected_words.append(meant or word)
    corrected = " ".join(corrected_words)
    understood = intent.detect(corrected, themes) if detect_intent else intent.Intent()
    return AnalysedText(
        original=text,
        corrected=corrected,
        corrections=tuple(corrections),
        terms=tuple(dict.fromkeys(stem(word) for word in corrected.split() if word not in STOP_WORDS)),
        themes=understood.themes,
        crisis=understood.crisis,
        strong_themes=understood.strong,
        phrases=understood.phrases,
        intent_detected=bool(understood.themes) and detect_intent,
    )
