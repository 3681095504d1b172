"""Create the `analysts` and `readers` groups with their permissions."""

from django.db import migrations

from dialogue.roles import ANALYSTS, READERS, sync_role_groups


def add_role_groups(apps, schema_editor):
    sync_role_groups(apps)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[ANALYSTS, READERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dialogue", "0004_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(add_role_groups, remove_role_groups)
    ]
