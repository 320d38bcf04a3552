"""What a feed says beyond the services CSV's columns (issue 17, "Lost data"): the notice, funding
and accreditations, people to ask for and further numbers, and prices with their dates. Bad values
are refused per record in words and nothing is written; a record that leaves them out (a list
page's summary) or a CSV (which has no columns for them) leaves a listing's own alone."""

import copy
import datetime
import io
import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from directory.models import ServicePage
from openreferral import csv_format
from tests.factories import ServicePageFactory
from tests.openreferral.feed_records import feed_record

FIXTURE = Path(__file__).parent / "fixtures" / "dfe_family_hubs_like.json"


def feed() -> dict:
    """The DfE-like fixture's first record (ORUK 3.0, every kept detail given)."""
    return copy.deepcopy(json.loads(FIXTURE.read_text(encoding="utf-8"))["contents"][0])


def import_records(tmp_path, records: list, name: str = "feed.json", **options) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    out = io.StringIO()
    call_command("import_openreferral", str(path), stdout=out, publish=True, **options)
    return out.getvalue()


def refused(tmp_path, records: list) -> str:
    with pytest.raises(CommandError) as caught:
        import_records(tmp_path, records)
    assert not ServicePage.objects.exists()  # all or nothing: not even the good parts
    return str(caught.value)


def test_a_cost_amount_that_is_not_a_number_is_refused_in_words(site_tree, tmp_path):
    record = feed()
    record["cost_options"][0]["amount"] = "abc"
    report = refused(tmp_path, [record])
    assert "cost option 1 › amount | error: 'abc' must be a number." in report


def test_an_oruk_1_cost_amount_that_is_not_a_number_is_refused_in_words(site_tree, tmp_path):
    # ORUK 1.0 is not checked against a schema: the import's own check says it.
    record = feed_record(
        "legacy-1",
        "Legacy club",
        ("legacy-org", "Legacy Org"),
        cost_options=[{"option": "Session", "amount": "abc"}],
    )
    report = refused(tmp_path, [record])
    assert (
        "| cost options | error: Price 1 (Session): the amount 'abc' is not a number, like 25 or 2.50."
        in report
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"valid_from": "next spring"},
            "Price 1 (Session): 'next spring' (valid from) is not a date like 2026-01-31.",
        ),
        (
            {"valid_from": "2026-12-31", "valid_to": "2026-01-01"},
            "Price 1 (Session): it ends (2026-01-01) before it starts (2026-12-31).",
        ),
        ({"amount": -5}, "Price 1 (Session): the amount -5 is not a price"),
        ({"amount": 2.345}, "Price 1 (Session): the amount 2.345 is not a price"),
        ({"currency": "pounds"}, "Price 1 (Session): 'pounds' is not a currency code like GBP."),
    ],
)
def test_a_price_that_cannot_be_kept_refuses_the_record_in_words(site_tree, tmp_path, change, message):
    record = feed()
    record["cost_options"][0].update(change)
    report = refused(tmp_path, [record])
    assert f"| cost options | error: {message}" in report


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"dtstart": "soon"},
            "Opening time 2 (Saturdays by appointment): 'soon' (first date) is not a date like 2026-01-31.",
        ),
        (
            {"opens_at": "9am"},
            "Opening time 2 (Saturdays by appointment): '9am' (opens at) is not a time like 09:30.",
        ),
        (
            {"byday": "Saturday"},
            "Opening time 2 (Saturdays by appointment): 'Saturday' is not days like MO,TU",
        ),
        (
            {"freq": "MONTHLY", "bymonthday": "32"},
            "Opening time 2 (Saturdays by appointment): '32' is not days of the month like 1 or 1,15.",
        ),
        (
            {"valid_from": "2026-09-01", "valid_to": "2026-08-01"},
            "Opening time 2 (Saturdays by appointment): it ends (2026-08-01) before it starts (2026-09-01).",
        ),
    ],
)
def test_an_opening_time_that_cannot_be_kept_refuses_the_record_in_words(
    site_tree, tmp_path, change, message
):
    record = feed()
    record["schedules"][1].update(change)
    report = refused(tmp_path, [record])
    assert f"| opening times | error: {message}" in report


def test_a_further_phone_number_that_is_not_one_is_refused_in_words(site_tree, tmp_path):
    record = feed()
    record["contacts"][0]["phones"][1]["number"] = "ring the office"
    report = refused(tmp_path, [record])
    assert (
        "| contacts | error: Sam Carter: 'ring the office' is not a UK phone number (like 01772 123456, "
        "+44 1772 123456 or 116 123). Correct it in the feed."
    ) in report


def test_an_unknown_kind_of_phone_is_left_out_with_a_warning(site_tree, tmp_path):
    record = feed()
    record["contacts"][0]["phones"][1]["type"] = "carrier pigeon"
    output = import_records(tmp_path, [record])
    assert "Sam Carter: 'carrier pigeon' is not a kind of phone number we know" in output
    page = ServicePage.objects.get(source_id=record["id"])
    assert [contact.phone_type for contact in page.contacts.all()] == ["", ""]
    assert page.contacts.all()[1].phone_description == "Text only"


def test_with_skip_invalid_a_bad_record_is_skipped_whole_and_the_others_imported(site_tree, tmp_path):
    bad = feed()
    bad["cost_options"][0]["valid_to"] = "31/12/2026"
    good = {**feed(), "id": "5b0a4b1e-0b7a-4c51-9d0e-6f0f1f7a00ff", "name": "Another service"}
    output = import_records(tmp_path, [bad, good], skip_invalid=True)
    assert "1 skipped as invalid" in output
    assert list(ServicePage.objects.values_list("title", flat=True)) == ["Another service"]


def test_a_later_feed_replaces_the_details_and_a_summary_record_leaves_them(site_tree, tmp_path):
    record = feed()
    import_records(tmp_path, [record])
    page = ServicePage.objects.get(source_id=record["id"])
    assert page.contacts.count() == 2 and page.cost_options.count() == 2

    # The feed changes: the notice is lifted, a price and a number go, funding changes.
    record.pop("alert")
    record["cost_options"].pop()
    record["contacts"][0]["phones"].pop()
    record["funding"][0]["source"] = "Council grant"
    import_records(tmp_path, [record])
    page = ServicePage.objects.get(pk=page.pk)
    assert (page.alert, page.funding) == ("", "Council grant")
    assert [price.option for price in page.cost_options.all()] == ["Session"]
    assert [contact.phone for contact in page.contacts.all()] == ["01772 532676"]

    # A list page's summary (no contacts, phones, cost options or funding at all) leaves them.
    summary = {
        key: value for key, value in record.items() if key not in {"contacts", "cost_options", "funding"}
    }
    import_records(tmp_path, [summary])
    page = ServicePage.objects.get(pk=page.pk)
    assert page.funding == "Council grant" and page.cost_options.count() == 1
    assert [(contact.name, contact.phone) for contact in page.contacts.all()] == [
        ("Sam Carter", "01772 532676")
    ]


def test_a_csv_import_leaves_the_feed_only_details_alone(site_tree, tmp_path):
    record = feed()
    import_records(tmp_path, [record])
    page = ServicePage.objects.get(source_id=record["id"])
    row = csv_format.export_row(page)
    path = tmp_path / "services.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv_format.write_csv(out, [{**row, "summary": "A new summary."}])
    call_command("import_services_csv", str(path), publish=True, stdout=io.StringIO())
    page = ServicePage.objects.get(pk=page.pk)
    assert page.summary == "A new summary."
    assert (page.alert, page.accreditations, page.funding) == (
        "No sessions in August.",
        "Ofsted registered",
        "Family hubs grant",
    )
    assert page.contacts.count() == 2
    assert page.cost_options.get(option="Session").valid_to == datetime.date(2026, 12, 31)


def test_editors_see_the_notice_contacts_and_prices_in_the_editor(site_tree, client, django_user_model):
    page = ServicePageFactory(
        alert="Closed over Christmas",
        contacts=[{"name": "Sam Carter", "title": "Family support lead", "phone": "07700 900123"}],
        cost_options=[{"option": "Each session", "amount": 2}],
        other_opening_times=[{"description": "First Friday of the month", "freq": "MONTHLY", "byday": "1FR"}],
    )
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "password"))
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    for words in (
        "Closed over Christmas",
        "People to ask for and other numbers",
        "Sam Carter",
        "Family support lead",
        "Prices",
        "Each session",
        "Quality and funding",
        "Other times",
        "First Friday of the month",
    ):
        assert words in html, words
    public = client.get(page.url).content.decode()
    assert "Closed over Christmas" in public and "Each session: £2" in public
    assert "First Friday of the month" in public


def test_what_is_still_not_kept_is_named_in_words(site_tree, tmp_path):
    record = feed()
    record["contacts"][0]["email"] = "sam@example.org.uk"
    record["schedules"][0]["attending_type"] = "Drop in"
    output = import_records(tmp_path, [record])
    assert (
        "| (record) | warning: Not kept (Right Door has nowhere to store it): contact 1 › email; "
        "opening time 1 › attending type."
    ) in output


def test_importing_the_same_feed_again_changes_nothing(site_tree, tmp_path):
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))["contents"][:3]
    import_records(tmp_path, records)
    revisions = {page.pk: page.revisions.count() for page in ServicePage.objects.all()}
    output = import_records(tmp_path, records)
    assert "3 unchanged" in output
    assert {page.pk: page.revisions.count() for page in ServicePage.objects.all()} == revisions
