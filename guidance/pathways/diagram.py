"""A diagram of a pathway, drawn on the server as SVG: questions in columns from left to right
(each column one step further from the start), each answer a row in its question's box, and a line
from each answer to the question or outcome it leads to. Broken answers are drawn in red.

Nothing is loaded from anywhere; every label is escaped. The path table beside it in the admin is
the accessible text version of the same information.
"""

from __future__ import annotations

from django.utils.html import escape

from .graph import Graph, Outcome, Question

BOX_WIDTH = 250
COLUMN_GAP = 110
ROW = 20
HEAD = 42
GAP = 18
MARGIN = 16
MAX_CHARS = 36

URGENCY_COLOURS = {
    "emergency": "#d4351c",
    "same-day": "#d4351c",
    "urgent": "#f47738",
    "non-urgent": "#00703c",
}


def _short(text: str, limit: int = MAX_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _columns(graph: Graph) -> dict[str, int]:
    """Column of each node: its longest distance from the start (breadth-first where loops exist),
    with every outcome in the last column so the results line up."""
    column: dict[str, int] = {}
    if graph.start is None:
        return column
    column[graph.start.id] = 0
    # Longest-path layering, bounded so a loop cannot run forever.
    for _ in range(len(graph.questions) + 1):
        changed = False
        for question in graph.questions:
            if question.id not in column:
                continue
            for answer in question.answers:
                target = graph.question(answer.next)
                deeper = column[question.id] + 1
                if target is not None and column.get(target.id, -1) < deeper <= len(graph.questions):
                    column[target.id] = deeper
                    changed = True
        if not changed:
            break
    last = max(column.values(), default=0) + 1
    for question in graph.questions:
        column.setdefault(question.id, last)  # unreachable: drawn after the rest
    outcome_column = max((column[q.id] for q in graph.questions), default=0) + 1
    for outcome in graph.outcomes:
        column[outcome.id] = outcome_column
    return column


def render_svg(graph: Graph, *, title: str = "Pathway diagram", described_by: str = "") -> str:
    if graph.start is None:
        return ""
    columns = _columns(graph)
    boxes: dict[str, tuple[float, float, float]] = {}  # id -> (x, y, height)
    heights: dict[int, float] = {}
    drawn: set[str] = set()
    order: list[Question | Outcome] = []
    for node in [*graph.questions, *graph.outcomes]:
        if node.id in drawn:
            continue  # a duplicate id: the validator reports it
        drawn.add(node.id)
        order.append(node)
    for node in order:
        col = columns.get(node.id, 0)
        height = HEAD + ROW * len(node.answers) + 6 if isinstance(node, Question) else HEAD + ROW + 6
        y = heights.get(col, MARGIN)
        x = MARGIN + col * (BOX_WIDTH + COLUMN_GAP)
        boxes[node.id] = (x, y, height)
        heights[col] = y + height + GAP
    width = MARGIN * 2 + (max(columns.values(), default=0) + 1) * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP
    total_height = max(heights.values(), default=MARGIN) + MARGIN

    parts: list[str] = []
    labelled = f' aria-describedby="{escape(described_by)}"' if described_by else ""
    parts.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rd-pathway-diagram" role="img" '
        f'aria-labelledby="pathway-diagram-title"{labelled} width="{width:.0f}" height="{total_height:.0f}" '
        f'viewBox="0 0 {width:.0f} {total_height:.0f}" font-family="system-ui, sans-serif" font-size="12">'
    )
    parts.append(f'<title id="pathway-diagram-title">{escape(title)}</title>')
    parts.append(
        '<defs><marker id="rd-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#505a5f"/></marker></defs>'
    )
    lines: list[str] = []
    for node in order:
        x, y, height = boxes[node.id]
        if isinstance(node, Question):
            stroke = "#1d70b8" if node is not graph.start else "#0b0c0c"
            parts.append(
                f"<g><title>{escape(node.text)}</title>"
                f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{height}" rx="4" fill="#ffffff" '
                f'stroke="{stroke}" stroke-width="2"/>'
                f'<text x="{x + 8}" y="{y + 16}" font-weight="bold" fill="#0b0c0c">'
                f"{escape(_short(('Start: ' if node is graph.start else '') + node.id))}</text>"
                f'<text x="{x + 8}" y="{y + 32}" fill="#0b0c0c">{escape(_short(node.text))}</text></g>'
            )
            for position, answer in enumerate(node.answers):
                row_y = y + HEAD + position * ROW
                target = boxes.get(answer.next) if answer.next in graph.nodes else None
                broken = target is None
                colour = "#d4351c" if broken else "#505a5f"
                arrow = f" → {answer.next or '?'}" if broken else ""
                parts.append(
                    f'<text x="{x + 14}" y="{row_y + 12}" fill="{colour}">'
                    f"{escape(_short('• ' + answer.label + arrow, MAX_CHARS))}</text>"
                )
                if target is not None:
                    tx, ty, theight = target
                    x1, y1 = x + BOX_WIDTH, row_y + 8
                    x2, y2 = tx, ty + min(theight / 2, HEAD / 2)
                    if tx <= x:  # backwards (a loop): route it in red
                        colour = "#d4351c"
                    bend = max(40, abs(x2 - x1) / 2)
                    lines.append(
                        f'<path d="M {x1} {y1} C {x1 + bend} {y1}, {x2 - bend} {y2}, {x2} {y2}" fill="none" '
                        f'stroke="{colour}" stroke-width="1.5" marker-end="url(#rd-arrow)"/>'
                    )
        else:
            colour = URGENCY_COLOURS.get(node.urgency, "#505a5f")
            level = f"likely level {node.level}" if node.level else "no level"
            parts.append(
                f"<g><title>{escape(node.heading)}</title>"
                f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{height}" rx="4" fill="#f3f2f1" '
                f'stroke="{colour}" stroke-width="3"/>'
                f'<text x="{x + 8}" y="{y + 16}" font-weight="bold" fill="#0b0c0c">{escape(_short("Outcome: " + node.id))}</text>'
                f'<text x="{x + 8}" y="{y + 32}" fill="#0b0c0c">{escape(_short(node.heading))}</text>'
                f'<text x="{x + 8}" y="{y + HEAD + 12}" fill="#0b0c0c">{escape(node.urgency)}, {escape(level)}</text></g>'
            )
    # Lines first, so the boxes (filled) sit on top of any line that passes behind them.
    parts[3:3] = lines
    parts.append("</svg>")
    return "".join(parts)
