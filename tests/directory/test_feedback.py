"""Suggest a change: the public form (validation, honeypot, rate limit, privacy), the emails, and the
admin listing where partners see only their own organisations' suggestions."""

import json
import re

from django.contrib.auth.models import Group, Permission
from django.core import mail, serializers
from django.core.cache import cache
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from directory import feedback as feedback_module
from directory.feedback import RATE_LIMIT, RATE_LIMIT_MESSAGE, clean_details, hashed_client
from directory.feedback_hooks import STATUS_LOG_ACTION
from directory.models import ListingFeedback, OrganisationMembership
from directory.models.feedback import FeedbackReason, FeedbackStatus
from directory.roles import MODERATORS
from tests.factories import OrganisationPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

VISITOR_IP = "203.0.113.7"
OTHER_IP = "198.51.100.23"


@pytest.fixture(autouse=True)
def empty_rate_limit_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organisation_a(site_tree):
    return OrganisationPageFactory(title="Alpha Family Trust")


@pytest.fixture
def organisation_b(site_tree):
    return OrganisationPageFactory(title="Beta Children's Charity")


@pytest.fixture
def service_a(organisation_a):
    return ServicePageFactory(title="Alpha Stay and Play", organisation=organisation_a)


@pytest.fixture
def service_b(organisation_b):
    return ServicePageFactory(title="Beta Youth Club", organisation=organisation_b)


def _admin_user(django_user_model, username, *, groups=(), organisation=None, **extra):
    """A user who can sign in to the Wagtail admin (the partner editors group gives the lead's
    setup the same permission), with an optional organisation membership."""
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "password", **extra)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    if organisation is not None:
        OrganisationMembership.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def partner_a(django_user_model, organisation_a):
    return _admin_user(django_user_model, "partner-a", organisation=organisation_a)


@pytest.fixture
def partner_b(django_user_model, organisation_b):
    return _admin_user(django_user_model, "partner-b", organisation=organisation_b)


@pytest.fixture
def moderator(django_user_model):
    return _admin_user(django_user_model, "moderator", groups=[MODERATORS])


def form_url(service) -> str:
    return service.url + "suggest-a-change/"


def suggest(client, service, ip=VISITOR_IP, **data):
    fields = {"reason": "times", "details": "It now opens at 10am on Mondays.", "website": ""}
    fields.update(data)
    return client.post(form_url(service), {k: v for k, v in fields.items() if v is not None}, REMOTE_ADDR=ip)


def text(response) -> str:
    return response.content.decode()


# --------------------------------------------------------------------------- the form


def test_service_page_links_to_the_form(client, service_a):
    response = client.get(service_a.url)

    assert response.status_code == 200
    assert f'href="{form_url(service_a)}"' in text(response)
    assert "Suggest a change to this listing" in text(response)


def test_form_asks_for_a_reason_and_details_and_has_a_hidden_honeypot(client, service_a):
    response = client.get(form_url(service_a))

    assert response.status_code == 200
    html = text(response)
    assert "What is wrong with the listing?" in html
    for reason in FeedbackReason:
        assert f'value="{reason.value}"' in html
    assert 'name="details"' in html
    assert 'aria-hidden="true"' in html and 'tabindex="-1"' in html and 'autocomplete="off"' in html
    # No personal data is asked for, and no inline scripts.
    assert 'type="email"' not in html and 'name="email"' not in html
    assert "<script>" not in html and "<script " not in html.replace("<script src=", "")
    assert '<meta name="robots" content="noindex">' in html


def test_valid_suggestion_is_stored_and_emailed_to_the_owning_partner_only(
    client, service_a, partner_a, partner_b, moderator, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://admin.rightdoor.example"

    response = suggest(client, service_a, reason="contact", details="The phone number is now 01772 111222.")

    assert response.status_code == 302
    assert response["Location"] == form_url(service_a) + "?sent=1"
    feedback = ListingFeedback.objects.get()
    assert (feedback.service_id, feedback.reason, feedback.status) == (service_a.pk, "contact", "new")
    assert feedback.details == "The phone number is now 01772 111222."

    assert [message.to for message in mail.outbox] == [[partner_a.email]]
    message = mail.outbox[0]
    assert "Alpha Stay and Play" in message.subject and "Wrong contact details" in message.subject
    assert "The phone number is now 01772 111222." in message.body
    assert "Wrong contact details" in message.body
    assert service_a.full_url in message.body
    edit_path = reverse("wagtailsnippets_directory_listingfeedback:edit", args=[feedback.pk])
    assert f"https://admin.rightdoor.example{edit_path}" in message.body

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you for your suggestion" in text(thanks)
    assert "Alpha Family Trust will check the listing" in text(thanks)


@pytest.mark.parametrize("reason", [reason.value for reason in FeedbackReason])
def test_each_reason_is_accepted(client, service_a, reason):
    response = suggest(client, service_a, reason=reason, details="Please check this.")

    assert response.status_code == 302
    assert ListingFeedback.objects.get().reason == reason


@pytest.mark.parametrize("reason", ["closed", "contact", "times", "place"])
def test_details_are_optional_for_the_listed_reasons(client, service_a, reason):
    response = suggest(client, service_a, reason=reason, details="")

    assert response.status_code == 302
    assert ListingFeedback.objects.get().details == ""


def test_something_else_without_details_is_an_error_and_nothing_is_stored(client, service_a, partner_a):
    response = suggest(client, service_a, reason="other", details="   ")

    assert response.status_code == 200
    html = text(response)
    assert "There is a problem" in html
    assert '<a href="#details">Tell us what needs to change</a>' in html
    assert 'id="details-error"' in html
    assert "<title>Error: " in html
    # The choice is kept.
    assert 'id="reason-5" name="reason" type="radio" value="other" checked' in html
    assert ListingFeedback.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "data", [{"reason": None}, {"reason": ""}, {"reason": "hacked"}, {"reason": "OTHER"}]
)
def test_a_missing_or_unknown_reason_is_an_error_and_the_text_is_kept(client, service_a, data):
    response = suggest(client, service_a, details="Closed on Fridays now & then", **data)

    assert response.status_code == 200
    html = text(response)
    assert '<a href="#reason">Select what is wrong with the listing</a>' in html
    assert "Closed on Fridays now &amp; then</textarea>" in html
    assert ListingFeedback.objects.count() == 0


def test_too_long_details_are_an_error_with_the_text_kept(client, service_a):
    details = "word " * 401  # 2,005 characters

    response = suggest(client, service_a, details=details)

    assert response.status_code == 200
    assert "What needs to change must be 2,000 characters or fewer" in text(response)
    assert details.strip() in text(response)
    assert ListingFeedback.objects.count() == 0


def test_huge_junk_details_get_a_clean_error_never_a_server_error(client, service_a):
    junk = ("\x00\x01\ufffd<<<<" + "é" * 50) * 2000  # about 110,000 characters

    response = suggest(client, service_a, reason="other", details=junk)

    assert response.status_code == 200
    assert "What needs to change must be 2,000 characters or fewer" in text(response)
    assert ListingFeedback.objects.count() == 0


@pytest.mark.parametrize(
    "junk",
    [
        "\x00null\x00 bytes",
        "control \x07\x1b characters",
        "<" * 80 + "a>" + " deeply nested",
        "<script>alert(1)</script>",
        "{{ 7*7 }} {% csrf_token %}",
        "'; DROP TABLE directory_listingfeedback; --",
        "\u202eright-to-left override",
    ],
)
def test_junk_in_details_is_stored_as_harmless_text_or_refused_never_a_server_error(client, service_a, junk):
    response = suggest(client, service_a, reason="other", details=junk)

    assert response.status_code in (200, 302)
    for feedback in ListingFeedback.objects.all():
        assert "\x00" not in feedback.details and "\x07" not in feedback.details
        assert re.search(r"<[A-Za-z/!?]", feedback.details) is None, "markup survived"


def test_html_in_details_is_stored_as_plain_text(client, service_a):
    suggest(
        client,
        service_a,
        reason="other",
        details='<p>The <b>new</b> address is <a href="https://evil.example">here</a></p>\r\n<img src=x onerror=alert(1)>',
    )

    assert ListingFeedback.objects.get().details == "The new address is here"


def test_multiple_reasons_or_extra_fields_do_not_break_the_form(client, service_a):
    response = client.post(
        form_url(service_a),
        {"reason": ["times", "closed"], "details": ["first", "second"], "email": "me@example.org"},
        REMOTE_ADDR=VISITOR_IP,
    )

    assert response.status_code == 302
    feedback = ListingFeedback.objects.get()
    assert (feedback.reason, feedback.details) == ("closed", "second")


def test_honeypot_gets_thanks_but_nothing_is_stored_or_sent(client, service_a, partner_a):
    response = suggest(client, service_a, website="https://spam.example")

    assert response.status_code == 302
    assert response["Location"] == form_url(service_a) + "?sent=1"
    assert "Thank you for your suggestion" in text(client.get(response["Location"]))
    assert ListingFeedback.objects.count() == 0
    assert mail.outbox == []


def test_sixth_suggestion_in_an_hour_from_one_address_is_refused_with_the_text_kept(client, service_a):
    for number in range(RATE_LIMIT):
        assert suggest(client, service_a, details=f"Suggestion {number}").status_code == 302

    response = suggest(client, service_a, reason="place", details="One too many")

    assert response.status_code == 429
    html = text(response)
    assert RATE_LIMIT_MESSAGE.replace("'", "&#x27;") in html
    assert "One too many</textarea>" in html
    assert 'value="place" checked' in html
    assert ListingFeedback.objects.count() == RATE_LIMIT


def test_the_rate_limit_is_per_address(client, service_a, service_b):
    for _ in range(RATE_LIMIT):
        suggest(client, service_a)
    assert suggest(client, service_b).status_code == 429

    assert suggest(client, service_b, ip=OTHER_IP).status_code == 302
    assert ListingFeedback.objects.count() == RATE_LIMIT + 1


def test_behind_a_proxy_the_rate_limit_is_per_family_not_per_proxy(client, service_a, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.5"

    def through_proxy(family_ip):
        return client.post(
            form_url(service_a),
            {"reason": "times", "details": "It now opens at 10am.", "website": ""},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=family_ip,
        )

    for _ in range(RATE_LIMIT):
        assert through_proxy(VISITOR_IP).status_code == 302
    assert through_proxy(VISITOR_IP).status_code == 429
    assert through_proxy(OTHER_IP).status_code == 302, "another family behind the same proxy is not refused"


def test_the_rate_limit_counts_only_accepted_suggestions(client, service_a):
    for _ in range(RATE_LIMIT + 2):
        suggest(client, service_a, reason="other", details="")  # errors
        suggest(client, service_a, website="bot")  # honeypot

    assert suggest(client, service_a).status_code == 302


def test_the_rate_limit_expires_after_an_hour(client, service_a, monkeypatch, settings):
    """The cache's own clock moves on (nothing deletes the counter): still refused at 59 minutes,
    accepted again after the hour."""
    import time as real_time

    from django.core.cache.backends import locmem

    if settings.CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
        pytest.skip("moves the in-memory cache's clock; this run uses another cache backend")
    minutes_later = 0

    class CacheClock:
        @staticmethod
        def time():
            return real_time.time() + minutes_later * 60

    monkeypatch.setattr(locmem, "time", CacheClock)
    for _ in range(RATE_LIMIT):
        suggest(client, service_a)
    assert suggest(client, service_a).status_code == 429

    minutes_later = 59
    assert suggest(client, service_a).status_code == 429, "the limit lasts the hour"
    minutes_later = 61
    assert suggest(client, service_a).status_code == 302
    assert ListingFeedback.objects.count() == RATE_LIMIT + 1


def test_a_cache_outage_does_not_stop_a_suggestion(client, service_a, monkeypatch):
    class BrokenCache:
        def __getattr__(self, name):
            def broken(*args, **kwargs):
                raise ConnectionError("cache down")

            return broken

    monkeypatch.setattr("config.ratelimit.cache", BrokenCache())

    assert suggest(client, service_a).status_code == 302
    assert ListingFeedback.objects.count() == 1


def test_no_address_or_hash_of_one_is_stored(client, service_a):
    suggest(client, service_a)

    field_names = {field.name for field in ListingFeedback._meta.get_fields()}
    assert field_names == {
        "id",
        "service",
        "reason",
        "details",
        "status",
        "created_at",
        "updated_at",
        # The partner's answer (issue 18): nothing about the person who wrote in.
        "fixed_revision",
        "answer",
        "answered_at",
    }
    stored = serializers.serialize("json", ListingFeedback.objects.all())
    assert VISITOR_IP not in stored
    assert hashed_client(_request_from(VISITOR_IP)) not in stored
    # The raw address is not the cache key either; only the keyed hash is.
    assert cache.get(f"directory:feedback-rate:{hashed_client(_request_from(VISITOR_IP))}") == 1


def test_hash_depends_on_the_secret_key(settings):
    request = _request_from(VISITOR_IP)
    first = hashed_client(request)
    settings.SECRET_KEY = "another-secret"

    assert hashed_client(request) != first
    assert VISITOR_IP not in first


def test_sending_a_suggestion_creates_no_session(client, service_a):
    response = suggest(client, service_a)

    assert "sessionid" not in response.cookies


def test_unknown_service_is_a_helpful_404(client, site_tree):
    response = client.get("/services/no-such-service/suggest-a-change/")

    assert response.status_code == 404
    assert "We couldn’t find that page" in text(response)


def test_unpublished_service_has_no_form(client, service_a):
    service_a.unpublish()

    assert client.get(form_url(service_a)).status_code == 404
    assert suggest(client, service_a).status_code == 404
    assert ListingFeedback.objects.count() == 0


def test_other_methods_are_refused_politely(client, service_a):
    assert client.put(form_url(service_a)).status_code == 405


def test_a_preview_of_an_unpublished_service_has_no_link_to_the_form(service_a):
    service_a.unpublish()
    service_a.refresh_from_db()

    response = service_a.make_preview_request()

    assert response.status_code == 200
    assert "Suggest a change" not in response.content.decode()


def test_the_service_page_itself_still_works(client, service_a):
    response = client.get(service_a.url)

    assert response.status_code == 200
    assert "Alpha Stay and Play" in text(response)


# --------------------------------------------------------------------------- who is told


def test_moderators_are_emailed_when_the_organisation_has_no_editors(client, service_a, moderator, partner_b):
    suggest(client, service_a)

    assert [message.to for message in mail.outbox] == [[moderator.email]]


def test_each_partner_editor_gets_their_own_email(
    client, service_a, partner_a, django_user_model, organisation_a
):
    colleague = _admin_user(django_user_model, "colleague-a", organisation=organisation_a)
    _admin_user(django_user_model, "left-a", organisation=organisation_a, is_active=False)

    suggest(client, service_a)

    assert sorted(message.to[0] for message in mail.outbox) == sorted([partner_a.email, colleague.email])
    assert all(len(message.to) == 1 and not message.cc and not message.bcc for message in mail.outbox)


def test_a_mail_failure_still_thanks_the_person_and_keeps_the_suggestion(
    client, service_a, partner_a, monkeypatch
):
    class BrokenConnection:
        def send_messages(self, messages):
            raise OSError("SMTP server unreachable")

    monkeypatch.setattr(feedback_module, "get_connection", lambda: BrokenConnection())

    response = suggest(client, service_a)

    assert response.status_code == 302
    assert ListingFeedback.objects.count() == 1


def test_with_no_one_to_tell_the_suggestion_is_still_kept(client, service_a):
    assert suggest(client, service_a).status_code == 302
    assert ListingFeedback.objects.count() == 1
    assert mail.outbox == []


def test_the_text_is_not_logged(client, service_a, partner_a, caplog, monkeypatch):
    class BrokenConnection:
        def send_messages(self, messages):
            raise OSError("SMTP server unreachable")

    monkeypatch.setattr(feedback_module, "get_connection", lambda: BrokenConnection())
    caplog.set_level("DEBUG")

    suggest(client, service_a, details="My partner hurts me and the number is wrong")

    assert caplog.records, "the mail failure should be logged"
    assert "hurts me" not in caplog.text


# --------------------------------------------------------------------------- clean_details


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("  plain text  ", "plain text"),
        ("line one\r\nline two", "line one\nline two"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("<b>bold</b> & <i>italic</i>", "bold & italic"),
        ("null\x00byte", "nullbyte"),
        ("5 < 6 and 7 > 3", "5 < 6 and 7 > 3"),
        # Markup Django declines to parse (SuspiciousOperation): the angle brackets go instead.
        ("<a" + "<" * 1100 + " text", "a text"),
    ],
)
def test_clean_details(raw, cleaned):
    assert clean_details(raw) == cleaned


# --------------------------------------------------------------------------- who sees what


@pytest.fixture
def two_suggestions(service_a, service_b):
    return (
        ListingFeedback.objects.create(service=service_a, reason="times", details="Alpha opens at ten"),
        ListingFeedback.objects.create(service=service_b, reason="closed", details="Beta has closed down"),
    )


def test_for_user(two_suggestions, partner_a, moderator, django_user_model, organisation_a):
    a_item, b_item = two_suggestions
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "password")
    nobody = django_user_model.objects.create_user("nobody", "nobody@example.org", "password")
    inactive = _admin_user(django_user_model, "inactive", organisation=organisation_a, is_active=False)

    assert list(ListingFeedback.objects.for_user(partner_a)) == [a_item]
    assert set(ListingFeedback.objects.for_user(moderator)) == {a_item, b_item}
    assert set(ListingFeedback.objects.for_user(superuser)) == {a_item, b_item}
    assert list(ListingFeedback.objects.for_user(nobody)) == []
    assert list(ListingFeedback.objects.for_user(inactive)) == []

    from django.contrib.auth.models import AnonymousUser

    assert list(ListingFeedback.objects.for_user(AnonymousUser())) == []


def admin_url(name, *args):
    return reverse(f"wagtailsnippets_directory_listingfeedback:{name}", args=args)


def test_partner_listing_shows_only_their_organisations_suggestions(client, two_suggestions, partner_a):
    client.force_login(partner_a)

    response = client.get(admin_url("list"))

    assert response.status_code == 200
    html = text(response)
    assert "Alpha Stay and Play" in html
    assert "Beta Youth Club" not in html
    results = client.get(admin_url("list_results"))
    assert "Beta Youth Club" not in text(results)


def test_moderator_listing_shows_every_suggestion_and_filters_by_status(client, two_suggestions, moderator):
    a_item, b_item = two_suggestions
    b_item.status = FeedbackStatus.DONE
    b_item.save()
    client.force_login(moderator)

    html = text(client.get(admin_url("list")))
    assert "Alpha Stay and Play" in html and "Beta Youth Club" in html

    filtered = text(client.get(admin_url("list") + "?status=done"))
    assert "Beta Youth Club" in filtered and "Alpha Stay and Play" not in filtered


def test_admin_menu_shows_suggested_changes_to_partners_and_moderators_only(
    client, partner_a, django_user_model
):
    client.force_login(partner_a)
    assert "Suggested changes" in text(client.get(reverse("wagtailadmin_home")))

    outsider = _admin_user(django_user_model, "strategy")
    client.force_login(outsider)
    assert "Suggested changes" not in text(client.get(reverse("wagtailadmin_home")))
    assert_refused(client.get(admin_url("list")))


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage"])
def test_partner_cannot_open_another_organisations_suggestion(client, two_suggestions, partner_a, view):
    _, b_item = two_suggestions
    client.force_login(partner_a)

    response = client.get(admin_url(view, b_item.pk))

    assert response.status_code == 404
    assert "Beta has closed down" not in text(response)


def test_partner_cannot_change_another_organisations_suggestion(client, two_suggestions, partner_a):
    _, b_item = two_suggestions
    client.force_login(partner_a)

    response = client.post(admin_url("edit", b_item.pk), {"status": "dismissed"})

    assert response.status_code == 404
    b_item.refresh_from_db()
    assert b_item.status == FeedbackStatus.NEW
    assert not ModelLogEntry.objects.filter(object_id=str(b_item.pk)).exists()


def test_partner_cannot_find_another_organisations_suggestion_through_the_chooser_or_bulk_delete(
    client, two_suggestions, partner_a
):
    a_item, b_item = two_suggestions
    client.force_login(partner_a)

    chooser = client.get(reverse("wagtailsnippetchoosers_directory_listingfeedback:choose"))
    assert chooser.status_code == 200
    assert "Beta Youth Club" not in text(chooser)
    assert "Alpha Stay and Play" in text(chooser)
    chosen = client.get(reverse("wagtailsnippetchoosers_directory_listingfeedback:chosen", args=[b_item.pk]))
    assert chosen.status_code == 404

    bulk = reverse("wagtail_bulk_action", args=("directory", "listingfeedback", "delete"))
    assert client.get(f"{bulk}?id={b_item.pk}").status_code == 404
    everything = client.get(f"{bulk}?id=all")
    assert "Beta Youth Club" not in text(everything)
    client.post(f"{bulk}?id={b_item.pk}")
    assert ListingFeedback.objects.filter(pk=b_item.pk).exists()


def test_partner_sees_the_suggestion_as_text_and_can_change_only_its_status(
    client, service_a, service_b, partner_a
):
    item = ListingFeedback.objects.create(
        service=service_a,
        reason="other",
        details=clean_details("<script>alert(1)</script> & <b>new</b> times"),
    )
    client.force_login(partner_a)

    page = client.get(admin_url("edit", item.pk))
    assert page.status_code == 200
    html = text(page)
    assert "alert(1) &amp; new times" in html
    assert "<script>alert(1)" not in html

    fix = service_a.save_revision()
    response = client.post(
        admin_url("edit", item.pk),
        {
            "status": "done",
            "fixed_revision": fix.pk,
            "details": "rewritten",
            "reason": "closed",
            "service": service_b.pk,
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == FeedbackStatus.DONE
    assert (item.details, item.reason, item.service_id) == ("alert(1) & new times", "other", service_a.pk)


def test_status_changes_are_in_the_audit_log(client, two_suggestions, partner_a, moderator):
    a_item, b_item = two_suggestions
    client.force_login(partner_a)
    client.post(admin_url("edit", a_item.pk), {"status": "dismissed", "answer": "We open at ten already."})
    client.force_login(moderator)
    fix = b_item.service.save_revision()
    client.post(admin_url("edit", b_item.pk), {"status": "done", "fixed_revision": fix.pk})

    entries = ModelLogEntry.objects.filter(action=STATUS_LOG_ACTION).order_by("pk")
    assert [(entry.object_id, entry.user_id, entry.data) for entry in entries] == [
        (str(a_item.pk), partner_a.pk, {"from": "new", "to": "dismissed"}),
        (str(b_item.pk), moderator.pk, {"from": "new", "to": "done"}),
    ]
    assert "details" not in json.dumps([entry.data for entry in entries])

    history = client.get(admin_url("history", b_item.pk))
    assert "Status changed from New to Fixed" in text(history)


def test_partners_cannot_delete_and_no_one_adds_suggestions_in_the_admin(
    client, two_suggestions, partner_a, moderator, django_user_model
):
    a_item, _ = two_suggestions
    client.force_login(partner_a)
    assert_refused(client.post(admin_url("delete", a_item.pk)))
    assert ListingFeedback.objects.filter(pk=a_item.pk).exists()
    assert_refused(client.get(admin_url("add")))

    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "password"))
    assert_refused(client.get(admin_url("add")))

    client.force_login(moderator)
    assert client.post(admin_url("delete", a_item.pk)).status_code == 302
    assert not ListingFeedback.objects.filter(pk=a_item.pk).exists()


def test_the_real_groups_need_no_extra_permission(client, site_tree, service_a, service_b, django_user_model):
    """With the groups `setup_roles` creates, membership alone decides what a partner sees."""
    from directory.roles import PARTNER_EDITORS, STRATEGY_TEAM, setup_roles

    groups = setup_roles(site_tree)
    a_item = ListingFeedback.objects.create(service=service_a, reason="times")
    b_item = ListingFeedback.objects.create(service=service_b, reason="closed")
    partner = django_user_model.objects.create_user("partner", "partner@example.org", "password")
    partner.groups.add(groups[PARTNER_EDITORS])
    OrganisationMembership.objects.create(user=partner, organisation=service_a.organisation)
    moderator = django_user_model.objects.create_user("mod", "mod@example.org", "password")
    moderator.groups.add(groups[MODERATORS])
    strategist = django_user_model.objects.create_user("strategy", "strategy@example.org", "password")
    strategist.groups.add(groups[STRATEGY_TEAM])

    client.force_login(partner)
    assert client.get(admin_url("edit", a_item.pk)).status_code == 200
    assert client.get(admin_url("edit", b_item.pk)).status_code == 404
    client.force_login(moderator)
    assert client.get(admin_url("edit", b_item.pk)).status_code == 200
    client.force_login(strategist)
    assert_refused(client.get(admin_url("list")))
    assert client.get(admin_url("edit", a_item.pk)).status_code == 404


def assert_refused(response):
    """Wagtail answers a refused admin action by sending the user to the dashboard with a message."""
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")


def _request_from(ip):
    from django.test import RequestFactory

    return RequestFactory().get("/", REMOTE_ADDR=ip)
