"""Safeguarding checks on a pathway: does it treat danger, urgency and self-harm as it must?

Errors (block saving and publishing): level 3-4 or emergency outcomes without an escalation
contact; safeguarding pathways that do not ask about danger first, or whose danger question has no
answer leading to an emergency; outcomes whose level and urgency disagree (an emergency, same-day
or urgent outcome with a likely level below 3); and an outcome reached when a child hurts
themselves or talks about ending their life that does not offer help the same day.

Separate from the structural checks (`validation`, which runs these too): these judge whether a
well-formed pathway is safe for a worried family, not whether it is well formed.
"""

from __future__ import annotations

from .graph import EMERGENCY, SAME_DAY, URGENT, Graph, Outcome
from .problems import Problem, Report, Where


def check_safeguarding_fit(graph: Graph, report: Report) -> None:
    check_escalation_contacts(graph, report)
    check_urgency(graph, report)
    check_danger_first(graph, report)


def check_escalation_contacts(graph: Graph, report: Report) -> None:
    """Level 3-4 and emergency outcomes name someone to call."""
    for outcome in graph.outcomes:
        if (outcome.level in (3, 4) or outcome.urgency == "emergency") and not outcome.has_escalation_contact:
            reason = "an emergency" if outcome.urgency == "emergency" else f"likely level {outcome.level}"
            report.errors.append(
                Problem(
                    "no-escalation-contact",
                    f"This outcome is {reason}, so it must name an escalation contact.",
                    Where("outcomes", outcome.index, "escalation_contact"),
                )
            )


URGENCY_WORDS = {EMERGENCY: "an emergency", SAME_DAY: "same-day", URGENT: "urgent"}


def about_self_harm(graph: Graph, outcome: Outcome) -> bool:
    """An answer that leads straight to `outcome`, or its heading, describes a child hurting
    themselves or talking about ending their life (`search.intent`'s self-harm and suicide rules,
    the same words a search treats as a crisis)."""
    from search.intent import SELF_HARM, crises_in

    texts = [outcome.heading] + [
        f"{answer.label} {answer.hint}"
        for question in graph.questions
        for answer in question.answers
        if answer.next == outcome.id
    ]
    return any(SELF_HARM in crises_in(text) for text in texts if text)


def check_urgency(graph: Graph, report: Report) -> None:
    """An outcome's level and urgency agree with each other and with the answers leading to it."""
    for outcome in graph.outcomes:
        if outcome.urgency in URGENCY_WORDS and outcome.level in (1, 2):
            report.errors.append(
                Problem(
                    "urgent-low-level",
                    f"This outcome is {URGENCY_WORDS[outcome.urgency]} but its likely level is "
                    f"{outcome.level}. Needs that cannot wait are level 3 or 4: raise the level, or make "
                    "the outcome not urgent if it can wait.",
                    Where("outcomes", outcome.index, "level"),
                )
            )
        if about_self_harm(graph, outcome) and (
            outcome.urgency not in (EMERGENCY, SAME_DAY) or not outcome.has_escalation_contact
        ):
            report.errors.append(
                Problem(
                    "self-harm-same-day",
                    "People reach this outcome when a child hurts themselves or talks about ending their "
                    "life, so it must offer help the same day: make it 'Same day' (or an emergency) and "
                    "name an escalation contact they can call now, such as a crisis line.",
                    Where("outcomes", outcome.index, "urgency"),
                )
            )


def check_danger_first(graph: Graph, report: Report) -> None:
    """Safeguarding-relevant pathways ask about danger first, and danger leads to an emergency."""
    if not graph.safeguarding_relevant or graph.start is None:
        return
    start = graph.start
    if not start.asks_about_danger:
        report.errors.append(
            Problem(
                "danger-first",
                "This pathway is marked safeguarding-relevant, so its first question must ask whether "
                "anyone is in danger now (tick 'Asks about danger').",
                Where("questions", start.index, "asks_about_danger"),
            )
        )
        return
    emergencies = [graph.outcome(answer.next) for answer in start.answers]
    if not any(outcome is not None and outcome.urgency == "emergency" for outcome in emergencies):
        report.errors.append(
            Problem(
                "danger-first",
                "The danger question needs an answer that leads straight to an emergency outcome.",
                Where("questions", start.index),
            )
        )
