"""Stable Open Referral ids for things that have no UUID column of their own.

Services, organisations and venues carry a stored UUID (`oruk_id`). Everything nested below them
(schedules, contacts, cost options, attributes) and the taxonomies built from our vocabularies get
a name-based UUID (uuid5): the same input always gives the same id, so a consumer that stores
them sees the same ids tomorrow.
"""

from __future__ import annotations

import uuid

# Fixed for ever: changing it would change every derived id.
NAMESPACE = uuid.UUID("7d3f6a52-1c0e-4d7b-9a51-5f2b8e0c4a11")


def derived(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def taxonomy_id(key: str) -> str:
    return derived("taxonomy", key)


def term_id(taxonomy_key: str, value: object) -> str:
    return derived("taxonomy-term", taxonomy_key, value)


def service_at_location_id(location_oruk_id: uuid.UUID | str) -> str:
    return derived("service-at-location", location_oruk_id)


def parse_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None
