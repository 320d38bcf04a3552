# The "county" served area is every district of the configured area (directory/area.py), which may
# be a London borough or a unitary council; the service form names it from the area file.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_families_words")]

    operations = [
        migrations.AlterField(
            model_name="servicepage",
            name="served_area",
            field=models.CharField(
                choices=[
                    ("districts", "Particular districts"),
                    ("county", "The whole area"),
                    ("national", "The whole country"),
                ],
                default="districts",
                max_length=10,
            ),
        ),
    ]
