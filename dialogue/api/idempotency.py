"""`Idempotency-Key` on the API's writes that create or act (POST): a client that got no answer
(a timeout, a worker killed, a dropped connection) sends the same request again with the same
key and gets the first answer, with nothing written twice.

The answer is stored in the transaction of the write it answers, so both are kept or neither:
after a write that was rolled back, the retry writes. A key is its user's own and is kept for
`IDEMPOTENCY_KEY_HOURS`; a key sent again with another request is refused (422), and a retry
that arrives while the first is still being written waits for it or is refused (409), never
written twice. (Updates and deletes need no key: `If-Match` already refuses a second one.)"""

import datetime
import functools
import hashlib
import json
import re
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.response import Response

from ..models import IdempotentRequest

KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# Visible ASCII, as a header's value can carry it; a UUID is what clients usually send.
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")
# The headers of an answer a retry gets again, beside its status and body.
KEPT_HEADERS = ("Location", "ETag")

KEY_PARAMETER = OpenApiParameter(
    KEY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A key of your choosing (a UUID; 1–255 visible ASCII characters), unique to "
    "this request. Send the request again with the same key and body when you got no answer: "
    "if the first was written, you get its answer (with `Idempotent-Replayed: true`) and "
    "nothing is written again. Keys are kept for a day and are yours alone; a key sent with "
    "another request is a 422.",
)
REPLAYED_PARAMETER = OpenApiParameter(
    REPLAYED_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    enum=["true"],
    description="Present when this is the stored answer of an earlier request with the same "
    "`Idempotency-Key`: nothing was written this time.",
)


class KeyReused(exceptions.APIException):
    """422: the key answered another request."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = (
        f"This {KEY_HEADER} was sent with another request (another method, address or body); "
        "nothing was written. Use a new key for a new request."
    )
    default_code = "idempotency_key_reused"


class KeyInUse(exceptions.APIException):
    """409: a request with the same key was answered while this one was being written."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = (
        f"A request with this {KEY_HEADER} was answered while this one was being written; this "
        "one wrote nothing. Send it again to get that answer."
    )
    default_code = "idempotency_key_in_use"


def fingerprint(request) -> str:
    """The request as a key answers it: its method, path and body (read as data, so the same
    JSON written with other spacing is the same request)."""
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def idempotent(view: Callable) -> Callable:
    """A view method that answers a retry of a request it answered with that answer."""

    @functools.wraps(view)
    def answer(self, request, *args, **kwargs):
        key = request.headers.get(KEY_HEADER)
        if key is None:
            return view(self, request, *args, **kwargs)
        if not KEY_PATTERN.fullmatch(key):
            raise exceptions.ValidationError(
                {KEY_HEADER: ["1 to 255 visible ASCII characters, such as a UUID."]}
            )
        sent = fingerprint(request)
        now = timezone.now()
        with transaction.atomic():
            kept = (
                IdempotentRequest.objects.select_for_update()
                .filter(user=request.user, key=key, created__gte=now - kept_for())
                .first()
            )
            if kept is not None:
                if kept.fingerprint != sent:
                    raise KeyReused()
                return Response(kept.body, status=kept.status, headers=replayed(kept.headers))
            response = view(self, request, *args, **kwargs)
            if status.is_success(response.status_code):
                keep(request, key, sent, response, now)
            return response

    answer.idempotent = True  # type: ignore[attr-defined]  # read by the schema
    return answer


def keep(request, key: str, sent: str, response: Response, now: datetime.datetime) -> None:
    """Store the answer in the write's transaction; drop the keys that have expired."""
    IdempotentRequest.objects.filter(created__lt=now - kept_for()).delete()
    try:
        with transaction.atomic():
            IdempotentRequest.objects.create(
                user=request.user,
                key=key,
                fingerprint=sent,
                status=response.status_code,
                headers={name: response[name] for name in KEPT_HEADERS if name in response},
                body=json.loads(json.dumps(response.data, default=str)),
                created=now,
            )
    except IntegrityError as error:  # another request with the key was stored meanwhile
        raise KeyInUse() from error


def replayed(headers: dict[str, str]) -> dict[str, str]:
    return {**headers, REPLAYED_HEADER: "true"}


def kept_for() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
