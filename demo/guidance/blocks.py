"""StreamField values for guidance pages and pathways, built from short descriptions.

The builders (``text``, ``callout``, ``single``, ``outcome``…) make the JSON Wagtail stores for one
block; the tests use them to write small pathways and pages. The ``*_from`` readers turn the
compact YAML of ``demo/data/guidance.yaml`` and ``pathways.yaml`` (described at the top of those
files) into the same blocks, raising :class:`demo.datafiles.DataFileError` naming the file and the
entry when a block is not one they know.
"""

from __future__ import annotations

from typing import Any

from ..datafiles import DataFileError, require

DEFAULT_AGE_HINT = (
    "Enter their age in years. For a baby under 1, enter 0. If you are pregnant, enter 'pregnant'."
)

# --------------------------------------------------------------------------- builders


def rich(*paragraphs: str) -> str:
    return "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs)


def bullets(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def answer(id: str, label: str, next: str, hint: str = "") -> dict:
    return {"id": id, "label": label, "hint": hint, "next": next}


def single(id: str, question: str, answers: list[dict], hint: str = "", danger: bool = False) -> dict:
    return {
        "type": "single_choice",
        "value": {
            "id": id,
            "question": question,
            "hint": hint,
            "asks_about_danger": danger,
            "answers": answers,
        },
    }


def multiple(
    id: str,
    question: str,
    answers: list[dict],
    none_next: str,
    hint: str = "",
    none_label: str = "None of these",
) -> dict:
    return {
        "type": "multiple_choice",
        "value": {
            "id": id,
            "question": question,
            "hint": hint,
            "asks_about_danger": False,
            "answers": answers,
            "none_label": none_label,
            "none_next": none_next,
        },
    }


def age(id: str, question: str, bands: list[tuple[str, int, int, str]], hint: str = "") -> dict:
    return {
        "type": "child_age",
        "value": {
            "id": id,
            "question": question,
            "hint": hint or DEFAULT_AGE_HINT,
            "bands": [
                {"label": label, "min_age": low, "max_age": high, "next": next}
                for label, low, high, next in bands
            ],
        },
    }


def outcome(
    id: str,
    heading: str,
    guidance: str,
    *,
    themes: list[str],
    level: int | None = None,
    urgency: str = "non-urgent",
    families: str = "",
    professionals: str = "",
    contact: str | None = None,
    kinds: list[str] | None = None,
    levels: list[int] | None = None,
    access: list[str] | None = None,
    related: list[str] | None = None,
) -> dict:
    return {
        "type": "outcome",
        "value": {
            "id": id,
            "heading": heading,
            "guidance": guidance,
            "level": str(level) if level else "",
            "urgency": urgency,
            "next_steps_families": families,
            "next_steps_professionals": professionals,
            "escalation_contact": contact,  # a contact's key, swapped for the snippet's id on load
            "related_guidance": related or [],  # guidance slugs, swapped for page ids on load
            "services": {
                "themes": themes,
                "kinds": kinds or [],
                "levels": [str(n) for n in levels or []],
                "access": access or [],
                "max_services": 5,
            },
        },
    }


def callout(heading: str, text: str) -> dict:
    return {"type": "callout", "value": {"heading": heading, "text": text}}


def warning(text: str) -> dict:
    return {"type": "warning", "value": {"text": text}}


def text(*paragraphs: str) -> dict:
    return {"type": "rich_text", "value": rich(*paragraphs)}


def accordion(heading: str, items: list[tuple[str, str]]) -> dict:
    return {
        "type": "accordion",
        "value": {"heading": heading, "items": [{"heading": h, "body": rich(b)} for h, b in items]},
    }


def services(heading: str, themes: list[str], kinds: list[str] | None = None, age: int | None = None) -> dict:
    return {
        "type": "matching_services",
        "value": {
            "heading": heading,
            "filter": {"themes": themes, "kinds": kinds or [], "levels": [], "access": [], "max_services": 5},
            "age": age,
        },
    }


# --------------------------------------------------------------------------- readers of the YAML


def rich_from(value: Any, where: str) -> str:
    """RICH: one paragraph (text, which may hold inline HTML such as a link), ``{bullets: [...]}``,
    or a list of paragraphs and bullet lists."""
    parts = value if isinstance(value, list) else [value]
    html = []
    for part in parts:
        if isinstance(part, str):
            html.append(f"<p>{part}</p>")
        elif isinstance(part, dict) and set(part) == {"bullets"} and isinstance(part["bullets"], list):
            html.append(bullets(*part["bullets"]))
        else:
            raise DataFileError(
                f"{where}: expected a paragraph, a list of them or {{bullets: [...]}}, got {part!r}"
            )
    return "".join(html)


def _one_kind(entry: Any, kinds: tuple[str, ...], where: str) -> tuple[str, Any]:
    """A block is written as a mapping with one key, its kind (``text: ...``, ``single: {...}``)."""
    require(
        isinstance(entry, dict) and len(entry) == 1 and next(iter(entry)) in kinds,
        where,
        f"expected one of {', '.join(kinds)} (a mapping with that one key), got {entry!r:.80}",
    )
    return next(iter(entry.items()))


def _fields(value: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    require(isinstance(value, dict), where, f"expected a mapping, got {value!r:.80}")
    missing = [field for field in required if field not in value]
    require(not missing, where, f"{', '.join(map(repr, missing))} missing")
    unknown = [field for field in value if field not in required + optional]
    require(
        not unknown,
        where,
        f"unknown {', '.join(map(repr, unknown))} (expected: {', '.join(required + optional)})",
    )
    return value


def body_block_from(entry: Any, where: str) -> dict:
    kind, value = _one_kind(entry, ("text", "warning", "callout", "accordion", "services"), where)
    where = f"{where}.{kind}"
    if kind == "text":
        return {"type": "rich_text", "value": rich_from(value, where)}
    if kind == "warning":
        require(isinstance(value, str), where, "expected the warning's text")
        return warning(value)
    if kind == "callout":
        fields = _fields(value, where, ("heading", "text"))
        return callout(fields["heading"], rich_from(fields["text"], where))
    if kind == "accordion":
        fields = _fields(value, where, ("heading", "items"))
        items = []
        for index, given in enumerate(fields["items"]):
            item = _fields(given, f"{where}.items[{index}]", ("heading", "body"))
            items.append(
                {"heading": item["heading"], "body": rich_from(item["body"], f"{where}.items[{index}]")}
            )
        return {"type": "accordion", "value": {"heading": fields["heading"], "items": items}}
    fields = _fields(value, where, ("heading", "themes"), ("kinds", "age"))
    return services(fields["heading"], fields["themes"], fields.get("kinds"), fields.get("age"))


def _answers(value: dict, where: str) -> list[dict]:
    return [
        answer(**_fields(item, f"{where}.answers[{index}]", ("id", "label", "next"), ("hint",)))
        for index, item in enumerate(value["answers"])
    ]


def question_from(entry: Any, where: str) -> dict:
    kind, value = _one_kind(entry, ("single", "multiple", "age"), where)
    where = f"{where}.{kind}"
    if kind == "single":
        fields = _fields(value, where, ("id", "question", "answers"), ("hint", "danger"))
        return single(
            fields["id"],
            fields["question"],
            _answers(fields, where),
            fields.get("hint", ""),
            fields.get("danger", False),
        )
    if kind == "multiple":
        fields = _fields(value, where, ("id", "question", "answers", "none_next"), ("hint", "none_label"))
        return multiple(
            fields["id"],
            fields["question"],
            _answers(fields, where),
            fields["none_next"],
            fields.get("hint", ""),
            fields.get("none_label", "None of these"),
        )
    fields = _fields(value, where, ("id", "question", "bands"), ("hint",))
    bands = [
        _fields(band, f"{where}.bands[{index}]", ("label", "min_age", "max_age", "next"))
        for index, band in enumerate(fields["bands"])
    ]
    return age(
        fields["id"],
        fields["question"],
        [(band["label"], band["min_age"], band["max_age"], band["next"]) for band in bands],
        fields.get("hint", ""),
    )


OUTCOME_OPTIONAL = (
    "level",
    "urgency",
    "contact",
    "kinds",
    "levels",
    "access",
    "families",
    "professionals",
    "related",
)


def outcome_from(entry: Any, where: str) -> dict:
    fields = _fields(entry, where, ("id", "heading", "guidance", "themes"), OUTCOME_OPTIONAL)
    return outcome(
        fields["id"],
        fields["heading"],
        rich_from(fields["guidance"], f"{where}.guidance"),
        themes=fields["themes"],
        level=fields.get("level"),
        urgency=fields.get("urgency", "non-urgent"),
        families=rich_from(fields["families"], f"{where}.families") if "families" in fields else "",
        professionals=rich_from(fields["professionals"], f"{where}.professionals")
        if "professionals" in fields
        else "",
        contact=fields.get("contact"),
        kinds=fields.get("kinds"),
        levels=fields.get("levels"),
        access=fields.get("access"),
        related=fields.get("related"),
    )
