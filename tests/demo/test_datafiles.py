"""The demo's one data loader (`demo.datafiles`) and the readers of the guidance and pathway YAML:
a mistake in a data file stops `load_demo` with a message naming the file and the entry, never a
traceback from deep inside a page build. No database."""

import shutil
import sys

import pytest

from demo import datafiles
from demo.datafiles import DataFileError
from demo.directory import organisations, places, services
from demo.guidance import blocks, content

VENUE = {"name": str, "postcode": str}


def write(tmp_path, name, text):
    (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_entries_come_back_with_the_defaults_of_keys_they_leave_out(tmp_path):
    write(
        tmp_path,
        "places",
        "venues:\n  - {name: Hub, postcode: PR1 2HE}\n  - {name: Library, postcode: PR1 1DN, kind: library}\n",
    )
    entries = datafiles.records(
        "places", "venues", required=VENUE, optional={"kind": (str, "hub")}, directory=tmp_path
    )
    assert entries == [
        {"kind": "hub", "name": "Hub", "postcode": "PR1 2HE"},
        {"kind": "library", "name": "Library", "postcode": "PR1 1DN"},
    ]


def test_a_missing_key_names_the_file_the_entry_and_the_key(tmp_path):
    write(tmp_path, "places", "venues:\n  - {name: Hub, postcode: PR1 2HE}\n  - {name: Library}\n")
    with pytest.raises(DataFileError, match=r"places\.yaml: venues\[1\] \(Library\): 'postcode' missing"):
        datafiles.records("places", "venues", required=VENUE, directory=tmp_path)


def test_a_misspelt_key_is_an_error_not_silently_ignored(tmp_path):
    write(tmp_path, "places", "venues:\n  - {name: Hub, postcode: PR1 2HE, knid: hub}\n")
    with pytest.raises(
        DataFileError, match=r"venues\[0\] \(Hub\): unknown 'knid' \(expected: name, postcode, kind\)"
    ):
        datafiles.records(
            "places", "venues", required=VENUE, optional={"kind": (str, "hub")}, directory=tmp_path
        )


def test_a_value_of_the_wrong_type_says_what_was_expected(tmp_path):
    write(tmp_path, "services", "templates:\n  - {key: stay-and-play, levels: 1 2}\n")
    with pytest.raises(
        DataFileError, match=r"templates\[0\] \(stay-and-play\): 'levels' should be a list, not text"
    ):
        datafiles.records("services", "templates", required={"key": str, "levels": list}, directory=tmp_path)


def test_yes_is_not_a_number(tmp_path):
    """YAML reads `yes`/`true` as a boolean, which Python would otherwise accept as the int 1."""
    write(tmp_path, "services", "templates:\n  - {key: a, sites: true}\n")
    with pytest.raises(DataFileError, match="'sites' should be a whole number, not true or false"):
        datafiles.records(
            "services", "templates", required={"key": str}, optional={"sites": (int, 1)}, directory=tmp_path
        )


@pytest.mark.parametrize(
    "text, message",
    [
        ("venues: [unclosed\n", r"places\.yaml: not valid YAML"),
        ("- just a list\n", r"places\.yaml: expected named sections"),
        ("towns: []\n", r"places\.yaml: no section 'venues' \(it has: towns\)"),
        ("venues: {a: 1}\n", r"'venues' should be a list, not a mapping"),
        ("venues:\n  - Burnley Youth Centre\n", r"venues\[0\]: should be a mapping of fields, not text"),
    ],
)
def test_a_badly_shaped_file_names_itself(tmp_path, text, message):
    write(tmp_path, "places", text)
    with pytest.raises(DataFileError, match=message):
        datafiles.records("places", "venues", required=VENUE, directory=tmp_path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DataFileError, match=r"nowhere\.yaml: no such demo data file"):
        datafiles.load("nowhere", directory=tmp_path)


def test_an_unknown_guidance_block_names_the_page_and_the_block():
    with pytest.raises(DataFileError, match=r"pages\[2\] body\[1\]: expected one of text, warning, callout"):
        blocks.body_block_from({"txet": "Hello"}, "demo/data/guidance.yaml: pages[2] body[1]")


def test_a_question_missing_its_answers_names_the_question():
    with pytest.raises(DataFileError, match=r"questions\[0\]\.single: 'answers' missing"):
        blocks.question_from({"single": {"id": "danger", "question": "Is anyone in danger?"}}, "questions[0]")


def test_rich_text_is_paragraphs_and_bullet_lists():
    assert blocks.rich_from("One.", "x") == "<p>One.</p>"
    assert (
        blocks.rich_from(["One.", {"bullets": ["a", "b"]}], "x") == "<p>One.</p><ul><li>a</li><li>b</li></ul>"
    )
    with pytest.raises(DataFileError, match="x: expected a paragraph"):
        blocks.rich_from([{"bullet": ["a"]}], "x")


def test_the_shipped_data_files_read_as_the_demo():
    """The figures the demo is known by (README, docs/pathways.md): what `load_demo` then creates."""
    assert len(places.VENUES) == 217
    assert len(organisations.ORGANISATIONS) == 62
    assert len(services.SERVICES) == 369
    assert len(content.GUIDANCE) == 10
    assert len(content.PATHWAYS) == 4
    assert set(content.CONTACTS) == {"emergency", "mash", "consultation", "crisis", "domestic-abuse"}


@pytest.mark.django_db
def test_load_demo_with_a_mistake_in_the_data_says_where_and_writes_nothing(tmp_path, monkeypatch):
    """Every data file is read before the first write: a venue without a postcode stops the
    command with the file and the entry named, and the database stays empty."""
    from django.contrib.auth import get_user_model
    from django.core.management import CommandError, call_command

    from directory.models import OrganisationPage, ServicePage

    data = tmp_path / "demo" / "data"
    shutil.copytree(datafiles.DATA_DIRECTORY, data)
    places_yaml = data / "places.yaml"
    places_yaml.write_text(places_yaml.read_text().replace(", postcode: BB11 9SR}", "}", 1))
    monkeypatch.setattr(datafiles, "DATA_DIRECTORY", data)
    # Read the content afresh (the modules read it on import); the originals come back afterwards,
    # in sys.modules and as the demo package's attributes.
    import demo

    for attribute in ("directory", "guidance", "demand"):
        if hasattr(demo, attribute):
            monkeypatch.setattr(demo, attribute, getattr(demo, attribute))
    for name in [
        name for name in sys.modules if name.startswith(("demo.directory", "demo.guidance", "demo.demand"))
    ]:
        monkeypatch.delitem(sys.modules, name)

    with pytest.raises(
        CommandError,
        match=r"demo/data/places\.yaml: venues\[2\] \(Burnley Youth Centre\): 'postcode' missing",
    ):
        call_command("load_demo", verbosity=0)
    assert ServicePage.objects.count() == OrganisationPage.objects.count() == 0
    assert not get_user_model().objects.exists()
