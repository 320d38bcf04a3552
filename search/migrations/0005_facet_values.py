"""The filter columns become one `facet_values` mapping by document field (`directory.facets`).

The codes of the existing documents are carried over, so filters keep working until the next
`rebuild_search_index` writes every document afresh (which a new filter needs anyway)."""

from django.db import migrations, models

PREGNANCY, MAX_AGE = -1, 25
SPLIT_COLUMNS = ("themes", "levels", "access_routes", "modes", "when", "languages")


def carry_over(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    for document in SearchDocument.objects.iterator():
        values = {column: sorted(getattr(document, column).split()) for column in SPLIT_COLUMNS}
        values["kind"] = [document.kind]
        values["free"] = ["1"] if document.cost == "free" else []
        values["ages"] = [
            "pregnancy" if age == PREGNANCY else str(age)
            for age in range(PREGNANCY, MAX_AGE + 1)
            if document.age_min <= age <= document.age_max
        ]
        document.facet_values = values
        document.save(update_fields=["facet_values"])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_ages_known"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="facet_values",
            field=models.JSONField(default=dict),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]
