from django.apps import AppConfig


class DialogueConfig(AppConfig):
    """The Dialogue Registry: mechanisms of bilateral dialogue, their rounds and sources."""

    name = "dialogue"
    verbose_name = "Dialogue Registry"
    default_auto_field = "django.db.models.BigAutoField"
