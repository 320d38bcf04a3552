"""The pathway checks catch each kind of broken flow, and say where the problem is."""

import copy

from demo.guidance import blocks as build
from demo.guidance import content as demo_content
from guidance.pathways.diagram import render_svg
from guidance.pathways.paths import enumerate_paths
from guidance.pathways.validation import MAX_PATH_QUESTIONS, validate

from .factories import graph_of, simple_flow

BEHAVIOUR = demo_content.pathway("behaviour-or-feelings")
PATHWAYS = demo_content.PATHWAYS


def flow():
    return copy.deepcopy(simple_flow(contact_pk=1))


def check(questions, outcomes, safeguarding_relevant=True):
    return validate(graph_of(questions, outcomes, safeguarding_relevant=safeguarding_relevant))


def test_the_simple_flow_is_valid():
    report = check(*flow())
    assert report.errors == [] and report.warnings == []


def test_an_unknown_target_is_an_error_on_that_answer():
    questions, outcomes = flow()
    questions[2]["value"]["answers"][1]["next"] = "no-such-node"
    report = check(questions, outcomes)
    problem = next(p for p in report.errors if p.code == "unknown-target")
    assert "no-such-node" in problem.message
    assert (problem.where.stream, problem.where.index, problem.where.field, problem.where.item) == (
        "questions",
        2,
        "answers",
        1,
    )


def test_an_unknown_none_of_these_target_points_at_that_field():
    questions, outcomes = flow()
    questions[2]["value"]["none_next"] = "nowhere"
    problem = next(p for p in check(questions, outcomes).errors if p.code == "unknown-target")
    assert problem.where.field == "none_next"


def test_duplicate_ids_are_errors():
    questions, outcomes = flow()
    outcomes[3]["value"]["id"] = "sleep-help"
    questions[0]["value"]["answers"][1]["id"] = "yes"
    report = check(questions, outcomes)
    duplicates = [p for p in report.errors if p.code == "duplicate-id"]
    assert {(p.where.stream, p.where.index) for p in duplicates} == {("outcomes", 3), ("questions", 0)}


def test_reserved_ids_are_errors():
    questions, outcomes = flow()
    questions[1]["value"]["id"] = "near"
    questions[0]["value"]["answers"][1]["next"] = "near"
    assert "reserved-id" in check(questions, outcomes).codes()


def test_a_question_nobody_can_reach_is_an_error():
    questions, outcomes = flow()
    questions.append(
        build.single(
            "orphan", "Lonely?", [build.answer("a", "A", "sleep-help"), build.answer("b", "B", "sleep-help")]
        )
    )
    report = check(questions, outcomes)
    assert any(p.code == "unreachable" and p.where.index == 3 for p in report.errors)


def test_an_outcome_nobody_can_reach_is_an_error():
    questions, outcomes = flow()
    outcomes.append(build.outcome("spare", "Spare", "<p>x</p>", themes=["parenting"]))
    report = check(questions, outcomes)
    assert any(
        p.code == "unreachable" and p.where.stream == "outcomes" and p.where.index == 4 for p in report.errors
    )


def test_a_cycle_is_an_error_and_its_questions_are_dead_ends():
    questions, outcomes = flow()
    # worries → loop → worries: nothing in the loop reaches an outcome.
    questions.append(
        build.single(
            "loop", "Again?", [build.answer("a", "A", "worries"), build.answer("b", "B", "loop-two")]
        )
    )
    questions.append(
        build.single(
            "loop-two", "And again?", [build.answer("a", "A", "loop"), build.answer("b", "B", "loop")]
        )
    )
    for answer in questions[2]["value"]["answers"]:
        answer["next"] = "loop"
    questions[2]["value"]["none_next"] = "loop"
    report = check(questions, outcomes)
    assert "cycle" in report.codes()
    assert any(p.code == "dead-end" and p.where.index == 2 for p in report.errors)
    assert "loop" in render_svg(graph_of(questions, outcomes))  # the diagram still draws it


def test_an_answer_leading_back_to_its_own_question_is_a_cycle():
    questions, outcomes = flow()
    questions[2]["value"]["answers"][0]["next"] = "worries"
    assert "cycle" in check(questions, outcomes).codes()


def test_a_dead_end_question_without_answers_is_an_error():
    questions, outcomes = flow()
    questions[0]["value"]["answers"][1]["next"] = "stuck"
    questions.append(build.single("stuck", "Stuck?", []))
    assert "dead-end" in check(questions, outcomes).codes()


def test_serious_outcomes_need_an_escalation_contact():
    questions, outcomes = flow()
    for block in outcomes:
        block["value"]["escalation_contact"] = None
    outcomes[2]["value"]["level"] = "3"
    report = check(questions, outcomes)
    flagged = {p.where.index for p in report.errors if p.code == "no-escalation-contact"}
    assert flagged == {0, 2}  # the emergency and the level 3 outcome, not the level 1 ones
    assert all(
        p.where.field == "escalation_contact" for p in report.errors if p.code == "no-escalation-contact"
    )


def test_level_four_without_a_contact_is_an_error():
    questions, outcomes = flow()
    outcomes[1]["value"]["level"] = "4"
    outcomes[1]["value"]["escalation_contact"] = None
    assert any(
        p.code == "no-escalation-contact" and p.where.index == 1 for p in check(questions, outcomes).errors
    )


def test_safeguarding_pathways_must_ask_about_danger_first():
    questions, outcomes = flow()
    questions[0]["value"]["asks_about_danger"] = False
    assert "danger-first" in check(questions, outcomes).codes()
    assert "danger-first" not in check(questions, outcomes, safeguarding_relevant=False).codes()
    # …and the danger question must lead straight to an emergency.
    questions, outcomes = flow()
    outcomes[0]["value"]["urgency"] = "urgent"
    assert "danger-first" in check(questions, outcomes).codes()


def test_age_bands_must_cover_every_age_once():
    questions, outcomes = flow()
    questions[1]["value"]["bands"][1]["min_age"] = 7  # 5 and 6 uncovered
    report = check(questions, outcomes)
    assert any(p.code == "age-bands" and "5 to 6" in p.message for p in report.errors)
    questions[1]["value"]["bands"][1]["min_age"] = 3  # 3 and 4 covered twice
    assert any(
        p.code == "age-bands" and "More than one" in p.message for p in check(questions, outcomes).errors
    )


def test_missing_targets_and_empty_pathways_are_errors():
    questions, outcomes = flow()
    questions[0]["value"]["answers"][0]["next"] = ""
    assert "missing-target" in check(questions, outcomes).codes()
    assert {"no-questions", "no-outcomes"} <= check([], []).codes()


def test_a_long_path_is_a_warning_not_an_error():
    questions, outcomes = flow()
    questions[0]["value"]["answers"][1]["next"] = "q1"
    chain = [f"q{i}" for i in range(1, MAX_PATH_QUESTIONS + 1)] + ["age"]
    for current, following in zip(chain, chain[1:], strict=False):
        questions.append(
            build.single(
                current,
                f"Question {current}?",
                [build.answer("a", "A", following), build.answer("b", "B", "sleep-help")],
            )
        )
    report = check(questions, outcomes)
    assert report.errors == []
    assert report.warning_codes() == {"long-path"}


def test_paths_list_every_route_in_the_editors_order():
    paths = enumerate_paths(graph_of(*flow()))
    described = [(" / ".join(step.label for step in path.steps), path.outcome.id) for path in paths]
    assert described[0] == ("Yes", "emergency")
    assert ("No / Under 5 / Sleep (ticked first)", "sleep-help") in described
    assert ("No / 5 and over / None of these", "other-help") in described
    assert len(paths) == 1 + 2 * 3


def test_the_diagram_escapes_labels_and_marks_broken_answers():
    questions, outcomes = flow()
    questions[2]["value"]["question"] = "<script>alert(1)</script>"
    questions[2]["value"]["answers"][0]["next"] = "gone"
    svg = render_svg(graph_of(questions, outcomes), title="Diagram")
    assert svg.startswith("<svg") and "<script>" not in svg and "&lt;script&gt;" in svg
    assert "→ gone" in svg and "#d4351c" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing loads from elsewhere


# ---------------------------------------------------------------- level and urgency agree (issue 15)


def demo_graph(pathway: dict):
    """A demo pathway as a graph, with its escalation contacts counted as present."""
    return graph_of(
        pathway["questions"],
        pathway["outcomes"],
        safeguarding_relevant=pathway["safeguarding_relevant"],
        audience=pathway["audience"],
    )


def demo_outcome(pathway: dict, outcome_id: str) -> dict:
    return next(block["value"] for block in pathway["outcomes"] if block["value"]["id"] == outcome_id)


def test_an_urgent_outcome_below_level_3_is_an_error_on_its_level():
    questions, outcomes = flow()
    outcomes[2]["value"].update(urgency="urgent", level="2")  # school-help: "today or tomorrow", level 2
    problem = next(p for p in check(questions, outcomes).errors if p.code == "urgent-low-level")
    assert "urgent but its likely level is 2" in problem.message
    assert (problem.where.stream, problem.where.index, problem.where.field) == ("outcomes", 2, "level")

    outcomes[2]["value"].update(level="3", escalation_contact=1)
    assert "urgent-low-level" not in check(questions, outcomes).codes()


def test_a_self_harm_outcome_that_can_wait_until_tomorrow_is_an_error():
    """The demo's self-harm outcome as it was: level 3, "act today or tomorrow", for a child who
    talks about ending their life."""
    pathway = copy.deepcopy(BEHAVIOUR)
    demo_outcome(pathway, "self-harm").update(level="3", urgency="urgent")
    report = validate(demo_graph(pathway))
    problem = next(p for p in report.errors if p.code == "self-harm-same-day")
    assert "must offer help the same day" in problem.message
    assert problem.where.describe(demo_graph(pathway)) == "outcome 2 ('self-harm')"


def test_a_self_harm_outcome_needs_someone_to_call_now_as_well():
    pathway = copy.deepcopy(BEHAVIOUR)
    demo_outcome(pathway, "self-harm").update(level="", urgency="same-day", escalation_contact=None)
    assert "self-harm-same-day" in validate(demo_graph(pathway)).codes()


def test_the_answer_leading_to_an_outcome_decides_whether_it_is_about_self_harm():
    questions, outcomes = flow()
    questions[2]["value"]["answers"][0]["label"] = "She cuts herself"  # leads to sleep-help (level 1)
    assert "self-harm-same-day" in check(questions, outcomes).codes()
    questions[2]["value"]["answers"][0]["label"] = "She cuts her hair short"
    assert "self-harm-same-day" not in check(questions, outcomes).codes()


def test_every_demo_pathway_has_level_and_urgency_that_agree():
    for pathway in PATHWAYS:
        report = validate(demo_graph(pathway))
        assert not {"urgent-low-level", "self-harm-same-day"} & report.codes(), (pathway["slug"], report)
    self_harm = demo_graph(BEHAVIOUR).outcome("self-harm")
    assert (self_harm.urgency, self_harm.level) == ("same-day", 4)


# ---------------------------------------------------------------- which services an outcome lists


def test_a_families_outcome_lists_services_they_can_contact_at_a_fitting_level_crisis_first():
    outcome = demo_graph(BEHAVIOUR).outcome("self-harm")
    assert outcome.filter["access"] == ["self_referral"]
    assert outcome.filter["levels"] == ["3", "4"]
    assert outcome.filter["crisis"] is True
    everyday = demo_graph(BEHAVIOUR).outcome("everyday-support")
    assert (everyday.filter["levels"], everyday.filter["crisis"]) == (["1", "2"], False)


def test_editors_choices_win_and_professionals_see_every_way_in():
    professionals = next(p for p in PATHWAYS if p["audience"] == "professionals")
    graph = demo_graph(professionals)
    assert graph.outcome("level-4").filter["levels"] == ["4"]  # chosen by the editor
    assert all(outcome.filter["access"] != ["self_referral"] for outcome in graph.outcomes)
