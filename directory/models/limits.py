"""What a partner or an import may put in a listing's text: the rich text features and the bounds.

Every text field a partner or an import can fill has a bound (issue 13: one listing with an
unbounded word took the site down). Descriptions are measured as stored (HTML); the importer
uses the same limits (openreferral.import_data.TEXT_LIMITS).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from wagtail.models import Page

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]

MAX_DESCRIPTION_LENGTH = 10_000
MAX_ELIGIBILITY_LENGTH = 5_000
MAX_HOW_TO_LENGTH = 2_000
MAX_ADDRESS_LENGTH = 500
MAX_VENUE_DESCRIPTION_LENGTH = 1000
# A service's notice ("Closed over Christmas"), accreditations and funding sources: short by nature.
MAX_ALERT_LENGTH = 500
MAX_ACCREDITATIONS_LENGTH = 500
MAX_FUNDING_LENGTH = 1000
# Wagtail's own Page.search_description (the Promote tab, which partners can edit) is unbounded; it
# becomes the page's meta description, which search engines cut at about 160 characters.
MAX_SEARCH_DESCRIPTION_LENGTH = 320


def search_description_errors(page: Page) -> dict[str, list[str]]:
    """An over-long meta description, as a message on its own field (the same wording as every bound)."""
    try:
        MaxLengthValidator(MAX_SEARCH_DESCRIPTION_LENGTH)(page.search_description or "")
    except ValidationError as error:
        return {"search_description": error.messages}
    return {}
