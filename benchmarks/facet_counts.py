"""Time the search's filtering and facet counting over synthetic services, with no database.

    PYTHONPATH=. DJANGO_SETTINGS_MODULE=config.settings.test python benchmarks/facet_counts.py 5000

Builds `search.columns.FilterColumns` for N services with random codes for every facet of
`directory.facets` and prints the median of 30 runs of `filter_and_count` for a few searches.
"""

from __future__ import annotations

import random
import statistics
import sys
import time


def main(count: int) -> None:
    import django

    django.setup()
    import numpy as np

    from directory import ages, facets
    from search.columns import FilterColumns

    rng = random.Random(7)
    codes: dict[str, list[set[str]]] = {}
    for facet in facets.FACETS:
        if facet.parameter == "age":
            ranges = [
                (low, rng.randint(low, ages.MAX_AGE)) for low in (rng.randint(-1, 20) for _ in range(count))
            ]
            codes[facet.field] = [set(facets.ages_covered(low, high)) for low, high in ranges]
            continue
        # A few dozen codes per facet, one to three per service (kind: exactly one).
        pool = [
            f"{facet.parameter}-{n}" for n in range(40 if facet.parameter in ("theme", "language") else 4)
        ]
        most = 1 if facet.parameter in ("kind", "free") else 3
        codes[facet.field] = [set(rng.sample(pool, rng.randint(1, most))) for _ in range(count)]
    columns = FilterColumns.from_values(codes)

    class Query:
        def __init__(self, **chosen):
            self.chosen = chosen

        def selected(self, parameter):
            return tuple(self.chosen.get(parameter, ()))

    searches = {
        "no filter": Query(),
        "theme+age": Query(theme=("theme-3", "theme-9"), age=("7",)),
        "five filters": Query(
            theme=("theme-3",), age=("7",), free=("free-0",), mode=("mode-1",), kind=("kind-0",)
        ),
    }
    cards = np.ones(count, dtype=bool)
    for name, query in searches.items():
        columns.filter_and_count(cards, query)
        times = []
        for _ in range(30):
            started = time.perf_counter()
            columns.filter_and_count(cards, query)
            times.append(time.perf_counter() - started)
        print(f"{count} services, {name}: {1000 * statistics.median(times):.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
