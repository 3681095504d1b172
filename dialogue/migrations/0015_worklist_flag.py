"""`has_unsupported` on each record the provenance worklist lists, and an index of the records
where it is true, so a page of `?unsupported=1` is read off the index (issue 25).

The flag of the records already there is set from `provenance.unsupported_condition`, the one
rule, in one UPDATE a kind of record (dialogue.provenance.refresh_unsupported). That uses the
current models: run on a database migrated past later changes of their fields, it would name
columns not there yet, so it runs only where a kind of record has rows (a fresh database has
none). Reversible: going back drops the column and its index; setting the flag needs no undoing.
"""

from django.db import migrations, models


def flag():
    return models.BooleanField(
        default=True,
        editable=False,
        help_text="Whether a value of the record, or of a row it owns, is supported by no "
        "citation (the provenance worklist); set on every write.",
    )


def fill(apps, schema_editor):
    """Each existing record's flag, from its values and citations as they are."""
    from dialogue import provenance

    for model in provenance.RESOURCES.values():
        stored = apps.get_model(model._meta.label)
        if stored._default_manager.using(schema_editor.connection.alias).exists():
            provenance.refresh_unsupported(model)


class Migration(migrations.Migration):
    dependencies = [
        ("dialogue", "0014_round_mechanism_dates_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="has_unsupported",
            field=flag(),
        ),
        migrations.AddField(
            model_name="indicator",
            name="has_unsupported",
            field=flag(),
        ),
        migrations.AddField(
            model_name="mechanism",
            name="has_unsupported",
            field=flag(),
        ),
        migrations.AddField(
            model_name="organisation",
            name="has_unsupported",
            field=flag(),
        ),
        migrations.AddField(
            model_name="person",
            name="has_unsupported",
            field=flag(),
        ),
        migrations.AddField(
            model_name="place",
            name="has_unsupported",
            field=flag(),
        ),
        migrations.AddField(
            model_name="round",
            name="has_unsupported",
            field=flag(),
        ),
        migrations.AddField(
            model_name="topic",
            name="has_unsupported",
            field=flag(),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                condition=models.Q(("has_unsupported", True)),
                fields=["id"],
                name="document_unsupported",
            ),
        ),
        migrations.AddIndex(
            model_name="indicator",
            index=models.Index(
                condition=models.Q(("has_unsupported", True)),
                fields=["id"],
                name="indicator_unsupported",
            ),
        ),
        migrations.AddIndex(
            model_name="mechanism",
            index=models.Index(
                condition=models.Q(("has_unsupported", True)),
                fields=["id"],
                name="mechanism_unsupported",
            ),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(
                condition=models.Q(("has_unsupported", True)),
                fields=["id"],
                name="organisation_unsupported",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("has_unsupported", True)),
                fields=["id"],
                name="person_unsupported",
            ),
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                condition=models.Q(("has_unsupported", True)),
                fields=["id"],
                name="place_unsupported",
            ),
        ),
        migrations.AddIndex(
            model_name="round",
            index=models.Index(
                condition=models.Q(("has_unsupported", True)),
                fields=["id"],
                name="round_unsupported",
            ),
        ),
        migrations.AddIndex(
            model_name="topic",
            index=models.Index(
                condition=models.Q(("has_unsupported", True)),
                fields=["id"],
                name="topic_unsupported",
            ),
        ),
    ]
