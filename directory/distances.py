"""Distances on the earth's surface: between two points, from one point to many, and the box around a circle.

Measured on the WGS84 ellipsoid, in miles (what a family in England thinks in). Separate from
:mod:`directory.geo`, which reads what someone typed into a point: this module only measures
between points, whoever made them. Pure Python with no Django imports; geopy and numpy are
imported only by the functions that need them.
"""

from __future__ import annotations

import math

_KM_PER_MILE = 1.609344
# WGS84, as in geopy.distance.ELLIPSOIDS; spelt out so that importing this module
# does not import geopy, whose package __init__ loads every geocoder (~140 ms).
_WGS84_MAJOR_AXIS_KM = 6378.137
_WGS84_FLATTENING = 1 / 298.257223563
_WGS84_ECCENTRICITY_SQUARED = _WGS84_FLATTENING * (2 - _WGS84_FLATTENING)
# The meridian is most curved at the equator, so a degree of latitude is shortest there.
_SHORTEST_DEGREE_OF_LATITUDE_KM = math.radians(1) * _WGS84_MAJOR_AXIS_KM * (1 - _WGS84_ECCENTRICITY_SQUARED)
# Headroom for floating-point error in the box and in the geodesic it must contain.
_BOUNDING_BOX_SCALE = 1.0001
_BOUNDING_BOX_PADDING_DEGREES = 1e-9


def distance_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The geodesic (WGS84) distance in miles between two (latitude, longitude) points."""
    from geopy.distance import geodesic

    return geodesic(a, b).miles


def distances_miles(origin: tuple[float, float], latitudes, longitudes):
    """Distances in miles from `origin` to many points at once (numpy arrays in and out).

    The Andoyer–Lambert approximation of the WGS84 geodesic: within a few metres of
    :func:`distance_miles` at the distances a family travels, and about a thousand times faster,
    which is what lets search measure every candidate exactly instead of trusting a bounding box.
    """
    import numpy as np

    flattening = _WGS84_FLATTENING
    lat1, lng1 = np.radians(origin[0]), np.radians(origin[1])
    lat2, lng2 = (
        np.radians(np.asarray(latitudes, dtype=float)),
        np.radians(np.asarray(longitudes, dtype=float)),
    )
    beta1 = np.arctan((1 - flattening) * np.tan(lat1))
    beta2 = np.arctan((1 - flattening) * np.tan(lat2))
    half_sum, half_difference = (beta1 + beta2) / 2, (beta2 - beta1) / 2
    half_lng = (lng2 - lng1) / 2
    haversine = np.sin(half_difference) ** 2 + np.cos(beta1) * np.cos(beta2) * np.sin(half_lng) ** 2
    haversine = np.clip(haversine, 0.0, 1.0)
    sigma = 2 * np.arcsin(np.sqrt(haversine))
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (
            (sigma - np.sin(sigma))
            * np.sin(half_sum) ** 2
            * np.cos(half_difference) ** 2
            / np.cos(sigma / 2) ** 2
        )
        y = (
            (sigma + np.sin(sigma))
            * np.cos(half_sum) ** 2
            * np.sin(half_difference) ** 2
            / np.sin(sigma / 2) ** 2
        )
        km = _WGS84_MAJOR_AXIS_KM * (sigma - flattening / 2 * (x + y))
    return np.where(sigma == 0, 0.0, km) / _KM_PER_MILE


def _degree_of_longitude_km(latitude: float) -> float:
    sine = math.sin(math.radians(latitude))
    parallel_radius = (
        _WGS84_MAJOR_AXIS_KM
        * math.cos(math.radians(latitude))
        / math.sqrt(1 - _WGS84_ECCENTRICITY_SQUARED * sine * sine)
    )
    return math.radians(1) * parallel_radius


def bounding_box(latitude: float, longitude: float, miles: float) -> tuple[float, float, float, float]:
    """``(min_lat, max_lat, min_lng, max_lng)`` containing every point within ``miles``.

    Meant as a cheap indexed prefilter before an exact :func:`distance_miles`
    check, so it errs on the generous side. Near a pole, or where the circle
    crosses the 180th meridian, the longitude range widens to the whole globe.
    """
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError("latitude must be in [-90, 90] and longitude in [-180, 180]")
    if not miles >= 0:
        raise ValueError("miles must be zero or more")

    radius_km = miles * _KM_PER_MILE * _BOUNDING_BOX_SCALE
    latitude_delta = radius_km / _SHORTEST_DEGREE_OF_LATITUDE_KM + _BOUNDING_BOX_PADDING_DEGREES
    min_latitude = max(-90.0, latitude - latitude_delta)
    max_latitude = min(90.0, latitude + latitude_delta)

    # Any path to a point inside the circle stays within this latitude band, and a
    # degree of longitude is shortest at the band's most polar edge.
    most_polar_latitude = max(abs(min_latitude), abs(max_latitude))
    if most_polar_latitude >= 90:
        return (min_latitude, max_latitude, -180.0, 180.0)
    longitude_delta = radius_km / _degree_of_longitude_km(most_polar_latitude) + _BOUNDING_BOX_PADDING_DEGREES
    min_longitude, max_longitude = longitude - longitude_delta, longitude + longitude_delta
    if min_longitude < -180 or max_longitude > 180:
        return (min_latitude, max_latitude, -180.0, 180.0)
    return (min_latitude, max_latitude, min_longitude, max_longitude)
