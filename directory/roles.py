"""The people who keep the directory right, as Wagtail groups.

- Partner editors: edit and submit their own organisation's listings (see OrganisationMembership);
  never publish directly.
- Directory moderators: approve or reject any listing; manage themes, synonyms and organisations;
  create partner accounts.
- Strategy team: guidance and pathways.
- Administrators: Django superusers.
"""

PARTNER_EDITORS = "Partner editors"
MODERATORS = "Directory moderators"
STRATEGY_TEAM = "Strategy team"


def moderators():
    """Active users who moderate the directory (members of the moderators group, and superusers)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(Q(groups__name=MODERATORS) | Q(is_superuser=True), is_active=True)
        .distinct()
    )
