"""No silent loss (issue 17): what an import keeps of the project's own export and of a feed shaped
like the DfE family hubs directory's, measured field by field. Run with `-s` to see the table
reported in docs/openreferral.md."""

import datetime
import decimal
import io
import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from directory.models import OrganisationPage, ServicePage
from openreferral import schemas
from tests.openreferral.kept_fields import leaves, measure, shape
from tests.openreferral.test_import_export import directory, empty_the_directory  # noqa: F401 (fixture)

FIXTURES = Path(__file__).parent / "fixtures"


def import_file(path: Path, **options) -> str:
    out = io.StringIO()
    try:
        call_command("import_openreferral", str(path), stdout=out, publish=True, **options)
    except CommandError as failure:
        return out.getvalue() + str(failure)
    return out.getvalue()


def test_our_own_export_round_trip_measured(directory, client, tmp_path):  # noqa: F811
    full = [client.get(f"/api/services/{page.oruk_id}").json() for page in directory]
    # Every kept detail is published schema-valid (contacts, prices, funding, other times…).
    assert [schemas.errors("service", document) for document in full] == [[], [], []]
    path = tmp_path / "own.json"
    path.write_text(json.dumps(full), encoding="utf-8")
    empty_the_directory()
    output = import_file(path)
    result = measure("Right Door's own export (every field used)", full, client, output)
    same, lost = 0, {}
    for before in full:
        after = leaves(client.get(f"/api/services/{before['id']}").json())
        for leaf, value in leaves(before).items():
            if after.get(leaf, "(absent)") == value:
                same += 1
            else:
                lost[shape(leaf)] = lost.get(shape(leaf), 0) + 1
    print("\n" + result.row(), f"same path and value: {same} of {result.fields}", lost)
    assert (result.imported, result.refused) == (len(full), {})
    # Only the time it was last published here differs: the import published it again.
    assert lost == {"last_modified": len(full)}
    assert same == result.fields - len(full)
    # An other time without words of its own is said plainly on the page.
    page = ServicePage.objects.get(title="Safe Together outreach")
    html = client.get(page.url).content.decode()
    assert "the first Friday of the month, 10:00 to 11:30 (2 January 2026 to 31 December 2026)" in html
    assert "Summer holiday club (20 July 2026 to 28 August 2026)" in html


def test_a_dfe_family_hubs_like_feed_keeps_or_names_every_field(site_tree, client):
    from directory.seeding import seed_default_themes

    seed_default_themes()
    path = FIXTURES / "dfe_family_hubs_like.json"
    records = json.loads(path.read_text(encoding="utf-8"))["contents"]
    output = import_file(path, skip_invalid=True)
    result = measure("DfE family hubs-like fixture", records, client, output)
    print("\n" + result.row(), result.lost)
    assert "3 were created" in output and "1 skipped as invalid" in output
    assert "record 4 (5b0a4b1e-0b7a-4c51-9d0e-6f0f1f7a0004) | email | error: 'not an email'" in output

    # The organisation's details, as given, on the site and in the API.
    org = OrganisationPage.objects.get(title="Tracheostomy Families Trust")
    assert (org.email, org.website) == ("office@example.org.uk", "https://www.example.org.uk/")
    published = client.get(f"/api/organizations/{org.oruk_id}").json()
    assert published["description"] == "A charity run by parents of children with tracheostomies."
    assert [service["name"] for service in published["services"]] == [
        "Aid for Children with Tracheostomies",
        "Online parenting course",
    ]
    assert "A charity run by parents" in client.get(org.url).content.decode()

    # The venue keeps the feed's id (as its public id too), and the fees are the cost detail.
    service = ServicePage.objects.get(source_id=records[0]["id"])
    venue = service.locations.get()
    assert str(venue.oruk_id) == venue.source_id == "5b0a4b1e-0b7a-4c51-9d0e-6f0f1f7a0301"
    assert service.cost_detail == "£25 a session; Sessions are £25; the first one is free."
    assert (
        venue.description == "Ground floor rooms at the back of the library.\nStep-free entrance and a lift."
    )
    assert "Step-free entrance and a lift." in client.get(service.url).content.decode()
    shared = ServicePage.objects.get(source_id=records[2]["id"]).locations.get()
    assert shared.source_id == venue.source_id and shared.oruk_id != venue.oruk_id  # a venue per service

    # The notice, accreditations and funding: on the service page and in the API, schema-valid.
    page_html = client.get(service.url).content.decode()
    assert "No sessions in August." in page_html and "Ofsted registered" in page_html
    assert "Family hubs grant" in page_html
    published = client.get(f"/api/services/{service.oruk_id}").json()
    assert (published["alert"], published["accreditations"]) == (
        "No sessions in August.",
        "Ofsted registered",
    )
    assert [item["source"] for item in published["funding"]] == ["Family hubs grant"]
    assert schemas.errors("service", published) == []

    # Who to ask for and which numbers to ring: the first number is the service's phone; the
    # person and the further numbers are kept with what each number is for.
    assert service.phone == "01772 532676"
    assert [
        (c.name, c.title, c.phone, c.phone_type, c.phone_description) for c in service.contacts.all()
    ] == [
        ("Sam Carter", "Family support lead", "01772 532676", "", ""),
        ("Sam Carter", "Family support lead", "07700 900123", "text", "Text only"),
    ]
    assert "Sam Carter, Family support lead" in page_html and 'href="tel:07700900123"' in page_html
    person = published["contacts"][1]
    assert (person["name"], person["title"]) == ("Sam Carter", "Family support lead")
    assert [(phone["number"], phone.get("description")) for phone in person["phones"]] == [
        ("01772 532676", None),
        ("07700 900123", "Text only"),
    ]
    course = ServicePage.objects.get(source_id=records[1]["id"])
    assert course.phone == "+44 1772 532676"
    assert [(c.name, c.phone, c.phone_description) for c in course.contacts.all()] == [
        ("", "0800 028 0123", "Freephone, evenings")
    ]
    # Each price, with its amount, currency and dates, behind the cost ("There is a cost").
    assert service.cost == "paid"
    assert [
        (price.option, price.amount, price.currency, price.valid_from, price.valid_to)
        for price in service.cost_options.all()
    ] == [
        ("Session", decimal.Decimal("25.00"), "GBP", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        ("Concession", decimal.Decimal("12.50"), "", None, None),
    ]
    assert "Session: £25 – £25 a session (1 January 2026 to 31 December 2026)" in page_html
    assert "Concession: £12.50 – For families on a low income" in page_html
    assert [
        (option.get("option"), option.get("amount"), option.get("valid_to"))
        for option in published["cost_options"]
    ] == [("There is a cost", None, None), ("Session", 25, "2026-12-31"), ("Concession", 12.5, None)]
    course_html = client.get(course.url).content.decode()
    assert "Freephone, evenings" in course_html and 'href="tel:08000280123"' in course_html

    # Opening times the weekly table cannot show (days without hours, a date range, a monthly
    # pattern) and the feed's words for its weekly sessions are kept, shown and published.
    assert [(slot.weekday, slot.description) for slot in service.opening_times.all()] == [
        (0, "Mondays and Tuesdays, 9am to 3pm"),
        (1, "Mondays and Tuesdays, 9am to 3pm"),
    ]
    assert [(other.byday, other.opens, other.valid_from) for other in service.other_opening_times.all()] == [
        ("SA", None, None),
        ("WE", datetime.time(10), datetime.date(2026, 7, 20)),
    ]
    assert "Saturdays by appointment" in page_html
    assert "Summer holiday drop-in (20 July 2026 to 31 August 2026)" in page_html
    assert "Closed on days not listed" not in page_html  # not true: Saturdays by appointment
    stay = ServicePage.objects.get(source_id=records[2]["id"])
    monthly = stay.other_opening_times.get()
    assert (monthly.freq, monthly.bymonthday, monthly.dtstart) == ("MONTHLY", "1", datetime.date(2026, 1, 1))
    stay_published = client.get(f"/api/services/{stay.oruk_id}").json()
    assert schemas.errors("service", stay_published) == []
    assert {
        key: stay_published["schedules"][0][key] for key in ("freq", "bymonthday", "opens_at", "dtstart")
    } == {
        "freq": "MONTHLY",
        "bymonthday": "1",
        "opens_at": "10:00",
        "dtstart": "2026-01-01",
    }
    assert [schedule.get("description") for schedule in published["schedules"]] == [
        "Mondays and Tuesdays, 9am to 3pm",
        "Mondays and Tuesdays, 9am to 3pm",
        "Saturdays by appointment",
        "Summer holiday drop-in",
    ]

    # Nothing these records give is left unnamed: here, nothing is left out at all.
    assert "| (record) | warning: Not kept" not in output


def test_an_organisation_already_here_keeps_its_details_and_a_difference_is_said(site_tree):
    from tests.factories import OrganisationPageFactory

    ours = OrganisationPageFactory(
        title="Tracheostomy Families Trust",
        description="<p>A charity run by <b>parents</b> of children with tracheostomies.</p>",
        email="hello@example.org.uk",
        website="https://www.example.org.uk/",
    )
    output = import_file(FIXTURES / "dfe_family_hubs_like.json", skip_invalid=True)
    ours.refresh_from_db()
    assert ours.email == "hello@example.org.uk"
    assert (
        "| organisation email | warning: “Tracheostomy Families Trust” has another email here; the feed's "
        "was not copied to it." in output
    )
    # The same words in rich text and in the feed's plain text, and the same website: nothing to say.
    assert "| organisation description |" not in output
    assert "| organisation website |" not in output
