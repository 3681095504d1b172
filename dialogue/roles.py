"""The two roles of the registry's users, as Django groups with model permissions."""

ANALYSTS = "analysts"
READERS = "readers"
ANALYST_ACTIONS = ("add", "change", "delete", "view")
READER_ACTIONS = ("view",)


def sync_role_groups(apps) -> None:
    """Give `analysts` every permission on the registry's models and `readers` view only.

    Run by data migrations (with the historical `apps`), so a fresh database has both groups
    and a migration that adds a model can grant its permissions too.
    """
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # History is written by the registry itself, never edited by hand.
    registry = Permission.objects.filter(content_type__app_label="dialogue").exclude(
        content_type__model__startswith="historical"
    )
    for name, actions in ((ANALYSTS, ANALYST_ACTIONS), (READERS, READER_ACTIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [perm for perm in registry if perm.codename.split("_", 1)[0] in actions]
        group.permissions.set(wanted)
