"""The in-memory venue index behind the place search's bounding box."""

import numpy as np

from directory import distances
from search.snapshot import VenueIndex

PRESTON = (53.7590, -2.6990)


def test_the_box_keeps_venues_inside_it_including_its_edges_and_drops_the_rest():
    min_lat, max_lat, min_lng, max_lng = distances.bounding_box(*PRESTON, 5)
    venues = [
        (1, 10, PRESTON[0], PRESTON[1]),  # the centre
        (2, 10, min_lat, min_lng),  # a corner: on the edge counts
        (3, 20, max_lat, max_lng),  # the opposite corner
        (4, 20, max_lat + 0.01, PRESTON[1]),  # just north
        (5, 30, PRESTON[0], min_lng - 0.01),  # just west, in the latitude band
        (6, 30, 54.05, -2.80),  # Lancaster
    ]
    index = VenueIndex(venues, np.array([10, 20, 30]))
    inside = index.in_box(min_lat, max_lat, min_lng, max_lng)
    assert sorted(index.ids[inside].tolist()) == [1, 2, 3]
    # Each venue knows its service's row in the table (ids 10, 20, 30 → rows 0, 1, 2).
    assert sorted(zip(index.ids[inside].tolist(), index.rows[inside].tolist(), strict=True)) == [
        (1, 0),
        (2, 0),
        (3, 1),
    ]


def test_venues_of_services_not_in_the_index_are_left_out():
    index = VenueIndex([(1, 10, *PRESTON), (2, 99, *PRESTON)], np.array([10]))
    assert index.ids.tolist() == [1]
    assert len(VenueIndex([(1, 10, *PRESTON)], np.array([], dtype=np.int64))) == 0


def test_an_empty_directory_has_an_empty_index():
    index = VenueIndex([], np.array([], dtype=np.int64))
    assert len(index) == 0
    assert index.in_box(50, 60, -5, 0).tolist() == []
