"""Measuring what an import keeps: every scalar of a feed record, found again (or not) in what our
API publishes for the imported service. Used by the round-trip tests and for the table in
docs/openreferral.md (run `pytest tests/openreferral/test_kept_fields.py -s`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from directory.models import ServicePage
from openreferral import ids


def leaves(value, path: str = "") -> dict[str, object]:
    """Every scalar of a JSON document by its path, list items numbered from 1 ("phones.1.number")."""
    if isinstance(value, dict):
        return {
            leaf: item
            for key, child in value.items()
            for leaf, item in leaves(child, f"{path}.{key}" if path else key).items()
        }
    if isinstance(value, list):
        return {
            leaf: item
            for number, child in enumerate(value, start=1)
            for leaf, item in leaves(child, f"{path}.{number}" if path else str(number)).items()
        }
    return {path: value}


def shape(path: str) -> str:
    """A leaf's path with list positions as "#": "contacts.#.phones.#.number"."""
    return re.sub(r"\.\d+(?=\.|$)", ".#", path)


def given(record: dict) -> dict[str, object]:
    """The leaves a record gives: not null, not empty."""
    return {path: value for path, value in leaves(record).items() if value not in (None, "")}


def _words(value) -> str:
    return " ".join(str(value).split()).casefold()


def found_in(value, published: dict[str, object]) -> bool:
    """Whether a given value is in the published document: the same number, or the same text (or
    a part of a published text, as a description's paragraph is)."""
    if isinstance(value, bool):
        return value in published.values()
    if isinstance(value, int | float):
        return any(
            isinstance(other, int | float) and not isinstance(other, bool) and other == value
            for other in published.values()
        )
    wanted = _words(value)
    texts = [_words(other) for other in published.values() if isinstance(other, str)]
    return any(wanted == text or (len(wanted) > 3 and wanted in text) for text in texts)


def imported_page(record: dict) -> ServicePage | None:
    source_id = str(record.get("id") or "")
    as_uuid = ids.parse_uuid(source_id)
    pages = ServicePage.objects.filter(source_id=source_id) if source_id else ServicePage.objects.none()
    page = pages.first()
    if page is None and as_uuid is not None:
        page = ServicePage.objects.filter(oruk_id=as_uuid).first()
    return page


@dataclass
class Measure:
    source: str
    records: int = 0
    imported: int = 0
    refused: dict[str, str] = field(default_factory=dict)  # record → first reason
    fields: int = 0
    kept: int = 0
    lost: dict[str, int] = field(default_factory=dict)  # field shape → how many times

    def row(self) -> str:
        reasons = "; ".join(f"{record}: {why}" for record, why in self.refused.items()) or "none"
        return (
            f"| {self.source} | {self.records} | {self.imported} | {len(self.refused)} ({reasons}) "
            f"| {self.kept} of {self.fields} |"
        )


def measure(source: str, records: list[dict], client, report_lines: str) -> Measure:
    """For each record imported, how many of its given leaves are found in the published service."""
    result = Measure(source, records=len(records))
    for line in report_lines.splitlines():
        if "| error:" in line:
            record = line.split(" | ", 1)[0].strip()
            result.refused.setdefault(record, line.split("| error:", 1)[1].strip())
    for record in records:
        page = imported_page(record)
        if page is None:
            continue
        result.imported += 1
        response = client.get(f"/api/services/{page.oruk_id}")
        published = leaves(response.json()) if response.status_code == 200 else {}
        for path, value in given(record).items():
            result.fields += 1
            if found_in(value, published):
                result.kept += 1
            else:
                result.lost[shape(path)] = result.lost.get(shape(path), 0) + 1
    return result
