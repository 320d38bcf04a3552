"""Reading families' words: stems, spelling and their phrases for needs."""

import pytest

from search.spelling import SpellingIndex, edit_distance
from search.text import ThemeMatcher, analyse, terms

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


@pytest.mark.parametrize(
    ("words", "theme", "crisis"),
    [
        # Phrasings from a check set of families' words that found the wrong door (issue 15).
        ("safe place to stay away from my partner", "domestic-abuse", True),
        ("i need to leave my abusive husband", "domestic-abuse", True),
        ("son keeps going missing", "exploitation", False),
        ("my daughter looks after me", "young-carers", False),
        ("feeling down after having a baby", "pregnancy-and-baby", False),
        ("feeling down after having a baby", "mental-health", False),
        ("my son is smoking cannabis", "alcohol-and-drugs", False),
        ("teen worried about exams", "mental-health", False),
        ("child keeps getting sent home from school", "school-attendance", False),
        ("help for a deaf child", "send", False),
        ("help finding a job", "money-work-housing", False),
        ("behind with council tax", "money-work-housing", False),
        ("baby has colic", "pregnancy-and-baby", False),
        ("stillbirth support", "bereavement", False),
        ("my 3 year old hits other children", "parenting", False),
        ("they talk about not wanting to live", "mental-health", True),
        ("my son is always sad", "mental-health", False),
        ("help getting my child back into school", "school-attendance", False),
        ("my daughter is refusing school", "school-attendance", False),
        ("my child has global developmental delay", "send", False),
        ("my son lost his best friend", "bereavement", False),
        ("support after losing a parent", "bereavement", False),
        ("my son is carrying drugs for older boys", "exploitation", False),
        ("me and my ex cant agree about the kids", "family-relationships", False),
    ],
)
def test_families_grammar_names_the_need(words, theme, crisis):
    understood = analyse(words, SPELLING, THEMES)
    assert theme in understood.themes
    assert understood.crisis is crisis


@pytest.mark.parametrize(
    ("words", "wrong_theme"),
    [
        ("my son is smoking cannabis", "healthy-lifestyles"),  # not a stop-smoking service
        ("looking after my baby", "young-carers"),  # a parent, not a young carer
        ("caring for my son", "young-carers"),
        ("my son is carrying drugs for older boys", "alcohol-and-drugs"),  # exploitation, not drug use
    ],
)
def test_a_phrase_does_not_send_a_family_to_a_neighbouring_door(words, wrong_theme):
    assert wrong_theme not in analyse(words, SPELLING, THEMES).themes


def test_the_kinds_of_crisis_are_told_apart_for_pathway_checks():
    from search.intent import ABUSE, SELF_HARM, crises_in

    assert crises_in("They hurt themselves or talk about not wanting to live") == (SELF_HARM,)
    assert crises_in("Someone at home hurts, scares or controls me") == (ABUSE,)
    assert crises_in("They seem very sad, worried or anxious") == ()


def test_kids_children_and_child_share_a_stem():
    assert terms("kids") == terms("children") == terms("child") == terms("kid")


def test_words_are_stemmed_the_same_when_a_servers_threads_search_at_once():
    """gunicorn runs several threads per worker: under `make loadtest` a stemmer shared between
    them mixed one search's word with another's letters (IndexError: a 500 for a family)."""
    import sys
    import threading

    from search.text import stem

    words = ["counselling", "relationships", "bereavement", "adolescents", "hopefulness", "parenting"] * 20
    expected = [stem(word) for word in words]
    failures: list[str] = []

    def search_many(offset: int):
        mine = words[offset:] + words[:offset]
        wanted = expected[offset:] + expected[:offset]
        for _ in range(10):
            try:
                got = [stem(word) for word in mine]
            except Exception as error:  # the failure a visitor would have had
                failures.append(repr(error))
                return
            if got != wanted:
                failures.append("a different stem")
                return

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=search_many, args=(offset,)) for offset in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert not failures, failures[:3]
