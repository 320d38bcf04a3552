"""The searches `make bench` times and `make loadtest` sends: places, words, filters and ages
across the area's twelve districts, as GET parameters. No Django: the load driver imports this
before any settings exist.
"""

from __future__ import annotations

# Where families search from: outward codes, towns and full postcodes across the twelve districts.
PLACES = (
    "PR1",
    "Burnley",
    "LA1",
    "PR7 1DP",
    "FY8",
    "Accrington",
    "BB9",
    "Clitheroe",
    "BB4",
    "Leyland",
    "L39",
    "FY5",
    "PR1 2HE",
    "Lancaster",
    "Chorley",
    "BB11 1JG",
    "Garstang",
    "Skelmersdale",
    "Morecambe",
    "PR2",
)
TEXTS = (
    "counselling",
    "parenting course",
    "food bank",
    "stay and play",
    "youth club",
    "domestic abuse support",
    "speech and language",
    "debt advice",
    "young carers",
    "autism support",
    "breastfeeding",
    "anxiety",
)
FILTER_SETS = (
    {"kind": ["universal"], "level": ["1"], "access": ["self_referral"], "free": ["1"]},
    {"kind": ["targeted", "commissioned"], "level": ["2"], "access": ["self_referral"]},
    {
        "kind": ["universal", "targeted"],
        "level": ["1", "2"],
        "access": ["professional_referral"],
        "free": ["1"],
    },
    {"kind": ["universal"], "access": ["self_referral"], "free": ["1"]},
)
AGE_THEMES = (
    ("4", "early-years"),
    ("9", "parenting"),
    ("14", "mental-health"),
    ("pregnancy", "pregnancy-and-baby"),
    ("16", "activities"),
    ("7", "send"),
    ("12", "bullying"),
    ("2", "money-work-housing"),
)
QUERY_NAMES = ("text", "location_radius", "text_location_filters_facets", "age_theme_location")


def scenarios() -> dict[str, list[dict[str, list[str]]]]:
    """Each benchmarked search as a rotation of GET parameters (dicts of lists, like a QueryDict)."""
    return {
        "text": [{"q": [text]} for text in TEXTS],
        "location_radius": [{"near": [place], "radius": ["5"]} for place in PLACES],
        "text_location_filters_facets": [
            {"q": [TEXTS[i % len(TEXTS)]], "near": [PLACES[(i * 7) % len(PLACES)]], "radius": ["5"]}
            | FILTER_SETS[i % len(FILTER_SETS)]
            for i in range(24)
        ],
        "age_theme_location": [
            {"age": [age], "theme": [theme], "near": [PLACES[(i * 3) % len(PLACES)]]}
            for i, (age, theme) in enumerate(AGE_THEMES * 3)
        ],
    }
