"""Replaying answers from the URL: the engine stops at the first missing or unusable answer."""

from django.http import QueryDict

from guidance.pathways.engine import replay
from guidance.pathways.paths import enumerate_paths

from .factories import graph_of, simple_flow


def graph():
    return graph_of(*simple_flow(contact_pk=1), safeguarding_relevant=True)


def run(query: str):
    return replay(graph(), QueryDict(query))


def test_no_answers_starts_at_the_first_question():
    result = run("")
    assert result.question.id == "danger" and result.steps == [] and not result.error


def test_answers_are_replayed_to_the_next_question_and_to_an_outcome():
    assert run("danger=no").question.id == "age"
    assert run("danger=no&age=7").question.id == "worries"
    result = run("danger=no&age=7&worries=school")
    assert result.outcome.id == "school-help"
    assert result.age == 7
    assert [step.display for step in result.steps] == ["No", "7", "School"]


def test_the_first_ticked_answer_in_the_editors_order_decides_a_multiple_choice():
    result = run("danger=no&age=7&worries=school&worries=sleep")
    assert result.outcome.id == "sleep-help"
    assert result.params() == [("danger", "no"), ("age", "7"), ("worries", "sleep"), ("worries", "school")]


def test_none_of_these_leads_to_its_own_target_and_cannot_be_mixed():
    assert run("danger=no&age=7&worries=none").outcome.id == "other-help"
    mixed = run("danger=no&age=7&worries=none&worries=sleep")
    assert mixed.question.id == "worries" and "on its own" in mixed.error


def test_an_unknown_answer_stops_the_replay_with_an_error():
    result = run("danger=maybe&age=7")
    assert result.question.id == "danger" and result.steps == [] and result.error


def test_ages_are_parsed_like_search_and_pregnancy_counts():
    assert run("danger=no&age=pregnant").steps[-1].age == -1
    assert run("danger=no&age=pregnant").steps[-1].display == "Expecting a baby"
    assert run("danger=no&age=0").steps[-1].display == "Under 1"
    for bad in ("seven", "26", "-3", "1e3", "99999999999"):
        result = run(f"danger=no&age={bad}")
        assert result.question.id == "age" and result.error, bad


def test_parameters_off_the_path_and_control_characters_are_dropped():
    result = run("danger=no&age=7&junk=1&worries=sleep%00&how=zzz")
    assert result.outcome.id == "sleep-help"
    assert result.params() == [("danger", "no"), ("age", "7"), ("worries", "sleep")]


def test_place_is_kept_and_clamped():
    result = run("danger=no&near=" + "P" * 500)
    assert result.near == "P" * 60
    assert result.params()[-1] == ("near", "P" * 60)


def test_every_path_replays_to_its_outcome():
    g = graph()
    paths = enumerate_paths(g)
    assert {path.outcome.id for path in paths} == {"emergency", "sleep-help", "school-help", "other-help"}
    for path in paths:
        query = QueryDict(mutable=True)
        for name, value in path.params():
            query.appendlist(name, value)
        assert replay(g, query).outcome.id == path.outcome.id
