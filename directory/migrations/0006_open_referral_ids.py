"""Open Referral UK ids: a stable UUID for every organisation, service and venue, and where an
imported service came from.

A callable default in `AddField` is evaluated once, so every existing row would get the same
UUID and the unique index would fail. Instead: add the column nullable, give each existing row
its own UUID, then make it unique and not null.
"""

import uuid

from django.db import migrations, models

MODELS = ("organisationpage", "servicepage", "servicelocation")


def backfill_ids(apps, schema_editor):
    for model_name in MODELS:
        model = apps.get_model("directory", model_name)
        rows = list(model.objects.filter(oruk_id__isnull=True).only("pk"))
        for row in rows:
            row.oruk_id = uuid.uuid4()
        model.objects.bulk_update(rows, ["oruk_id"], batch_size=500)


def uuid_field(**kwargs):
    return models.UUIDField(verbose_name="Open Referral id", editable=False, **kwargs)


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_merge_review_cycle_and_feedback")]

    operations = [
        *(
            migrations.AddField(model_name=name, name="oruk_id", field=uuid_field(null=True))
            for name in MODELS
        ),
        migrations.RunPython(backfill_ids, migrations.RunPython.noop, elidable=True),
        *(
            migrations.AlterField(
                model_name=name, name="oruk_id", field=uuid_field(default=uuid.uuid4, unique=True)
            )
            for name in MODELS
        ),
        migrations.AddField(
            model_name="servicepage",
            name="source_id",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=255, default=""),
            preserve_default=False,
        ),
    ]
