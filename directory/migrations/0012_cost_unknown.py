# A cost that was not given (an import without cost options) stays unknown: "Ask the service".

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("directory", "0011_served_area_whole_area_label")]

    operations = [
        migrations.AlterField(
            model_name="servicepage",
            name="cost",
            field=models.CharField(
                choices=[
                    ("free", "Free"),
                    ("paid", "There is a cost"),
                    ("varies", "Free for some, a cost for others"),
                    ("unknown", "Ask the service"),
                ],
                default="free",
                max_length=10,
            ),
        ),
    ]
