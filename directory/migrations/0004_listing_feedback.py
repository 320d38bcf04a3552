# "Suggest a change": suggestions about a listing, with no personal data (no IP address, no
# contact details).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_organisation_membership"),
    ]

    operations = [
        migrations.CreateModel(
            name="ListingFeedback",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("closed", "Closed"),
                            ("contact", "Wrong contact details"),
                            ("times", "Wrong times"),
                            ("place", "Wrong place"),
                            ("other", "Something else"),
                        ],
                        max_length=20,
                        verbose_name="what is wrong",
                    ),
                ),
                (
                    "details",
                    models.TextField(
                        blank=True,
                        help_text="What the person told us, as plain text (any HTML is removed when it is sent).",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("new", "New"), ("done", "Done"), ("dismissed", "Dismissed")],
                        default="new",
                        help_text="Mark it done once the listing is right, or dismissed if nothing needs to change.",
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="received")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="suggested_changes",
                        to="directory.servicepage",
                        verbose_name="listing",
                    ),
                ),
            ],
            options={
                "verbose_name": "suggested change",
                "verbose_name_plural": "suggested changes",
                "ordering": ["-created_at", "-pk"],
                "indexes": [models.Index(fields=["status", "created_at"], name="feedback_status_created")],
            },
        ),
    ]
