"""Format checks are really on: jsonschema passes `uri` and `date-time` silently unless its format
extras are installed (requirements.txt pins them), as docs/openreferral.md promises."""

import uuid

import pytest

from openreferral import schemas


def service(**fields) -> dict:
    return {"id": str(uuid.uuid4()), "name": "Counselling", "status": "active", **fields}


def paths(instance) -> dict[str, str]:
    return dict(schemas.errors("service", instance))


@pytest.mark.parametrize(
    ("field", "bad", "good"),
    [
        ("url", "example/counselling", "https://example.org/counselling"),
        ("last_modified", "2024-01-01T10:00:00", "2024-01-01T10:00:00Z"),
    ],
)
def test_uri_and_date_time_formats_are_checked(field, bad, good):
    assert field in paths(service(**{field: bad}))
    assert field not in paths(service(**{field: good}))


def test_opening_times_without_seconds_are_accepted_as_the_profile_writes_them():
    schedule = {"id": str(uuid.uuid4()), "opens_at": "09:00", "closes_at": "17:00", "byday": "MO"}
    assert not [path for path in paths(service(schedules=[schedule])) if path.startswith("schedules")]
