"""The shape of history: one version of a record, or of a row it owns."""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from ...audit import ANONYMOUS_USER
from ...history import VIA_ADMIN, VIA_API, VIA_IMPORT


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A participant removed through the API",
            value={
                "history_id": 412,
                "model": "participant",
                "object_id": "4",
                "history_date": "2026-12-07T18:02:11.402000Z",
                "history_user": ANONYMOUS_USER,
                "history_type": "-",
                "changed_fields": [],
                "summary": "removed participant Sergey Shoigu (Defence Minister)",
                "via": VIA_API,
            },
            response_only=True,
        ),
        OpenApiExample(
            "A round changed by accepting a draft",
            value={
                "history_id": 97,
                "model": "round",
                "object_id": "3",
                "history_date": "2026-12-07T17:40:00Z",
                "history_user": ANONYMOUS_USER,
                "history_type": "~",
                "changed_fields": ["status"],
                "summary": "changed round: status",
                "via": "Accepted from draft 7 of source 1 “Comment on the third round…”",
            },
            response_only=True,
        ),
    ]
)
class VersionSerializer(serializers.Serializer):
    """One version of a record or of a row it owns (a participant, a citation, another name):
    who made it, when, through what, and what it changed, in words."""

    history_id = serializers.IntegerField(help_text="The version's identifier.")
    model = serializers.CharField(
        help_text="The type of what changed, such as `round`; in a record's history, also the "
        "rows it owns: `participant`, `citation`, `placename`…"
    )
    object_id = serializers.CharField(
        help_text="The id of what changed (a country's code; a participant's id)."
    )
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
    summary = serializers.CharField(
        read_only=True,
        help_text="The change in words: “changed round: status”, “removed participant Sergey "
        "Shoigu (Defence Minister)”, “added citation of <source>: “quote…” for participant "
        "Sergey Lavrov (Foreign Minister)”.",
    )
    via = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=f"Through what the change was made: `{VIA_API}`, `{VIA_ADMIN}`, "
        f"`{VIA_IMPORT}`, or the draft accepted (“Accepted from draft 7 of source 1 "
        "“…””). Null for a command (the seed, a restore) or a change made before this was "
        "recorded.",
    )
