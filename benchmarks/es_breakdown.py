"""Where an Elasticsearch search's time goes, per benchmarked search: the whole `run_search`, the
backend's share, the node's own time (`took`), the time at the client's transport (the round trips,
moving the bytes and decoding them), Python reading the answer (`parse_response`), the requests
per search and the size of the answers (re-encoded after the transport's timing: it adds about a
millisecond to the total).

    python benchmarks/search_speed.py --services 10000 --keep      # once: a kept scratch directory
    python benchmarks/es_breakdown.py DIR [--rounds 3] [--shapes text,location_radius]

It indexes DIR's services into a new index of its own on ELASTICSEARCH_URL (default the local
node), deleted at the end, answers every search once untimed (so the words' weights and the node's
caches are as warm as in `make bench`), then times each search's rotation `--rounds` times. The
load average is printed with the figures: on shared cores they move with it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.search_speed import SCRATCH_DB_NAME, is_scratch_database, start_django  # noqa: E402
from benchmarks.synthetic.searches import QUERY_NAMES  # noqa: E402


def percentile_95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="A scratch folder kept by search_speed.py --keep.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shapes", default=",".join(QUERY_NAMES))
    parser.add_argument(
        "--elasticsearch", default=os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
    )
    options = parser.parse_args(argv)
    database = Path(options.folder).resolve() / SCRATCH_DB_NAME
    if not is_scratch_database(database) or not database.is_file():
        raise SystemExit(f"{options.folder} is not a scratch folder kept by search_speed.py --keep.")
    start_django(database)

    from benchmarks import search_timing
    from benchmarks.synthetic.searches import scenarios
    from search.backends import get_backend
    from search.backends.base import BackendUnavailable
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.backends.elasticsearch import backend as backend_module

    url, alias = options.elasticsearch, f"rightdoor-breakdown-{uuid.uuid4().hex[:8]}"
    search_timing.index_into_elasticsearch(url, alias)
    try:
        with search_timing.elasticsearch_settings(url, alias):
            get_backend.cache_clear()
            elasticsearch = get_backend().primary
            measured = instrument(elasticsearch, backend_module)
            rotations = scenarios()
            for rotation in rotations.values():
                for params in rotation:
                    search_timing.embedded_search(params)
            for name in options.shapes.split(","):
                rows = []
                for _ in range(options.rounds):
                    for params in rotations[name]:
                        measured.clear()
                        began = time.perf_counter()
                        search_timing.embedded_search(params)
                        rows.append({"total": (time.perf_counter() - began) * 1000, **measured.summary()})
                print(line(name, rows), flush=True)
            get_backend.cache_clear()
    finally:
        with contextlib.suppress(BackendUnavailable):
            ElasticsearchBackend(url, alias).delete_index()
    print("load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg()))
    return 0


class Measured:
    """What one search spent, collected by the wrappers `instrument` installs."""

    def __init__(self):
        self.clear()

    def clear(self):
        self.backend = self.parse = self.transport = self.took = 0.0
        self.requests = self.kilobytes = 0

    def summary(self) -> dict:
        return {
            "backend": self.backend,
            "took": self.took,
            "transport": self.transport,
            "parse": self.parse,
            "requests": self.requests,
            "kilobytes": self.kilobytes,
        }


def instrument(elasticsearch, backend_module) -> Measured:
    """Time `elasticsearch.search`, its client's transport (each request's wall time, the node's
    `took`, the bytes) and `parse_response`, without changing what they do."""
    import orjson

    measured = Measured()
    transport = elasticsearch.client.transport
    perform, search, parse = transport.perform_request, elasticsearch.search, backend_module.parse_response

    def timed_perform(*args, **kwargs):
        began = time.perf_counter()
        response = perform(*args, **kwargs)
        measured.transport += (time.perf_counter() - began) * 1000
        measured.requests += 1
        body = response.body if isinstance(response.body, dict) else {}
        measured.kilobytes += len(orjson.dumps(body)) // 1024  # as decoded: roughly what was sent
        answers = body.get("responses") or [body]
        measured.took += max((answer.get("took") or 0) for answer in answers) if answers else 0
        return response

    def timed(function, field):
        def call(*args, **kwargs):
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                setattr(measured, field, getattr(measured, field) + (time.perf_counter() - began) * 1000)

        return call

    transport.perform_request = timed_perform
    elasticsearch.search = timed(search, "backend")
    backend_module.parse_response = timed(parse, "parse")
    return measured


def line(name: str, rows: list[dict]) -> str:
    median = statistics.median
    totals = [row["total"] for row in rows]
    return (
        f"{name:30s} n={len(rows):3d}  total p50 {median(totals):6.1f} p95 {percentile_95(totals):6.1f}"
        f"  | backend {median(row['backend'] for row in rows):6.1f}"
        f"  node took {median(row['took'] for row in rows):5.1f}"
        f"  transport {median(row['transport'] for row in rows):5.1f}"
        f"  parse {median(row['parse'] for row in rows):5.1f}"
        f"  | requests {statistics.mean(row['requests'] for row in rows):.2f}"
        f"  KB {median(row['kilobytes'] for row in rows):5.0f}  (ms, medians)"
    )


if __name__ == "__main__":
    sys.exit(main())
