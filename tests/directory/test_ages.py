"""A child's age, one definition (`directory.ages`): the search and the pathways understand the
same words and say the same thing back."""

from django.http import QueryDict

import pytest

from directory import facets
from directory.ages import MAX_AGE, PREGNANCY, Age, AgeError
from guidance.pathways.engine import age_display, parse_age
from search.query import SearchQuery, Vocabulary


@pytest.mark.parametrize(
    ("typed", "years"),
    [
        ("pregnant", PREGNANCY),
        ("Expecting", PREGNANCY),
        ("pregnancy", PREGNANCY),
        ("-1", PREGNANCY),
        ("0", 0),
        ("7 years", 7),
        ("7yrs", 7),
        (" 25 ", 25),
    ],
)
def test_the_search_and_the_pathways_read_an_age_the_same_way(typed, years):
    assert Age.read(typed) == Age(years)
    assert parse_age(typed) == years
    search = SearchQuery.from_params(QueryDict(f"age={typed}"), Vocabulary({}))
    assert search.age == years and not search.messages


@pytest.mark.parametrize(
    ("typed", "not_a_number"),
    [
        ("seven", True),
        ("7.5", True),
        ("²", True),
        ("1³", True),
        ("26", False),
        ("-3", False),
        ("1000", False),
    ],
)
def test_what_is_not_an_age_is_refused_saying_why(typed, not_a_number):
    with pytest.raises(AgeError) as refused:
        Age.read(typed)
    assert refused.value.not_a_number is not_a_number
    assert parse_age(typed) is None
    search = SearchQuery.from_params(QueryDict(f"age={typed}"), Vocabulary({}))
    assert search.age is None
    expected = "wasn't a number" if not_a_number else f"from pregnancy to age {MAX_AGE}"
    assert expected in search.messages[0]


def test_an_age_is_said_in_families_words_everywhere():
    assert [Age(years).label for years in (PREGNANCY, 0, 7)] == ["Expecting a baby", "Under 1", "7"]
    assert age_display(PREGNANCY) == "Expecting a baby"
    # The search's age options use the same labels.
    ages = facets.BY_PARAMETER["age"].vocabulary()
    assert ages["pregnancy"] == "Expecting a baby" and ages["0"] == "Under 1"
    assert list(ages) == [Age(years).code for years in range(PREGNANCY, MAX_AGE + 1)]


def test_a_superscript_digit_for_an_age_is_a_note_not_a_server_error(client, site_tree):
    """ "²".isdigit() is True but int("²") raises: found by the search's property test."""
    response = client.get("/search/", {"q": "parenting", "age": "²"})
    assert response.status_code == 200
    assert "We ignored the age because it wasn" in response.content.decode()
