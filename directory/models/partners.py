"""Which partner organisation a user edits for. The basis of partner isolation, review reminders
and feedback routing."""

from django.conf import settings
from django.db import models


class OrganisationMembership(models.Model):
    """A user who keeps an organisation's listings up to date (a partner editor)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    organisation = models.ForeignKey(
        "directory.OrganisationPage", on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_user_and_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} edits for {self.organisation}"


def organisations_of(user):
    """The organisations a user edits for (none for anonymous users)."""
    from .organisations import OrganisationPage

    if not getattr(user, "is_authenticated", False):
        return OrganisationPage.objects.none()
    return OrganisationPage.objects.filter(memberships__user=user)


def editors_of(organisation):
    """Active users who edit for an organisation."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        organisation_memberships__organisation=organisation, is_active=True
    )
