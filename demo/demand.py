"""A plausible, clearly synthetic year of demand for the demo, so the gap report shows something on
a fresh `make run` (issue 18). Loaded by `load_demo` after the directory and guidance.

Every generated row has the backend "synthetic", so it can never be mistaken for (or mixed into
an export as) real demand, and loading again adds nothing once it is there. Demand per district
follows its share of the outward codes; each theme has its own popularity and a gentle seasonal
swing (more in winter); searches find nothing more often where no service lets a family refer
themselves.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter

from directory import geo
from directory.models import NeedTheme
from insights.models import DemandRecord
from insights.recording import today, write
from insights.report import supply
from search.demand import AGE_BANDS, DemandSummary

SYNTHETIC = "synthetic"
DAYS = 365
SEARCHES_PER_DAY = 60
# Words people type that the vocabulary has no theme for yet: each appears on many days.
DEMO_UNMATCHED = ("respite", "kinship", "homeschooling", "foodbank", "sensory")


def load_demo_demand(seed: int = 18) -> int:
    """Generate the year (idempotent); returns how many searches were added."""
    if DemandRecord.objects.filter(backend=SYNTHETIC).exists():
        return 0
    themes = list(NeedTheme.objects.order_by("slug").values_list("slug", flat=True))
    weights = Counter(geo.outward_code_districts().values())
    districts = sorted(weights)
    if not themes or not districts:
        return 0
    outward_by_district: dict[str, list[str]] = {}
    for code, district in geo.outward_code_districts().items():
        outward_by_district.setdefault(district, []).append(code)
    self_referral = supply(districts).self_referral
    rng = random.Random(seed)  # noqa: S311 (repeatable demo data, not secrets)
    popularity = {theme: rng.uniform(0.3, 3.0) for theme in themes}
    end = today()
    summaries = []
    for offset in range(DAYS):
        day = end - datetime.timedelta(days=offset)
        season = 1 + 0.25 * math.cos((day.timetuple().tm_yday - 15) / 365 * 2 * math.pi)
        for _ in range(int(SEARCHES_PER_DAY * season * rng.uniform(0.7, 1.3))):
            district = rng.choices(districts, weights=[weights[d] for d in districts])[0]
            theme = rng.choices(themes, weights=[popularity[t] for t in themes])[0]
            thin = self_referral[(district, theme)] == 0
            band = "0" if rng.random() < (0.45 if thin else 0.08) else rng.choice(["1-2", "3+", "3+"])
            place = rng.random() < 0.8
            summaries.append(
                DemandSummary(
                    day=day,
                    source="pathway" if rng.random() < 0.15 else "search",
                    themes=(theme,) if rng.random() < 0.9 else (),
                    age_band=rng.choice(AGE_BANDS)[0],
                    postcode_district=rng.choice(outward_by_district[district]) if place else "",
                    district=district if place else "",
                    place_given=place,
                    result_band=band,
                    backend=SYNTHETIC,
                    unmatched_tokens=(rng.choice(DEMO_UNMATCHED),) if rng.random() < 0.03 else (),
                )
            )
    write(summaries)
    return len(summaries)


def synthetic_searches() -> int:
    """How many synthetic searches the demo's year holds."""
    return DemandRecord.objects.filter(backend=SYNTHETIC, first=True).count()
