"""Tests for directory.distances: geodesic distances in miles and the box around a circle.

Plain pytest, no database: run with ``pytest tests/directory/test_distances.py -p no:django``.
"""

import pytest
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from directory import distances
from directory.distances import bounding_box, distance_miles


def test_distance_preston_to_lancaster_is_about_twenty_miles() -> None:
    preston_station, lancaster_station = (53.7566, -2.7078), (54.0487, -2.8073)
    assert distance_miles(preston_station, lancaster_station) == pytest.approx(20.6, abs=0.5)


def test_distance_is_geodesic() -> None:
    # One degree of latitude at the equator on WGS84 is 110.574 km.
    assert distance_miles((0, 0), (1, 0)) == pytest.approx(110.574 / 1.609344, rel=1e-4)
    assert distance_miles((53.76, -2.70), (53.76, -2.70)) == 0


def test_bounding_box_is_tight_enough_to_be_useful() -> None:
    min_lat, max_lat, min_lng, max_lng = bounding_box(53.76, -2.70, 10)
    assert 53.60 < min_lat < 53.62 and 53.90 < max_lat < 53.92
    assert -2.97 < min_lng < -2.94 and -2.46 < max_lng < -2.43


@pytest.mark.parametrize("latitude", [53.76, 70.0, -75.0])
@pytest.mark.parametrize("miles", [10, 300, 1000])
def test_bounding_box_contains_the_whole_circle_edge(latitude: float, miles: float) -> None:
    # The circle reaches furthest east and west poleward of its centre, so the box
    # must be sized at its most polar latitude, not the centre's.
    min_lat, max_lat, min_lng, max_lng = bounding_box(latitude, 0.0, miles)
    for bearing in range(360):
        point = geodesic(miles=miles).destination((latitude, 0.0), bearing)
        assert min_lat <= point.latitude <= max_lat
        assert min_lng <= point.longitude <= max_lng


def test_bounding_box_widens_to_the_whole_globe_over_a_pole_or_the_antimeridian() -> None:
    assert bounding_box(89.9, 10, 50)[2:] == (-180.0, 180.0)
    assert bounding_box(0, 179.99, 5)[2:] == (-180.0, 180.0)


def test_bounding_box_rejects_negative_radius() -> None:
    with pytest.raises(ValueError):
        bounding_box(53.76, -2.70, -1)


@settings(max_examples=500, deadline=None)
@given(
    latitude=st.floats(min_value=-89.5, max_value=89.5),
    longitude=st.floats(min_value=-180, max_value=180),
    miles=st.floats(min_value=0, max_value=300),
    fraction=st.floats(min_value=0, max_value=1),
    bearing=st.floats(min_value=0, max_value=360),
)
def test_bounding_box_contains_every_point_within_the_radius(
    latitude: float, longitude: float, miles: float, fraction: float, bearing: float
) -> None:
    point = geodesic(miles=miles * fraction).destination((latitude, longitude), bearing)
    assert distance_miles((latitude, longitude), (point.latitude, point.longitude)) <= miles + 1e-6
    min_lat, max_lat, min_lng, max_lng = bounding_box(latitude, longitude, miles)
    assert min_lat <= point.latitude <= max_lat
    assert min_lng <= point.longitude <= max_lng


def test_wgs84_constants_match_geopy() -> None:
    from geopy.distance import ELLIPSOIDS

    geopy_major_axis_km, _minor_axis_km, geopy_flattening = ELLIPSOIDS["WGS-84"]
    ours = (distances._WGS84_MAJOR_AXIS_KM, distances._WGS84_FLATTENING)
    assert ours == pytest.approx((geopy_major_axis_km, geopy_flattening))
