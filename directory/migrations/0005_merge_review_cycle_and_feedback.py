from django.db import migrations


class Migration(migrations.Migration):
    """The review cycle and "suggest a change" were built side by side; this joins them."""

    dependencies = [
        ("directory", "0004_listing_feedback"),
        ("directory", "0004_review_cycle"),
    ]

    operations = []
