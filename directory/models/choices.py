"""The fixed choices a listing is described with: kinds of service, cost, area served, ways in, days.

Code, not data: the search facets (`directory.facets`), the Open Referral mapping and the guidance
pathways name these values. The vocabularies moderators manage are in `reference` and `taxonomy`.
"""

from django.db import models


class ServiceKind(models.TextChoices):
    UNIVERSAL = "universal", "Universal (open to everyone)"
    TARGETED = "targeted", "Targeted (for families with extra needs)"
    COMMISSIONED = "commissioned", "Commissioned (provided for the council by a partner)"
    SPECIALIST = "specialist", "Specialist (complex or statutory needs)"


class Cost(models.TextChoices):
    FREE = "free", "Free"
    PAID = "paid", "There is a cost"
    VARIES = "varies", "Free for some, a cost for others"
    # Not given (an import without cost options): never shown as free.
    UNKNOWN = "unknown", "Ask the service"


class ServedArea(models.TextChoices):
    DISTRICTS = "districts", "Particular districts"
    # Every district of the configured area; the service form names it ("The whole of Lancashire").
    COUNTY = "county", "The whole area"
    NATIONAL = "national", "The whole country"


class AccessRouteKind(models.TextChoices):
    SELF_REFERRAL = "self_referral", "Families can refer themselves"
    PROFESSIONAL_REFERRAL = "professional_referral", "Referral by a professional"
    EARLY_HELP_ASSESSMENT = "early_help_assessment", "Through an early help assessment"
    STATUTORY_REFERRAL = "statutory_referral", "Statutory referral (children's social care)"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class PhoneType(models.TextChoices):
    """Open Referral's (HSDS 3.0) kinds of phone number, in plain English."""

    VOICE = "voice", "Phone"
    CELL = "cell", "Mobile"
    TEXT = "text", "Text messages"
    TEXTPHONE = "textphone", "Textphone"
    VIDEO = "video", "Video call"
    FAX = "fax", "Fax"
    PAGER = "pager", "Pager"
