"""OpenAPI generation: every operation declares the errors it can answer with."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemSerializer(serializers.Serializer):
    """An error, as RFC 9457 problem details."""

    type = serializers.CharField(help_text="A URI naming the kind of problem; `about:blank`.")
    title = serializers.CharField(help_text="The HTTP status's phrase, such as `Bad Request`.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong, for a person to read.")
    instance = serializers.CharField(help_text="The path of the request that failed.")
    # A declared field named like Serializer.errors: DRF keeps them apart at run time.
    errors = serializers.JSONField(  # type: ignore[assignment]
        required=False,
        help_text="Validation errors only: the messages by field name; a nested list gives its "
        "items' errors by position (`{}` for a valid item).",
    )


ERRORS = {
    "400": "Invalid input or query parameter; `errors` names each field.",
    "401": "Writing needs credentials: `Authorization: Token <key>` or a session.",
    "403": "The user lacks the permission for this change.",
    "404": "No such record.",
    "409": "Other records still refer to this one, or the change conflicts with stored data.",
    "412": "`If-Match` names a version of the record that is no longer current.",
    "413": "The request body is larger than 1 MiB.",
    "415": "The request body is not JSON (or form data).",
    "429": "Too many requests; retry after the seconds in the `Retry-After` header.",
}
READ = ("400", "404", "429")
WRITE = ("400", "401", "403", "404", "409", "412", "413", "415", "429")
CREATE = ("400", "401", "403", "409", "413", "415", "429")
DELETE = ("401", "403", "404", "409", "412", "429")


class RegistryAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the problem responses each kind of operation can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if getattr(self.view, "action", None) == "retrieve":
            responses["304"] = {
                "description": "Not modified: `If-None-Match` names the current version (ETag)."
            }
        for code in self.error_codes():
            responses.setdefault(
                code,
                {
                    **self._get_response_for_code(
                        ProblemSerializer, code, media_types=[PROBLEM_MEDIA_TYPE]
                    ),
                    "description": ERRORS[code],
                },
            )
        return responses

    def error_codes(self) -> tuple[str, ...]:
        if self.method in ("GET", "HEAD"):
            return READ
        if self.method == "DELETE":
            return DELETE
        if self._is_create_operation():
            return CREATE
        return WRITE
