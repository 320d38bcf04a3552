"""A second council runs from configuration alone: an area file for the London Borough of Barnet
(no county, one district, its outward codes taken from the shipped postcode data), then search,
served areas, the API and imports there, with no code change."""

import io
import json
import uuid

from django.core.management import call_command

import pytest

from directory import area, geo
from directory.models import District, ServicePage
from directory.seeding import sync_districts
from home.models import SafeguardingSettings
from openreferral import csv_format

BARNET = """
name = "Barnet"
council = "London Borough of Barnet"

[front_door]
name = "Barnet Multi-Agency Safeguarding Hub"
phone = "020 8359 4066"
out_of_hours_phone = "020 8359 2000"

[search]
example_postcode = "N3 1AA"
example_town = "Finchley"

[places.aliases]
"central finchley" = "finchley"

[[districts]]
code = "E09000003"
name = "Barnet"
"""


@pytest.fixture
def barnet(settings, tmp_path, site_tree):
    path = tmp_path / "barnet.toml"
    path.write_text(BARNET, encoding="utf-8")
    settings.AREA_FILE = str(path)
    sync_districts()
    return area.current()


def run(command, *args, **options) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=out, **options)
    return out.getvalue()


def import_csv(tmp_path, rows) -> str:
    path = tmp_path / "services.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv_format.write_csv(out, [{**csv_format.EXAMPLE_ROW, "themes": "", **row} for row in rows])
    return run("import_services_csv", str(path), publish=True)


FINCHLEY = {
    "id": "barnet-001",
    "name": "Stay and Play, Finchley",
    "organisation": "Barnet Family Services",
    "phone": "020 8359 0000",
    "served_area": "districts",
    "served_districts": "Barnet",
    "locations": "Finchley Family Hub | 1 Regents Park Road | London | N3 1AA",
}
BOROUGH_WIDE = {
    "id": "barnet-002",
    "name": "Young Carers Barnet",
    "organisation": "Barnet Family Services",
    "phone": "020 8359 0001",
    "served_area": "county",
    "served_districts": "",
    "delivery_modes": "phone",
    "locations": "",
}


def test_the_area_file_alone_sets_the_districts_places_and_front_door(barnet):
    assert [(d.slug, d.code, d.name) for d in barnet.districts] == [("barnet", "E09000003", "Barnet")]
    # Outward codes from the shipped postcode data's main-district column, not from the file.
    assert {"N3", "N12", "NW4", "EN5"} <= set(barnet.districts[0].outward_codes)
    assert list(District.objects.values_list("slug", "name")) == [("barnet", "Barnet")]
    assert geo.district_for_postcode("N3 1AA") == "barnet"
    assert geo.district_for_postcode("PR1 2HE") is None
    assert geo.resolve_place("Central Finchley").district == "barnet"
    assert geo.resolve_place("barnet").precision == "district"
    assert "like N3 1AA" in geo.InvalidPostcode().message
    settings_row = SafeguardingSettings.objects.create(site=site_tree_site())
    assert (settings_row.front_door_name, settings_row.front_door_phone) == (
        "Barnet Multi-Agency Safeguarding Hub",
        "020 8359 4066",
    )


def site_tree_site():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


def test_search_served_areas_and_pages_work_in_the_second_area(barnet, client, tmp_path):
    output = import_csv(tmp_path, [FINCHLEY, BOROUGH_WIDE])
    assert "2 were created" in output, output
    finchley = ServicePage.objects.get(title="Stay and Play, Finchley")
    assert [venue.district_id for venue in finchley.locations.all()] == ["barnet"]

    page = client.get("/search/", {"q": "stay and play", "near": "N3 1AA"}).content.decode()
    assert "Stay and Play, Finchley" in page
    assert "Lancashire" not in page
    everything = client.get("/search/", {"q": "young carers"}).content.decode()
    assert "Covers all of Barnet" in everything

    browse = client.get("/services/district/barnet/").content.decode()
    assert "Services for all of Barnet" in browse
    assert "Stay and Play, Finchley" in browse and "Young Carers Barnet" in browse
    assert client.get("/services/district/preston/").status_code == 404


def test_the_api_and_an_oruk_import_speak_of_the_second_area(barnet, client, tmp_path):
    import_csv(tmp_path, [FINCHLEY, BOROUGH_WIDE])
    feed = []
    for page in ServicePage.objects.live().order_by("title"):
        response = client.get(f"/api/services/{page.oruk_id}")
        assert response.status_code == 200
        feed.append(response.json())
    finchley, carers = feed
    assert [service_area["name"] for service_area in finchley["service_areas"]] == ["Barnet"]
    assert [service_area["name"] for service_area in carers["service_areas"]] == ["Barnet"]
    address = finchley["service_at_locations"][0]["location"]["addresses"][0]
    assert address["region"] == "Barnet"
    assert address["state_province"] == ""  # a London borough has no county

    # The feed back in, with one service area outside Barnet: kept where it is Barnet's, said
    # where it is not.
    for page in ServicePage.objects.all():
        page.delete()
    finchley["service_areas"].append(
        {**finchley["service_areas"][0], "id": str(uuid.uuid4()), "name": "Camden"}
    )
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    output = run("import_openreferral", str(path), publish=True)
    assert "2 were created" in output, output
    assert "'Camden' is not Barnet or one of its districts" in output
    assert ServicePage.objects.get(title="Young Carers Barnet").served_area == "county"
    assert list(ServicePage.objects.get(title="Stay and Play, Finchley").served_districts.all()) == [
        District.objects.get(slug="barnet")
    ]


def test_a_district_of_another_area_is_refused_by_name(barnet, tmp_path):
    with pytest.raises(Exception) as caught:
        import_csv(tmp_path, [{**FINCHLEY, "served_districts": "Preston"}])
    assert "'Preston' is not a district of Barnet" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('council = "x"', "'name' is missing"),
        ('name = "X"\n[front_door]\nname = "Door"\nphone = "1"\n', "no districts"),
        ('name = "X"\n[[districts]]\ncode = "E09000003"\nname = "Barnet"\n', "[front_door] is missing"),
        (
            'name = "X"\n[front_door]\nname = "D"\nphone = "1"\n[[districts]]\ncode = "E9"\nname = "Barnet"\n',
            "'E9' is not an ONS code",
        ),
        (
            'name = "X"\n[front_door]\nname = "D"\nphone = "1"\n[[districts]]\ncode = "E09000099"\nname = "Atlantis"\n',
            "names no postcode district as mostly in 'Atlantis'",
        ),
        ("name = ", "is not valid TOML"),
    ],
)
def test_a_broken_area_file_says_what_to_change(tmp_path, text, message):
    path = tmp_path / "area.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(area.AreaFileError) as caught:
        area.load(path)
    assert message in str(caught.value)
