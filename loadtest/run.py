"""`make loadtest` (`python -m loadtest`): gunicorn on 127.0.0.1, PostgreSQL, Redis, 10,000 services.

1. A dedicated PostgreSQL database (`LOADTEST_DATABASE_URL`, default
   postgres://postgres@127.0.0.1:5432/rightdoor_loadtest), created if missing and prepared by
   `loadtest/prepare.py`; kept between runs, so only the first run spends time building it.
2. Redis: `LOADTEST_REDIS_URL` if set, otherwise a throwaway redis-server on a free port.
3. gunicorn with `config/gunicorn.py` and the production settings (plain HTTP on 127.0.0.1; worker
   recycling off, so that memory growth is measured, not hidden).
4. Phases, each from `LOADTEST_CLIENTS` (50) concurrent keep-alive clients for a bounded time:
   `search_uncached` (68 searches with a place and filters, each made unique by a parameter the
   search ignores: what a search costs, the long tail families feel), `mixed` (home, search,
   service pages and, when the demo has published pathways, pathway steps found at run time from
   /pathways/), `search` (the same 68 searches repeated as visitors repeat them; no page cache
   answers them since the shortlist forms carry CSRF tokens again), `floor` (/healthz/ping:
   Django's whole middleware stack, no database), then a 60-second soak of the mixed workload
   during which the workers' resident memory is read from /proc.

The last line printed is one JSON object with the figures; the targets are checked and any miss
is said in plain words just above it.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .client import drive
from .servers import free_port, start_gunicorn, start_throwaway_redis, wait_for_port

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

SERVICES = int(os.environ.get("LOADTEST_SERVICES", "10000"))
CLIENTS = int(os.environ.get("LOADTEST_CLIENTS", "50"))
PHASE_SECONDS = float(os.environ.get("LOADTEST_SECONDS", "20"))
SOAK_SECONDS = float(os.environ.get("LOADTEST_SOAK_SECONDS", "60"))
DATABASE_URL = os.environ.get(
    "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rightdoor_loadtest"
)
WORKERS = os.environ.get("LOADTEST_WORKERS", "3")
THREADS = os.environ.get("LOADTEST_THREADS", "4")

# The targets (issue #14 item 5): a search no cache can answer, and the mixed workload.
TARGET_UNCACHED_RPS = 150.0
TARGET_UNCACHED_P95_MS = 500.0
TARGET_MIXED_P95_MS = 300.0
TARGET_MEMORY_GROWTH_PCT = 10.0


def say(message: str) -> None:
    print(message, flush=True)


def server_errors(log_path: Path, limit: int = 80) -> str:
    """The server's own account of the errors (its log is deleted with the run's folder): the
    lines from each logged error or traceback on, at most `limit`."""
    try:
        lines = log_path.read_text(errors="replace").splitlines()
    except OSError as error:
        return f"  (the server log could not be read: {error})"
    starts = [index for index, line in enumerate(lines) if "ERROR" in line or line.startswith("Traceback")]
    if not starts:
        return "  (the server logged no error: the failures were seen by the clients only)"
    shown = lines[starts[0] : starts[0] + limit]
    return "  The server logged:\n" + "\n".join(f"    {line}" for line in shown)


# --------------------------------------------------------------------------- database and Redis


def ensure_database(url: str, *, recreate: bool = False) -> None:
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name) or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"refusing to use {name!r} as the load-test database: give it a name of its own")
    admin = parsed._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and recreate:
                say(f"  dropping the partial load-test database {name}")
                connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if not exists:
                say(f"  creating the load-test database {name}")
                connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise SystemExit(
            f"PostgreSQL is not reachable at {parsed.hostname}:{parsed.port}: {error}"
        ) from error


def start_redis(folder: Path) -> tuple[str, subprocess.Popen | None]:
    if os.environ.get("LOADTEST_REDIS_URL"):
        return os.environ["LOADTEST_REDIS_URL"], None
    started = start_throwaway_redis(folder)
    if started is None:
        raise SystemExit(
            "redis-server is not installed (apt-get install redis-server), or set LOADTEST_REDIS_URL"
        )
    return started


def server_env(redis_url: str, folder: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback interface
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "SEARCH_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": WORKERS,
        "GUNICORN_THREADS": THREADS,
        "GUNICORN_MAX_REQUESTS": "0",  # no recycling: memory growth is what we measure
        "GUNICORN_LOG_LEVEL": "warning",
    }


def prepare(env: dict[str, str], folder: Path) -> dict:
    output = folder / "prepared.json"
    for attempt in range(2):
        ensure_database(DATABASE_URL, recreate=attempt > 0)
        result = subprocess.run(
            [PYTHON, "-m", "loadtest.prepare", str(SERVICES), str(output)],
            cwd=REPO,
            env={**env, "DEMO_MODE": "true"},
        )
        if result.returncode == 3:
            continue
        if result.returncode != 0:
            raise SystemExit(f"preparing the load-test database failed ({result.returncode})")
        return json.loads(output.read_text())
    raise SystemExit("could not prepare the load-test database")


# --------------------------------------------------------------------------- the workload


def search_paths() -> list[str]:
    """Searches with a place and filters: `make bench`'s rotations that have `near`."""
    from benchmarks.synthetic.searches import scenarios

    paths = []
    for params_list in scenarios().values():
        for params in params_list:
            if "near" in params:
                paths.append("/search/?" + urllib.parse.urlencode(params, doseq=True))
    return paths


HREF = re.compile(r'href="(/pathways/[^"#]*)"')
FORM = re.compile(r"<form[^>]*>.*?</form>", re.S | re.I)


def discover_pathway_steps(base: str, limit: int = 60) -> list[str]:
    """Pathway steps published under /pathways/: the links, and GET forms answered with their first
    option, followed breadth-first from the index."""

    def fetch(path: str) -> tuple[int, str, str]:
        """Status, page and the path it ended at (a step can redirect to the next)."""
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                final = urllib.parse.urlsplit(response.geturl())
                landed = final.path + (f"?{final.query}" if final.query else "")
                return response.status, response.read().decode("utf-8", "replace"), landed
        except urllib.error.HTTPError as error:
            return error.code, "", path
        except OSError:
            return 0, "", path

    status, html, _ = fetch("/pathways/")
    if status != 200:
        return []
    seen, queue, steps = {"/pathways/"}, ["/pathways/"], []
    pages = {"/pathways/": html}
    while queue and len(steps) < limit:
        path = queue.pop(0)
        html = pages.pop(path, None)
        if html is None:
            status, html, landed = fetch(path)
            if status != 200:
                continue
            if landed not in steps:
                steps.append(landed)  # what a browser ends up asking for: no redirects in the load
        found = [link.replace("&amp;", "&") for link in HREF.findall(html)]
        for form in FORM.findall(html):
            if re.search(r'method="post"', form, re.I):
                continue
            action = re.search(r'action="([^"]*)"', form)
            target = (action.group(1) if action else path).replace("&amp;", "&")
            if not target.startswith("/pathways/"):
                continue
            fields: dict[str, str] = {}
            for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form):
                fields.setdefault(name, value)
            if fields:
                found.append(target.split("?")[0] + "?" + urllib.parse.urlencode(fields))
        for link in found:
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return steps


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids


def rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def phase(
    name: str, port: int, paths: list[str], seconds: float, seed: int, unique: bool = False, **kwargs
) -> dict:
    """Drive `paths` at random. With `unique`, every request is a search no one made before (an
    extra parameter the search ignores), so no cache of any kind could answer it."""
    say(
        f"  {name}: {CLIENTS} clients for {seconds:.0f} s over {len(paths)} URLs{' made unique' if unique else ''}…"
    )
    counter = itertools.count()
    result = drive(
        "127.0.0.1",
        port,
        (lambda rng: f"{rng.choice(paths)}&loadtest={next(counter)}")
        if unique
        else (lambda rng: rng.choice(paths)),
        clients=CLIENTS,
        seconds=seconds,
        seed=seed,
        **kwargs,
    )
    summary = result.summary()
    say(f"  {name}: {json.dumps(summary)}")
    return summary


def figures(summary: dict) -> dict:
    """A phase's figures as the report gives them."""
    return {key: summary[key] for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "errors")}


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="rightdoor-loadtest-"))
    redis_process = server = None
    try:
        say(f"Load test: {SERVICES} services, {CLIENTS} clients, {os.cpu_count()} cores")
        redis_url, redis_process = start_redis(folder)
        port = free_port()
        env = server_env(redis_url, folder, port)
        say(f"Preparing {urllib.parse.urlparse(DATABASE_URL).path.lstrip('/')} (kept between runs)…")
        prepared = prepare(env, folder)
        say(f"  {prepared['services']} live services")

        say(f"Starting gunicorn on 127.0.0.1:{port} ({WORKERS} workers × {THREADS} threads)…")
        server = start_gunicorn(env, folder / "gunicorn.log")
        wait_for_port(port, 60, server)
        base = f"http://127.0.0.1:{port}"

        searches = search_paths()
        services = prepared["service_paths"]
        steps = discover_pathway_steps(base)
        if steps:
            say(f"  {len(steps)} pathway steps found under /pathways/")
        else:
            say("  note: no published pathway steps under /pathways/: the mixed workload has none")
        mixed = ["/"] * 10 + searches + services[:60] + (steps * max(1, 15 // max(1, len(steps))))[:15]
        rng = random.Random(7)
        rng.shuffle(mixed)

        # Warm every worker (imports, templates, the search snapshot) before measuring anything.
        say("Warming up…")
        drive(
            "127.0.0.1",
            port,
            lambda r: r.choice(["/", "/healthz/ping", *searches, *services[:20], *steps[:5]]),
            clients=CLIENTS,
            seconds=8,
            seed=99,
            ok_statuses=(200, 404),
        )

        say("Measuring…")
        results = {
            "search_uncached": phase("search_uncached", port, searches, PHASE_SECONDS, 5, unique=True),
            "mixed": phase("mixed", port, mixed, PHASE_SECONDS, 3),
            "search": phase("search", port, searches, PHASE_SECONDS, 2),
            "floor": phase("floor", port, ["/healthz/ping"], PHASE_SECONDS, 1),
        }
        pids = worker_pids(server.pid)
        samples: list[int] = []
        say(f"  soak: the mixed workload for {SOAK_SECONDS:.0f} s, watching {len(pids)} workers' memory…")
        soak = drive(
            "127.0.0.1",
            port,
            lambda r: r.choice(mixed),
            clients=CLIENTS,
            seconds=SOAK_SECONDS,
            seed=4,
            on_tick=lambda: samples.append(rss_kib(pids)),
        )
        soak_summary = soak.summary()
        say(f"  soak: {json.dumps(soak_summary)}")
        # Memory once the soak has settled (after its first 5 s) against its last reading.
        start_rss = samples[min(4, len(samples) - 1)] if samples else 0
        end_rss = samples[-1] if samples else 0
        growth = round((end_rss - start_rss) / start_rss * 100, 2) if start_rss else 0.0
        say(f"  workers' RSS: {start_rss / 1024:.0f} MiB → {end_rss / 1024:.0f} MiB over the soak")
        if worker_pids(server.pid) != pids:
            say("  note: a worker was replaced during the soak; memory growth is not comparable")

        report = {
            "search_uncached": figures(results["search_uncached"]),
            "mixed": figures(results["mixed"]),
            "search": figures(results["search"]),
            "floor": figures(results["floor"]),
            "search_vs_floor": round(results["search"]["rps"] / results["floor"]["rps"], 3)
            if results["floor"]["rps"]
            else 0.0,
            "memory_growth_pct": growth,
        }
        misses = []
        errors = (
            sum(report[name]["errors"] for name in ("search", "search_uncached", "mixed", "floor"))
            + soak_summary["errors"]
        )
        if errors:
            misses.append(f"{errors} errors (target: none)")
            say(server_errors(folder / "gunicorn.log"))
        uncached, mixed_figures = report["search_uncached"], report["mixed"]
        if uncached["rps"] < TARGET_UNCACHED_RPS:
            misses.append(f"uncached search runs at {uncached['rps']:.0f} requests/s (target ≥ 150)")
        if uncached["p95_ms"] > TARGET_UNCACHED_P95_MS:
            misses.append(f"uncached search p95 is {uncached['p95_ms']:.0f} ms (target ≤ 500 ms)")
        if mixed_figures["p95_ms"] > TARGET_MIXED_P95_MS:
            misses.append(f"mixed p95 is {mixed_figures['p95_ms']:.0f} ms (target ≤ 300 ms)")
        if growth >= TARGET_MEMORY_GROWTH_PCT:
            misses.append(f"worker memory grew {growth:.1f}% over the soak (target < 10%)")
        say("Targets: " + ("all met" if not misses else "MISSED: " + "; ".join(misses)))
        print(json.dumps(report), flush=True)
        return 0
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
        if redis_process is not None:
            redis_process.kill()
            redis_process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
