"""Ids matching a text search in Wagtail's database index, asked in a form the database plans well.

Wagtail's database backends answer `search(...)` with a queryset that also computes scores and
ordering, in SQL that both databases plan badly for our use (matching ids, no scores):

- SQLite: `pk IN (SELECT object_id FROM fts JOIN indexentry … WHERE fts MATCH …)`. The planner
  walks every index entry and probes the FTS table once per entry: 0.3–2 s at 10,000 services for
  a common word, although the MATCH alone takes 2–4 ms. Here the same MATCH expression, built by
  Wagtail's query compiler, runs as an uncorrelated subquery on the FTS rowids.
- PostgreSQL: `(title || body) @@ query` on a join, which cannot use the GIN indexes Wagtail keeps
  on `title` and `body`. Here the same tsquery is matched as `title @@ q OR body @@ q`, the same
  rows for an OR of single words (a word is in the concatenation exactly when it is in either).

`matching_ids_by_term` answers several one-word searches at once: on PostgreSQL one query returns
each matching id with a flag per word (`title @@ q OR body @@ q` per word, the rows any of them
match), instead of one round trip per word; elsewhere one query per word.

Same tokenising, quoting, configuration and fields as Wagtail's own query; only the plan differs.
Any other backend, or a query these shortcuts were not written for, gets Wagtail's own queryset.

This reads modelsearch's private query compilers, so modelsearch is pinned in requirements.txt.
`tests/search/test_wagtail_text.py` runs on each supported database (SQLite in the first stage,
PostgreSQL in the second) and fails if the shortcut is no longer taken or its answers differ from
Wagtail's; the upgrade steps are in docs/search.md ("Upgrading Wagtail or modelsearch").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, IntegerField, Q
from django.db.models.functions import Cast


def shortcut_for(backend) -> Callable | None:
    """The shortcut written for this Wagtail search backend, or None for Wagtail's own queryset.

    By class, imported for the running database only, as modelsearch itself chooses its backend by
    `connection.vendor`: on PostgreSQL the SQLite module defines no FTS model and does not import."""
    try:
        if connection.vendor == "sqlite":
            from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

            return _sqlite_entries if type(backend) is SQLiteSearchBackend else None
        if connection.vendor == "postgresql":
            from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

            return _postgres_entries if type(backend) is PostgresSearchBackend else None
    except ImportError:  # a modelsearch that moved them: Wagtail's own (slower) query still answers
        return None
    return None


def matching_ids(results) -> list[int]:
    """The primary keys Wagtail's `results` (an OR search with no scores or ordering) would return."""
    shortcut = shortcut_for(results.backend)
    entries = shortcut(results) if shortcut else None
    if entries is None:
        return list(results.get_queryset().values_list("pk", flat=True))
    # Tens of thousands of ids for a common word at 100,000 services: read them with a plain cursor.
    sql, params = entries.values_list(Cast("object_id", IntegerField())).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [object_id for (object_id,) in cursor.fetchall()]


def matching_ids_by_term(results_by_term: dict) -> dict[str, list[int]]:
    """For each term, the primary keys its Wagtail `results` (as for `matching_ids`) would return."""
    if not results_by_term:
        return {}
    conditions = {}
    for term, results in results_by_term.items():
        if shortcut_for(results.backend) is not _postgres_entries:
            break
        condition = _postgres_condition(results)
        if condition is None:
            break
        conditions[term] = condition
    else:
        return _postgres_ids_by_term(next(iter(results_by_term.values())), conditions)
    return {term: matching_ids(results) for term, results in results_by_term.items()}


def _postgres_ids_by_term(results, conditions: dict[str, Q]) -> dict[str, list[int]]:
    from modelsearch.backends.database.postgres.postgres import IndexEntry
    from modelsearch.utils import get_descendants_content_types_pks

    flags = {
        f"m{i}": ExpressionWrapper(condition, output_field=BooleanField())
        for i, condition in enumerate(conditions.values())
    }
    entries = IndexEntry.objects.filter(
        reduce(or_, conditions.values()),
        content_type_id__in=get_descendants_content_types_pks(results.query_compiler.queryset.model),
    ).annotate(**flags)
    sql, params = entries.values_list(Cast("object_id", IntegerField()), *flags).query.sql_with_params()
    found: dict[str, list[int]] = {term: [] for term in conditions}
    terms = list(conditions)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for object_id, *matched in cursor.fetchall():
            for term, hit in zip(terms, matched, strict=True):
                if hit:
                    found[term].append(object_id)
    return found


def _sqlite_entries(results):
    # Imported here: on PostgreSQL, Wagtail defines no FTS model and these modules fail to import.
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import IndexEntry, SQLiteFTSIndexEntry
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

    compiler = results.query_compiler
    query = normalize(compiler.query)
    if isinstance(query, MatchAll | Not):
        return None
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS,
        compiler.build_search_query(query, config=compiler.get_config(results.backend)),
    )
    return IndexEntry.objects.filter(
        content_type_id__in=get_descendants_content_types_pks(compiler.queryset.model),
        id__in=SQLiteFTSIndexEntry.objects.filter(match).values("index_entry_id"),
    )


def _postgres_condition(results) -> Q | None:
    """`title @@ q OR body @@ q` for Wagtail's tsquery q, or None for a query this is not for."""
    from modelsearch.query import Fuzzy, MatchAll, Not, Phrase

    compiler = results.query_compiler
    if isinstance(compiler.query, MatchAll | Not | Fuzzy | Phrase) or compiler.fields:
        return None
    tsquery = compiler.build_tsquery(compiler.query, config=compiler.get_config(results.backend))
    return Q(title=tsquery) | Q(body=tsquery)


def _postgres_entries(results):
    from modelsearch.backends.database.postgres.postgres import IndexEntry
    from modelsearch.utils import get_descendants_content_types_pks

    condition = _postgres_condition(results)
    if condition is None:
        return None
    return IndexEntry.objects.filter(
        condition,
        content_type_id__in=get_descendants_content_types_pks(results.query_compiler.queryset.model),
    )
