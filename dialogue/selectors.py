"""Reads from the registry: the lists' querysets, each fetched in a fixed number of queries;
what a record consists of and its version (its ETag); and what still refers to a record."""

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from .choices import RoundStatus
from .citation_check import NAMED, names_accessor
from .models import (
    OVERDUE,
    Citation,
    Country,
    Document,
    Indicator,
    Mechanism,
    Organisation,
    Participant,
    Person,
    Place,
    Round,
    Topic,
)


def mechanism_list() -> QuerySet[Mechanism]:
    """Mechanisms with their round counts, countries, names and citations."""
    return (
        Mechanism.objects.annotate(rounds_count=Count("rounds", distinct=True))
        .prefetch_related(
            "countries",
            "organisations",
            "other_names__citations",
            "citations",
            # Each mechanism's last and next round, in one query for the whole page.
            Prefetch("rounds", queryset=_last_and_next(), to_attr="last_and_next_rounds"),
        )
        .order_by("name", "pk")
    )  # an annotated queryset drops Meta.ordering


def round_list() -> QuerySet[Round]:
    """Rounds with their place, topics, participants (and their people) and citations, and
    whether each is overdue."""
    return (
        Round.objects.with_overdue()
        .select_related("city")
        .prefetch_related(
            "other_places",
            "topics",
            "citations",
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("person").prefetch_related("citations"),
            ),
        )
    )


def document_list() -> QuerySet[Document]:
    """Documents with their parties, signatories, topics and citations."""
    return Document.objects.prefetch_related("parties", "signatories", "topics", "citations")


def indicator_list() -> QuerySet[Indicator]:
    """Figures with their countries and citations."""
    return Indicator.objects.prefetch_related("countries", "citations")


def topic_list() -> QuerySet[Topic]:
    """Topics with their citations."""
    return Topic.objects.prefetch_related("citations")


def person_list() -> QuerySet[Person]:
    """People with their other names."""
    return Person.objects.prefetch_related("other_names__citations", "citations")


def organisation_list() -> QuerySet[Organisation]:
    """Organisations with their other names."""
    return Organisation.objects.prefetch_related("other_names__citations", "citations")


def place_list() -> QuerySet[Place]:
    """Places with their other names."""
    return Place.objects.prefetch_related("other_names__citations", "citations")


def countries_ranked(countries: QuerySet[Country], term: str) -> QuerySet[Country]:
    """Countries that match a typed `term`, best first: its ISO code (alpha-2 or alpha-3),
    then its name, a name that starts with it, a word of the name or the official name that
    starts with it, then any other match; by name within each. "India" is India before the
    British Indian Ocean Territory, "us" the United States, "Korea" both Koreas."""
    term = term.strip()
    rank = Case(
        When(Q(code__iexact=term) | Q(alpha_3__iexact=term), then=Value(0)),
        When(name__iexact=term, then=Value(1)),
        When(name__istartswith=term, then=Value(2)),
        When(Q(name__icontains=f" {term}") | Q(official_name__istartswith=term), then=Value(3)),
        default=Value(4),
    )
    return countries.annotate(match_rank=rank).order_by("match_rank", "name")


def mechanism_last_round(mechanism: Mechanism) -> Round | None:
    """The latest round held; uses the list's prefetch when there is one."""
    if hasattr(mechanism, "last_and_next_rounds"):
        return _of_status(mechanism.last_and_next_rounds, RoundStatus.HELD)
    return _latest_held().filter(mechanism=mechanism).first()


def mechanism_next_round(mechanism: Mechanism) -> Round | None:
    """The earliest round still scheduled whose date has not passed (an overdue round is not
    next); uses the list's prefetch when there is one."""
    if hasattr(mechanism, "last_and_next_rounds"):
        return _of_status(mechanism.last_and_next_rounds, RoundStatus.SCHEDULED)
    return _earliest_scheduled().filter(mechanism=mechanism).first()


def _of_status(rounds: list[Round], status: str) -> Round | None:
    return next((found for found in rounds if found.status == status), None)


def _last_and_next() -> QuerySet[Round]:
    """The first round of each mechanism's held rounds, latest first, and of its scheduled
    rounds, earliest first: the two orders of `_latest_held` and `_earliest_scheduled` as one
    window, so that a page of mechanisms reads both in one query (each ordered by its own
    status's key; the other key is NULL throughout the partition, as both share its status)."""

    def when(status: str, field: str) -> Case:
        return Case(When(status=status, then=F(field)))

    first = Window(
        RowNumber(),
        partition_by=[F("mechanism_id"), F("status")],
        order_by=[
            when(RoundStatus.HELD, "start_date").desc(),
            when(RoundStatus.HELD, "id").desc(),
            when(RoundStatus.SCHEDULED, "start_date").asc(),
            when(RoundStatus.SCHEDULED, "id").asc(),
        ],
    )
    return (
        Round.objects.select_related("city")
        .filter(status__in=[RoundStatus.HELD, RoundStatus.SCHEDULED])
        .exclude(OVERDUE)  # an overdue round is not next (`_earliest_scheduled`)
        .annotate(first_of_status=first)
        .filter(first_of_status=1)
        .order_by()
    )


def _latest_held() -> QuerySet[Round]:
    return (
        Round.objects.select_related("city")
        .filter(status=RoundStatus.HELD)
        .order_by("-start_date", "-id")
    )


def _earliest_scheduled() -> QuerySet[Round]:
    return (
        Round.objects.select_related("city")
        .filter(status=RoundStatus.SCHEDULED)
        .not_overdue()
        .order_by("start_date", "id")
    )


# --- What a record consists of, and its version -------------------------------------------

# Fields every save sets by itself; a difference in them is not a change.
AUTOMATIC_FIELDS = {"created", "updated", "has_unsupported"}
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)


@dataclass(frozen=True)
class Owned:
    """A relation to rows a record owns (deleted with it): participants and other names by a
    foreign key to it, citations by a generic one (content type and id)."""

    name: str
    model: type[models.Model]
    link_fields: tuple[str, ...]  # the row's fields that point at the record
    generic: bool

    def link(self, record: models.Model) -> dict[str, Any]:
        """The values of `link_fields` that point at `record`."""
        if self.generic:
            content_type = ContentType.objects.get_for_model(type(record))
            return {"content_type": content_type, "object_id": record.pk}
        return {self.link_fields[0]: record}

    def history_link(self, model: type[models.Model], pk: Any) -> dict[str, Any]:
        """The same, as filters on the rows' history."""
        if self.generic:
            return {"content_type_id": ContentType.objects.get_for_model(model).pk, "object_id": pk}
        return {f"{self.link_fields[0]}_id": pk}


def owned_relations(model: type[models.Model]) -> dict[str, Owned]:
    """The model's owned rows (participants, citations, other names), by accessor name."""
    owned = {
        str(relation.get_accessor_name()): Owned(
            str(relation.get_accessor_name()), relation.related_model, (relation.field.name,), False
        )
        for relation in model._meta.related_objects
        if relation.one_to_many and relation.on_delete is models.CASCADE
    }
    for field in model._meta.private_fields:
        if isinstance(field, GenericRelation):
            owned[field.name] = Owned(
                field.name, field.related_model, ("content_type", "object_id"), True
            )
    return owned


def is_owner_link(field: Any) -> bool:
    """The foreign key of a row to the record it belongs to (a place name's place)."""
    return field.many_to_one and field.remote_field.on_delete is models.CASCADE


def record_lookups(model: type[models.Model], prefix: str = "") -> list[str | Prefetch]:
    """The prefetches that load a record's links and owned rows (with the records their rows
    name, and their own rows), so reading its version or provenance costs a fixed number of
    queries."""
    lookups: list[str | Prefetch] = [f"{prefix}{f.name}" for f in model._meta.many_to_many]
    # The people and places its values name, with their other names: provenance looks for
    # them in the quotes of stated citations (citation_check.NAMED).
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.is_relation and field.related_model in NAMED and not is_owner_link(field):
            if field.many_to_one:
                lookups.append(f"{prefix}{field.name}")
            lookups.append(f"{prefix}{field.name}__{names_accessor(field.related_model)}")
    for name, owned in owned_relations(model).items():
        named = [
            f.name
            for f in owned.model._meta.concrete_fields
            if f.many_to_one and f.name not in owned.link_fields
        ]
        rows = owned.model._default_manager.select_related(*named)
        lookups.append(Prefetch(f"{prefix}{name}", queryset=rows))
        lookups += record_lookups(owned.model, prefix=f"{prefix}{name}__")
    return lookups


def own_values(instance: models.Model) -> dict[str, Any]:
    """The record's own stored values, without its id and the ones every save sets itself."""
    return {
        f.attname: f.value_from_object(instance)
        for f in instance._meta.concrete_fields
        if not f.primary_key and f.name not in AUTOMATIC_FIELDS
    }


def record_content(instance: models.Model) -> dict[str, Any]:
    """What a record's version covers: its own values, its links, and its owned rows (with
    theirs: a participant's citations)."""
    return {
        "own": own_values(instance),
        "links": {
            f.name: sorted(related.pk for related in getattr(instance, f.name).all())
            for f in instance._meta.many_to_many
        },
        "rows": {
            name: sorted(
                ([row.pk, record_content(row)] for row in getattr(instance, name).all()),
                key=lambda pair: pair[0],
            )
            for name in owned_relations(type(instance))
        },
    }


def record_version(instance: models.Model) -> str:
    """The record's version, as an ETag: it changes when, and only when, the record's own
    stored data, its many-to-many links or its owned rows change (never with derived figures
    such as a mechanism's round count).

    It starts with the record's `updated` time (microseconds, hex), which dates the copy a
    client holds, so a refusal can say what changed since; a digest of the data follows.
    Uses prefetched links and rows when the instance has them.
    """
    encoded = json.dumps(record_content(instance), sort_keys=True, default=str).encode()
    digest = hashlib.sha256(encoded).hexdigest()[:24]
    updated = getattr(instance, "updated", None)
    if updated is None:
        return f'"{digest}"'
    return f'"{(updated - EPOCH) // MICROSECOND:x}-{digest}"'


def version_time(etag: str) -> datetime.datetime | None:
    """When the copy that an ETag names was saved (None when the tag does not say)."""
    stamp, dash, _digest = etag.strip('"').partition("-")
    if not dash:
        return None
    try:
        return EPOCH + int(stamp, 16) * MICROSECOND
    except (ValueError, OverflowError):
        return None


def record_changes_since(instance: models.Model, moment: datetime.datetime) -> list[str]:
    """Names of the record's fields (and owned relations) changed after `moment`."""
    model = type(instance)
    history = model.history.filter(**{model._meta.pk.attname: instance.pk})  # type: ignore[attr-defined]
    newest_first = history.order_by("-history_date", "-history_id")
    now = newest_first.first()
    # The client's copy: the version of that moment (or, for a record written outside the
    # services, whose first version is dated a moment after its `updated`, the first one).
    before = newest_first.filter(history_date__lte=moment).first() or newest_first.last()
    changed: set[str] = set()
    if now is not None and before is not None and now.pk != before.pk:
        changed |= {c.field for c in now.diff_against(before).changes} - AUTOMATIC_FIELDS
    for name, owned in owned_relations(model).items():
        rows = owned.model.history.filter(  # type: ignore[attr-defined]
            **owned.history_link(model, instance.pk), history_date__gt=moment
        )
        if rows.exists():
            changed.add(name)
    return sorted(changed)


# A refusal names at most this many referring records; the rest are counted.
REFERRERS_NAMED = 10


@dataclass(frozen=True)
class Referrers:
    """The records of one kind that still refer to a record: how many, and the first few."""

    model: type[models.Model]
    count: int
    first: list[models.Model]


def record_referrers(instance: models.Model) -> list[Referrers]:
    """The records that refer to `instance` (protected foreign keys and other records'
    many-to-many links), by kind; each referring record counted once."""
    by_model: dict[type[models.Model], models.Q] = {}
    for relation in instance._meta.related_objects:
        if relation.many_to_many or relation.on_delete is models.PROTECT:
            condition = models.Q(**{relation.field.name: instance})
            model = relation.related_model
            by_model[model] = by_model[model] | condition if model in by_model else condition
    found = []
    for model, condition in by_model.items():
        referring = model._default_manager.filter(pk__in=model._default_manager.filter(condition))
        if count := referring.count():
            # Enough rows to name REFERRERS_NAMED distinct records when several rows (a source's
            # citations) belong to one.
            found.append(Referrers(model, count, list(referring.order_by("pk")[:200])))
    return found


def referrer_label(record: models.Model) -> str:
    """A referring record as a person recognises it: a participant by its round, a citation or
    a name by the record it belongs to."""
    if isinstance(record, Citation):
        return f"{record.content_type.name} “{record.record}”"
    if isinstance(record, Participant):
        return f"{record} at {record.round}"
    owner = next(
        (
            getattr(record, field.name)
            for field in record._meta.concrete_fields
            if field.many_to_one
            and getattr(field.remote_field, "on_delete", None) is models.CASCADE
        ),
        None,
    )
    return f"“{record}”, {record._meta.verbose_name} of {owner}" if owner else str(record)


def counted(count: int, model: type[models.Model]) -> str:
    """ "1 round", "3 rounds"."""
    meta = model._meta
    return f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"


def describe_referrers(referrers: list[Referrers]) -> list[str]:
    """One line per kind: "2 participants: Taro Kono (Foreign Minister) at 2+2, round 3
    (31 Jul 2018); … and 1 more". A record named by several rows (a round cited three times)
    is named once, with how many."""
    lines = []
    for group in referrers:
        labels: dict[str, int] = {}
        for record in group.first:
            label = referrer_label(record)
            if label in labels or len(labels) < REFERRERS_NAMED:
                labels[label] = labels.get(label, 0) + 1
        named = [
            label if times == 1 else f"{label} ({counted(times, group.model)})"
            for label, times in labels.items()
        ]
        rest = group.count - sum(labels.values())
        more = f" and {rest} more" if rest else ""
        lines.append(f"{counted(group.count, group.model)}: {'; '.join(named)}{more}")
    return lines


def refusal_message(error: models.ProtectedError | models.RestrictedError) -> str:
    """Why a record cannot be deleted, naming what refers to it: "This record is still
    referred to by 2 rounds: 2+2, round 3 (31 Jul 2018); …"."""
    referrers = getattr(error, "referrers", None)
    if referrers is None:  # Django's own refusal: the referring records, found by the delete
        records = (
            error.protected_objects
            if isinstance(error, models.ProtectedError)
            else error.restricted_objects
        )
        by_model: dict[type[models.Model], list[models.Model]] = {}
        for record in records:
            by_model.setdefault(type(record), []).append(record)
        referrers = [Referrers(model, len(found), found) for model, found in by_model.items()]
    return (
        f"This record is still referred to by {'; '.join(describe_referrers(referrers))}. "
        "Delete or change those first."
    )
