"""Filters and facet counts over boolean columns, one per facet: the same numpy operations for the
database backend's whole table (`snapshot.DocumentTable`) and for the Elasticsearch backend's
fetched candidates (`FilterColumns.from_values`), so both keep and count services alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from directory import facets


@dataclass
class Column:
    """A multi-valued attribute: the value names and a docs × values boolean matrix."""

    values: list[str]
    matrix: np.ndarray

    def any_of(self, selected: tuple[str, ...]) -> np.ndarray:
        positions = [self.values.index(value) for value in selected if value in self.values]
        if not positions:
            return np.zeros(self.matrix.shape[0], dtype=bool)
        return self.matrix[:, positions].any(axis=1)

    def counts(self, rows: np.ndarray) -> dict[str, int]:
        chosen = self.matrix if len(rows) == self.matrix.shape[0] else self.matrix[rows]
        totals = np.count_nonzero(chosen, axis=0)
        return {value: int(total) for value, total in zip(self.values, totals, strict=True) if total}


class FilterColumns:
    """The filters and facet counts over per-row columns: every document (`DocumentTable`), or the
    Elasticsearch backend's fetched candidates (`from_values`), so both count the same way.

    Every facet of `directory.facets` is a docs × codes boolean matrix: a filter keeps the rows
    holding any chosen code, a facet counts the rows holding each code."""

    columns: dict[str, Column]  # by GET parameter

    @classmethod
    def from_values(cls, codes: Mapping[str, list[Iterable[str]]]) -> FilterColumns:
        """From each row's codes, by document field (`Facet.field`)."""
        columns = cls()
        columns.columns = facet_columns(codes)
        return columns

    # ------------------------------------------------------------------ filters

    def filter_and_count(self, cards: np.ndarray, query) -> tuple[np.ndarray, dict[str, dict[str, int]]]:
        """The rows of `cards` (a row mask: one listing per service) that every filter in use keeps,
        and each facet's counts over the cards with every *other* filter applied (disjunctive)."""
        masks = {}
        for parameter in facets.PARAMETERS:
            selected = query.selected(parameter)
            if selected:
                masks[parameter] = self.columns[parameter].any_of(selected)
        keep = cards.copy()
        for mask in masks.values():
            keep &= mask
        # A facet not in use is counted over what every filter keeps: one set of rows for them all.
        kept_rows = np.flatnonzero(keep)
        counts = {}
        for parameter in facets.PARAMETERS:
            if parameter not in masks:
                counts[parameter] = self.columns[parameter].counts(kept_rows)
                continue
            others = cards.copy()
            for other, mask in masks.items():
                if other != parameter:
                    others &= mask
            counts[parameter] = self.columns[parameter].counts(np.flatnonzero(others))
        return keep, counts


def facet_columns(codes: Mapping[str, list[Iterable[str]]]) -> dict[str, Column]:
    """A column per facet, by GET parameter, from each row's codes by document field."""
    return {
        facet.parameter: column_of([set(row) for row in codes.get(facet.field, ())], facet.order)
        for facet in facets.FACETS
    }


def column_of(sets: list[set[str]], order: Callable[[str], Any] = str) -> Column:
    """A column from each row's values, the values sorted by `order`."""
    values = sorted(set().union(*sets), key=order) if sets else []
    index = {value: i for i, value in enumerate(values)}
    matrix = np.zeros((len(sets), len(values)), dtype=bool)
    for row, row_values in enumerate(sets):
        for value in row_values:
            matrix[row, index[value]] = True
    return Column(values, matrix)
