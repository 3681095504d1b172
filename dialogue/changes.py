"""What changed, in words: a record's versions together with those of the rows it owns (its
participants, citations and other names, and their own rows: a participant's citations), and
each version told as a sentence (“removed participant Sergey Shoigu (Defence Minister)”).

Read by the API's histories and the admin's history page. A history is paged in SQL: the
versions of the record and of its rows are one UNION, counted and cut there; only the page's
versions are built, with a fixed number of queries per kind of record on the page.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value

from .records import by_name, owner, record_types
from .selectors import is_owner_link, owned_relations

# Every kind of record whose versions are kept, by model name (Any: their `history` managers are
# added by django-simple-history, which has no types).
TRACKED: dict[str, Any] = by_name(record_types())
IGNORED_CHANGES = {"updated"}  # changes on every save; says nothing


@dataclass(frozen=True)
class Change:
    """One version, of a record or of one of its rows, told in words."""

    version: Any  # the historical row
    kind: str  # the model name of what changed: round, participant, citation…
    changed_fields: list[str]
    summary: str  # “removed participant Sergey Shoigu (Defence Minister)”

    @property
    def via(self) -> str | None:
        """Through what: `API`, `admin`, `spreadsheet import`, a draft's acceptance; None for
        a command (the seed, a restore) or a change made before this was recorded."""
        return self.version.history_change_reason

    @property
    def object_id(self) -> str:
        """The id of the record or row the version is of (a country's code)."""
        return str(getattr(self.version, self.version.instance_type._meta.pk.attname))

    @property
    def is_row(self) -> bool:
        """Whether the version is of a row another record owns (a participant)."""
        return is_row_kind(self.version.instance_type)


def changed_fields(version, previous) -> list[str]:
    """Names of the fields this version changed against the one before it (`previous`)."""
    fields = [f.name for f in version.instance_type._meta.fields if f.name not in IGNORED_CHANGES]
    if version.history_type == "+":
        return fields
    if previous is None or version.history_type == "-":
        return []
    delta = version.diff_against(previous)
    return sorted(change.field for change in delta.changes if change.field not in IGNORED_CHANGES)


def owned_versions(model: type[models.Model], pk: Any) -> list[tuple[str, QuerySet]]:
    """(model name, versions) of the record and of every row it owns or has owned, and theirs:
    a round's, its participants' and its participants' citations'."""
    found = [(str(model._meta.model_name), model.history.filter(**{model._meta.pk.attname: pk}))]  # type: ignore[attr-defined]

    def rows_of(model: type[models.Model], ids: Iterable[Any] | QuerySet) -> None:
        for owned in owned_relations(model).values():
            name = str(owned.model._meta.model_name)
            if name not in TRACKED:
                continue
            if owned.generic:
                content_type = ContentType.objects.get_for_model(model)
                link = {"content_type_id": content_type.pk, "object_id__in": ids}
            else:
                link = {f"{owned.link_fields[0]}_id__in": ids}
            versions = TRACKED[name].history.filter(**link)
            found.append((name, versions))
            rows_of(owned.model, versions.values(owned.model._meta.pk.attname))

    rows_of(model, [pk])
    return found


def keyed(versions: QuerySet, name: str) -> QuerySet:
    """(model name, version id, date) of each version, to be UNIONed with other kinds'."""
    return (
        versions.order_by()
        .annotate(model=Value(name), version=F("history_id"))
        .values_list("model", "version", "history_date")
    )


def newest_first(parts: list[QuerySet]) -> QuerySet:
    """The UNION of keyed versions, newest first."""
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-version")


class RecordChanges(Sequence[Change]):
    """Every change to one record and to the rows it owns, newest first (kept after the record
    is deleted), as a paginator reads it: counted in SQL, and only the page built."""

    def __init__(self, model: type[models.Model], pk: Any, *, with_users: bool) -> None:
        self.model = model
        self.with_users = with_users
        try:
            self.pk = model._meta.pk.to_python(pk)
        except ValidationError:
            self.keys: QuerySet | None = None  # no record ever had a malformed id
            return
        self.keys = newest_first(
            [keyed(versions, name) for name, versions in owned_versions(model, self.pk)]
        )

    def __len__(self) -> int:
        return 0 if self.keys is None else self.keys.count()

    @overload
    def __getitem__(self, index: int) -> Change: ...

    @overload
    def __getitem__(self, index: slice) -> list[Change]: ...

    def __getitem__(self, index: int | slice) -> Change | list[Change]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        if self.keys is None:
            return []
        return changes_of(list(self.keys[index]), with_users=self.with_users)


def previous_id(history: QuerySet, pk_name: str) -> Subquery:
    """The id of the version just before the outer one of the same record."""
    earlier = history.filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
        **{pk_name: OuterRef(pk_name)},
    )
    return Subquery(earlier.order_by("-history_date", "-history_id").values("history_id")[:1])


def changes_of(page: list[tuple], *, with_users: bool) -> list[Change]:
    """The page's versions ((model name, version id, date), any kinds) told in words, with a
    fixed number of queries per kind on the page: the versions with their predecessors' ids,
    the predecessors, and the records the rows' labels name."""
    wanted: dict[str, list[int]] = {}
    for name, history_id, _date in page:
        wanted.setdefault(name, []).append(history_id)
    versions: dict[tuple[str, int], Any] = {}
    previous: dict[tuple[str, int], Any] = {}
    for name, ids in wanted.items():
        history = TRACKED[name].history.all()
        found_versions = history.filter(history_id__in=ids).annotate(
            previous_id=previous_id(history, TRACKED[name]._meta.pk.attname)
        )
        if with_users:
            found_versions = found_versions.select_related("history_user")
        found = list(found_versions)
        # Only a change is compared with the version before it.
        before_ids = {v.previous_id for v in found if v.history_type == "~" and v.previous_id}
        before = history.in_bulk(before_ids) if before_ids else {}
        for version in found:
            versions[(name, version.history_id)] = version
            previous[(name, version.history_id)] = before.get(version.previous_id)
    labels, owners = row_labels([v for v in versions.values() if is_row_kind(v.instance_type)])
    changes = []
    for name, history_id, _date in page:
        version = versions[(name, history_id)]
        fields = changed_fields(version, previous[(name, history_id)])
        key = (version.instance_type, history_id)
        words = sentence(version, fields, labels.get(key), owners.get(key))
        changes.append(Change(version, name, fields, words))
    return changes


ACTIONS = {
    "record": {"+": "created", "~": "changed", "-": "deleted"},
    "row": {"+": "added", "~": "changed", "-": "removed"},
}


def sentence(version, fields: list[str], label: str | None, whose: str | None) -> str:
    """“created round”, “changed round: venue”; “added citation of <source>: “quote…””,
    “changed participant Sergey Lavrov (Foreign Minister): role”, “removed …”; a row of a row
    says whose (“… for participant Sergey Lavrov (Foreign Minister)”)."""
    model = version.instance_type
    kind = str(model._meta.verbose_name)
    changed = [str(getattr(model._meta.get_field(name), "verbose_name", name)) for name in fields]
    if not is_row_kind(model):
        words = f"{ACTIONS['record'][version.history_type]} {kind}"
        return (
            f"{words}: {', '.join(changed)}" if version.history_type == "~" and changed else words
        )
    label = label or f"{kind} {getattr(version, model._meta.pk.attname)}"
    words = f"{ACTIONS['row'][version.history_type]} {label}"
    if version.history_type == "~" and changed:
        words = f"{words}: {', '.join(changed)}"
    if whose is not None:
        words = f"{words} for {whose}"
    return words


def row_label(instance: models.Model) -> str:
    """A row as a sentence names it: “participant Sergey Lavrov (Foreign Minister)”, “citation
    of <source>: “quote…””."""
    of = "of " if owner_is_generic(type(instance)) else ""
    return f"{instance._meta.verbose_name} {of}{instance}"


def is_row_kind(model: type[models.Model]) -> bool:
    """Whether the model's records are rows of another (participants, citations, names)."""
    return owner(model) is not None or owner_is_generic(model)


def owner_is_generic(model: type[models.Model]) -> bool:
    """Whether the row belongs to its record through a content type and id (a citation)."""
    return any(f.name == "content_type" for f in model._meta.concrete_fields)


def row_owner(version) -> tuple[type[models.Model], Any] | None:
    """The kind and id of the record or row the row version belongs to."""
    model = version.instance_type
    if owner_is_generic(model):
        kind = ContentType.objects.get_for_id(version.content_type_id).model_class()
        return (kind, version.object_id) if kind is not None else None
    link = next(f for f in model._meta.concrete_fields if f.many_to_one and is_owner_link(f))
    return link.related_model, getattr(version, link.attname)


VersionKey = tuple[type[models.Model], int]  # a version's kind and id


def row_labels(row_versions: list[Any]) -> tuple[dict[VersionKey, str], dict[VersionKey, str]]:
    """Each row version's label; and the label of the row that owns it, when that is itself
    a row (a participant, for its citation)."""
    labels: dict[VersionKey, str] = {}
    owner_labels: dict[VersionKey, str] = {}
    for version, instance in zip(row_versions, with_named(row_versions), strict=True):
        labels[(version.instance_type, version.history_id)] = row_label(instance)
    owners: dict[type[models.Model], dict[Any, list[Any]]] = {}
    for version in row_versions:
        found = row_owner(version)
        if found is not None and owner(found[0]) is not None:
            owners.setdefault(found[0], {}).setdefault(found[1], []).append(version)
    for model, by_id in owners.items():
        pk_name = model._meta.pk.attname
        latest: dict[Any, Any] = {}
        # The owner as it was last: it may have been removed since.
        for owner_version in model.history.filter(**{f"{pk_name}__in": list(by_id)}).order_by(  # type: ignore[attr-defined]
            pk_name, "-history_date", "-history_id"
        ):
            latest.setdefault(getattr(owner_version, pk_name), owner_version)
        owner_versions = list(latest.values())
        for owner_version, instance in zip(owner_versions, with_named(owner_versions), strict=True):
            for version in by_id[getattr(owner_version, pk_name)]:
                owner_labels[(version.instance_type, version.history_id)] = row_label(instance)
    return labels, owner_labels


def as_record(version) -> models.Model:
    """The record (a row) as the version holds it; unsaved, only to be read."""
    model = version.instance_type
    return model(**{f.attname: getattr(version, f.attname) for f in model._meta.concrete_fields})


def with_named(versions: list[Any]) -> list[models.Model]:
    """The versions' records, with the records they name (a participant's person, a citation's
    source) loaded in one query per kind and field."""
    instances = [as_record(version) for version in versions]
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for instance in instances:
        by_model.setdefault(type(instance), []).append(instance)
    for model, group in by_model.items():
        named = [
            f.name
            for f in model._meta.concrete_fields
            if f.many_to_one and not is_owner_link(f) and f.related_model is not ContentType
        ]
        models.prefetch_related_objects(group, *named)
    return instances
