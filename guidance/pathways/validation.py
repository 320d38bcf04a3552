"""Checks that stop an editor publishing a broken pathway, and warnings worth a second look.

Errors (block saving and publishing): unknown or missing targets, duplicate ids, reserved ids,
questions nobody can reach, questions that can never reach an outcome, cycles, outcomes nobody can
reach, age bands that leave gaps or overlap; and the safeguarding checks (`safeguarding`: escalation
contacts, danger first, urgency and self-harm), which `validate` runs too.

Warnings (do not block): a path longer than `MAX_PATH_QUESTIONS` questions, and (with the database)
an outcome whose service filter matches no live service today.

Every problem says where it is (`Where`), so the admin form can put the message on the offending
question, answer or outcome.
"""

from __future__ import annotations

from directory.ages import MAX_AGE, PREGNANCY

from .engine import RESERVED_IDS
from .graph import AGE, Graph, Outcome, Question
from .problems import Problem, Report, Where
from .safeguarding import check_safeguarding_fit

MAX_PATH_QUESTIONS = 7


def _node_where(node: Question | Outcome) -> Where:
    return Where("questions", node.index) if isinstance(node, Question) else Where("outcomes", node.index)


def _answer_where(question: Question, position: int) -> Where:
    answer = question.answers[position]
    if answer.field == "none_next":
        return Where("questions", question.index, "none_next")
    return Where("questions", question.index, answer.field, position, "next")


def validate(graph: Graph) -> Report:
    """Every check that needs no database: the structural ones here, then the safeguarding ones."""
    report = Report()
    error = report.errors.append

    if not graph.questions:
        error(Problem("no-questions", "Add at least one question.", Where("questions")))
    if not graph.outcomes:
        error(Problem("no-outcomes", "Add at least one outcome.", Where("outcomes")))

    # Ids: present, unique across questions and outcomes, not reserved for the address.
    seen: dict[str, Question | Outcome] = {}
    for node in [*graph.questions, *graph.outcomes]:
        where = Where(_node_where(node).stream, node.index, "id")
        if not node.id:
            error(Problem("missing-id", "Give this an id.", where))
            continue
        if node.id in RESERVED_IDS:
            error(
                Problem(
                    "reserved-id", f"'{node.id}' is used by the website itself. Choose another id.", where
                )
            )
        if node.id in seen:
            first = seen[node.id]
            kind = "question" if isinstance(first, Question) else "outcome"
            error(
                Problem(
                    "duplicate-id",
                    f"The id '{node.id}' is already used by {kind} {first.index + 1}. Ids must be unique.",
                    where,
                )
            )
        else:
            seen[node.id] = node

    # Answers: unique ids within a question, and each leads somewhere that exists.
    for question in graph.questions:
        answer_ids: set[str] = set()
        for position, answer in enumerate(question.answers):
            if question.kind != AGE and answer.field == "answers":
                if answer.id in answer_ids:
                    error(
                        Problem(
                            "duplicate-id",
                            f"Two answers to this question have the id '{answer.id}'.",
                            Where("questions", question.index, "answers", position, "id"),
                        )
                    )
                answer_ids.add(answer.id)
                if answer.id in RESERVED_IDS:
                    error(
                        Problem(
                            "reserved-id",
                            f"'{answer.id}' is used by the website itself. Choose another answer id.",
                            Where("questions", question.index, "answers", position, "id"),
                        )
                    )
            if not answer.next:
                error(
                    Problem(
                        "missing-target", "Choose where this answer leads.", _answer_where(question, position)
                    )
                )
            elif answer.next not in graph.nodes:
                error(
                    Problem(
                        "unknown-target",
                        f"There is no question or outcome with the id '{answer.next}'.",
                        _answer_where(question, position),
                    )
                )
            elif answer.next == question.id:
                error(
                    Problem(
                        "cycle",
                        "This answer leads back to its own question.",
                        _answer_where(question, position),
                    )
                )
        if question.kind == AGE:
            _check_age_bands(question, report)
        if not question.answers:
            error(Problem("dead-end", "This question has no answers.", Where("questions", question.index)))

    _check_reachability_and_cycles(graph, report)
    check_safeguarding_fit(graph, report)
    _check_path_lengths(graph, report)
    return report


def _check_age_bands(question: Question, report: Report) -> None:
    covering: dict[int, list[int]] = {age: [] for age in range(PREGNANCY, MAX_AGE + 1)}
    for position, band in enumerate(question.answers):
        if band.min_age is None or band.max_age is None or band.min_age > band.max_age:
            report.errors.append(
                Problem(
                    "age-bands",
                    "Give this band a youngest age that is the same as or below its oldest age.",
                    Where("questions", question.index, "bands", position, "max_age"),
                )
            )
            continue
        for age in range(max(band.min_age, PREGNANCY), min(band.max_age, MAX_AGE) + 1):
            covering[age].append(position)
    gaps = [age for age, bands in covering.items() if not bands]
    overlaps = sorted({age for age, bands in covering.items() if len(bands) > 1})
    if gaps:
        report.errors.append(
            Problem(
                "age-bands",
                f"No band covers {_ages(gaps)}. Every age from pregnancy (-1) to {MAX_AGE} needs a band.",
                Where("questions", question.index, "bands"),
            )
        )
    if overlaps:
        report.errors.append(
            Problem(
                "age-bands",
                f"More than one band covers {_ages(overlaps)}. Each age must be in one band only.",
                Where("questions", question.index, "bands"),
            )
        )


def _ages(ages: list[int]) -> str:
    def label(age: int) -> str:
        return "pregnancy" if age == PREGNANCY else str(age)

    runs: list[tuple[int, int]] = []
    for age in ages:
        if runs and runs[-1][1] == age - 1:
            runs[-1] = (runs[-1][0], age)
        else:
            runs.append((age, age))
    parts = [label(a) if a == b else f"{label(a)} to {label(b)}" for a, b in runs]
    return ("age " if len(parts) == 1 and runs[0][0] == runs[0][1] else "ages ") + ", ".join(parts)


def successors(graph: Graph, question: Question) -> list[str]:
    return [answer.next for answer in question.answers if answer.next in graph.nodes]


def _check_reachability_and_cycles(graph: Graph, report: Report) -> None:
    start = graph.start
    if start is None:
        return
    reachable = {start.id}
    queue = [start.id]
    while queue:
        node = graph.question(queue.pop())
        if node is None:
            continue
        for target in successors(graph, node):
            if target not in reachable:
                reachable.add(target)
                queue.append(target)
    for question in graph.questions[1:]:
        if question.id and question.id not in reachable and graph.nodes.get(question.id) is question:
            report.errors.append(
                Problem(
                    "unreachable",
                    "Nobody can reach this question: no answer leads to it.",
                    Where("questions", question.index),
                )
            )
    for outcome in graph.outcomes:
        if outcome.id and outcome.id not in reachable and graph.nodes.get(outcome.id) is outcome:
            report.errors.append(
                Problem(
                    "unreachable",
                    "Nobody can reach this outcome: no answer leads to it.",
                    Where("outcomes", outcome.index),
                )
            )

    # Dead ends: questions from which no outcome can be reached (e.g. stuck in a loop).
    reaches_outcome = {outcome.id for outcome in graph.outcomes}
    changed = True
    while changed:
        changed = False
        for question in graph.questions:
            if question.id not in reaches_outcome and any(
                target in reaches_outcome for target in successors(graph, question)
            ):
                reaches_outcome.add(question.id)
                changed = True
    for question in graph.questions:
        if (
            question.answers
            and question.id not in reaches_outcome
            and graph.nodes.get(question.id) is question
        ):
            report.errors.append(
                Problem(
                    "dead-end",
                    "No answer to this question ever leads to an outcome, so people would get stuck.",
                    Where("questions", question.index),
                )
            )

    # Cycles: a depth-first search; an edge back to a question on the current path closes a loop.
    reported: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1 = on the path, 2 = done

    def visit(question: Question) -> None:
        state[question.id] = 1
        for position, answer in enumerate(question.answers):
            target = graph.question(answer.next)
            if target is None or answer.next == question.id:
                continue
            if state.get(target.id) == 1 and (question.id, target.id) not in reported:
                reported.add((question.id, target.id))
                report.errors.append(
                    Problem(
                        "cycle",
                        f"This answer goes back to question '{target.id}', which makes a loop. "
                        "Answers may only lead to later questions or to outcomes.",
                        _answer_where(question, position),
                    )
                )
            elif target.id not in state:
                visit(target)
        state[question.id] = 2

    for question in graph.questions:
        if question.id and question.id not in state and graph.nodes.get(question.id) is question:
            visit(question)


def _check_path_lengths(graph: Graph, report: Report) -> None:
    if "cycle" in report.codes() or graph.start is None:
        return
    longest: dict[str, int] = {}

    def length(node_id: str) -> int:
        if node_id in longest:
            return longest[node_id]
        question = graph.question(node_id)
        longest[node_id] = 0  # guards against any loop the checks above missed
        value = (
            0 if question is None else 1 + max((length(t) for t in successors(graph, question)), default=0)
        )
        longest[node_id] = value
        return value

    if (count := length(graph.start.id)) > MAX_PATH_QUESTIONS:
        report.warnings.append(
            Problem(
                "long-path",
                f"The longest route asks {count} questions. More than {MAX_PATH_QUESTIONS} is a lot for someone "
                "who is worried: can some be combined?",
                Where(""),
            )
        )


def service_warnings(graph: Graph) -> list[Problem]:
    """Outcomes whose service filter finds no live service today (uses the search engine)."""
    from search.query import Vocabulary

    from ..services import matching_services

    vocabulary = Vocabulary.from_database()
    warnings = []
    for outcome in graph.outcomes:
        match = matching_services(outcome.filter, vocabulary=vocabulary)
        if match.total == 0:
            warnings.append(
                Problem(
                    "no-services",
                    "No live service matches this outcome's service filter today, so people would see "
                    "no services here. Widen the filter or check the directory.",
                    Where("outcomes", outcome.index, "services"),
                )
            )
    return warnings


def full_report(graph: Graph) -> Report:
    report = validate(graph)
    report.warnings.extend(service_warnings(graph))
    return report
