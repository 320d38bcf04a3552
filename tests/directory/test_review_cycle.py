"""The review cycle: due dates, reminders (idempotent), "Still accurate", the dashboard panel and the
moderators' overdue report. "Today" is fixed by patching `directory.review.today`."""

import csv
import datetime
import io
from contextlib import contextmanager
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from wagtail.log_actions import registry as log_registry
from wagtail.models import PageLogEntry, Revision

import pytest

from directory import review
from directory.models import OrganisationMembership, ReviewReminder, ServicePage
from tests.directory.admin_users import access_admin, make_moderator
from tests.factories import OrganisationPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


@contextmanager
def on_day(day: datetime.date):
    with mock.patch("directory.review.today", return_value=day):
        yield


@pytest.fixture(autouse=True)
def frozen_today():
    with on_day(TODAY):
        yield


def service_overdue(days: int, organisation, *, title=None, kind="universal", **kwargs):
    """A live service `days` past its review date on TODAY (negative: due in that many days)."""
    next_review = TODAY - datetime.timedelta(days=days)
    fields = {"title": title} if title else {}
    return ServicePageFactory(
        organisation=organisation,
        kind=kind,
        last_checked=next_review - datetime.timedelta(days=180),
        next_review=next_review,
        **fields,
        **kwargs,
    )


@pytest.fixture
def make_partner(django_user_model):
    def make(username, *organisations, email=None):
        user = django_user_model.objects.create_user(
            username, email if email is not None else f"{username}@partner.example", "password"
        )
        user.user_permissions.add(access_admin())
        for organisation in organisations:
            OrganisationMembership.objects.create(user=user, organisation=organisation)
        return user

    return make


@pytest.fixture
def moderator(django_user_model):
    return make_moderator(django_user_model)


def send(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("send_review_reminders", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


# --------------------------------------------------------------------------- due dates


def test_review_intervals_default_by_kind_and_can_be_configured():
    assert review.next_review_date(datetime.date(2027, 1, 31), "universal") == datetime.date(2027, 7, 31)
    assert review.next_review_date(datetime.date(2027, 1, 31), "specialist") == datetime.date(2028, 1, 31)
    with override_settings(REVIEW_INTERVAL_MONTHS={"universal": 3}):
        assert review.next_review_date(datetime.date(2026, 11, 30), "universal") == datetime.date(2027, 2, 28)
        assert review.review_interval_months("specialist") == 12  # kinds left out keep the default
        assert review.review_interval_months("something-new") == review.DEFAULT_REVIEW_INTERVAL_MONTHS
    with override_settings(REVIEW_INTERVAL_MONTHS={"universal": 0}), pytest.raises(ValueError):
        review.review_interval_months("universal")


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (-5, "due in 5 days"),
        (-1, "due tomorrow"),
        (0, "due today"),
        (1, "1 day overdue"),
        (43, "43 days overdue"),
    ],
)
def test_due_date_in_words(days, words):
    assert review.due_in_words(TODAY - datetime.timedelta(days=days), TODAY) == words


@pytest.mark.parametrize(
    ("days", "stage"),
    [
        (-1, None),
        (0, "due"),
        (13, "due"),
        (14, "overdue_14"),
        (29, "overdue_14"),
        (30, "overdue_30"),
        (200, "overdue_30"),
    ],
)
def test_reminder_stage_by_days_overdue(days, stage):
    assert review.reminder_stage(TODAY - datetime.timedelta(days=days), TODAY) == stage


# --------------------------------------------------------------------------- reminders


def test_daily_runs_send_each_stage_once_on_the_right_day(make_partner):
    organisation = OrganisationPageFactory(title="Preston Family Hub")
    service = service_overdue(-2, organisation, title="Stay and play")
    make_partner("alice", organisation)
    sent_on = {}
    for offset in range(-2, 40):
        day = TODAY + datetime.timedelta(days=offset)
        with on_day(day):
            send()
            before = len(mail.outbox)
            send()  # a second run the same day sends nothing
            assert len(mail.outbox) == before
        for message in mail.outbox[len(sent_on) :]:
            sent_on[message.subject] = (day - service.next_review).days

    assert list(sent_on.values()) == [0, 14, 30]
    subjects = list(sent_on)
    assert subjects[0] == "Right Door: 1 listing for Preston Family Hub to check"
    assert subjects[1].endswith("(14 days overdue)")
    assert subjects[2].endswith("(30 days overdue)")
    assert all(message.to == ["alice@partner.example"] for message in mail.outbox)
    assert set(ReviewReminder.objects.values_list("stage", flat=True)) == {"due", "overdue_14", "overdue_30"}


def test_running_twice_sends_each_reminder_once(make_partner):
    organisation = OrganisationPageFactory()
    for days in (0, 15, 31, 100):
        service_overdue(days, organisation)
    service_overdue(-3, organisation)  # not due yet
    make_partner("alice", organisation)
    make_partner("bob", organisation)

    first = send()
    assert len(mail.outbox) == 2  # one email per editor, listing all four
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@partner.example", "bob@partner.example"]
    assert "Sent 2 emails about 4 listings" in first
    assert "1 live listing is flagged 'may be out of date'" in first
    assert ReviewReminder.objects.count() == 4

    second = send()
    assert len(mail.outbox) == 2
    assert "No reminders to send." in second
    assert ReviewReminder.objects.count() == 4


def test_email_lists_stages_and_links_to_the_admin_edit_page(make_partner):
    organisation = OrganisationPageFactory(title="Chorley Carers")
    due = service_overdue(0, organisation, title="Young carers club")
    late = service_overdue(35, organisation, title="Carers' breaks")
    make_partner("alice", organisation)
    with override_settings(WAGTAILADMIN_BASE_URL="https://admin.rightdoor.example/"):
        send()
    [message] = mail.outbox
    assert message.subject == "Right Door: 2 listings for Chorley Carers to check (30 days overdue)"
    body = message.body
    assert "Due for review:\n- Young carers club (due today" in body
    assert "30 days overdue:\n- Carers' breaks (35 days overdue" in body
    assert body.index("30 days overdue:") < body.index("Due for review:")  # most urgent first
    assert f"https://admin.rightdoor.example/admin/pages/{due.pk}/edit/" in body
    assert f"https://admin.rightdoor.example/admin/pages/{late.pk}/edit/" in body


def test_partners_only_hear_about_their_own_organisations(make_partner):
    org_a, org_b = OrganisationPageFactory(title="Org A"), OrganisationPageFactory(title="Org B")
    service_overdue(1, org_a, title="A's service")
    service_overdue(20, org_b, title="B's service")
    make_partner("alice", org_a)
    make_partner("bruno", org_b)
    make_partner("both", org_a, org_b)

    send()
    by_recipient = {}
    for message in mail.outbox:
        assert len(message.to) == 1  # never a shared list of addresses
        by_recipient.setdefault(message.to[0], []).append(message)
    alice = by_recipient["alice@partner.example"]
    assert len(alice) == 1 and "A's service" in alice[0].body and "B's service" not in alice[0].body
    bruno = by_recipient["bruno@partner.example"]
    assert len(bruno) == 1 and "B's service" in bruno[0].body and "A's service" not in bruno[0].body
    # Someone who edits for both gets one email per organisation.
    both = sorted(m.subject for m in by_recipient["both@partner.example"])
    assert both == [
        "Right Door: 1 listing for Org A to check",
        "Right Door: 1 listing for Org B to check (14 days overdue)",
    ]


def test_organisations_without_editors_are_reported_to_moderators(make_partner, moderator, django_user_model):
    orphan = OrganisationPageFactory(title="No Editors Ltd")
    service_overdue(2, orphan, title="Orphaned service")
    gone = make_partner("gone", orphan)
    gone.is_active = False
    gone.save()
    django_user_model.objects.create_superuser("root", "root@council.example", "password")

    send()
    assert sorted(m.to[0] for m in mail.outbox) == ["moderator@council.example", "root@council.example"]
    assert all("No Editors Ltd has no partner editors" in m.body for m in mail.outbox)
    assert all("Orphaned service" in m.body for m in mail.outbox)


def test_dry_run_prints_but_sends_and_records_nothing(make_partner):
    organisation = OrganisationPageFactory(title="Fylde Youth")
    service_overdue(14, organisation, title="Drop-in")
    make_partner("alice", organisation)

    output = send("--dry-run")
    assert "Would send to alice@partner.example (partner editor, Fylde Youth)" in output
    assert "Drop-in: 14 days overdue [14 days overdue]" in output
    assert mail.outbox == []
    assert not ReviewReminder.objects.exists()


def test_only_live_services_get_reminders(make_partner):
    organisation = OrganisationPageFactory()
    service = service_overdue(5, organisation)
    service.unpublish()
    make_partner("alice", organisation)
    assert "No reminders to send." in send()
    assert mail.outbox == []


def test_still_accurate_starts_a_new_cycle(make_partner):
    organisation = OrganisationPageFactory()
    service = service_overdue(0, organisation)
    partner = make_partner("alice", organisation)
    send()
    assert len(mail.outbox) == 1

    review.confirm_still_accurate(service, partner)
    service.refresh_from_db()
    assert service.next_review == datetime.date(2027, 9, 1)
    send()
    assert len(mail.outbox) == 1
    with on_day(service.next_review):
        send()
    assert len(mail.outbox) == 2
    assert ReviewReminder.objects.filter(stage="due").count() == 2  # one per review date


def test_still_accurate_reaches_the_search_index(make_partner):
    """Directory sends `listing_reviewed`; search (which directory does not import) reindexes."""
    from search.models import SearchDocument

    organisation = OrganisationPageFactory()
    service = service_overdue(0, organisation)
    before = SearchDocument.objects.get(service=service)
    assert before.next_review == TODAY

    review.confirm_still_accurate(service, make_partner("alice", organisation))

    document = SearchDocument.objects.get(service=service)
    assert (document.last_checked, document.next_review) == (TODAY, datetime.date(2027, 9, 1))


# --------------------------------------------------------------------------- "Still accurate"


def assert_refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard and an error."""
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    assert "Sorry, you do not have permission to access this area." in response.content.decode()


def still_accurate_url(service):
    return reverse("rightdoor_review:still_accurate", args=[service.pk])


def test_still_accurate_updates_the_dates_without_a_new_revision(client, make_partner):
    organisation = OrganisationPageFactory()
    service = service_overdue(20, organisation, kind="commissioned")
    partner = make_partner("alice", organisation)
    revisions = Revision.objects.filter(object_id=str(service.pk)).count()
    client.force_login(partner)

    response = client.post(still_accurate_url(service), {"next": "/admin/"}, follow=True)

    assert response.redirect_chain == [("/admin/", 302)]
    assert "is marked as checked today; its next review is on 1 March 2028" in response.content.decode()
    service = ServicePage.objects.get(pk=service.pk)
    assert (service.last_checked, service.next_review) == (TODAY, datetime.date(2028, 3, 1))
    assert not service.has_unpublished_changes
    assert Revision.objects.filter(object_id=str(service.pk)).count() == revisions
    entry = PageLogEntry.objects.get(page=service, action="rightdoor.still_accurate")
    assert entry.user == partner
    assert entry.message == "Confirmed still accurate"
    assert log_registry.get_action_label("rightdoor.still_accurate") == "Confirmed still accurate"
    assert entry.data["next_review"] == "2028-03-01"
    # The edit form starts from the latest revision: it shows the new dates too.
    latest = service.get_latest_revision_as_object()
    assert (latest.last_checked, latest.next_review) == (TODAY, datetime.date(2028, 3, 1))
    # Search knows the new review date.
    assert service.search_document.next_review == datetime.date(2028, 3, 1)


def test_still_accurate_keeps_a_newer_draft_and_its_dates_survive_publishing(client, make_partner):
    organisation = OrganisationPageFactory()
    service = service_overdue(20, organisation, summary="Old summary.")
    draft = service.get_latest_revision_as_object()
    draft.summary = "New summary, waiting for approval."
    draft.save_revision()
    client.force_login(make_partner("alice", organisation))

    client.post(still_accurate_url(service))

    service = ServicePage.objects.get(pk=service.pk)
    assert service.summary == "Old summary."  # the live content is untouched
    assert service.has_unpublished_changes
    draft = service.get_latest_revision_as_object()
    assert draft.summary == "New summary, waiting for approval."
    assert (draft.last_checked, draft.next_review) == (TODAY, datetime.date(2027, 9, 1))
    service.get_latest_revision().publish()
    service = ServicePage.objects.get(pk=service.pk)
    assert service.summary == "New summary, waiting for approval."
    assert (service.last_checked, service.next_review) == (TODAY, datetime.date(2027, 9, 1))


def test_moderators_may_confirm_any_listing(client, moderator):
    service = service_overdue(3, OrganisationPageFactory())
    client.force_login(moderator)
    assert client.post(still_accurate_url(service)).status_code == 302
    assert ServicePage.objects.get(pk=service.pk).last_checked == TODAY


def test_another_organisations_partner_is_refused_and_nothing_changes(client, make_partner):
    service = service_overdue(3, OrganisationPageFactory())
    before = (service.last_checked, service.next_review)
    client.force_login(make_partner("intruder", OrganisationPageFactory()))

    assert_refused(client.post(still_accurate_url(service), follow=True))
    assert (
        client.post(still_accurate_url(service), headers={"x-requested-with": "XMLHttpRequest"}).status_code
        == 403
    )
    # A GET is refused too (before the view could say it wants a POST): nothing about the listing.
    assert_refused(client.get(still_accurate_url(service), follow=True))

    service = ServicePage.objects.get(pk=service.pk)
    assert (service.last_checked, service.next_review) == before
    assert not PageLogEntry.objects.filter(action="rightdoor.still_accurate").exists()


def test_still_accurate_needs_csrf_and_a_live_page(make_partner):
    from django.test import Client

    organisation = OrganisationPageFactory()
    service = service_overdue(3, organisation)
    partner = make_partner("alice", organisation)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(partner)
    assert strict.post(still_accurate_url(service)).status_code == 403

    service.unpublish()
    client = Client()
    client.force_login(partner)
    assert client.post(still_accurate_url(service)).status_code == 404
    assert ServicePage.objects.get(pk=service.pk).last_checked != TODAY


# --------------------------------------------------------------------------- dashboard panel


def test_dashboard_panel_lists_only_the_partners_due_listings_most_overdue_first(client, make_partner):
    mine, theirs = OrganisationPageFactory(title="Mine"), OrganisationPageFactory(title="Theirs")
    service_overdue(-5, mine, title="Soon due")
    service_overdue(43, mine, title="Long overdue")
    service_overdue(-30, mine, title="Not for a month")
    service_overdue(10, theirs, title="Someone else's")
    unpublished = service_overdue(10, mine, title="Withdrawn")
    unpublished.unpublish()
    client.force_login(make_partner("alice", mine))

    page = client.get(reverse("wagtailadmin_home")).content.decode()
    # The partner's home also lists all their listings (partner dashboard): read this panel alone.
    start = page.index('id="listings-due-for-review')
    html = page[start : page.index("</section>", start)]

    assert "Your listings due for review" in page
    assert "Long overdue" in html and "43 days overdue" in html
    assert "Soon due" in html and "Due in 5 days" in html
    assert html.index("Long overdue") < html.index("Soon due")
    assert "Not for a month" not in html and "Someone else" not in html and "Withdrawn" not in html
    assert "Still accurate" in html and "Update" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "overdue listings report" not in page


def test_dashboard_panel_is_absent_for_users_without_memberships(client, django_user_model):
    service_overdue(10, OrganisationPageFactory())
    user = django_user_model.objects.create_user("nobody", "nobody@example.org", "password")
    user.user_permissions.add(access_admin())
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "listings-due-for-review" not in html


def test_dashboard_panel_gives_moderators_a_count_and_the_report(client, django_user_model):
    organisation = OrganisationPageFactory()
    service_overdue(0, organisation)
    service_overdue(50, organisation)
    service_overdue(-3, organisation)
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "password"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2 live listings are due or overdue for review." in html
    assert reverse("rightdoor_review:overdue_report") in html


# --------------------------------------------------------------------------- moderators' report


@pytest.fixture
def overdue_listings():
    zeta, alpha = OrganisationPageFactory(title="Zeta Trust"), OrganisationPageFactory(title="Alpha Care")
    return {
        "zeta": service_overdue(5, zeta, title="Zeta service"),
        "alpha_old": service_overdue(120, alpha, title="Alpha old"),
        "alpha_new": service_overdue(1, alpha, title="Alpha new"),
        "not_due": service_overdue(-10, alpha, title="Alpha fine"),
    }


def test_report_lists_overdue_listings_by_organisation(client, moderator, overdue_listings):
    client.force_login(moderator)
    html = client.get(reverse("rightdoor_review:overdue_report")).content.decode()
    assert html.index("Alpha old") < html.index("Alpha new") < html.index("Zeta service")
    assert "Alpha fine" not in html
    assert reverse("wagtailadmin_pages:edit", args=[overdue_listings["zeta"].pk]) in html

    filtered = client.get(
        reverse("rightdoor_review:overdue_report"), {"organisation": overdue_listings["zeta"].organisation_id}
    ).content.decode()
    assert "Zeta service" in filtered and "Alpha old" not in filtered


def test_report_exports_csv(client, moderator, overdue_listings):
    client.force_login(moderator)
    response = client.get(reverse("rightdoor_review:overdue_report"), {"export": "csv"})
    assert response["Content-Type"] == "text/csv"
    assert 'filename="overdue-listings-2027-03-01.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Organisation",
        "Listing",
        "Last checked",
        "Next review",
        "Days overdue",
        "May be out of date",
        "Edit link",
    ]
    assert [row[:2] for row in rows[1:]] == [
        ["Alpha Care", "Alpha old"],
        ["Alpha Care", "Alpha new"],
        ["Zeta Trust", "Zeta service"],
    ]
    assert rows[1][3:6] == [str(TODAY - datetime.timedelta(days=120)), "120", "Yes"]
    assert rows[3][4:6] == ["5", "No"]
    assert rows[1][6].endswith(f"/admin/pages/{overdue_listings['alpha_old'].pk}/edit/")


def test_report_refuses_non_moderators(client, make_partner, overdue_listings):
    client.force_login(make_partner("alice", overdue_listings["zeta"].organisation))
    assert_refused(client.get(reverse("rightdoor_review:overdue_report"), follow=True))
    export = client.get(reverse("rightdoor_review:overdue_report"), {"export": "csv"}, follow=True)
    assert_refused(export)
    assert export["Content-Type"].startswith("text/html")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("rightdoor_review:overdue_report") not in html  # neither menu item nor panel link


# --------------------------------------------------------------------------- public flag


def test_public_page_flags_listings_over_90_days_overdue(client):
    organisation = OrganisationPageFactory()
    stale = service_overdue(91, organisation)
    recent = service_overdue(90, organisation)
    assert "may be out of date" in client.get(stale.url).content.decode()
    assert "may be out of date" not in client.get(recent.url).content.decode()
