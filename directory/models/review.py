"""The review cycle's record of reminders sent, which makes `send_review_reminders` idempotent."""

from django.db import models
from django.utils import timezone

from ..review import ReminderStage


class ReviewReminder(models.Model):
    """One reminder stage sent for one listing's review date. A new review date (after "Still
    accurate" or an edit) starts a new cycle, because the date is part of what is unique."""

    service = models.ForeignKey(
        "directory.ServicePage", on_delete=models.CASCADE, related_name="review_reminders"
    )
    stage = models.CharField(max_length=20, choices=ReminderStage.choices)
    review_date = models.DateField(help_text="The listing's next review date when the reminder was sent.")
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.TextField(blank=True, help_text="The email addresses it went to, comma-separated.")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "stage", "review_date"],
                name="one_reminder_per_service_stage_and_review_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} reminder for service {self.service_id} ({self.review_date})"
