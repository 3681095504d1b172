"""GIN indexes for word search on PostgreSQL (SQLite searches by substring and needs none).

Each index is built on the expression that dialogue.search filters by; a test checks that the
field sets here are the ones the searches use.
"""

from django.db import migrations

from dialogue.search import search_index

INDEXED = {
    "round": [("name", "summary", "outcomes", "venue")],
    "mechanism": [("name", "short_name"), ("name", "short_name", "slug", "description", "basis")],
    "place": [("name",)],
    "person": [("name",)],
    "personname": [("name",)],
    "topic": [("name",)],
    "roundcitation": [("quote",)],
    "mechanismname": [("name",)],
    "mechanismcitation": [("quote",)],
    "document": [("title", "description")],
    "documentcitation": [("quote",)],
    "indicator": [("name", "note", "value_as_stated")],
    "indicatorcitation": [("quote",)],
}


def change_indexes(apps, schema_editor, *, add: bool):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, field_sets in INDEXED.items():
        model = apps.get_model("dialogue", model_name)
        for fields in field_sets:
            index = search_index(model_name, fields)
            (schema_editor.add_index if add else schema_editor.remove_index)(model, index)


def add_indexes(apps, schema_editor):
    change_indexes(apps, schema_editor, add=True)


def remove_indexes(apps, schema_editor):
    change_indexes(apps, schema_editor, add=False)


class Migration(migrations.Migration):
    dependencies = [("dialogue", "0005_role_groups")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
