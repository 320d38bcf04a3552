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
