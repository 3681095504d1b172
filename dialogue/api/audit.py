"""Who changed what and when: each record's versions, and recent changes across the registry,
read for the API (their shape is `serializers.VersionSerializer`).

Who is for signed-in readers only: an anonymous reader sees that a version was made by an
analyst (`history_user` is `"analyst"`), not by whom, and cannot filter by user (which would
tell whether an account exists).
"""

import datetime
from collections.abc import Sequence
from typing import Any, overload

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from rest_framework.exceptions import ValidationError

from ..records import by_name, record_types

# Every kind of record whose changes are recorded, by the name the history lists give it (Any:
# their `history` managers are added by django-simple-history, which has no types).
TRACKED: dict[str, Any] = by_name(record_types())
IGNORED_CHANGES = {"updated"}  # changes on every save; says nothing
ANONYMOUS_USER = "analyst"  # who made a version, as anonymous readers see it


def changed_fields(version, previous) -> list[str]:
    """Names of the fields this version changed against the one before it (`previous`)."""
    fields = [f.name for f in version.instance_type._meta.fields if f.name not in IGNORED_CHANGES]
    if version.history_type == "+":
        return fields
    if previous is None or version.history_type == "-":
        return []
    delta = version.diff_against(previous)
    return sorted(change.field for change in delta.changes if change.field not in IGNORED_CHANGES)


def object_id(version) -> str:
    """The id of the record a version is of (a country's code)."""
    return str(getattr(version, version.instance_type._meta.pk.attname))


def who(version, names_users: bool) -> str | None:
    """Who made a version: the username for a signed-in reader (`names_users`), else only
    that an analyst made it; None for a script or the seed."""
    if version.history_user_id is None:
        return None
    return version.history_user.get_username() if names_users else ANONYMOUS_USER


def describe(version, model_name: str, previous, *, names_users: bool) -> dict:
    """A version as the API shows it, `previous` being the record's version before it."""
    return {
        "history_id": version.history_id,
        "model": model_name,
        "object_id": object_id(version),
        "history_date": version.history_date,
        "history_user": who(version, names_users),
        "history_type": version.history_type,
        "changed_fields": changed_fields(version, previous),
    }


class RecordHistory(Sequence[dict]):
    """Every version of one record, newest first (kept after the record is deleted), as the
    paginator reads it: counted in SQL, and each page read in one query that takes one version
    more, the predecessor of the page's last, so only the page's versions are built and
    compared."""

    def __init__(self, model, pk: str, *, names_users: bool) -> None:
        self.name = str(model._meta.model_name)
        self.names_users = names_users
        try:
            pk = model._meta.pk.to_python(pk)
        except DjangoValidationError:
            self.versions = model.history.none()  # no record ever had a malformed id
            return
        versions = model.history.filter(**{model._meta.pk.attname: pk})
        if names_users:
            versions = versions.select_related("history_user")
        self.versions = versions.order_by("-history_date", "-history_id")

    def __len__(self) -> int:
        return self.versions.count()

    @overload
    def __getitem__(self, index: int) -> dict: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict]: ...

    def __getitem__(self, index: int | slice) -> dict | list[dict]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start = index.start or 0
        stop = len(self) if index.stop is None else index.stop
        rows = list(self.versions[start : stop + 1])
        # Newest first, so each version's predecessor is the next one.
        return [
            describe(
                version,
                self.name,
                rows[i + 1] if i + 1 < len(rows) else None,
                names_users=self.names_users,
            )
            for i, version in enumerate(rows[: stop - start])
        ]


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
    filters = {}
    if since:
        filters["history_date__gte"] = parse_since(since)
    if username:
        if not names_users:
            raise ValidationError({"user": ["Sign in to filter by user."]})
        if not get_user_model().objects.filter(username=username).exists():
            raise ValidationError({"user": [f"No user is called “{username}”."]})
        filters["history_user__username"] = username
    keyed = [
        model.history.filter(**filters)
        .order_by()
        .annotate(model=Value(name), version=F("history_id"))
        .values_list("model", "version", "history_date")
        for name, model in TRACKED.items()
    ]
    return keyed[0].union(*keyed[1:], all=True).order_by("-history_date", "-version")


def previous_id(history: QuerySet, pk_name: str) -> Subquery:
    """The id of the version just before the outer one of the same record."""
    earlier = history.filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
        **{pk_name: OuterRef(pk_name)},
    )
    return Subquery(earlier.order_by("-history_date", "-history_id").values("history_id")[:1])


def describe_page(page: list[tuple], *, names_users: bool) -> list[dict]:
    """The page's versions in full, with their predecessors: two queries per type on the page,
    however many versions the records have."""
    wanted: dict[str, list[int]] = {}
    for name, history_id, _date in page:
        wanted.setdefault(name, []).append(history_id)
    versions, previous = {}, {}
    for name, ids in wanted.items():
        history = TRACKED[name].history.all()
        pk_name = TRACKED[name]._meta.pk.attname
        found_versions = history.filter(history_id__in=ids).annotate(
            previous_id=previous_id(history, pk_name)
        )
        if names_users:
            found_versions = found_versions.select_related("history_user")
        found = list(found_versions)
        # Only a change is compared with the version before it.
        before_ids = {v.previous_id for v in found if v.history_type == "~" and v.previous_id}
        before = history.in_bulk(before_ids) if before_ids else {}
        for version in found:
            versions[(name, version.history_id)] = version
            previous[(name, version.history_id)] = before.get(version.previous_id)
    return [
        describe(versions[key], key[0], previous[key], names_users=names_users)
        for key in ((name, history_id) for name, history_id, _ in page)
    ]
