"""Prepare the load-test database: migrate, build the synthetic directory, add the demo content.

Run by `loadtest/run.py` in a child process whose environment points DATABASE_URL at the dedicated
load-test database (never the developer's). The directory is `make bench`'s
(`benchmarks.synthetic.build_directory`: N services written in bulk, then indexed by the real
`search.indexing.rebuild`); the demo directory, guidance and pathways
(`demo.guidance.loader.load_demo_guidance`) are added on top, so pathway steps exist when the demo has any. A database
that already holds the N services is reused as it is. The paths the load driver uses are written as
JSON to the file named by the second argument.

Exit status 3: the database holds a partial directory (an interrupted build); the caller drops it
and runs this again.
"""

from __future__ import annotations

import json
import sys
import time


def main(services: int, output: str) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    from directory.models import ServicePage

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"  migrated ({time.monotonic() - started:.0f} s)", flush=True)
    existing = ServicePage.objects.count()
    if existing == 0:
        from benchmarks.synthetic import build_directory

        print(
            f"  building the synthetic directory of {services} services (benchmarks.synthetic)…", flush=True
        )
        build_directory(services, say=lambda line: print(line, flush=True))
    elif existing < services:
        print(f"  the load-test database holds {existing} services, fewer than {services}: rebuilding")
        return 3
    else:
        print(f"  reusing the load-test database: {existing} services")
        from search.indexing import rebuild
        from search.models import SearchDocument

        if SearchDocument.objects.filter(slug="").exists():
            print("  its search documents predate result cards: rebuilding the search index…", flush=True)
            rebuild()
    try:
        # The demo's guidance and pathways only: `load_demo` would also make a login, with a slow
        # password hash, for every one of the synthetic directory's hundreds of organisations.
        from demo.guidance.loader import load_demo_guidance

        load_demo_guidance()
        print("  demo guidance and pathways loaded (idempotent)", flush=True)
    except Exception as error:  # pathways are a bonus on top of the 10,000 services; say why not
        print(f"  note: no demo pathways ({type(error).__name__}: {error}); the mixed workload will say so")
    call_command("collectstatic", interactive=False, verbosity=0)
    print("  static files collected", flush=True)

    live = ServicePage.objects.live()
    sample = [page.url for page in live.order_by("?")[:400]]
    with open(output, "w") as file:
        json.dump({"services": live.count(), "service_paths": [path for path in sample if path]}, file)
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), sys.argv[2]))
