"""`--sync`: a feed is the source of truth for its own listings. Those it no longer has are
unpublished with a report line; another feed's listings, and records still present but invalid,
are left alone; the whole import is still all or nothing (issue 17 item 2)."""

import io
import json

from django.core.management import call_command

from directory.models import ServicePage
from tests.openreferral.feed_records import feed_record


def record(number: int, **fields) -> dict:
    # ORUK 1.0 (regular_schedules), like the legacy feeds --sync is written for; `fields` win.
    base = feed_record(f"feed-{number}", f"Club {number}", ("feed-org", "Feed Org"), regular_schedules=[])
    return {**base, **fields}


def import_feed(tmp_path, name: str, records: list, **options) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    out = io.StringIO()
    call_command("import_openreferral", str(path), stdout=out, publish=True, **options)
    return out.getvalue()


def live_titles() -> list[str]:
    return sorted(ServicePage.objects.live().values_list("title", flat=True))


def test_a_service_gone_from_the_feed_is_unpublished_with_sync(site_tree, tmp_path):
    import_feed(tmp_path, "feed.json", [record(1), record(2), record(3)])
    import_feed(tmp_path, "other.json", [record(9)])
    assert live_titles() == ["Club 1", "Club 2", "Club 3", "Club 9"]

    output = import_feed(tmp_path, "feed.json", [record(1), record(3)], sync=True)
    assert "“Club 2” (feed-2) | (service) | warning: No longer in the feed: unpublished (--sync)." in output
    assert "1 were unpublished as gone from the feed" in output
    # Another feed's listing is not this feed's to withdraw.
    assert live_titles() == ["Club 1", "Club 3", "Club 9"]


def test_without_sync_a_service_gone_from_the_feed_stays_live(site_tree, tmp_path):
    import_feed(tmp_path, "feed.json", [record(1), record(2)])
    import_feed(tmp_path, "feed.json", [record(1)])
    assert live_titles() == ["Club 1", "Club 2"]


def test_a_record_still_in_the_feed_but_invalid_is_not_taken_down(site_tree, tmp_path):
    import_feed(tmp_path, "feed.json", [record(1), record(2)])
    output = import_feed(tmp_path, "feed.json", [record(1), record(2, name="")], sync=True, skip_invalid=True)
    assert "No longer in the feed" not in output
    assert live_titles() == ["Club 1", "Club 2"]


def test_a_summary_record_never_wipes_a_fuller_listing(site_tree, tmp_path):
    import_feed(tmp_path, "feed.json", [record(1, languages=[{"language": "Urdu"}])])
    summary = {
        key: value for key, value in record(1).items() if key not in {"contacts", "service_at_locations"}
    }
    import_feed(tmp_path, "feed.json", [{**summary, "description": "Now on Fridays too."}])
    page = ServicePage.objects.get(source_id="feed-1")
    assert page.summary.startswith("Now on Fridays too")
    assert page.phone == "01772 532676"
    assert [venue.postcode for venue in page.locations.all()] == ["PR1 2PP"]
    assert [language.code for language in page.languages.all()] == ["ur"]
