"""What `make bench` prints: the one-line JSON result of a run and the tables for people.

`report` turns the build's and the measuring child's figures into the result (p50/p95 per search,
the naive baseline, speed-ups, targets); `table` and `side_by_side` (database and Elasticsearch)
print it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence

from .synthetic.searches import QUERY_NAMES

# From the issue: p95 at most this many ms on SQLite, and this much faster than the naive search.
TARGET_P95_MS = {10_000: 50.0, 100_000: 150.0}
TARGET_SPEEDUP_AT = 100_000
TARGET_SPEEDUP = 10.0


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    import numpy as np

    values = np.asarray(samples, dtype=float) * 1000
    return {
        "p50_ms": round(float(np.percentile(values, 50)), 2),
        "p95_ms": round(float(np.percentile(values, 95)), 2),
    }


def spread(samples: Sequence[float]) -> dict[str, float]:
    values = [sample * 1000 for sample in samples]
    return {
        "mean_ms": round(sum(values) / len(values), 2),
        "min_ms": round(min(values), 2),
        "max_ms": round(max(values), 2),
    }


def report(services: int, build: dict, measured: dict) -> dict:
    """The benchmark's one-line JSON result (see the command's help)."""
    embedded, baseline = measured["embedded"], measured["baseline"]
    queries = {name: percentiles(embedded["samples"][name]) for name in QUERY_NAMES}
    naive = {name: percentiles(baseline["samples"][name]) for name in QUERY_NAMES}
    # A ratio is only known when the embedded search was never cut off; when the baseline was, the
    # ratio is a lower bound (see "timeouts").
    speedup = {
        name: round(naive[name]["p95_ms"] / queries[name]["p95_ms"], 1)
        if queries[name]["p95_ms"] and not embedded["timeouts"][name]
        else None
        for name in QUERY_NAMES
    }
    target = TARGET_P95_MS.get(services)
    return {
        "services": services,
        "backend": "database",
        "database": "sqlite",
        "queries": queries,
        "baseline": naive,
        "speedup_p95": speedup,
        "cold_start_ms": measured["cold_start_ms"],
        "build_seconds": build["build_seconds"],
        "runs": {
            "queries": {name: len(embedded["samples"][name]) for name in QUERY_NAMES},
            "baseline": {name: len(baseline["samples"][name]) for name in QUERY_NAMES},
        },
        "timeouts": {
            "seconds": measured["timeout_seconds"],
            "baseline_seconds": measured["baseline_timeout_seconds"],
            "queries": embedded["timeouts"],
            "baseline": baseline["timeouts"],
        },
        "spread": {
            "queries": {name: spread(embedded["samples"][name]) for name in QUERY_NAMES},
            "baseline": {name: spread(baseline["samples"][name]) for name in QUERY_NAMES},
        },
        "results_found": {
            "queries": {name: found(embedded["totals"][name]) for name in QUERY_NAMES},
            "baseline": {name: found(baseline["totals"][name]) for name in QUERY_NAMES},
        },
        "agreement": measured["agreement"],
        "snapshot_load_ms": measured["snapshot_load_ms"],
        "build": build,
        "targets": {
            "p95_ms": target,
            "p95_met": None if target is None else all(q["p95_ms"] <= target for q in queries.values()),
            "speedup": TARGET_SPEEDUP if services >= TARGET_SPEEDUP_AT else None,
            "speedup_met": (
                all(value is not None and value >= TARGET_SPEEDUP for value in speedup.values())
                if services >= TARGET_SPEEDUP_AT
                else None
            ),
        },
        "load_average": measured["load_average"],
        "sqlite_version": measured["sqlite_version"],
        "python": sys.version.split()[0],
    }


def found(totals: Mapping) -> dict[str, int]:
    values = [total for total, _ in totals.values()]
    return {"min_total": min(values), "max_total": max(values), "searches": len(values)} if values else {}


def table(result: dict) -> str:
    timeouts = result["timeouts"]

    def ms(value: float, cut_off: int) -> str:
        return f"{'>=' if cut_off else ''}{value:.1f}"

    lines = [
        f"Search benchmark: {result['services']:,} services, embedded database backend on SQLite "
        f"{result['sqlite_version']}",
        f"build {result['build_seconds']:.1f} s ("
        + ", ".join(
            f"{name.replace('_', ' ')} {seconds:.1f} s"
            for name, seconds in result["build"]["timings"].items()
        )
        + ")",
        f"cold start (first search, loads the snapshot): {result['cold_start_ms']:.0f} ms; "
        f"snapshot reload {result['snapshot_load_ms']:.0f} ms",
        "",
        f"{'search':<30} {'p50 ms':>9} {'p95 ms':>9} {'runs':>5}   {'naive p50':>10} {'naive p95':>10} {'runs':>5}"
        f"   {'p95 speed-up':>12}",
    ]
    for name in QUERY_NAMES:
        query, naive = result["queries"][name], result["baseline"][name]
        cut, naive_cut = timeouts["queries"][name], timeouts["baseline"][name]
        speedup = result["speedup_p95"][name]
        ratio = "unknown" if speedup is None else f"{'>=' if naive_cut else ''}{speedup:.1f}x"
        lines.append(
            f"{name:<30} {ms(query['p50_ms'], cut):>9} {ms(query['p95_ms'], cut):>9} {result['runs']['queries'][name]:>5}"
            f"   {ms(naive['p50_ms'], naive_cut):>10} {ms(naive['p95_ms'], naive_cut):>10} "
            f"{result['runs']['baseline'][name]:>5}   "
            f"{ratio:>12}"
        )
    if any(timeouts["queries"].values()) or any(timeouts["baseline"].values()):
        lines.append(
            f">= : some searches were cut off (after {timeouts['seconds']:.0f} s embedded, "
            f"{timeouts['baseline_seconds']:.0f} s naive; embedded: "
            + ", ".join(f"{name} {count}" for name, count in timeouts["queries"].items() if count)
            + "; naive: "
            + ", ".join(f"{name} {count}" for name, count in timeouts["baseline"].items() if count)
            + "), so those figures are lower bounds"
        )
    targets = result["targets"]
    verdicts = []
    if targets["p95_ms"] is not None:
        verdicts.append(f"p95 <= {targets['p95_ms']:.0f} ms: {'met' if targets['p95_met'] else 'MISSED'}")
    if targets["speedup"] is not None:
        verdicts.append(
            f">= {targets['speedup']:.0f}x the naive p95: {'met' if targets['speedup_met'] else 'MISSED'}"
        )
    if verdicts:
        lines.append("targets: " + "; ".join(verdicts))
    lines.append(
        "(each time covers Vocabulary.from_database, SearchQuery.from_params, the search and fetching the page's "
        f"result objects; load average {result['load_average']['before'][0]:.1f} before, "
        f"{result['load_average']['after'][0]:.1f} after, on {os.cpu_count()} cores)"
    )
    return "\n".join(lines)


def write_json(path: str | os.PathLike, data: dict) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, default=str)


def read_json(path: str | os.PathLike) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def side_by_side(result: dict) -> str:
    """The database and Elasticsearch backends' figures on the same searches, as a table."""
    es = result["elasticsearch"]
    lines = [
        "",
        f"Side by side at {result['services']:,} services: database backend (SQLite) vs Elasticsearch {es['version']}",
        f"{'search':<30} {'db p50':>8} {'db p95':>8}   {'es p50':>8} {'es p95':>8} {'runs':>5}",
    ]
    for name in QUERY_NAMES:
        db, elastic = result["queries"][name], es["queries"][name]
        lines.append(
            f"{name:<30} {db['p50_ms']:>8.1f} {db['p95_ms']:>8.1f}   {elastic['p50_ms']:>8.1f} {elastic['p95_ms']:>8.1f}"
            f" {es['runs'][name]:>5}"
        )
    indexing = es["indexing"]
    lines.append(
        f"indexing into Elasticsearch: {indexing['documents']:,} documents in {indexing['seconds']:.1f} s = "
        f"{indexing['docs_per_second']:,.0f} docs/s (records built from the database first: "
        f"{indexing['records_built_seconds']:.1f} s); searches the database answered instead: {es['fallbacks']}"
    )
    rss = es["worker_rss"]
    lines.append(
        "web worker RSS after every search once: "
        + ", ".join(
            f"{name} {figures['rss_mib']:.0f} MiB (peak {figures['peak_rss_mib']:.0f})"
            for name, figures in rss.items()
        )
    )
    return "\n".join(lines)


def elasticsearch_result(measured: dict, worker_rss: dict) -> dict:
    """The Elasticsearch part of the result, from the measuring child's figures and the workers' memory."""
    timed = measured["timed"]
    return {
        "version": measured["version"],
        "queries": {name: percentiles(timed["samples"][name]) for name in QUERY_NAMES},
        "runs": {name: len(timed["samples"][name]) for name in QUERY_NAMES},
        "results_found": {name: found(timed["totals"][name]) for name in QUERY_NAMES},
        "fallbacks": timed["fallbacks"],
        "indexing": measured["indexing"],
        "worker_rss": worker_rss,
    }
