"""Where an uncached search spends its time: pyinstrument over whole requests, one process.

The load test (`make loadtest`) measures throughput on two shared cores, which other work makes
noisy; this measures the cost of one request instead. It drives the load test's searches (the
ones with a place and filters), each made unique as the load test's `search_uncached` phase makes
them, through Django's full middleware stack (the test client) with the production settings,
against the load-test database (`LOADTEST_DATABASE_URL`, built by `make loadtest`) and a throwaway
Redis, and prints:

- the median and 95th percentile of the time per request (CPU time of this process and the wall
  time, which includes PostgreSQL's share);
- pyinstrument's call tree of all the requests, cut to the frames over `--min-share` of the time.

    python benchmarks/profile_search.py [--requests 300] [--min-share 0.02]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

DATABASE_URL = os.environ.get(
    "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rightdoor_loadtest"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warm", type=int, default=40, help="requests before measuring")
    parser.add_argument("--min-share", type=float, default=0.02, help="hide frames under this share")
    parser.add_argument("--no-profile", action="store_true", help="only time the requests")
    args = parser.parse_args()

    from loadtest.servers import start_throwaway_redis

    folder = Path(tempfile.mkdtemp(prefix="rightdoor-profile-"))
    started = start_throwaway_redis(folder)
    if started is None:
        raise SystemExit("redis-server is not installed")
    redis_url, redis_process = started
    try:
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "SECRET_KEY": secrets.token_urlsafe(64),
                "DATABASE_URL": DATABASE_URL,
                "REDIS_URL": redis_url,
                "ALLOWED_HOSTS": "testserver,127.0.0.1",
                "SECURE_SSL_REDIRECT": "false",
                "STATIC_ROOT": str(folder / "static"),
                "SEARCH_BACKEND": "database",
                "LOG_LEVEL": "WARNING",
            }
        )
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client

        from loadtest.run import search_paths

        call_command("collectstatic", interactive=False, verbosity=0)  # the manifest the pages link through
        paths = search_paths()
        client = Client()
        counter = iter(range(10**9))

        def request(index: int) -> tuple[float, float]:
            path = f"{paths[index % len(paths)]}&loadtest={next(counter)}"
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000

        for index in range(args.warm):
            request(index)
        profiler = None
        if not args.no_profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
        times = [request(index) for index in range(args.requests)]
        if profiler is not None:
            profiler.stop()
        walls, cpus = sorted(t[0] for t in times), sorted(t[1] for t in times)
        p95 = int(len(walls) * 0.95) - 1
        print(
            f"{args.requests} uncached searches: wall median {statistics.median(walls):.1f} ms, "
            f"p95 {walls[p95]:.1f} ms; CPU median {statistics.median(cpus):.1f} ms, p95 {cpus[p95]:.1f} ms"
            + (" (under the profiler)" if profiler is not None else "")
        )
        if profiler is not None:
            from pyinstrument.renderers import ConsoleRenderer

            renderer = ConsoleRenderer(
                unicode=True,
                color=False,
                show_all=False,
                processor_options={"filter_threshold": args.min_share},
            )
            print(profiler.output(renderer))
        return 0
    finally:
        redis_process.kill()
        redis_process.wait(10)


if __name__ == "__main__":
    sys.exit(main())
