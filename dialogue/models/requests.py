"""Write requests the API has answered, kept so that a retry is answered without writing again."""

from django.conf import settings
from django.db import models

from ..validators import validate_one_line

__all__ = ("IdempotentRequest",)


class IdempotentRequest(models.Model):
    """A write request answered with success, kept by its `Idempotency-Key`: a retry with the
    same key and body gets the same answer, and nothing is written twice.

    Written in the transaction of the write it answers, so a worker killed mid-write leaves
    neither. Operational data: no permissions, not in backups; kept for
    `IDEMPOTENCY_KEY_HOURS` hours."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="idempotent_requests",
        help_text="Who sent the request: a key is theirs alone.",
    )
    key = models.CharField(
        max_length=255,
        validators=[validate_one_line],
        help_text="The request's `Idempotency-Key` header, as the client sent it.",
    )
    fingerprint = models.CharField(
        max_length=64,
        validators=[validate_one_line],
        help_text="SHA-256 of the method, the path and the body: a key sent again with another "
        "request is refused.",
    )
    status = models.PositiveSmallIntegerField(help_text="The answer's HTTP status.")
    headers = models.JSONField(
        default=dict, help_text="The answer's `Location` and `ETag` headers, when it had them."
    )
    body = models.JSONField(help_text="The answer's body, as the view gave it.")
    created = models.DateTimeField(help_text="When the request was answered.")

    class Meta:
        default_permissions = ()  # written by the API alone: nobody's to edit, no role's
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                name="idempotentrequest_user_key_unique",
                violation_error_message="A user's Idempotency-Key answers one request.",
            )
        ]
        indexes = [models.Index(fields=["created"], name="idempotentrequest_created")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
