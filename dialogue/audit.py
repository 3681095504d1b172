"""Who changed what, when and through what: each record's changes (its own and its rows':
`dialogue.changes`), and recent changes across the registry, as the API (their shape is
`api.serializers.VersionSerializer`) and the front page show them. A query the feed cannot read
is a `ValidationError` naming the parameter (a 400 from the API).

Who is for signed-in readers only: an anonymous reader sees that a version was made by an
analyst (`history_user` is `"analyst"`), not by whom, and cannot filter by user (which would
tell whether an account exists).
"""

import datetime
from collections.abc import Sequence
from typing import overload

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from . import changes
from .history import VIA_CHOICES

ANONYMOUS_USER = "analyst"  # who made a version, as anonymous readers see it


def who(version, names_users: bool) -> str | None:
    """Who made a version: the username for a signed-in reader (`names_users`), else only
    that an analyst made it; None for a script or the seed."""
    if version.history_user_id is None:
        return None
    return version.history_user.get_username() if names_users else ANONYMOUS_USER


def describe(change: changes.Change, *, names_users: bool) -> dict:
    """A change as the API shows it."""
    version = change.version
    return {
        "history_id": version.history_id,
        "model": change.kind,
        "object_id": change.object_id,
        "history_date": version.history_date,
        "history_user": who(version, names_users),
        "history_type": version.history_type,
        "changed_fields": change.changed_fields,
        "summary": change.summary,
        "via": change.via,
    }


class RecordHistory(Sequence[dict]):
    """Every change to one record and to the rows it owns (`changes.RecordChanges`), newest
    first, as the API shows them."""

    def __init__(self, model, pk: str, *, names_users: bool) -> None:
        self.changes = changes.RecordChanges(model, pk, with_users=names_users)
        self.names_users = names_users

    def __len__(self) -> int:
        return len(self.changes)

    @overload
    def __getitem__(self, index: int) -> dict: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict]: ...

    def __getitem__(self, index: int | slice) -> dict | list[dict]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        return [describe(change, names_users=self.names_users) for change in self.changes[index]]


def parse_since(since: str) -> datetime.datetime:
    """The moment `since` names, in UTC (UTC if it names no zone); 400 if it is no ISO 8601
    date or date and time. A moment beyond the range of UTC dates (`9999-12-31T23:59:59-01:00`)
    is taken as the last (or first) moment there is."""
    try:
        moment = datetime.datetime.fromisoformat(since)
    except ValueError as error:
        raise ValidationError({"since": ["Give an ISO 8601 date or date and time."]}) from error
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        edge = datetime.datetime.max if moment.year == datetime.MAXYEAR else datetime.datetime.min
        return edge.replace(tzinfo=datetime.UTC)


def recent_changes(params, *, names_users: bool) -> QuerySet:
    """(model, history_id, history_date) of every change across the registry, newest first.

    Filtering by `user` is for signed-in users (`names_users`): 400 otherwise."""
    since = params.get("since")
    username = params.get("user")
    via = params.get("via")
    filters = {}
    if since:
        filters["history_date__gte"] = parse_since(since)
    if username:
        if not names_users:
            raise ValidationError({"user": ["Sign in to filter by user."]})
        if not get_user_model().objects.filter(username=username).exists():
            raise ValidationError({"user": [f"No user is called “{username}”."]})
        filters["history_user__username"] = username
    through = Q()
    if via:
        if via not in VIA_CHOICES:
            raise ValidationError({"via": [f"“{via}” is none of {', '.join(VIA_CHOICES)}."]})
        through = VIA_CHOICES[via]
    return changes.newest_first(
        [
            changes.keyed(model.history.filter(through, **filters), name)
            for name, model in changes.TRACKED.items()
        ]
    )


def describe_page(page: list[tuple], *, names_users: bool) -> list[dict]:
    """The page's versions in full, in words: a fixed number of queries per type on the page,
    however many versions the records have."""
    return [
        describe(change, names_users=names_users)
        for change in changes.changes_of(page, with_users=names_users)
    ]
