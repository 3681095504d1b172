"""History: recent changes across the registry (each record's own versions are its viewset's
`history` action, in `base.py`)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from ... import audit, filtersets
from ...history import VIA_CHOICES
from ...models import Round
from .. import serializers
from ..cache import CachedReads
from ..pagination import RegistryPagination


class HistoryView(CachedReads, generics.GenericAPIView):
    """Recent changes across the registry."""

    serializer_class = serializers.VersionSerializer
    queryset = Round.objects.none()  # for the permission check: reading is public
    pagination_class = RegistryPagination
    filter_backends: list = []

    @extend_schema(
        summary="Recent changes",
        description="Every change to every record, newest first: type, id, user, time, `+` "
        "created / `~` changed / `-` deleted, and the fields changed. Usernames are shown to "
        f"signed-in users only; anonymous readers see `{audit.ANONYMOUS_USER}`.",
        parameters=[
            OpenApiParameter(
                "user",
                OpenApiTypes.STR,
                description="Only this user's changes. For signed-in users only: 400 for an "
                "anonymous request.",
            ),
            OpenApiParameter(
                "via",
                OpenApiTypes.STR,
                enum=list(VIA_CHOICES),
                description="Only changes made through the API, the admin, a spreadsheet "
                "import, a draft's acceptance (`draft`), or a command such as `seed` or "
                "`restore` (`command`).",
            ),
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                description="Only changes at or after this ISO 8601 date or time (UTC if no "
                "zone is given).",
            ),
        ],
        responses=serializers.VersionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        if refused := filtersets.limit_errors(params, ("user", "since", "via")):
            raise ValidationError(refused)
        names_users = request.user.is_authenticated
        changes = audit.recent_changes(params, names_users=names_users)
        page = self.paginate_queryset(changes) or []
        return self.get_paginated_response(audit.describe_page(page, names_users=names_users))
