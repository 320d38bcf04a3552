"""The fixed vocabularies every Right Door database starts with (seeded by migration 0002).

Kept here, not in the migration, so that tests and the demo loader can check against the same lists.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

NEED_LEVELS = [
    (1, "Universal", "No additional needs: schools, GPs, health visitors, children's centres."),
    (
        2,
        "Additional needs",
        "Needs not clear, not known or not met: early help assessment, a lead professional.",
    ),
    (3, "Complex needs", "Multiple needs needing an integrated, longer-term response."),
    (4, "Acute or specialist", "Statutory intervention: children's social care, child protection."),
]

DELIVERY_MODES = [
    ("in-person", "In person"),
    ("online", "Online"),
    ("phone", "By phone"),
    ("home-visits", "Home visits"),
]

# Lancashire County Council's twelve districts, with a central point of each (its main town).
DISTRICTS = [
    ("burnley", "Burnley", 53.7893, -2.2405),
    ("chorley", "Chorley", 53.6530, -2.6294),
    ("fylde", "Fylde", 53.7500, -2.9667),
    ("hyndburn", "Hyndburn", 53.7535, -2.3721),
    ("lancaster", "Lancaster", 54.0466, -2.8007),
    ("pendle", "Pendle", 53.8380, -2.2172),
    ("preston", "Preston", 53.7632, -2.7031),
    ("ribble-valley", "Ribble Valley", 53.8710, -2.3927),
    ("rossendale", "Rossendale", 53.7010, -2.2903),
    ("south-ribble", "South Ribble", 53.6951, -2.6919),
    ("west-lancashire", "West Lancashire", 53.5686, -2.8853),
    ("wyre", "Wyre", 53.8461, -2.9921),
]

LANGUAGES = [
    ("en", "English"),
    ("bfi", "British Sign Language"),
    ("ur", "Urdu"),
    ("pa", "Punjabi"),
    ("gu", "Gujarati"),
    ("bn", "Bengali"),
    ("pl", "Polish"),
    ("ro", "Romanian"),
    ("ar", "Arabic"),
    ("ku", "Kurdish"),
    ("fa", "Farsi"),
    ("uk", "Ukrainian"),
    ("pt", "Portuguese"),
    ("so", "Somali"),
]

# From Outpost's default data (Apache-2.0), a council family information directory's vocabulary.
ACCESSIBILITY_FEATURES = [
    "Accessible toilet facilities",
    "Hearing loop",
    "Car parking",
    "Changing facilities",
    "British sign language (bsl)",
    "Disabled car parking space",
    "Hoist",
    "Baby changing facilities",
    "Parking nearby",
    "Bus stop nearby",
    "Building has lift",
    "Wheelchair accessible entrance",
    "Partial wheelchair access",
]


def family_hubs_categories() -> list[dict]:
    """The DfE family hubs service categories (DFE-Digital/fh-services seed data, MIT)."""
    with open(DATA_DIR / "dfe-family-hubs-service-categories.csv", newline="", encoding="utf-8") as handle:
        return [
            {
                "id": int(row["id"]),
                "name": row["name"],
                "parent_id": int(row["parent_id"]) if row["parent_id"] else None,
            }
            for row in csv.DictReader(handle)
        ]
