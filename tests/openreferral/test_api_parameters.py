"""Empty typed parameters (`per_page=`, `modified_after=`) are refused with the reason, like any
other unusable value, instead of being taken silently as no filter (issue 17 item 3)."""

import pytest


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/services?per_page=", "per_page"),
        ("/api/services?page=", "page"),
        ("/api/services?modified_after=", "modified_after"),
        ("/api/services?minimum_age=", "minimum_age"),
        ("/api/service_at_locations?postcode=PR1&proximity=", "proximity"),
    ],
)
def test_an_empty_typed_parameter_is_a_400_with_the_reason(site_tree, client, path, name):
    response = client.get(path)
    assert response.status_code == 400
    assert f"`{name}` is empty: give it a value, or leave it out." in response.content.decode()


def test_absent_parameters_and_an_empty_text_search_are_fine(site_tree, client):
    assert client.get("/api/services").status_code == 200
    assert client.get("/api/services?text=").status_code == 200


def test_proximity_without_a_postcode_is_documented_and_refused(site_tree, client):
    spec = client.get("/api/openapi.json").json()
    described = [
        parameter["description"]
        for parameter in spec["paths"]["/service_at_locations"]["get"]["parameters"]
        if parameter.get("name") == "proximity"
    ]
    assert described and "Requires `postcode`" in described[0]
    assert client.get("/api/service_at_locations?proximity=100").status_code == 400
