"""What a pathway check finds: a problem, where it is, and the report that collects them.

Shared by the structural checks (`validation`) and the safeguarding checks (`safeguarding`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .graph import Graph


@dataclass(frozen=True)
class Where:
    stream: str  # "questions", "outcomes" or "" (the pathway as a whole)
    index: int | None = None  # the block's position in its stream
    field: str | None = None  # a field of that block ("id", "answers", "none_next", "level", …)
    item: int | None = None  # a position within a list field (an answer or age band)
    item_field: str | None = None  # a field of that item ("next", "id")

    def describe(self, graph: Graph) -> str:
        if self.stream == "questions" and self.index is not None and self.index < len(graph.questions):
            question = graph.questions[self.index]
            text = f"question {self.index + 1} ('{question.id}')"
            if self.item is not None and self.item < len(question.answers):
                text += f", answer '{question.answers[self.item].label}'"
            return text
        if self.stream == "outcomes" and self.index is not None and self.index < len(graph.outcomes):
            return f"outcome {self.index + 1} ('{graph.outcomes[self.index].id}')"
        return "the pathway"


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    where: Where


@dataclass
class Report:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self) -> set[str]:
        return {problem.code for problem in self.errors}

    def warning_codes(self) -> set[str]:
        return {problem.code for problem in self.warnings}
