"""The filter columns `0005_facet_values` carried over into `facet_values` (a migration of its own:
PostgreSQL will not alter a table with updates pending in the same transaction)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_facet_values"),
    ]

    operations = [
        migrations.RemoveField(model_name="searchdocument", name="themes"),
        migrations.RemoveField(model_name="searchdocument", name="levels"),
        migrations.RemoveField(model_name="searchdocument", name="access_routes"),
        migrations.RemoveField(model_name="searchdocument", name="modes"),
        migrations.RemoveField(model_name="searchdocument", name="when"),
        migrations.RemoveField(model_name="searchdocument", name="languages"),
    ]
