"""Stored search vectors on PostgreSQL: one search is one query, whatever the number of words.

Each searchable field set (dialogue.search's parts) gets a stored generated column
`search_<digest>` holding its `to_tsvector('english', …)`, with a GIN index in place of the
expression index of migrations 0006 and 0010 (same name). A search reads the vectors of the
rows that hold any of its words and checks the whole query against each record's vectors
together, with the aggregate `dialogue_tsvector_agg` (`||` over rows) created here.

SQLite searches by substring and gets nothing. Reversible: the columns and the aggregate go,
the expression indexes come back.
"""

import hashlib

from django.db import migrations

from dialogue.search import search_index

CONFIG = "english"
# Model name → the field sets searched, as of this migration (dialogue.search checks it).
VECTORS = {
    "round": [("name", "summary", "outcomes", "venue")],
    "mechanism": [("name", "short_name"), ("name", "short_name", "slug", "description", "basis")],
    "place": [("name",)],
    "person": [("name",)],
    "personname": [("name",)],
    "topic": [("name",)],
    "mechanismname": [("name",)],
    "document": [("title", "description")],
    "indicator": [("name", "note", "value_as_stated")],
    "citation": [("quote",)],
}


def digest(fields: tuple[str, ...]) -> str:
    return hashlib.sha1(",".join(fields).encode()).hexdigest()[:6]


def column(fields: tuple[str, ...]) -> str:
    return f"search_{digest(fields)}"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for model_name, field_sets in VECTORS.items():
        model = apps.get_model("dialogue", model_name)
        table = quote(model._meta.db_table)
        for fields in field_sets:
            schema_editor.remove_index(model, search_index(model_name, fields))
            text = " || ' ' || ".join(
                f"coalesce({quote(model._meta.get_field(name).column)}, '')" for name in fields
            )
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN {quote(column(fields))} tsvector "
                f"GENERATED ALWAYS AS (to_tsvector('{CONFIG}'::regconfig, {text})) STORED"
            )
            index = search_index(model_name, fields).name
            schema_editor.execute(
                f"CREATE INDEX {quote(index)} ON {table} USING gin ({quote(column(fields))})"
            )
    schema_editor.execute(
        "CREATE AGGREGATE dialogue_tsvector_agg(tsvector) "
        "(SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')"
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    schema_editor.execute("DROP AGGREGATE dialogue_tsvector_agg(tsvector)")
    for model_name, field_sets in VECTORS.items():
        model = apps.get_model("dialogue", model_name)
        table = quote(model._meta.db_table)
        for fields in field_sets:
            # The column's index goes with it.
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {quote(column(fields))}")
            schema_editor.add_index(model, search_index(model_name, fields))


class Migration(migrations.Migration):
    dependencies = [("dialogue", "0012_drafts")]

    operations = [migrations.RunPython(forward, backward)]
