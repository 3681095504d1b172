"""The registry's version in a one-row table (dialogue/registry_version.py), read by every
cached API read: moved out of the default cache, where on the default install (the database
cache) a read created it when it was missing, and where a cull could drop it.

The row is made here, so that no read ever has to make it. Reversible: going back drops the
table (the version is then kept in the cache again by the code of that time)."""

import uuid

import dialogue.validators
from django.db import migrations, models


def create_the_row(apps, schema_editor):
    RegistryVersion = apps.get_model("dialogue", "RegistryVersion")
    RegistryVersion.objects.using(schema_editor.connection.alias).create(
        pk=1, token=uuid.uuid4().hex
    )


class Migration(migrations.Migration):

    dependencies = [
        ("dialogue", "0018_round_scheduled_end"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegistryVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.CharField(
                        help_text="A random token, replaced after each write that commits.",
                        max_length=32,
                        validators=[dialogue.validators.validate_one_line],
                    ),
                ),
            ],
            options={
                "default_permissions": (),
            },
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
