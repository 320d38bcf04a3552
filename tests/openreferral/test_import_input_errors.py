"""Bad or unusual feed input: a clear message and nothing written, never a traceback, never a silent
stop; ORUK 1.0's paged replies are read. Fixtures written here (issue 17 item 2)."""

import io
import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from directory.models import ServicePage
from openreferral import csv_format, reading
from tests.openreferral.feed_records import feed_record

FIXTURES = Path(__file__).parent / "fixtures"


def run(command, *args, **options) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def legacy_record(number: int) -> dict:
    return feed_record(f"legacy-{number}", f"Legacy club {number}", ("legacy-org", "Legacy Org"))


def test_nan_in_a_feed_is_refused_in_words(site_tree, tmp_path):
    path = tmp_path / "nan.json"
    path.write_text('[{"id": "a", "name": "Club", "minimum_age": NaN}]', encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("import_openreferral", str(path))
    assert "contains NaN, which JSON does not allow" in str(caught.value)
    assert not ServicePage.objects.exists()


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deeply_nested_input_is_refused_in_words(site_tree, tmp_path, depth):
    path = tmp_path / "deep.json"
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("import_openreferral", str(path))
    assert "more than 64 levels deep" in str(caught.value)


def test_a_failed_import_prints_its_report_once(site_tree, tmp_path):
    path = tmp_path / "bad.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv_format.write_csv(out, [{**csv_format.EXAMPLE_ROW, "themes": "", "cost": "expensive"}])
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_services_csv", str(path), stdout=out)
    assert str(caught.value).count("'expensive' is not one of") == 1
    assert "expensive" not in out.getvalue()


def test_an_oruk_1_paged_reply_is_read(site_tree, tmp_path):
    path = tmp_path / "v1.json"
    page = {"totalElements": 2, "totalPages": 1, "number": 1, "content": [legacy_record(1), legacy_record(2)]}
    path.write_text(json.dumps(page), encoding="utf-8")
    output = run("import_openreferral", str(path), dry_run=True)
    assert "Read 2 Open Referral UK 1.0 records" in output


def serve(monkeypatch, pages: dict[str, dict]):
    """The URL reader against documents given here, instead of the network."""

    def fake_read(source, limit):
        return json.dumps(pages[source.split("?")[1] if "?" in source else ""]).encode()

    monkeypatch.setattr(reading, "read_bytes", fake_read)


def test_every_page_of_an_oruk_1_feed_that_counts_from_zero_is_read(site_tree, monkeypatch):
    serve(
        monkeypatch,
        {
            "": {"totalPages": 2, "number": 0, "content": [legacy_record(1)]},
            "page=1": {"totalPages": 2, "number": 1, "content": [legacy_record(2)]},
        },
    )
    output = run("import_openreferral", "https://feed.example/services", dry_run=True)
    assert "Read 2 Open Referral UK 1.0 records" in output


def test_a_feed_with_more_pages_than_the_limit_fails_instead_of_stopping_short(site_tree, monkeypatch):
    serve(monkeypatch, {"": {"total_pages": 500, "page_number": 1, "contents": [legacy_record(1)]}})
    with pytest.raises(CommandError) as caught:
        run("import_openreferral", "https://feed.example/services")
    assert "The feed has 500 pages; an import reads at most 200" in str(caught.value)
    assert not ServicePage.objects.exists()


# --------------------------------------------------------------------------- valid data accepted


def test_a_uk_number_with_a_trunk_zero_and_a_bare_web_address_are_read_with_a_warning(site_tree, tmp_path):
    path = tmp_path / "v1.json"
    record = {
        **legacy_record(1),
        "url": "www.legacy.example.org.uk/club",
        "contacts": [{"phones": [{"number": "+44 (0) 20 7882 5555"}]}],
    }
    path.write_text(json.dumps([record]), encoding="utf-8")
    output = run("import_openreferral", str(path), publish=True)
    assert "'+44 (0) 20 7882 5555' was read as '+44 20 7882 5555'" in output
    assert "'www.legacy.example.org.uk/club' was read as 'https://www.legacy.example.org.uk/club'" in output
    page = ServicePage.objects.get(source_id="legacy-1")
    assert (page.phone, page.website) == ("+44 20 7882 5555", "https://www.legacy.example.org.uk/club")


def test_an_online_only_location_makes_an_online_service_not_a_refusal(site_tree, tmp_path):
    record = legacy_record(1)
    record["service_at_locations"].append(
        {"location": {"name": "Online", "location_type": "virtual", "url": "https://legacy.example.org/join"}}
    )
    path = tmp_path / "v1.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    output = run("import_openreferral", str(path), publish=True)
    assert "1 were created" in output, output
    page = ServicePage.objects.get(source_id="legacy-1")
    assert sorted(mode.slug for mode in page.delivery_modes.all()) == ["in-person", "online"]
    assert [venue.name for venue in page.locations.all()] == ["Preston Library"]


def test_oruk_1_ages_on_eligibility_rows_are_kept(site_tree, tmp_path):
    record = {
        **legacy_record(1),
        "eligibilitys": [{"eligibility": "Families", "minimum_age": 5, "maximum_age": 11}],
    }
    path = tmp_path / "v1.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    run("import_openreferral", str(path), publish=True)
    page = ServicePage.objects.get(source_id="legacy-1")
    assert (page.age_min, page.age_max) == (5, 11)


def test_dfe_family_hubs_categories_are_mapped_to_need_themes_not_dropped(site_tree, tmp_path):
    from directory.seeding import seed_default_themes

    seed_default_themes()
    record = {
        **legacy_record(1),
        "service_taxonomys": [
            {"taxonomy": {"id": "c2e0c6d3-dfe-19", "name": "Parenting support", "vocabulary": "dfe"}},
            {"taxonomy": {"id": "c2e0c6d3-dfe-6", "name": "Transport", "vocabulary": "dfe"}},
        ],
    }
    path = tmp_path / "dfe.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    output = run("import_openreferral", str(path), publish=True)
    assert "not one of ours" not in output
    assert "The DfE category 'Transport' has no need theme mapped to it" in output
    page = ServicePage.objects.get(source_id="legacy-1")
    assert [theme.name for theme in page.themes.all()] == ["Parenting"]


def test_schema_errors_are_reported_in_words_counting_from_one(site_tree, tmp_path):
    import uuid

    location = {"id": str(uuid.uuid4()), "location_type": "physical", "latitude": "north"}
    record = {
        "id": str(uuid.uuid4()),
        "name": "Club",
        "status": "active",
        "url": "example/counselling",
        "service_at_locations": [{"id": str(uuid.uuid4()), "location": location}],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("import_openreferral", str(path))
    message = str(caught.value)
    assert "| venue 1 › location › latitude | error: 'north' must be a number." in message
    assert (
        "| url | error: 'example/counselling' is not a full web address: start it with https://." in message
    )
    assert "service_at_locations.0" not in message


def test_a_taxonomy_term_without_a_description_is_accepted_with_a_warning(site_tree, tmp_path):
    """The 3.0 profile requires a term's description; real feeds leave it out. The service is
    imported with its category, and the report says which terms had none."""
    from directory.seeding import seed_default_themes

    seed_default_themes()
    feed = json.loads((FIXTURES / "dfe_family_hubs_like.json").read_text(encoding="utf-8"))
    record = feed["contents"][0]
    del record["attributes"][0]["taxonomy_term"]["description"]
    path = tmp_path / "no-term-description.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    output = run("import_openreferral", str(path), publish=True)
    assert "1 were created" in output, output
    assert "Taxonomy terms without a description (accepted): Parenting support." in output
    page = ServicePage.objects.get(source_id=record["id"])
    assert "Parenting" in [theme.name for theme in page.themes.all()]
