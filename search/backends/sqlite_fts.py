"""Wagtail's SQLite full-text search, asked for matching ids in a form SQLite plans well.

Wagtail's SQLite backend filters with `pk IN (SELECT object_id FROM fts JOIN indexentry … WHERE
fts MATCH …)`. SQLite's planner drives that join from the index entries and probes the FTS table
once per entry, so a common word costs 0.3–1.6 s at 10,000 services, although the MATCH alone
takes 2–4 ms. Here the same MATCH expression, built by Wagtail's own query compiler (same
tokenising, quoting, fields and operator), runs as an uncorrelated subquery on the FTS rowids:
SQLite evaluates it once and probes the index entries by primary key. The answers are identical
(`tests/search/test_sqlite_fts.py` compares them with Wagtail's own); only the plan differs.
"""

from __future__ import annotations


def handles(backend) -> bool:
    """Whether `backend` is Wagtail's SQLite FTS5 backend (not its PostgreSQL or fallback one).

    The SQLite modules are imported only here: on PostgreSQL, Wagtail defines no FTS model and
    importing them would fail.
    """
    if backend.__class__.__module__ != "modelsearch.backends.database.sqlite.sqlite":
        return False
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return isinstance(backend, SQLiteSearchBackend)


def matching_ids(results) -> list[int]:
    """The primary keys Wagtail's `results` (a search with no scores or ordering) would return."""
    from django.db import connection
    from django.db.models import IntegerField
    from django.db.models.functions import Cast

    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import IndexEntry, SQLiteFTSIndexEntry
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

    compiler = results.query_compiler
    query = normalize(compiler.query)
    if isinstance(query, MatchAll | Not):
        return list(results.get_queryset().values_list("pk", flat=True))
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS,
        compiler.build_search_query(query, config=compiler.get_config(results.backend)),
    )
    entries = IndexEntry.objects.filter(
        content_type_id__in=get_descendants_content_types_pks(compiler.queryset.model),
        id__in=SQLiteFTSIndexEntry.objects.filter(match).values("index_entry_id"),
    ).values_list(Cast("object_id", IntegerField()))
    # Tens of thousands of ids for a common word at 100,000 services: read them with a plain cursor.
    sql, params = entries.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [object_id for (object_id,) in cursor.fetchall()]
