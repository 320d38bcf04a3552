"""Read the demo's content from ``demo/data/<name>.yaml``: the one place the demo's data is loaded.

Each file is a mapping of named sections. :func:`section` returns one section after checking it is
the kind of thing expected (a list or a mapping); :func:`records` returns a section's list of
entries after checking each one's keys and value types and filling the defaults of optional keys.
Anything else wrong in a file raises :class:`DataFileError`, whose message names the file and the
entry (``demo/data/places.yaml: venues[3] (Burnley Youth Centre): 'postcode' is missing``), so a
typo in the content stops ``load_demo`` before it writes anything, with a message saying where.

PyYAML's ``safe_load`` builds only plain lists, mappings, strings, numbers and booleans: no
Python objects from the file.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

DATA_DIRECTORY = Path(__file__).resolve().parent / "data"

# A field's expected type: one type, or a tuple of types any of which will do.
Kind = type | tuple[type, ...]


class DataFileError(ValueError):
    """A demo data file is missing, is not valid YAML, or an entry in it has the wrong shape."""


def _label(path: Path) -> str:
    """The file as the message names it: ``demo/data/places.yaml`` for the demo's own files."""
    if path.parent.name == "data" and path.parent.parent.name == "demo":
        return f"demo/data/{path.name}"
    return str(path)


def load(name: str, directory: Path | None = None) -> dict[str, Any]:
    """The whole of ``<directory>/<name>.yaml`` (``demo/data/`` unless given): a mapping of section
    name to section."""
    path = (directory or DATA_DIRECTORY) / f"{name}.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(f"{_label(path)}: no such demo data file") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise DataFileError(f"{_label(path)}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise DataFileError(f"{_label(path)}: expected named sections (a mapping) at the top of the file")
    return data


def section(name: str, key: str, kind: type[list] | type[dict], directory: Path | None = None) -> Any:
    """The section ``key`` of the file ``name``, which must be a list or a mapping as ``kind`` says."""
    data = load(name, directory)
    label = _label((directory or DATA_DIRECTORY) / f"{name}.yaml")
    if key not in data:
        raise DataFileError(f"{label}: no section '{key}' (it has: {', '.join(map(str, data)) or 'nothing'})")
    value = data[key]
    if not isinstance(value, kind):
        raise DataFileError(f"{label}: '{key}' should be {_kind_name(kind)}, not {_kind_name(type(value))}")
    return value


def records(
    name: str,
    key: str,
    *,
    required: Mapping[str, Kind],
    optional: Mapping[str, tuple[Kind, Any]] | None = None,
    directory: Path | None = None,
) -> list[dict[str, Any]]:
    """The entries of the list section ``key``, each a mapping with every ``required`` key (of its
    type), any of the ``optional`` keys (``{key: (type, default)}``; the default filled in when the
    key is absent) and no other key, so a misspelt key is an error rather than silently ignored."""
    optional = optional or {}
    label = _label((directory or DATA_DIRECTORY) / f"{name}.yaml")
    entries = []
    for index, entry in enumerate(section(name, key, list, directory)):
        where = f"{label}: {key}[{index}]"
        if not isinstance(entry, dict):
            raise DataFileError(f"{where}: should be a mapping of fields, not {_kind_name(type(entry))}")
        named = entry.get("slug") or entry.get("key") or entry.get("id") or entry.get("name")
        if isinstance(named, str):
            where += f" ({named})"
        missing = [field for field in required if field not in entry]
        if missing:
            raise DataFileError(f"{where}: {', '.join(repr(field) for field in missing)} missing")
        unknown = [field for field in entry if field not in required and field not in optional]
        if unknown:
            expected = ", ".join([*required, *optional])
            raise DataFileError(
                f"{where}: unknown {', '.join(repr(field) for field in unknown)} (expected: {expected})"
            )
        for field, value in entry.items():
            kind = required[field] if field in required else optional[field][0]
            if not _is(value, kind):
                raise DataFileError(
                    f"{where}: '{field}' should be {_kind_name(kind)}, not {_kind_name(type(value))}"
                )
        entries.append(
            {
                **{field: copy.deepcopy(default) for field, (_, default) in optional.items()},
                **entry,
            }
        )
    return entries


def require(condition: bool, where: str, message: str) -> None:
    """Raise :class:`DataFileError` at ``where`` (file and entry) unless ``condition`` holds; for
    checks a loader makes deeper inside an entry than :func:`records` looks."""
    if not condition:
        raise DataFileError(f"{where}: {message}")


def _is(value: Any, kind: Kind) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # YAML's true/false are bools, which Python also counts as ints: an int field wants a number.
    if isinstance(value, bool) and bool not in kinds:
        return False
    return isinstance(value, kinds)


def _kind_name(kind: Kind) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", int: "a whole number", bool: "true or false"}
    names[type(None)] = "empty"
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(each, each.__name__) for each in kinds)
