"""Reading import input: a file or a URL, never more than the size limit, decoded, parsed as JSON
with depth and NaN refused, and every page of a paged Open Referral feed followed."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

from .import_data import MAX_IMPORT_BYTES, ImportFailed

URL_TIMEOUT_SECONDS = 20
MAX_PAGES = 200
# Far deeper than any Open Referral record (about 6 levels); deeper input is refused, not walked.
MAX_DEPTH = 64
# Where a paged reply keeps its records: ORUK 3.0 `contents`, ORUK 1.0 (Spring's Page) `content`.
PAGE_KEYS = ("contents", "content")


def is_url(source: str) -> bool:
    return urllib.parse.urlsplit(source).scheme in {"http", "https"}


def read_bytes(source: str, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The content of a path or an http(s) URL, refusing anything over `limit` bytes."""
    too_big = ImportFailed(
        f"The file is over the size limit of {limit:,} bytes; split it, or raise --max-bytes."
    )
    if is_url(source):
        request = urllib.request.Request(source, headers={"Accept": "application/json, text/csv"})
        try:
            with urllib.request.urlopen(request, timeout=URL_TIMEOUT_SECONDS) as response:  # noqa: S310 (http/https only)
                data = response.read(limit + 1)
        except OSError as failure:
            raise ImportFailed(f"Could not fetch {source}: {failure}") from None
    else:
        path = Path(source)
        if not path.is_file():
            raise ImportFailed(f"No such file: {source}")
        if path.stat().st_size > limit:
            raise too_big
        data = path.read_bytes()
    if len(data) > limit:
        raise too_big
    return data


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        raise ImportFailed(f"The file is not UTF-8 text (byte {failure.start} cannot be read).") from None


def _refuse_constant(name: str):
    raise ImportFailed(
        f"The file is not valid JSON: it contains {name}, which JSON does not allow. "
        "Leave the field out (or use null) where a number is not known."
    )


def parse_json(text: str) -> object:
    """The parsed JSON, or :class:`ImportFailed` saying in words what is wrong (never a traceback)."""
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as failure:
        raise ImportFailed(
            f"The file is not valid JSON: {failure.msg} at line {failure.lineno}, column {failure.colno}."
        ) from None
    except RecursionError:
        raise ImportFailed(_too_deep()) from None
    if _depth(document) > MAX_DEPTH:
        raise ImportFailed(_too_deep())
    return document


def _too_deep() -> str:
    return (
        f"The file nests lists or objects more than {MAX_DEPTH} levels deep; Open Referral data "
        "never does. Check that it is the feed you meant."
    )


def _depth(document: object) -> int:
    """How deeply lists and objects nest, counted without recursion (stops past MAX_DEPTH)."""
    deepest, stack = 0, [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
    return deepest


def records_of(document: object) -> list:
    """The service records in an ORUK document: one service, a list, or a paged wrapper (3.0's
    `contents`, 1.0's `content`)."""
    if isinstance(document, dict):
        for key in PAGE_KEYS:
            if isinstance(document.get(key), list):
                return document[key]
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and ("name" in document or "id" in document):
        return [document]
    raise ImportFailed(
        "This is not Open Referral service data: expected a service, a list of services or a page "
        "of services ({'contents': [...]})."
    )


def fetch_all_pages(source: str, document: object, limit: int) -> list:
    """Every record behind a paged URL (following `page=`), each fetched in full if it is a summary."""
    records = list(records_of(document))
    if isinstance(document, dict) and any(key in document for key in PAGE_KEYS):
        total_pages = document.get("total_pages", document.get("totalPages"))
        total_pages = total_pages if isinstance(total_pages, int) and total_pages > 0 else 1
        if total_pages > MAX_PAGES:
            raise ImportFailed(
                f"The feed has {total_pages:,} pages; an import reads at most {MAX_PAGES:,}. "
                "Ask for bigger pages (per_page) or import it in parts."
            )
        # The next pages follow the first one's own number (3.0 `page_number`, 1.0 `number`), so a
        # feed that counts pages from 0 and one that counts from 1 are both read in full.
        first = document.get("page_number", document.get("number", 1))
        first = first if isinstance(first, int) and first >= 0 else 1
        for number in range(first + 1, first + total_pages):
            parts = urllib.parse.urlsplit(source)
            query = dict(urllib.parse.parse_qsl(parts.query))
            query["page"] = str(number)
            url = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
            records += records_of(parse_json(decode(read_bytes(url, limit))))
        base = source.split("?", 1)[0].rstrip("/")
        full = []
        for record in records:
            if isinstance(record, dict) and "service_at_locations" not in record and record.get("id"):
                record = parse_json(
                    decode(read_bytes(f"{base}/{urllib.parse.quote(str(record['id']))}", limit))
                )
            full.append(record)
        records = full
    return records


# --------------------------------------------------------------------------- ORUK → rows
