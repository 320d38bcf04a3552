"""`manage.py compare_search_backends`: do the database and Elasticsearch backends give the same
first page? For every query of a relevance set (tab-separated, first column the words; by default
`search/data/dev-queries.tsv`), with no place and with `--near`, it asks both backends for the
first ten services, by relevance, and reports overlap@10 (shared services / the longer list) and
its mean, then one JSON line.

It indexes the live services of the database its settings point at (e.g. the demo directory,
`make same-answers`) into a throwaway Elasticsearch index at ELASTICSEARCH_URL, deleted at the end;
the database backend answers from its own index, which must be up to date (`rebuild_search_index`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import snapshot
from search.backends.base import BackendUnavailable
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.documents import build_record, services_for_indexing
from search.query import SearchQuery, Vocabulary
from search.service import analyse_text

DEFAULT_QUERIES = Path(__file__).resolve().parents[2] / "data" / "dev-queries.tsv"
TOP = 10


def read_queries(path: Path) -> list[str]:
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            queries.append(line.split("\t")[0].strip())
    return [query for query in dict.fromkeys(queries) if query]


def overlap(first: list[int], second: list[int]) -> float:
    """Shared services in two top-ten lists over the longer list's length (1 when both are empty)."""
    longest = max(len(first), len(second))
    return 1.0 if not longest else len(set(first) & set(second)) / longest


class Command(BaseCommand):
    help = "Mean overlap@10 of the database and Elasticsearch backends over a relevance query set."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queries", type=Path, default=DEFAULT_QUERIES, help="Tab-separated queries file."
        )
        parser.add_argument(
            "--near", default="PR1 2HE", help="The place for the second pass (default PR1 2HE)."
        )
        parser.add_argument("--url", default="", help="Elasticsearch URL (default ELASTICSEARCH_URL).")

    def handle(self, *args, **options):
        logging.getLogger("elastic_transport").setLevel(logging.WARNING)
        url = options["url"] or settings.ELASTICSEARCH_URL
        if not url:
            raise CommandError(
                "Set ELASTICSEARCH_URL (or --url): `make services` starts a node on 127.0.0.1:9200."
            )
        queries = read_queries(options["queries"])
        elastic = ElasticsearchBackend(url, f"rightdoor-compare-{uuid.uuid4().hex[:8]}", replicas=0)
        database = DatabaseBackend()
        try:
            ids = list(services_for_indexing().values_list("pk", flat=True))
            count = elastic.rebuild(
                lambda: (
                    [build_record(page) for page in services_for_indexing().filter(pk__in=ids[i : i + 500])]
                    for i in range(0, len(ids), 500)
                )
            )
            self.stdout.write(f"Indexed {count} live services into a throwaway Elasticsearch index.")
            result = self.compare(queries, options["near"], database, elastic)
        except BackendUnavailable as error:
            raise CommandError(f"Elasticsearch cannot answer: {error.reason}") from error
        finally:
            with contextlib.suppress(BackendUnavailable):
                elastic.delete_index()
        self.stdout.write(json.dumps(result, separators=(", ", ": ")))

    def compare(self, queries, near, database, elastic) -> dict:
        vocabulary = Vocabulary.from_database()
        snapshot.forget()
        passes = {}
        for label, place in (("no place", ""), (f"near {near}", near)):
            rows = []
            for words in queries:
                params = {"q": [words], "sort": ["relevance"], "per_page": [str(TOP)]}
                if place:
                    params["near"] = [place]
                query = SearchQuery.from_params(params, vocabulary)
                analysed = analyse_text(query)
                first = [hit.service_id for hit in database.search(query, analysed).hits][:TOP]
                second = [hit.service_id for hit in elastic.search(query, analysed).hits][:TOP]
                rows.append((words, overlap(first, second), first, second))
            mean = sum(row[1] for row in rows) / len(rows) if rows else 1.0
            passes[label] = {"mean_overlap_at_10": round(mean, 4), "queries": len(rows)}
            self.stdout.write(f"\n{label}: mean overlap@10 {mean:.3f} over {len(rows)} queries")
            for words, score, first, second in rows:
                if score < 1:
                    only_db = [pk for pk in first if pk not in second]
                    only_es = [pk for pk in second if pk not in first]
                    self.stdout.write(
                        f"  {score:.2f}  {words!r}: database only {only_db}, Elasticsearch only {only_es}"
                    )
                elif first != second:
                    self.stdout.write(f"  1.00  {words!r}: same services, another order")
        means = [value["mean_overlap_at_10"] for value in passes.values()]
        return {"mean_overlap_at_10": round(sum(means) / len(means), 4), "passes": passes}
