"""Replaying a pathway's answers from the URL: where the person is now, and what they said.

Each step is a GET with every answer so far in the query string (`?danger=no&age=7`), as in GOV.UK
Smart Answers. The server replays the answers from the first question and stops at the first one
that is missing or unusable; the view redirects there when the address asked for somewhere else.
Nothing is stored: the answers exist only in the address and in this replay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from directory.ages import MAX_AGE, PREGNANCY, Age

from .graph import AGE, MULTIPLE, NONE_ANSWER, SINGLE, Answer, Graph, Outcome, Question

# Query parameters that are not answers. `step` marks a submitted form (so an empty submission shows
# an error rather than the same question again); `near` is the place for the service list;
# `previous` is the answer a Change or Back link is going back to, shown already chosen.
STEP_PARAMETER = "step"
NEAR_PARAMETER = "near"
PREVIOUS_PARAMETER = "previous"
RESERVED_IDS = frozenset(
    {STEP_PARAMETER, NEAR_PARAMETER, PREVIOUS_PARAMETER, "start", "page", "format", NONE_ANSWER}
)
MAX_NEAR_LENGTH = 60
MAX_VALUES = 30  # more values than this for one question is junk
MAX_STEPS = 100  # a replay never runs longer than this, even on a graph with a loop
# A step's address names its position along the person's route (1 is the first question), never
# the question or outcome: an id such as `get-help-now` in the path would tell access logs and
# browser history what was answered. A position past the longest possible replay is not a step.
MAX_POSITION = MAX_STEPS + 1


@dataclass(frozen=True)
class Step:
    """One answered question on the way to where the person is now."""

    question: Question
    values: tuple[str, ...]  # as they go in the URL
    chosen: tuple[Answer, ...]  # what they picked (for age: the band)
    next: str
    age: int | None = None

    @property
    def display(self) -> str:
        if self.question.kind == AGE:
            return age_display(self.age)
        return ", ".join(answer.label for answer in self.chosen)


@dataclass
class Replay:
    steps: list[Step] = field(default_factory=list)
    current: Question | Outcome | None = None
    # The current question's answer, if one was given but could not be used: an error to show.
    error: str = ""
    near: str = ""

    @property
    def age(self) -> int | None:
        ages = [step.age for step in self.steps if step.age is not None]
        return ages[-1] if ages else None

    @property
    def position(self) -> int:
        """Where the person is along their route: 1 at the first question, one more per answer.
        Two people at different questions or outcomes share a position, so it reveals no answer."""
        return len(self.steps) + 1

    @property
    def outcome(self) -> Outcome | None:
        return self.current if isinstance(self.current, Outcome) else None

    @property
    def question(self) -> Question | None:
        return self.current if isinstance(self.current, Question) else None

    def params(self, upto: int | None = None) -> list[tuple[str, str]]:
        """The canonical query parameters: the answers of the first `upto` steps (all by
        default), in the order they were asked, then the place."""
        pairs = [(step.question.id, value) for step in self.steps[:upto] for value in step.values]
        if self.near:
            pairs.append((NEAR_PARAMETER, self.near))
        return pairs

    def query_string(self, upto: int | None = None) -> str:
        return urlencode(self.params(upto))


def age_display(age: int | None) -> str:
    return "" if age is None else Age(age).label


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    raw = params.getlist(name) if hasattr(params, "getlist") else params.get(name, [])
    if isinstance(raw, str):
        raw = [raw]
    cleaned = ["".join(ch for ch in str(value) if ch.isprintable()).strip() for value in raw[:MAX_VALUES]]
    return [value for value in cleaned if value]


def parse_age(raw: str) -> int | None:
    age = Age.parse(raw)
    return None if age is None else age.years


class AnswerError(ValueError):
    """An answer that cannot be used, with what to tell the person (GOV.UK error message style)."""


def answer(
    question: Question, values: list[str]
) -> tuple[tuple[str, ...], tuple[Answer, ...], str, int | None]:
    """Apply `values` to `question`: (values to keep, answers chosen, next node id, age).
    Raises AnswerError when they cannot be used, and LookupError when there are none."""
    if not values:
        raise LookupError("no answer")
    if question.kind == SINGLE:
        if len(set(values)) != 1:
            raise AnswerError("Select one answer")
        chosen = next((a for a in question.choices if a.id == values[0]), None)
        if chosen is None:
            raise AnswerError("Select one of the answers")
        return (chosen.id,), (chosen,), chosen.next, None
    if question.kind == MULTIPLE:
        picked = list(dict.fromkeys(values))
        if NONE_ANSWER in picked:
            if len(picked) > 1:
                raise AnswerError(f"Select '{question.none_label}' on its own, or untick it")
            none = question.none_answer
            return (NONE_ANSWER,), (none,), none.next, None
        by_id = {a.id: a for a in question.choices}
        if any(value not in by_id for value in picked):
            raise AnswerError("Select from the answers shown")
        # The editor's order decides: the first ticked answer in the list leads on.
        chosen = tuple(a for a in question.choices if a.id in picked)
        return tuple(a.id for a in chosen), chosen, chosen[0].next, None
    if question.kind == AGE:
        if len(values) != 1:
            raise AnswerError("Enter one age")
        age = parse_age(values[0])
        if age is None:
            raise AnswerError(f"Enter an age in years from 0 to {MAX_AGE}, or 'pregnant'")
        band = next((band for band in question.answers if band.covers(age)), None)
        if band is None:
            raise AnswerError("Enter a different age: this guide does not cover that age")
        return (str(age) if age != PREGNANCY else "pregnant",), (band,), band.next, age
    raise AnswerError("This question cannot be answered")


def replay(graph: Graph, params: Mapping[str, Sequence[str]]) -> Replay:
    """Walk from the first question using the answers in `params`; stop at the first question
    without a usable answer, or at an outcome. Parameters that are not on the path are dropped."""
    result = Replay()
    near = _values(params, NEAR_PARAMETER)
    result.near = near[0][:MAX_NEAR_LENGTH] if near else ""
    node: Question | Outcome | None = graph.start
    seen: set[str] = set()
    while isinstance(node, Question) and len(result.steps) < MAX_STEPS:
        if node.id in seen:  # a loop in a broken graph: stop where it turns back
            break
        seen.add(node.id)
        try:
            kept, chosen, next_id, age = answer(node, _values(params, node.id))
        except LookupError:
            break
        except AnswerError as error:
            result.error = str(error)
            break
        result.steps.append(Step(node, kept, chosen, next_id, age))
        following = graph.nodes.get(next_id)
        if following is None:  # an unknown target (validation stops this being published)
            result.steps.pop()
            break
        node = following
    result.current = node
    return result
