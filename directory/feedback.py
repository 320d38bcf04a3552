"""Suggest a change: the rules behind the public form and the admin listing.

- `clean_details`: what someone typed, as plain text (HTML removed, control characters dropped).
- `RateLimit`: at most `RATE_LIMIT` accepted suggestions an hour from one address. The address is
  turned into a keyed hash (HMAC-SHA256 with the secret key) and only that hash is used, as a key in
  Django's cache that expires after the hour; no address, or hash of one, is ever stored in the
  database. The cache must be shared between processes in production for the limit to be exact.
- `HONEYPOT_FIELD`: a field people never see; anything in it means a bot, which is thanked and
  ignored.
- `record_suggestion` stores a suggestion and emails the people who keep the listing up to date:
  the owning organisation's partner editors, or the moderators if it has none.
- `ListingFeedbackPermissionPolicy`: who may see and change suggestions in the admin.

Families may be in an unsafe home: nothing here asks for, stores or logs personal data, and the
text of a suggestion is never written to a log.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.crypto import salted_hmac
from django.utils.html import strip_tags

from wagtail.permission_policies.base import BasePermissionPolicy

from config.ratelimit import Counter, client_address

from .models.feedback import (
    DETAILS_MAX_LENGTH,
    FeedbackReason,
    ListingFeedback,
    is_feedback_moderator,
    is_feedback_partner,
)
from .models.partners import editors_of

logger = logging.getLogger(__name__)

RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60
RATE_LIMIT_MESSAGE = "You've sent a lot of suggestions in the last hour. Please try again later."

HONEYPOT_FIELD = "website"

# Far longer than any real suggestion: refused before any further processing.
RAW_DETAILS_LIMIT = DETAILS_MAX_LENGTH * 10

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


# --------------------------------------------------------------------------- the text


def clean_details(value: str) -> str:
    """Plain text from whatever was typed or pasted: tags removed, control characters dropped,
    line endings normalised, runs of blank lines shortened, surrounding space trimmed."""
    text = _CONTROL_CHARACTERS.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    try:
        text = strip_tags(text)
    except SuspiciousOperation:
        # Deeply nested or unclosed "tags" that Django declines to parse: no markup survives
        # once the angle brackets are gone.
        text = text.replace("<", "").replace(">", "")
    return _BLANK_LINES.sub("\n\n", text).strip()


_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# UK mobile numbers (07…, +44 7…, 0044 7…) with any spacing: a person's own number, almost always.
# Landlines and freephone numbers stay: "the new phone number is 01772 123456" is the point.
_MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)\s*44\s*\(?0?\)?\s*|0)7(?:[\s\-.]*\d){9}(?!\d)")
EMAIL_REMOVED = "[email address removed]"
PHONE_REMOVED = "[mobile number removed]"


def mask_contact_details(text: str) -> str:
    """The suggestion without the visitor's own contact details: e-mail addresses and mobile
    numbers are replaced before anything is stored or sent (the form asks people not to include
    them; some will anyway, and a partner's inbox is no place for them)."""
    return _MOBILE.sub(PHONE_REMOVED, _EMAIL.sub(EMAIL_REMOVED, text))


# --------------------------------------------------------------------------- the rate limit


def hashed_client(request) -> str:
    """A keyed hash of the client's address: the same address always gives the same value, but the
    address cannot be recovered without the secret key."""
    return salted_hmac(
        "directory.feedback.rate-limit", client_address(request), algorithm="sha256"
    ).hexdigest()


@dataclass(frozen=True)
class RateLimit:
    """Accepted suggestions from one (hashed) address in the current hour."""

    key: str
    limit: int = RATE_LIMIT
    window: int = RATE_WINDOW_SECONDS

    @classmethod
    def for_request(cls, request) -> RateLimit:
        return cls(key=f"directory:feedback-rate:{hashed_client(request)}")

    @property
    def _counter(self) -> Counter:
        return Counter(self.key, self.window, "The suggestion rate limit")

    def count(self) -> int:
        return self._counter.count()

    def exceeded(self) -> bool:
        return self.count() >= self.limit

    def take(self) -> bool:
        """Count one suggestion about to be stored, atomically, before storing it; False when it
        is over the limit (then it must not be stored). The hour runs from the first one."""
        return self._counter.hit() <= self.limit


# --------------------------------------------------------------------------- storing and telling


def admin_edit_url(feedback: ListingFeedback) -> str:
    """The admin page where the suggestion is marked done or dismissed, as an absolute URL."""
    try:
        path = reverse("wagtailsnippets_directory_listingfeedback:edit", args=[feedback.pk])
    except NoReverseMatch:  # the admin viewset is not registered (should not happen)
        path = "/admin/"
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def recipients_for(feedback: ListingFeedback) -> list[str]:
    """Email addresses of the owning organisation's partner editors; the moderators' if it has
    none (or the service has no organisation)."""
    from .roles import moderators

    organisation = feedback.service.organisation
    editors = editors_of(organisation) if organisation is not None else get_user_model().objects.none()
    addresses = _addresses(editors)
    return addresses or _addresses(moderators())


def _addresses(users) -> list[str]:
    return sorted(
        {email.strip() for email in users.values_list("email", flat=True) if email and email.strip()}
    )


def notify(feedback: ListingFeedback, request=None) -> int:
    """Email each recipient separately (so no one sees another's address). Returns how many were
    sent. A mail failure is logged (without the text) and never reaches the person who wrote in."""
    addresses = recipients_for(feedback)
    if not addresses:
        logger.warning(
            "Suggested change %s: no partner editor or moderator has an email address", feedback.pk
        )
        return 0
    service = feedback.service
    context = {
        "feedback": feedback,
        "service": service,
        "organisation": service.organisation,
        "reason": feedback.get_reason_display(),
        "listing_url": service.get_full_url(request) or service.url or "",
        "admin_url": admin_edit_url(feedback),
    }
    subject = " ".join(render_to_string("directory/feedback/email_subject.txt", context).split())
    body = render_to_string("directory/feedback/email.txt", context)
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in addresses]
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:
        logger.exception("Suggested change %s: the notification email could not be sent", feedback.pk)
        return 0


def record_suggestion(service, *, reason: str, details: str, request=None) -> ListingFeedback:
    """Store a suggestion about a live service and tell the people who keep it up to date."""
    feedback = ListingFeedback.objects.create(
        service=service, reason=FeedbackReason(reason), details=mask_contact_details(details)
    )
    notify(feedback, request)
    return feedback


# --------------------------------------------------------------------------- the admin


class ListingFeedbackPermissionPolicy(BasePermissionPolicy):
    """Who may do what with suggestions in the admin, by role rather than by Django permission:

    - moderators (the directory moderators group) and superusers: view, change and delete any;
    - partner editors (anyone with an organisation membership): view and change (the status) of
      suggestions about their own organisations' services, and no others;
    - nobody adds one in the admin: suggestions only come from the public form.
    """

    MODERATOR_ACTIONS = frozenset({"view", "change", "delete"})
    PARTNER_ACTIONS = frozenset({"view", "change"})

    def _actions_for(self, user) -> frozenset[str]:
        if is_feedback_moderator(user):
            return self.MODERATOR_ACTIONS
        if is_feedback_partner(user):
            return self.PARTNER_ACTIONS
        return frozenset()

    def user_has_permission(self, user, action):
        return action in self._actions_for(user)

    def user_has_any_permission(self, user, actions):
        return bool(self._actions_for(user) & set(actions))

    def users_with_any_permission(self, actions):
        from django.db.models import Q

        from .roles import MODERATORS

        actions = set(actions)
        users = get_user_model().objects.filter(is_active=True)
        condition = Q(pk__in=[])
        if actions & self.MODERATOR_ACTIONS:
            condition |= Q(is_superuser=True) | Q(groups__name=MODERATORS)
        if actions & self.PARTNER_ACTIONS:
            condition |= Q(organisation_memberships__isnull=False)
        return users.filter(condition).distinct()

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and ListingFeedback.objects.for_user(user).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.user_has_any_permission(user, actions)
            and ListingFeedback.objects.for_user(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return ListingFeedback.objects.none()
        return ListingFeedback.objects.for_user(user)

    def users_with_any_permission_for_instance(self, actions, instance):
        from django.db.models import Q

        from .roles import MODERATORS

        actions = set(actions)
        users = get_user_model().objects.filter(is_active=True)
        condition = Q(pk__in=[])
        if actions & self.MODERATOR_ACTIONS:
            condition |= Q(is_superuser=True) | Q(groups__name=MODERATORS)
        organisation_id = instance.service.organisation_id
        if actions & self.PARTNER_ACTIONS and organisation_id is not None:
            condition |= Q(organisation_memberships__organisation_id=organisation_id)
        return users.filter(condition).distinct()
