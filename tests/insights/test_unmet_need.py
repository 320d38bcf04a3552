"""Where needs go unmet (issue 18, the strategy team): demand recorded privately, supply from the
directory, the gap report, its exports and the commissioners' command."""

import csv
import datetime
import io
import json

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

import pytest

from directory.review import add_months
from insights.models import DemandCell, DemandRecord, UnmatchedWord, UnmatchedWordDay
from insights.recording import flush, record_summary, word_hash
from insights.report import gap_report, unmatched_words
from search.demand import DemandSummary
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 10)
REPORT_URL = "/admin/unmet-need/"


def summary(day=DAY, themes=("bereavement",), district="preston", band="3+", tokens=(), **extra):
    fields = {
        "day": day,
        "source": "search",
        "themes": themes,
        "age_band": "5-10",
        "postcode_district": "PR1" if district else "",
        "district": district,
        "place_given": bool(district),
        "result_band": band,
        "backend": "database",
        "unmatched_tokens": tokens,
        **extra,
    }
    return DemandSummary(**fields)


def record(count=1, **kwargs):
    for _ in range(count):
        record_summary(summary=summary(**kwargs))
    flush()


def every_stored_value() -> str:
    """Every row of every table in the database, as text."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from the introspection)
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks).lower()


# --------------------------------------------------------------------------- privacy


def test_a_search_with_a_name_in_it_stores_no_word_of_it(client, site_tree, settings):
    from search.backends import get_backend

    settings.SEARCH_BACKEND = "database"
    get_backend.cache_clear()
    ServicePageFactory(title="Preston bereavement group", themes=["bereavement"])
    before = every_stored_value()
    assert "smythe" not in before
    assert "pr1 8bu" not in before

    response = client.get("/search/", {"q": "Jocasta Smythe-Pemberton", "near": "PR1 8BU", "age": "7"})
    get_backend.cache_clear()
    assert not DemandRecord.objects.exists(), "written in bulk, not on the request"
    assert flush() == 1

    assert response.status_code == 200
    record = DemandRecord.objects.get()
    assert (record.postcode_district, record.district, record.age_band) == ("PR1", "preston", "5-10")
    assert record.result_band == "0" and record.place_given and record.backend
    stored = every_stored_value()
    for word in ("jocasta", "smythe", "pemberton", "pr1 8bu", "pr18bu", "127.0.0.1"):
        assert word not in stored or word in before, f"{word!r} is stored somewhere"
    # Counted (for the vocabulary list) only as keyed hashes, one per word, for the day.
    assert UnmatchedWordDay.objects.filter(word_hash=word_hash("jocasta")).count() == 1
    assert not UnmatchedWord.objects.exists()


def test_the_next_page_of_the_same_search_is_not_more_demand_but_a_cached_page_is(
    client, site_tree, settings
):
    from search.backends import get_backend

    settings.SEARCH_BACKEND = "database"
    get_backend.cache_clear()
    client.get("/search/", {"q": "parenting"})
    client.get("/search/", {"q": "parenting", "page": "2"})
    client.get("/search/", {"q": "parenting"})  # the same page again, from the page cache
    get_backend.cache_clear()
    flush()
    assert DemandRecord.objects.filter(first=True).count() == 2, "a cached page is still a search"


def test_an_unmatched_word_is_shown_only_once_searched_for_on_five_different_days():
    for offset in range(4):
        record(themes=(), tokens=("kinship", "jocasta"), day=DAY + datetime.timedelta(days=offset))
    record(count=20, themes=(), tokens=("jocasta",), day=DAY)  # many times, but on one day
    period = (DAY - datetime.timedelta(days=30), DAY + datetime.timedelta(days=30))
    assert unmatched_words(*period) == []
    assert "kinship" not in every_stored_value() and "jocasta" not in every_stored_value()

    record(themes=(), tokens=("kinship",), day=DAY + datetime.timedelta(days=4))
    assert unmatched_words(*period) == [("kinship", 5, 5)]
    assert "jocasta" not in every_stored_value()
    # A period holding only four of those days shows nothing.
    assert unmatched_words(DAY + datetime.timedelta(days=1), DAY + datetime.timedelta(days=30)) == []


def test_daily_counts_add_up_across_flushes_that_meet_existing_and_new_cells():
    from insights.recording import rebuild_cells

    record(count=2, district="preston")
    record(count=1, district="preston", band="0")  # an existing cell, counted again
    record(count=3, district="chorley", themes=("bereavement", "parenting"))  # new cells, together

    def cells():
        return sorted(
            DemandCell.objects.values_list("district", "theme", "searches", "zero_results", "first_searches")
        )

    assert cells() == [
        ("chorley", "bereavement", 3, 0, 3),
        ("chorley", "parenting", 3, 0, 0),
        ("preston", "bereavement", 3, 1, 3),
    ]
    counted_as_they_came = cells()
    rebuild_cells()
    assert cells() == counted_as_they_came, "the running counts equal a count of the records"


def test_purge_deletes_demand_older_than_the_retention_period(settings):
    from django.utils import timezone

    today = timezone.localdate()
    old, recent = add_months(today, -14), add_months(today, -12)
    record(day=old)
    record(day=recent)
    for offset in range(5):
        record(themes=(), tokens=("kinship",), day=old - datetime.timedelta(days=offset))
    assert UnmatchedWord.objects.filter(word="kinship").exists()

    out = io.StringIO()
    call_command("purge_demand", stdout=out)
    assert list(DemandRecord.objects.values_list("day", flat=True)) == [recent]
    assert list(DemandCell.objects.values_list("day", flat=True)) == [recent]
    assert not UnmatchedWordDay.objects.exists() and not UnmatchedWord.objects.exists()
    assert "Deleted demand before" in out.getvalue()

    settings.DEMAND_RETENTION_MONTHS = 1
    call_command("purge_demand", stdout=io.StringIO())
    assert not DemandRecord.objects.exists()


# --------------------------------------------------------------------------- the report


@pytest.fixture
def hand_counted(site_tree):
    """Preston × bereavement: 12 searches, 3 with no results; one local self-referral service and
    one county-wide referral-only service. Chorley × bereavement: 2 searches; the county service
    only. Searches with no place, no theme or outside the period are not in the cells."""
    ServicePageFactory(
        title="Preston bereavement group", themes=["bereavement"], served_districts=["preston"]
    )
    ServicePageFactory(
        title="County bereavement service",
        themes=["bereavement"],
        served_area="county",
        served_districts=[],
        access_routes={"professional_referral": "Ask your GP."},
    )
    ServicePageFactory(title="Chorley money advice", themes=["money"], served_districts=["chorley"])
    record(count=9)
    record(count=3, band="0")
    record(count=2, district="chorley", band="1-2")
    record(count=4, district="")  # no place given
    record(count=1, themes=(), tokens=("kinship",))  # no theme
    record(count=5, day=DAY - datetime.timedelta(days=400))  # before the period
    record(count=1, themes=("bereavement", "money"), district="chorley")  # both themes
    return DAY - datetime.timedelta(days=30), DAY + datetime.timedelta(days=30)


def test_the_report_counts_equal_a_hand_count(hand_counted):
    report = gap_report(*hand_counted)
    preston = report.cell("preston", "bereavement")
    assert (preston.searches, preston.zero_results, preston.supply, preston.self_referral_supply) == (
        12,
        3,
        2,
        1,
    )
    assert preston.zero_share == 0.25
    chorley = report.cell("chorley", "bereavement")
    assert (chorley.searches, chorley.zero_results, chorley.supply, chorley.self_referral_supply) == (
        3,
        0,
        1,
        0,
    )
    money = report.cell("chorley", "money")
    assert (money.searches, money.supply, money.self_referral_supply) == (1, 1, 1)
    assert report.cell("preston", "money").supply == 0
    assert report.searches == 9 + 3 + 2 + 4 + 1 + 1 and report.without_place == 4
    # High demand (12 ≥ 10, the top quarter) and self-referral supply of 1: flagged; Chorley's 3 is not high.
    assert report.high_demand == 12
    assert [(cell.district, cell.theme) for cell in report.flagged] == [("preston", "bereavement")]
    june = report.months.index(datetime.date(2026, 6, 1))
    assert report.monthly["bereavement"][june] == 12 + 2 + 4 + 1

    # The daily cells the report reads, kept up to date as searches are written, equal the cells
    # worked out again from the records themselves.
    from insights.recording import rebuild_cells

    rebuild_cells()
    again = gap_report(*hand_counted)
    assert [(c.searches, c.zero_results) for c in again.cells] == [
        (c.searches, c.zero_results) for c in report.cells
    ]
    assert (again.searches, again.without_place, again.monthly) == (
        report.searches,
        report.without_place,
        report.monthly,
    )


def test_the_command_prints_the_same_table(hand_counted):
    since, until = hand_counted
    out = io.StringIO()
    call_command(
        "unmet_need_report",
        "--since",
        since.isoformat(),
        "--until",
        until.isoformat(),
        "--format",
        "json",
        stdout=out,
    )
    rows = json.loads(out.getvalue())
    preston = next(row for row in rows if row["district"] == "Preston" and row["theme"] == "Bereavement")
    assert preston == {
        "district": "Preston",
        "theme": "Bereavement",
        "searches": 12,
        "zero_results": 3,
        "zero_share": 0.25,
        "supply": 2,
        "self_referral_supply": 1,
        "flagged": "yes",
    }
    out = io.StringIO()
    call_command("unmet_need_report", "--since", since.isoformat(), "--until", until.isoformat(), stdout=out)
    table = list(csv.reader(io.StringIO(out.getvalue())))
    assert table[0][:3] == ["District", "Need theme", "Searches"]
    assert ["Preston", "Bereavement", "12", "3", "0.25", "2", "1", "yes"] in table


def test_the_command_refuses_a_bad_date_clearly(hand_counted):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("unmet_need_report", "--since", "last tuesday")


# --------------------------------------------------------------------------- the admin report


@pytest.fixture
def people(django_user_model, site_tree):
    from directory.models import OrganisationMembership
    from directory.roles import MODERATORS, PARTNER_EDITORS, STRATEGY_TEAM, setup_roles

    setup_roles(site_tree)

    def person(username, group):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "x")
        user.groups.add(Group.objects.get(name=group))
        return user

    partner = person("partner", PARTNER_EDITORS)
    OrganisationMembership.objects.create(
        user=partner, organisation=ServicePageFactory(title="Partner listing").organisation
    )
    return {
        "strategy": person("strategy", STRATEGY_TEAM),
        "moderator": person("moderator", MODERATORS),
        "partner": partner,
    }


def period(since, until):
    return f"?since={since.isoformat()}&until={until.isoformat()}"


@pytest.mark.parametrize("role", ["strategy", "moderator"])
def test_the_strategy_team_and_moderators_see_the_report(client, people, hand_counted, role):
    client.force_login(people[role])
    response = client.get(REPORT_URL + period(*hand_counted))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Where needs go unmet" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "Bereavement in Preston: 12 searches, 1 self-referral services (flagged" in html
    assert "High demand, thin self-referral supply" in html


def test_partners_are_refused_and_anonymous_visitors_sent_to_sign_in(client, people, hand_counted):
    client.force_login(people["partner"])
    response = client.get(REPORT_URL)
    assert response.status_code in {302, 403}
    assert "Bereavement" not in response.content.decode()
    assert client.post(
        reverse("rightdoor_insights:add_synonym"), {"word": "x", "theme": "money"}
    ).status_code in {302, 403}
    client.logout()
    response = client.get(REPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_bad_dates_give_a_message_not_an_error(client, people, hand_counted):
    client.force_login(people["strategy"])
    response = client.get(REPORT_URL + "?since=yesterday&until=2020-13-45")
    assert response.status_code == 200
    assert "is not a date" in response.content.decode()


def test_csv_and_xlsx_exports_hold_the_table(client, people, hand_counted):
    from openpyxl import load_workbook

    client.force_login(people["strategy"])
    response = client.get(REPORT_URL + period(*hand_counted) + "&export=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "Preston,Bereavement,12,3,0.25,2,1,yes" in response.content.decode()
    response = client.get(REPORT_URL + period(*hand_counted) + "&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["Preston", "Bereavement", 12, 3, 0.25, 2, 1, "yes"] in values


def test_a_moderator_adds_a_common_unmatched_word_as_a_synonym_in_one_click(client, people, site_tree):
    from directory.models import NeedTheme
    from tests.factories import NeedThemeFactory

    NeedThemeFactory(slug="bereavement", name="Bereavement")
    for offset in range(5):
        record(themes=(), tokens=("grieving",), day=datetime.date.today() - datetime.timedelta(days=offset))
    client.force_login(people["moderator"])
    assert "Add “grieving”" in client.get(REPORT_URL).content.decode()
    response = client.post(
        reverse("rightdoor_insights:add_synonym"), {"word": "grieving", "theme": "bereavement"}
    )
    assert response.status_code == 302
    assert "grieving" in NeedTheme.objects.get(slug="bereavement").synonym_list()

    # The strategy team reads the list but does not change the vocabulary; a word not on the list
    # cannot be added by anyone.
    client.force_login(people["strategy"])
    assert "Add “grieving”" not in client.get(REPORT_URL).content.decode()
    client.force_login(people["moderator"])
    client.post(reverse("rightdoor_insights:add_synonym"), {"word": "jocasta", "theme": "bereavement"})
    assert "jocasta" not in NeedTheme.objects.get(slug="bereavement").synonym_list()


def test_a_pathway_outcome_is_recorded_as_demand_without_the_answers(client, site_tree):
    from tests.factories import NeedThemeFactory
    from tests.guidance.factories import PathwayPageFactory
    from tests.guidance.test_pathway_privacy import plain_flow

    NeedThemeFactory(slug="parenting", name="Parenting")
    questions, outcomes = plain_flow()
    PathwayPageFactory(
        title="Sleep",
        slug="sleep",
        sensitive=False,
        safeguarding_relevant=False,
        questions=questions,
        outcomes=outcomes,
    )
    response = client.get("/pathways/sleep/sleep-help/", {"sleep": "yes"}, follow=True)  # old address
    assert response.status_code == 200 and "Help with sleep" in response.content.decode()
    flush()

    record = DemandRecord.objects.get()
    assert (record.source, record.theme, record.place_given) == ("pathway", "parenting", False)
    fields = {field.name for field in DemandRecord._meta.get_fields()}
    assert fields == {
        "id",
        "day",
        "source",
        "theme",
        "first",
        "age_band",
        "postcode_district",
        "district",
        "place_given",
        "result_band",
        "backend",
    }, "nothing that could hold an answer, a word, an address or a session"
    assert not UnmatchedWordDay.objects.exists()


def test_the_demo_year_of_demand_is_synthetic_and_loaded_once(site_tree):
    from demo.demand import SYNTHETIC, load_demo_demand
    from tests.factories import NeedThemeFactory

    for slug in ("bereavement", "money", "parenting"):
        NeedThemeFactory(slug=slug, name=slug.capitalize())
    added = load_demo_demand()
    assert added > 10_000
    assert set(DemandRecord.objects.values_list("backend", flat=True)) == {SYNTHETIC}
    assert load_demo_demand() == 0, "loading the demo again adds nothing"
    report = gap_report(add_months(datetime.date.today(), -12))
    assert report.searches == added and report.max_searches > 0
    assert {word for word, _days, _searches in report.unmatched_words} <= {
        "respite",
        "kinship",
        "homeschooling",
        "foodbank",
        "sensory",
    } and report.unmatched_words


@pytest.mark.parametrize("role, shown", [("strategy", True), ("moderator", True), ("partner", False)])
def test_the_strategy_teams_home_shows_the_flagged_needs(client, people, role, shown):
    from django.core.cache import cache

    from tests.factories import NeedThemeFactory

    cache.clear()
    NeedThemeFactory(slug="bereavement", name="Bereavement")
    record(count=12, day=datetime.date.today())
    client.force_login(people[role])
    html = client.get("/admin/").content.decode()
    assert ("Where needs go unmet" in html) is shown
    assert ('<th scope="row">Bereavement</th><td>Preston</td><td>12</td>' in html) is shown
