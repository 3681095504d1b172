"""The shape of history: one version of a record."""

from rest_framework import serializers

from ..audit import ANONYMOUS_USER


class VersionSerializer(serializers.Serializer):
    """One version of a record: who made it, when, and what it changed."""

    history_id = serializers.IntegerField(help_text="The version's identifier.")
    model = serializers.CharField(help_text="The record's type, such as `round`.")
    object_id = serializers.CharField(help_text="The record's id (a country's code).")
    history_date = serializers.DateTimeField(help_text="When the change was made.")
    history_user = serializers.CharField(
        allow_null=True,
        help_text="Username of who made it, shown to signed-in users only: anonymous readers "
        f"see `{ANONYMOUS_USER}` (an analyst made it, not which one). Null for a script or the "
        "seed.",
    )
    history_type = serializers.ChoiceField(
        choices=[("+", "created"), ("~", "changed"), ("-", "deleted")],
        help_text="`+` created, `~` changed, `-` deleted.",
    )
    changed_fields = serializers.ListField(
        child=serializers.CharField(),
        help_text="Fields whose value this version changed (all of them for `+`).",
    )
