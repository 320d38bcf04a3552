"""No silent loss (issue 17): what an import keeps of the project's own export and of a feed shaped
like the DfE family hubs directory's, measured field by field. Run with `-s` to see the table
reported in docs/openreferral.md."""

import io
import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

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


def test_a_dfe_family_hubs_like_feed_measured(site_tree, client):
    from directory.seeding import seed_default_themes

    seed_default_themes()
    path = FIXTURES / "dfe_family_hubs_like.json"
    records = json.loads(path.read_text(encoding="utf-8"))["contents"]
    output = import_file(path, skip_invalid=True)
    result = measure("DfE family hubs-like fixture", records, client, output)
    print("\n" + result.row(), result.lost)
    print(output)
