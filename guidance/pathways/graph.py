"""A pathway as plain data: questions and outcomes with ids, and the answers that join them.

Read from a PathwayPage's StreamFields (`Graph.from_streams`) or from plain dicts in the same
shape (`Graph.from_data`, used by tests and the demo). Nothing here touches the database, so the
engine, validator, path table and diagram can be tested without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SINGLE, MULTIPLE, AGE = "single_choice", "multiple_choice", "child_age"
EMERGENCY, SAME_DAY, URGENT, NON_URGENT = "emergency", "same-day", "urgent", "non-urgent"
LEVELS = (1, 2, 3, 4)
SELF_REFERRAL = "self_referral"
# Pathways whose readers are the family or young person themselves (not professionals).
FAMILY_AUDIENCES = ("families", "young-people")
NONE_ANSWER = "none"


@dataclass(frozen=True)
class Answer:
    id: str
    label: str
    next: str
    index: int  # position in the question's list (for pointing the admin at it)
    hint: str = ""
    min_age: int | None = None
    max_age: int | None = None
    field: str = "answers"  # the block field this answer lives in ("answers", "bands", "none_next")

    def covers(self, age: int) -> bool:
        return self.min_age is not None and self.max_age is not None and self.min_age <= age <= self.max_age


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    index: int
    answers: tuple[Answer, ...]
    hint: str = ""
    asks_about_danger: bool = False
    none_label: str = ""

    @property
    def choices(self) -> tuple[Answer, ...]:
        """The answers a person can pick (without the "None of these" option)."""
        return tuple(answer for answer in self.answers if answer.field != "none_next")

    @property
    def none_answer(self) -> Answer | None:
        return next((answer for answer in self.answers if answer.field == "none_next"), None)


@dataclass(frozen=True)
class Outcome:
    id: str
    heading: str
    index: int
    level: int | None = None
    urgency: str = "non-urgent"
    has_escalation_contact: bool = False
    filter: Mapping[str, Any] = field(default_factory=dict)
    value: Any = None  # the block's StructValue, for rendering


@dataclass
class Graph:
    questions: list[Question]
    outcomes: list[Outcome]
    safeguarding_relevant: bool = False
    audience: str = ""

    def __post_init__(self):
        self.nodes: dict[str, Question | Outcome] = {}
        for node in [*self.questions, *self.outcomes]:
            self.nodes.setdefault(node.id, node)

    @property
    def start(self) -> Question | None:
        return self.questions[0] if self.questions else None

    def question(self, node_id: str) -> Question | None:
        node = self.nodes.get(node_id)
        return node if isinstance(node, Question) else None

    def outcome(self, node_id: str) -> Outcome | None:
        node = self.nodes.get(node_id)
        return node if isinstance(node, Outcome) else None

    # ------------------------------------------------------------------ building

    @classmethod
    def from_data(
        cls,
        questions: Iterable[tuple[str, Mapping]],
        outcomes: Iterable[Mapping],
        *,
        safeguarding_relevant: bool = False,
        audience: str = "",
    ) -> Graph:
        """`questions` as (block type, value) pairs, `outcomes` as values: the shape of the blocks."""
        built_questions = [_question(kind, value, index) for index, (kind, value) in enumerate(questions)]
        built_outcomes = [_outcome(value, index, audience) for index, value in enumerate(outcomes)]
        return cls(
            built_questions, built_outcomes, safeguarding_relevant=safeguarding_relevant, audience=audience
        )

    @classmethod
    def from_streams(
        cls, questions, outcomes, *, safeguarding_relevant: bool = False, audience: str = ""
    ) -> Graph:
        """From StreamValues (a page's fields, or a form's cleaned data)."""
        return cls.from_data(
            [(child.block_type, child.value) for child in (questions or [])],
            [child.value for child in (outcomes or []) if child.block_type == "outcome"],
            safeguarding_relevant=safeguarding_relevant,
            audience=audience,
        )

    @classmethod
    def for_page(cls, page) -> Graph:
        return cls.from_streams(
            page.questions,
            page.outcomes,
            safeguarding_relevant=page.safeguarding_relevant,
            audience=getattr(page, "audience", ""),
        )


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _int_or_none(value: Any) -> int | None:
    try:
        return None if value in (None, "") else int(value)
    except (TypeError, ValueError):
        return None


def _question(kind: str, value: Mapping, index: int) -> Question:
    answers: list[Answer] = []
    if kind == AGE:
        for position, band in enumerate(value.get("bands") or []):
            answers.append(
                Answer(
                    id=f"band-{position + 1}",
                    label=_text(band.get("label")),
                    next=_text(band.get("next")),
                    index=position,
                    min_age=_int_or_none(band.get("min_age")),
                    max_age=_int_or_none(band.get("max_age")),
                    field="bands",
                )
            )
    else:
        for position, answer in enumerate(value.get("answers") or []):
            answers.append(
                Answer(
                    id=_text(answer.get("id")),
                    label=_text(answer.get("label")),
                    next=_text(answer.get("next")),
                    index=position,
                    hint=_text(answer.get("hint")),
                )
            )
        if kind == MULTIPLE:
            answers.append(
                Answer(
                    id=NONE_ANSWER,
                    label=_text(value.get("none_label")) or "None of these",
                    next=_text(value.get("none_next")),
                    index=len(answers),
                    field="none_next",
                )
            )
    return Question(
        id=_text(value.get("id")),
        kind=kind,
        text=_text(value.get("question")),
        index=index,
        answers=tuple(answers),
        hint=_text(value.get("hint")),
        asks_about_danger=bool(value.get("asks_about_danger")),
        none_label=_text(value.get("none_label")) or ("None of these" if kind == MULTIPLE else ""),
    )


def _outcome(value: Mapping, index: int, audience: str = "") -> Outcome:
    level = _int_or_none(value.get("level"))
    urgency = _text(value.get("urgency")) or NON_URGENT
    return Outcome(
        id=_text(value.get("id")),
        heading=_text(value.get("heading")),
        index=index,
        level=level,
        urgency=urgency,
        has_escalation_contact=bool(value.get("escalation_contact")),
        filter=service_filter(value.get("services") or {}, level=level, urgency=urgency, audience=audience),
        value=value,
    )


def fitting_levels(level: int | None) -> list[str]:
    """The levels of need a service should work at to fit an outcome of `level`: that level and
    the ones next to it (a level 1 outcome never lists a statutory level 4 team, a level 4
    outcome never a universal club)."""
    if level not in LEVELS:
        return []
    return [str(number) for number in LEVELS if abs(number - level) <= 1]


def service_filter(services: Mapping, *, level: int | None, urgency: str, audience: str) -> dict[str, Any]:
    """The search an outcome's services come from: the editor's choices, and where they left
    "Levels of need" or "Ways in" empty, what the outcome implies.

    - levels: `fitting_levels` of the outcome's likely level;
    - ways in: on a pathway for families or young people, services they can contact themselves
      (a family told "contact one of the services below" cannot refer itself to a statutory team);
    - crisis: an emergency, same-day or urgent outcome lists the services people can contact now
      (helplines, 24-hour lines) and the safeguarding contacts first (`search.ranking`).
    """
    levels = [str(number) for number in services.get("levels") or []] or fitting_levels(level)
    access = list(services.get("access") or []) or ([SELF_REFERRAL] if audience in FAMILY_AUDIENCES else [])
    return {
        "themes": list(services.get("themes") or []),
        "kinds": list(services.get("kinds") or []),
        "levels": levels,
        "access": access,
        "max_services": _int_or_none(services.get("max_services")) or 5,
        "crisis": urgency in (EMERGENCY, SAME_DAY, URGENT),
    }
