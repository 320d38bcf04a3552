"""Text analysis shared by every search backend, so they agree on what a family's words mean.

- `terms()`: lower-case words, accents folded, stop words dropped, each reduced to its English stem
  ("parenting", "parents" → "parent"), for the database backend's index and queries alike.
- `bounded()`: text cut to what is indexed, junk-length tokens dropped (the spelling index,
  `search.spelling`, and the database backend's index read the same bounded text).
- `ThemeMatcher`: families' phrases for a need ("partner hurts me", "dv", "county lines") found
  in a query, as theme slugs.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import snowballstemmer

if TYPE_CHECKING:
    from .spelling import SpellingIndex

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


_thread_stemmers = threading.local()


def _stemmer():
    """This thread's English stemmer. A snowballstemmer object keeps the word it is working on in
    itself, so one shared by a server's threads stems one thread's word with another's letters (an
    IndexError mid-search under `make loadtest`: a 500 for a family): each thread has its own."""
    stemmer = getattr(_thread_stemmers, "stemmer", None)
    if stemmer is None:
        stemmer = _thread_stemmers.stemmer = snowballstemmer.stemmer("english")
    return stemmer


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


# ---------------------------------------------------------------------------- length bounds

# No English word is longer than this (the longest in the frequency dictionary has 28 letters):
# a longer "word" is junk or an attack, and is never indexed, looked up or corrected.
MAX_WORD_LENGTH = 30
# How much of one document's text feeds the spelling vocabulary and the text index: a 5 MB
# description costs what its first pages cost.
MAX_INDEXED_CHARACTERS = 20_000
# Words of one query checked for misspelling: a long query of nonsense costs no more than this.
MAX_WORDS_CORRECTED = 6


def bounded(text: str, limit: int = MAX_INDEXED_CHARACTERS) -> str:
    """`text` cut to `limit` characters and stripped of tokens longer than any real word."""
    text = (text or "")[:limit]
    if len(text) <= MAX_WORD_LENGTH:
        return text
    return " ".join(word for word in text.split() if len(word) <= MAX_WORD_LENGTH)


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
