from django.apps import AppConfig


class OpenReferralConfig(AppConfig):
    """Open Referral UK 3.0: the public API, import and export of listings."""

    name = "openreferral"
    verbose_name = "Open Referral UK"
    default_auto_field = "django.db.models.BigAutoField"
