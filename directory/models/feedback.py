"""Suggest a change: what families and professionals tell us is wrong with a listing.

A suggestion holds no personal data: no name, no contact details, no IP address (the rate limit
keys a salted hash in the cache, never the database). Who may see it is `for_user`: moderators see
every suggestion, partner editors only those about their own organisations' services.
"""

import datetime

from django.db import models
from django.utils import timezone

from .partners import organisations_of


class FeedbackReason(models.TextChoices):
    CLOSED = "closed", "Closed"
    CONTACT = "contact", "Wrong contact details"
    TIMES = "times", "Wrong times"
    PLACE = "place", "Wrong place"
    OTHER = "other", "Something else"


class FeedbackStatus(models.TextChoices):
    """A suggestion is answered when the partner (or a moderator) marks it Fixed, naming the
    revision of the listing that fixed it, or Not a change, saying why."""

    NEW = "new", "New"
    DONE = "done", "Fixed"
    DISMISSED = "dismissed", "Not a change"


DETAILS_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 1000
# Moderators chase suggestions nobody has answered after this long.
UNANSWERED_AFTER = datetime.timedelta(days=14)


def is_feedback_moderator(user) -> bool:
    """Superusers and members of the directory moderators group (see `directory.roles`)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_directory_moderator", None)
    if cached is None:
        from ..roles import MODERATORS

        cached = user.groups.filter(name=MODERATORS).exists()
        user._is_directory_moderator = cached
    return cached


def is_feedback_partner(user) -> bool:
    """Active users who edit for at least one organisation."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cached = getattr(user, "_has_organisation_membership", None)
    if cached is None:
        cached = organisations_of(user).exists()
        user._has_organisation_membership = cached
    return cached


class ListingFeedbackQuerySet(models.QuerySet):
    def for_user(self, user):
        """Every suggestion for moderators and superusers; for partner editors, those about their
        own organisations' services; nothing for anyone else (including inactive users)."""
        if is_feedback_moderator(user):
            return self.all()
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(service__organisation__in=organisations_of(user))

    def new(self):
        return self.filter(status=FeedbackStatus.NEW)

    def unanswered_too_long(self, now: datetime.datetime | None = None):
        """Still new more than `UNANSWERED_AFTER` (14 days) after it was received."""
        return self.new().filter(created_at__lt=(now or timezone.now()) - UNANSWERED_AFTER)


class ListingFeedback(models.Model):
    """One suggested change to one service listing."""

    service = models.ForeignKey(
        "directory.ServicePage",
        on_delete=models.CASCADE,
        related_name="suggested_changes",
        verbose_name="listing",
    )
    reason = models.CharField("what is wrong", max_length=20, choices=FeedbackReason.choices)
    details = models.TextField(
        blank=True,
        help_text="What the person told us, as plain text (any HTML is removed when it is sent).",
    )
    status = models.CharField(
        max_length=10,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.NEW,
        help_text=(
            "Mark it Fixed once the update that fixes the listing is saved, or Not a change if the "
            "listing was already right."
        ),
    )
    fixed_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="fixed in",
        help_text="The saved version of the listing that makes the change.",
    )
    answer = models.TextField(
        "why it is not a change",
        blank=True,
        max_length=ANSWER_MAX_LENGTH,
        help_text="For the moderators: why the listing is right as it is.",
    )
    answered_at = models.DateTimeField("answered", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("received", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ListingFeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "suggested change"
        verbose_name_plural = "suggested changes"
        indexes = [models.Index(fields=["status", "created_at"], name="feedback_status_created")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.service.title}"
