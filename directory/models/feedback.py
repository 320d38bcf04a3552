"""Suggest a change: what families and professionals tell us is wrong with a listing.

A suggestion holds no personal data: no name, no contact details, no IP address (the rate limit
keys a salted hash in the cache, never the database). Who may see it is `for_user`: moderators see
every suggestion, partner editors only those about their own organisations' services.
"""

from django.db import models

from .partners import organisations_of


class FeedbackReason(models.TextChoices):
    CLOSED = "closed", "Closed"
    CONTACT = "contact", "Wrong contact details"
    TIMES = "times", "Wrong times"
    PLACE = "place", "Wrong place"
    OTHER = "other", "Something else"


class FeedbackStatus(models.TextChoices):
    NEW = "new", "New"
    DONE = "done", "Done"
    DISMISSED = "dismissed", "Dismissed"


DETAILS_MAX_LENGTH = 2000


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
        help_text="Mark it done once the listing is right, or dismissed if nothing needs to change.",
    )
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
