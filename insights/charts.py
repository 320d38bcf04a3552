"""Server-drawn SVG pictures of the gap report: a need × district heat map and a small multiple of
monthly demand per need. Geometry is worked out here so the templates only place shapes; every
shape has a text label, and the report shows the same numbers in tables."""

from __future__ import annotations

from dataclasses import dataclass

# Light to dark, each with a text colour that keeps at least 4.5:1 contrast on it.
SHADES = (
    ("#f3f6fa", "#0b0c0c"),
    ("#c6dbef", "#0b0c0c"),
    ("#6baed6", "#0b0c0c"),
    ("#2171b5", "#ffffff"),
    ("#08306b", "#ffffff"),
)
CELL_WIDTH, CELL_HEIGHT = 84, 30
LABEL_WIDTH, HEADER_HEIGHT = 210, 96


@dataclass
class HeatCell:
    x: int
    y: int
    fill: str
    ink: str
    label: str
    title: str
    flagged: bool


def _shade(value: int, maximum: int) -> tuple[str, str]:
    if not value or not maximum:
        return SHADES[0]
    step = min(len(SHADES) - 1, 1 + int((value / maximum) * (len(SHADES) - 1) - 1e-9))
    return SHADES[step]


def heat_map(report) -> dict:
    maximum = report.max_searches
    columns = [
        {"x": LABEL_WIDTH + index * CELL_WIDTH + CELL_WIDTH // 2, "name": name}
        for index, (_slug, name) in enumerate(report.districts)
    ]
    rows, cells = [], []
    for row, (theme, theme_name) in enumerate(report.themes):
        y = HEADER_HEIGHT + row * CELL_HEIGHT
        rows.append({"y": y + CELL_HEIGHT // 2 + 5, "name": theme_name})
        for column, (district, district_name) in enumerate(report.districts):
            cell = report.cell(district, theme)
            fill, ink = _shade(cell.searches, maximum)
            cells.append(
                HeatCell(
                    x=LABEL_WIDTH + column * CELL_WIDTH,
                    y=y,
                    fill=fill,
                    ink=ink,
                    label=f"{cell.searches}{' !' if cell.flagged else ''}",
                    title=(
                        f"{theme_name} in {district_name}: {cell.searches} searches, "
                        f"{cell.self_referral_supply} self-referral services"
                        + (" (flagged: high demand, thin self-referral supply)" if cell.flagged else "")
                    ),
                    flagged=cell.flagged,
                )
            )
    return {
        "width": LABEL_WIDTH + CELL_WIDTH * len(report.districts) + 2,
        "height": HEADER_HEIGHT + CELL_HEIGHT * len(report.themes) + 2,
        "cell_width": CELL_WIDTH,
        "cell_height": CELL_HEIGHT,
        "columns": columns,
        "rows": rows,
        "cells": cells,
        "header_y": HEADER_HEIGHT - 8,
    }


SPARK_WIDTH, SPARK_HEIGHT = 180, 48


def small_multiples(report) -> list[dict]:
    """One small bar chart of searches per month for each need, all on the same scale."""
    months = report.months
    maximum = max((max(values, default=0) for values in report.monthly.values()), default=0)
    bar = max(2, (SPARK_WIDTH - 4) // max(1, len(months)))
    charts = []
    for theme, name in report.themes:
        values = report.monthly.get(theme, [])
        bars = []
        for index, value in enumerate(values):
            height = round((SPARK_HEIGHT - 14) * value / maximum) if maximum else 0
            bars.append(
                {
                    "x": 2 + index * bar,
                    "y": SPARK_HEIGHT - 2 - height,
                    "width": bar - 1,
                    "height": height,
                    "title": f"{months[index]:%B %Y}: {value}",
                }
            )
        charts.append(
            {
                "theme": name,
                "total": sum(values),
                "peak": max(values, default=0),
                "bars": bars,
                "width": SPARK_WIDTH,
                "height": SPARK_HEIGHT,
            }
        )
    return charts
