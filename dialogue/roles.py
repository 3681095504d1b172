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
    for name, permissions in role_permissions(apps).items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def role_permissions(apps) -> dict[str, list]:
    """The permissions each role holds: analysts every action on the registry's models (those
    of `apps`, not the permissions left behind by models since removed), readers view only;
    history is written by the registry itself, never edited by hand."""
    Permission = apps.get_model("auth", "Permission")
    models = [
        model._meta.model_name
        for model in apps.get_app_config("dialogue").get_models()
        if not model._meta.model_name.startswith("historical")
    ]
    registry = list(
        Permission.objects.filter(
            content_type__app_label="dialogue", content_type__model__in=models
        )
    )
    return {
        name: [perm for perm in registry if perm.codename.split("_", 1)[0] in actions]
        for name, actions in ((ANALYSTS, ANALYST_ACTIONS), (READERS, READER_ACTIONS))
    }
