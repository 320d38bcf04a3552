"""Timing searches for `make bench` (`benchmarks/search_speed.py`), in the process that runs them.

- `measure`: the benchmarked searches (`benchmarks.synthetic.searches`) through the real
  `search.service.run_search` (vocabulary, `SearchQuery.from_params`, analysis, backend, facets and
  the page's result objects: what the view does below rendering), then the naive baseline
  (`benchmarks.naive_search`), interleaved in rounds, with a per-search SQLite time limit;
- `index_into_elasticsearch` and `measure_elasticsearch`: the same searches through Elasticsearch;
- `worker_rss`: a web worker's memory after answering each search once.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from .naive_search import naive_search
from .synthetic.searches import scenarios


def embedded_search(params: Mapping[str, list[str]]) -> tuple[int, int]:
    """One search as the view does it below rendering; returns (total, items on the page)."""
    from search.query import SearchQuery, Vocabulary
    from search.service import run_search

    vocabulary = Vocabulary.from_database()
    results = run_search(SearchQuery.from_params(params, vocabulary), vocabulary)
    return results.total, len(results.items)


def baseline_search(params: Mapping[str, list[str]]) -> tuple[int, int]:
    from search.query import SearchQuery, Vocabulary

    vocabulary = Vocabulary.from_database()
    results = naive_search(SearchQuery.from_params(params, vocabulary))
    return results.total, len(results.items)


class SearchTimedOut(Exception):
    """A search still running in SQLite after the per-search time limit, interrupted."""


@contextmanager
def sqlite_deadline(seconds: float | None):
    """Interrupt any SQLite statement still running `seconds` from now (raises SearchTimedOut)."""
    from django.db import OperationalError, connection

    if not seconds or connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.perf_counter() + seconds
    raw.set_progress_handler(lambda: int(time.perf_counter() > deadline), 10_000)
    try:
        yield
    except OperationalError as error:
        if "interrupt" in str(error).lower():
            raise SearchTimedOut() from error
        raise
    finally:
        raw.set_progress_handler(None, 0)


def time_rounds(
    rotations: Mapping[str, Sequence[Mapping[str, list[str]]]],
    search: Callable[[Mapping[str, list[str]]], tuple[int, int]],
    runs: int,
    warmup: int,
    budget_seconds: float | None = None,
    warmup_budget_seconds: float | None = None,
    timeout_seconds: float | None = None,
    min_runs: int = 3,
    say: Callable[[str], None] = print,
) -> dict:
    """Warm up, then time up to `runs` rounds; each round runs every search once (interleaved, so a
    burst of load from another process hits all of them alike), each search stepping through its
    rotation. Stops early, after `min_runs` rounds, once `budget_seconds` are spent. A search still
    in SQLite after `timeout_seconds` is interrupted and counted at that time, as a timeout: then
    its percentiles are lower bounds."""
    names = list(rotations)
    totals: dict[str, dict[int, tuple[int, int]]] = {name: {} for name in names}
    timeouts = dict.fromkeys(names, 0)

    def run(name: str, index: int) -> float:
        begin = time.perf_counter()
        try:
            with sqlite_deadline(timeout_seconds):
                totals[name][index] = search(rotations[name][index])
        except SearchTimedOut:
            timeouts[name] += 1
        return time.perf_counter() - begin

    started = time.perf_counter()
    for i in range(warmup * len(names)):
        name = names[i % len(names)]
        run(name, (i // len(names)) % len(rotations[name]))
        if warmup_budget_seconds is not None and time.perf_counter() - started > warmup_budget_seconds:
            say(f"    warm-up stopped after {i + 1} searches ({time.perf_counter() - started:.0f} s)")
            break
    warmup_timeouts = sum(timeouts.values())
    timeouts = dict.fromkeys(names, 0)
    gc.collect()
    samples: dict[str, list[float]] = {name: [] for name in names}
    started = time.perf_counter()
    for i in range(runs):
        for name in names:
            samples[name].append(run(name, i % len(rotations[name])))
        elapsed = time.perf_counter() - started
        over_budget = budget_seconds is not None and elapsed > budget_seconds and i + 1 >= min_runs
        if (i + 1) % max(1, runs // 5) == 0 or over_budget:
            say(
                f"    round {i + 1}/{runs} ({elapsed:.0f} s)"
                + (": time budget spent, stopping" if over_budget else "")
            )
        if over_budget:
            break
    return {"samples": samples, "totals": totals, "timeouts": timeouts, "warmup_timeouts": warmup_timeouts}


def measure(
    runs: int = 100,
    warmup: int | None = None,
    budget: float = 300.0,
    baseline_runs: int = 20,
    baseline_budget: float = 180.0,
    timeout: float = 20.0,
    baseline_timeout: float = 60.0,
    say: Callable[[str], None] = print,
) -> dict:
    """Time the four searches on the embedded backend, then the naive baseline, in this process."""
    from django.db import connection

    from search import snapshot

    rotations = scenarios()
    warmup = max(len(rotation) for rotation in rotations.values()) if warmup is None else warmup
    load_before = os.getloadavg()

    # Cold start: this process's first search, which loads the in-memory snapshot table. A place
    # search, so that the time is the load and not the words.
    snapshot.forget()
    begin = time.perf_counter()
    embedded_search(rotations["location_radius"][0])
    cold_start = time.perf_counter() - begin

    say(
        f"  embedded backend: up to {warmup} warm-up and {runs} timed rounds of the {len(rotations)} searches "
        f"(stops after {budget:.0f} s; a search is cut off after {timeout:.0f} s)"
    )
    embedded = time_rounds(
        rotations, embedded_search, runs, warmup, budget, budget / 5, timeout_seconds=timeout, say=say
    )

    reloads = []
    for _ in range(3):
        snapshot.forget()
        begin = time.perf_counter()
        snapshot.current_table()
        reloads.append(time.perf_counter() - begin)

    say(
        f"  naive baseline: 1 warm-up and up to {baseline_runs} timed rounds (stops after {baseline_budget:.0f} s; "
        f"a search is cut off after {baseline_timeout:.0f} s)"
    )
    gc.collect()
    baseline = time_rounds(
        rotations,
        baseline_search,
        baseline_runs,
        1,
        baseline_budget,
        baseline_budget / 5,
        baseline_timeout,
        say=say,
    )

    agreement = {}
    for name in ("location_radius", "age_theme_location"):
        compared = sorted(set(embedded["totals"][name]) & set(baseline["totals"][name]))
        agreement[name] = {
            "compared": len(compared),
            "same_total": sum(
                embedded["totals"][name][i][0] == baseline["totals"][name][i][0] for i in compared
            ),
        }
    return {
        "cold_start_ms": round(cold_start * 1000, 1),
        "snapshot_load_ms": round(sorted(reloads)[1] * 1000, 1),
        "timeout_seconds": timeout,
        "baseline_timeout_seconds": baseline_timeout,
        "embedded": embedded,
        "baseline": baseline,
        "agreement": agreement,
        "load_average": {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in os.getloadavg()],
        },
        "sqlite_version": connection.Database.sqlite_version if connection.vendor == "sqlite" else "",
    }


# --------------------------------------------------------------------------- Elasticsearch


def elasticsearch_version(url: str) -> str:
    """The node's version (`GET /` answers 405 on the minimal distribution; `_nodes/_local` does not)."""
    from elasticsearch import Elasticsearch

    nodes = Elasticsearch(url, request_timeout=10).nodes.info(node_id="_local").body["nodes"]
    return ", ".join(sorted({node["version"] for node in nodes.values()}))


def index_into_elasticsearch(url: str, alias: str, say: Callable[[str], None] = print) -> dict:
    """Index every live service of this database into a new index behind `alias`; the records are
    built first (from the database, as `rebuild_search_index` does), so the Elasticsearch time is
    the bulk load, refresh and alias swap alone."""
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.documents import build_record, services_for_indexing

    began = time.perf_counter()
    ids = list(services_for_indexing().values_list("pk", flat=True))
    batches = [
        [build_record(page) for page in services_for_indexing().filter(pk__in=ids[start : start + 500])]
        for start in range(0, len(ids), 500)
    ]
    built = time.perf_counter() - began
    backend = ElasticsearchBackend(url, alias, replicas=0)
    began = time.perf_counter()
    count = backend.rebuild(lambda: batches)
    seconds = time.perf_counter() - began
    say(f"  elasticsearch: indexed {count:,} services in {seconds:.1f} s ({count / seconds:,.0f} docs/s)")
    return {
        "documents": count,
        "seconds": round(seconds, 2),
        "docs_per_second": round(count / seconds, 1),
        "records_built_seconds": round(built, 2),
    }


def elasticsearch_settings(url: str, alias: str):
    """The settings every timed Elasticsearch search runs under: the node, the benchmark's own
    index, and a timeout long enough that a slow answer is timed rather than replaced."""
    from django.test import override_settings

    return override_settings(
        SEARCH_BACKEND="elasticsearch",
        ELASTICSEARCH_URL=url,
        ELASTICSEARCH_INDEX=alias,
        ELASTICSEARCH_TIMEOUT=20,
    )


def measure_elasticsearch(
    url: str,
    alias: str,
    runs: int,
    warmup: int | None,
    budget: float,
    say: Callable[[str], None] = print,
) -> dict:
    """Time the same searches through `run_search` with SEARCH_BACKEND=elasticsearch. A search the
    database had to answer instead (the node failing) is counted, so no figure is borrowed."""
    from search.backends import get_backend

    rotations = scenarios()
    warmup = max(len(rotation) for rotation in rotations.values()) if warmup is None else warmup
    with elasticsearch_settings(url, alias):
        get_backend.cache_clear()
        backend = get_backend()
        fallbacks = 0
        primary_search = backend.primary.search

        def counted(query, analysed):
            nonlocal fallbacks
            try:
                return primary_search(query, analysed)
            except Exception:
                fallbacks += 1
                raise

        backend.primary.search = counted
        say(
            f"  elasticsearch backend: up to {warmup} warm-up and {runs} timed rounds (stops after {budget:.0f} s)"
        )
        timed = time_rounds(rotations, embedded_search, runs, warmup, budget, budget / 5, say=say)
        get_backend.cache_clear()
    timed["fallbacks"] = fallbacks
    return timed


def worker_rss(backend: str, url: str = "", alias: str = "") -> dict:
    """In a fresh process: the resident memory of a web worker that has answered every benchmarked
    search once with `backend` (the snapshot table loaded, the client connected)."""
    import resource

    from django.test import override_settings

    from search.backends import get_backend

    overrides = {"SEARCH_BACKEND": backend}
    if backend == "elasticsearch":
        overrides |= {"ELASTICSEARCH_URL": url, "ELASTICSEARCH_INDEX": alias, "ELASTICSEARCH_TIMEOUT": 20}
    with override_settings(**overrides):
        get_backend.cache_clear()
        for rotation in scenarios().values():
            for params in rotation:
                embedded_search(params)
        answered = get_backend().name
    status = Path("/proc/self/status")
    current = 0
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                current = int(line.split()[1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"backend": answered, "rss_mib": round(current / 1024, 1), "peak_rss_mib": round(peak / 1024, 1)}
