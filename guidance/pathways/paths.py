"""Every route through a pathway, as "answers → outcome": the table editors review, and the list
the tests walk. Only meaningful for a graph without loops (validation rejects loops)."""

from __future__ import annotations

from dataclasses import dataclass

from directory.ages import PREGNANCY

from .graph import AGE, MULTIPLE, NONE_ANSWER, Answer, Graph, Outcome, Question

MAX_PATHS = 2000


@dataclass(frozen=True)
class PathStep:
    question: Question
    answer: Answer

    @property
    def values(self) -> tuple[str, ...]:
        """Query-string values that choose this answer (for an age band, its youngest age)."""
        if self.question.kind == AGE:
            age = self.answer.min_age if self.answer.min_age is not None else 0
            return ("pregnant",) if age == PREGNANCY else (str(age),)
        return (NONE_ANSWER,) if self.answer.field == "none_next" else (self.answer.id,)

    @property
    def label(self) -> str:
        if self.question.kind == MULTIPLE and self.answer.field != "none_next":
            return f"{self.answer.label} (ticked first)"
        return self.answer.label


@dataclass(frozen=True)
class Path:
    steps: tuple[PathStep, ...]
    outcome: Outcome

    def params(self) -> list[tuple[str, str]]:
        return [(step.question.id, value) for step in self.steps for value in step.values]


def enumerate_paths(graph: Graph, limit: int = MAX_PATHS) -> list[Path]:
    """Depth first, in the editor's order. Stops at `limit` paths; skips loops and broken targets."""
    found: list[Path] = []
    if graph.start is None:
        return found

    def walk(question: Question, steps: tuple[PathStep, ...], seen: frozenset[str]) -> None:
        for answer in question.answers:
            if len(found) >= limit:
                return
            step = PathStep(question, answer)
            target = graph.nodes.get(answer.next)
            if isinstance(target, Outcome):
                found.append(Path((*steps, step), target))
            elif isinstance(target, Question) and target.id not in seen:
                walk(target, (*steps, step), seen | {target.id})

    walk(graph.start, (), frozenset({graph.start.id}))
    return found
