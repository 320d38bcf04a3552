"""Reading families' words: stems, spelling and their phrases for needs."""

import pytest

from search.text import SpellingIndex, ThemeMatcher, analyse, edit_distance, terms

SPELLING = SpellingIndex.from_texts(
    [
        "Free counselling for young people",
        "Parenting course for parents",
        "Domestic abuse outreach",
        "speech therapy",
    ]
)
THEMES = ThemeMatcher(
    {
        "domestic-abuse": ["Domestic abuse", "dv", "partner hurts me"],
        "exploitation": ["Child exploitation", "county lines"],
        "school-attendance": ["can't get him to school"],
    }
)


def test_terms_are_stems_without_stop_words():
    assert terms("Parenting courses for the parents") == ["parent", "cours", "parent"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("councelling", "counselling"),
        ("parentting", "parenting"),
        ("domestik", "domestic"),
        ("sppech", "speech"),
    ],
)
def test_misspellings_are_corrected_to_words_the_directory_uses(typed, meant):
    assert SPELLING.correct(typed) == meant


def test_short_words_and_known_words_are_left_alone():
    assert SPELLING.correct("for") is None
    assert SPELLING.correct("abuse") is None
    assert SPELLING.correct("xyzzyplugh") is None


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("councelling", "counselling") == 1
    assert edit_distance("teh", "the") == 1


@pytest.mark.parametrize(
    ("words", "theme"),
    [
        ("my partner hurts me", "domestic-abuse"),
        ("DV", "domestic-abuse"),
        ("worried about county lines", "exploitation"),
        ("I can't get him to school", "school-attendance"),
        ("domestik abuse", "domestic-abuse"),
    ],
)
def test_families_phrases_name_a_theme(words, theme):
    assert theme in analyse(words, SPELLING, THEMES).themes


def test_a_phrase_must_appear_whole():
    assert analyse("my partner", SPELLING, THEMES).themes == ()
