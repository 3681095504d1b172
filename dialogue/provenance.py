"""Which sentence says so: each value a record shows, with the citations that support it.

A citation supports the fields it names in `supports`; one that names none supports the record
as a whole (that it exists), not any particular value. A date is one claim: a citation naming
any of `start_date`, `end_date`, `date_precision` (or `established` and its precision, …)
supports all three. Positions and identifiers (`order`, `slug`) are not claims.
"""

import contextlib
import datetime
import functools
import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, overload

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import NotSupportedError, connections, models
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Sum, Value, When, Window
from django.db.models.functions import Cast, JSONObject, RowNumber
from django.utils import timezone

from .citation_check import unverified_fields
from .models import WORKLIST_BLOCK, Citation, Round, Source, WorklistBlock
from .models.base import normalise_whitespace
from .models.sources import citable_fields
from .records import cited_resources, owner
from .selectors import owned_relations

# The records the API lists, by resource name (the worklist's `resource` filter).
RESOURCES = cited_resources()
NOT_CLAIMS = {"order", "slug"}
CLAIMS_TOGETHER = (
    {"start_date", "end_date", "date_precision"},
    {"established", "established_precision"},
    {"resumed", "resumed_precision"},
)


def claim_of(name: str) -> set[str]:
    """The fields that are one claim with `name` (a date and its precision)."""
    return next((group for group in CLAIMS_TOGETHER if name in group), {name})


def shown_value(instance: models.Model, name: str) -> Any:
    """A field's value as JSON shows it (related records by id; None when empty)."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        value: Any = sorted(related.pk for related in getattr(instance, name).all())
    else:
        value = getattr(instance, field.attname)  # type: ignore[union-attr]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value if value not in (None, "", []) else None


def claimed_fields(instance: models.Model) -> list[tuple[str, Any]]:
    """The record's non-empty values that are claims, in field order."""
    claims = []
    for name in citable_fields(type(instance)):
        if name in NOT_CLAIMS:
            continue
        value = shown_value(instance, name)
        group = claim_of(name)
        if value is None or (len(group) > 1 and name.endswith("precision")):
            # A precision is part of its date's claim: shown only when the date is.
            date = next(iter(sorted(group - {name})), None)
            if value is None or date is None or shown_value(instance, date) is None:
                continue
        claims.append((name, value))
    return claims


def describe_citation(citation: Citation) -> dict[str, Any]:
    return {
        "id": citation.pk,
        "source": citation.source_id,
        "quote": citation.quote,
        "supports": citation.supports,
        "basis": citation.basis,
        "note": citation.note,
    }


def supported_names(citation: Citation) -> set[str]:
    """The names a citation's `supports` lists (a list of strings; anything else names none)."""
    if not isinstance(citation.supports, list):
        return set()
    return {name for name in citation.supports if isinstance(name, str)}


def supporting(citations: list[Citation], name: str) -> list[Citation]:
    """The citations that support the claim of field `name` (any field of its claim)."""
    return [c for c in citations if claim_of(name) & supported_names(c)]


def owned_rows(instance: models.Model) -> dict[str, list[models.Model]]:
    """The record's owned rows (participants, other names) by relation, its citations aside."""
    return {
        relation: list(getattr(instance, relation).all())
        for relation, owned in owned_relations(type(instance)).items()
        if owned.model is not Citation
    }


def unsupported_values(instance: models.Model) -> list[str]:
    """The claimed values of the record that no citation of it supports, then its owned rows'
    (`participants[0].role`): the worklist's entry. Reads no quotes (`unverified` does)."""
    citations = list(instance.citations.all())  # type: ignore[attr-defined]
    found = [name for name, _ in claimed_fields(instance) if not supporting(citations, name)]
    for relation, rows in owned_rows(instance).items():
        for index, row in enumerate(rows):
            found += [f"{relation}[{index}].{name}" for name in unsupported_values(row)]
    return found


def record_provenance(instance: models.Model) -> dict[str, Any]:
    """Each claimed value of the record with the citations that support it; the values no
    citation supports (`unsupported`), and those a `stated` citation supports but its quote
    does not say (`unverified`, dialogue.citation_check), its owned rows' included
    (`participants[0].role`)."""
    citations = list(instance.citations.all())  # type: ignore[attr-defined]
    claims = claimed_fields(instance)
    unverified = unverified_fields(
        instance, claims, citations, lambda c, name: bool(claim_of(name) & supported_names(c))
    )
    fields = [
        {
            "field": name,
            "value": value,
            "citations": [describe_citation(c) for c in supporting(citations, name)],
        }
        for name, value in claims
    ]
    rows: dict[str, list[dict[str, Any]]] = {}
    for relation, owned in owned_rows(instance).items():
        rows[relation] = [record_provenance(row) for row in owned]
        for index, described in enumerate(rows[relation]):
            unverified += [f"{relation}[{index}].{name}" for name in described["unverified"]]
    return {
        "type": instance._meta.model_name,
        "id": instance.pk,
        "label": str(instance),
        "fields": fields,
        "record_citations": [describe_citation(c) for c in citations if not c.supports],
        "rows": rows,
        "unsupported": unsupported_values(instance),
        "unverified": unverified,
    }


# --- The worklist: the records with unsupported values, selected in SQL ---------------------
#
# `unsupported_condition(model)` is `record_provenance(record)["unsupported"] != []` as a
# database condition: a claim group (a date with its end and precision, or one field) that
# holds a non-empty value which no citation of the record names, or an owned row (participant,
# other name) with such a value. tests/provenance/test_worklist.py holds the two to agreement on
# SQLite and PostgreSQL. A condition of None is always true (a value that is never empty).

Condition = Q | Exists | None


def non_empty(model: type[models.Model], name: str) -> Condition:
    """When `shown_value(record, name)` is not None: a link for a many-to-many field, not NULL
    and not the empty string otherwise; None when the field is never empty."""
    field = model._meta.get_field(name)
    if field.many_to_many:
        through = field.remote_field.through  # type: ignore[union-attr]
        link = field.m2m_field_name()  # type: ignore[union-attr]
        return Exists(through._default_manager.filter(**{link: OuterRef("pk")}))
    if isinstance(field, models.JSONField):
        # Empty is also JSON null, "" and []: nothing citable holds JSON yet.
        raise NotImplementedError(f"{model.__name__}.{name}: a JSON value as a claim")
    attname = field.attname  # type: ignore[union-attr]
    conditions: list[Condition] = []
    if field.null:
        conditions.append(Q(**{f"{attname}__isnull": False}))
    if isinstance(field, models.CharField | models.TextField):
        conditions.append(~Q(**{attname: ""}))
    return all_of(conditions)


def all_of(conditions: list[Condition]) -> Condition:
    found = [condition for condition in conditions if condition is not None]
    return functools.reduce(operator.and_, found) if found else None


def any_of(conditions: list[Condition]) -> Condition:
    if not conditions or any(condition is None for condition in conditions):
        return None
    return functools.reduce(operator.or_, conditions)


def claimed(model: type[models.Model], name: str) -> Condition:
    """When `name` is among `claimed_fields(record)`: non-empty, and a precision only with its
    date."""
    group = claim_of(name)
    if len(group) > 1 and name.endswith("precision"):
        date = sorted(group - {name})[0]
        return all_of([non_empty(model, name), non_empty(model, date)])
    return non_empty(model, name)


class NamesAny(Func):
    """Whether a JSON list of names (a citation's `supports`) holds any of `names`, as
    `set(names) & set(supports)` in Python: the list's string elements compared whole.

    PostgreSQL: jsonb's `?|` (is any of these strings an element of the array). SQLite stores
    JSON as text, and Django's `contains` lookup is not supported there: `json_each` walks the
    array's elements, each compared as text. Both parse the JSON, so neither is fooled by a
    name inside another (`"name"` in `["short_name"]`), by spacing or by escapes, as matching
    the JSON text would be (and LIKE would take the `_` of `start_date` for any character).
    A value that is not a list supports nothing, on both and in `supported_names`.
    """

    output_field = models.BooleanField()

    def __init__(self, expression: Any, names: Iterable[str]) -> None:
        super().__init__(expression)
        self.names = tuple(sorted(names))

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:  # type: ignore[override]
        raise NotSupportedError("NamesAny needs PostgreSQL or SQLite.")

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        column, params = compiler.compile(self.source_expressions[0])
        sql = f"(jsonb_typeof({column}) = 'array' AND {column} ?| %s::text[])"
        return sql, (*params, *params, list(self.names))

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        column, params = compiler.compile(self.source_expressions[0])
        placeholders = ", ".join(["%s"] * len(self.names))
        sql = (
            f"(json_type({column}) = 'array' AND EXISTS (SELECT 1 FROM json_each({column}) "
            f"AS element WHERE element.type = 'text' AND element.value IN ({placeholders})))"
        )
        return sql, (*params, *params, *self.names)


def supported(model: type[models.Model], names: Iterable[str]) -> Exists:
    """A citation of the record names one of `names` in `supports`."""
    return Exists(
        Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk")
        ).filter(NamesAny("supports", names))
    )


def unsupported_condition(model: type[models.Model]) -> Q | Exists:
    """When the record, or a row it owns, has a value no citation supports."""
    groups: dict[frozenset[str], list[str]] = {}
    for name in citable_fields(model):
        if name not in NOT_CLAIMS:
            groups.setdefault(frozenset(claim_of(name)), []).append(name)
    terms: list[Any] = []  # conditions: Q, Exists and their negations
    for group, names in groups.items():
        when = any_of([claimed(model, name) for name in names])
        unsupported = ~supported(model, group)
        terms.append(unsupported if when is None else Q(when) & unsupported)
    for owned in owned_relations(model).values():
        if owned.model is Citation:
            continue
        if owned.generic:
            link = {
                owned.link_fields[0]: ContentType.objects.get_for_model(model),
                owned.link_fields[1]: OuterRef("pk"),
            }
        else:
            link = {owned.link_fields[0]: OuterRef("pk")}
        rows = owned.model._default_manager.filter(**link)
        terms.append(Exists(rows.filter(unsupported_condition(owned.model))))
    if not terms:
        return Q(pk__in=[])
    return functools.reduce(operator.or_, terms)


# --- The stored flag: `has_unsupported`, kept by every write ------------------------------------
#
# Checking the condition above for every record costs a scan of the citations a claim: 2 to 5 s
# a page at 200,000 rounds, and any page size was a new query. Each record keeps its answer in
# `has_unsupported` instead (models.base.unsupported_flag), indexed where true, so a page of the
# worklist is read off an index. The condition stays the one rule: `refresh_unsupported` sets
# the flag from it, in SQL, and every write through `dialogue.writes` calls it for the record
# it changed (`refresh_written`), as do the commands that write past the services (`seed`,
# `restore`, `generate_synthetic`) and migration 0015 for the records that were there before.


def unsupported_now(model: type[models.Model]) -> Case:
    """The flag's value as the condition gives it now, as an expression of the record's row."""
    return Case(When(unsupported_condition(model), then=Value(True)), default=Value(False))


def refresh_unsupported(
    model: type[models.Model] | None = None, pks: Iterable[Any] | None = None
) -> None:
    """Set `has_unsupported` of the records of `model` (of every kind, when None) whose ids are
    `pks` (all, when None), in one UPDATE a kind."""
    for kind in [model] if model is not None else list(RESOURCES.values()):
        records = kind._default_manager.order_by()
        if pks is not None:
            records = records.filter(pk__in=list(pks))
        with without_jit(records.db):
            records.update(has_unsupported=unsupported_now(kind))


def flagged_record(instance: models.Model) -> tuple[type[models.Model], Any] | None:
    """The kind and id of the record whose flag `instance` counts towards: itself if it is a
    worklist record, else the record it is a row of (a participant's round, a citation's
    record, a participant's citation's round); None for others (a source, a country)."""
    flagged = set(RESOURCES.values())
    model, pk = type(instance), instance.pk
    row: models.Model | None = instance
    for _ in range(5):  # a citation of a row of a record is the deepest there is
        if model in flagged:
            return model, pk
        if model is not Citation and owner(model) is None:
            return None  # read nothing more
        if row is None:
            row = model._default_manager.filter(pk=pk).first()
            if row is None:
                return None
        if isinstance(row, Citation):
            content_type = ContentType.objects.get_for_id(row.content_type_id)
            model, pk = content_type.model_class(), row.object_id  # type: ignore[assignment]
        elif (kind := owner(model)) is not None:
            link = next(
                f for f in model._meta.concrete_fields if f.many_to_one and f.related_model is kind
            )
            model, pk = kind, getattr(row, link.attname)
        else:
            return None
        row = None
    return None


def refresh_written(instance: models.Model) -> None:
    """Set the flag of the record a write changed (`instance`, or the record it is a row of)."""
    found = flagged_record(instance)
    if found is not None and found[1] is not None:
        refresh_unsupported(found[0], [found[1]])


class WorklistRows(Sequence[dict[str, int]]):
    """The worklist's rows in order, as the paginator reads them: a slice is one query, a
    UNION ALL of one SELECT a kind of record it reaches, each read off its own index in id
    order with its own LIMIT and OFFSET, whatever the number of kinds on the page.

    One query of the whole UNION ALL, ordered, would make PostgreSQL sort every row before it
    skips to the page (0.1 s at 200,000 rounds, linear in the records): each kind's part
    reads only the rows of the slice.

    When the parts are exactly each kind's flagged records (`kinds` given: the worklist of
    `?unsupported=1` without a source), they are counted by `WorklistBlock`, the counts a block
    of ids that the database keeps: the count is exact in one query, each kind's part of a
    slice follows from the counts, and the n-th record is found by summing block counts, then
    an OFFSET of under WORKLIST_BLOCK within its block, at any depth. Otherwise `count` is one
    query (`counted_by`, a UNION ALL of one SELECT a kind of record, which the paginator may
    estimate), and a slice past the first row counts each kind first, no further than it skips
    (one query).
    """

    ordered = True  # for the paginator's check

    def __init__(self, parts: list[models.QuerySet], kinds: list[str] | None = None) -> None:
        self.parts = parts  # one a kind of record, ordered by id
        self.kinds = kinds
        unordered = [part.order_by() for part in parts]
        self.counted_by = (
            None
            if kinds is not None
            else unordered[0].union(*unordered[1:], all=True)
            if len(parts) > 1
            else unordered[0]
        )

    @functools.cached_property
    def totals(self) -> dict[str, int]:
        """How many flagged records each kind has (by `kinds`), from the block counts."""
        counted = (
            WorklistBlock.objects.filter(kind__in=self.kinds or [])
            .values("kind")
            .annotate(records=Sum("records"))
            .order_by()
        )
        return {row["kind"]: row["records"] for row in counted}

    def count(self) -> int:  # type: ignore[override]
        if self.counted_by is None:
            return sum(self.totals.values())
        return self.counted_by.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[dict[str, int]]:
        for part in self.parts:
            yield from part.all()  # a copy: the parts are never evaluated, only sliced

    @overload
    def __getitem__(self, index: int) -> dict[str, int]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, int]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, int] | list[dict[str, int]]:
        if isinstance(index, int):
            found = self[index : index + 1] if index >= 0 else []
            if not found:
                raise IndexError(index)
            return found[0]
        if index.step is not None or (index.start or 0) < 0 or (index.stop or 0) < 0:
            raise ValueError("The worklist is read in slices of positions from the start.")
        skip = index.start or 0
        wanted = None if index.stop is None else index.stop - skip  # None: to the end
        if wanted is not None and wanted <= 0:
            return []
        return self.read(self.pieces(skip, wanted), wanted)

    def pieces(self, skip: int, wanted: int | None) -> list[tuple[models.QuerySet, int, Any]]:
        """The parts a slice reaches, each with its OFFSET and LIMIT (None: to its end)."""
        if self.kinds is not None:
            sizes, exact = [self.totals.get(kind, 0) for kind in self.kinds], True
        elif skip:
            # A kind with fewer than skip + 1 records is counted exactly: it comes before
            # the slice exactly when its count is at most what is left to skip.
            sizes, exact = self.counted_up_to(skip + 1), False
        else:
            return [(part, 0, wanted) for part in self.parts]
        pieces: list[tuple[models.QuerySet, int, Any]] = []
        for position, (part, size) in enumerate(zip(self.parts, sizes, strict=True)):
            if not pieces and skip >= size:
                skip -= size  # all of this kind come before the slice
                continue
            if not exact:
                pieces.append((part, skip, wanted))  # the outer LIMIT ends the slice
                skip = 0
                continue
            take = size - skip if wanted is None else min(size - skip, wanted)
            if take <= 0:
                continue
            if skip:  # (the first page starts at the first block)
                part, skip = self.from_block(self.kinds[position], part, skip)  # type: ignore[index]
            pieces.append((part, skip, take))
            skip = 0
            if wanted is not None:
                wanted -= take
                if not wanted:
                    break
        return pieces

    def read(self, pieces: list[tuple[models.QuerySet, int, Any]], wanted: int | None) -> list:
        """The rows of `pieces`, in the worklist's order, in one query."""
        if not pieces:
            return []
        connection = connections[self.parts[0].db]
        selects, params = [], []
        for number, (part, offset, limit) in enumerate(pieces):
            sliced = part[offset:] if limit is None else part[offset : offset + limit]
            sql, part_params = sliced.query.get_compiler(using=sliced.db).as_sql()
            name = connection.ops.quote_name(f"part_{number}")
            selects.append(f"SELECT * FROM ({sql}) AS {name}")
            params += part_params
        sql = " UNION ALL ".join(selects) + " ORDER BY 1, 2"
        if wanted is not None:
            sql += " LIMIT %s"
            params.append(wanted)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [{"position": position, "record": record} for position, record in cursor]

    def counted_up_to(self, cap: int) -> list[int]:
        """Each kind's number of records, counted no further than `cap`, in one query."""
        connection = connections[self.parts[0].db]
        selects, params = [], []
        for position, part in enumerate(self.parts):
            limited = part.order_by()[:cap]
            sql, part_params = limited.query.get_compiler(using=limited.db).as_sql()
            name = connection.ops.quote_name(f"part_{position}")
            selects.append(f"SELECT {position}, COUNT(*) FROM ({sql}) AS {name}")
            params += part_params
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            counted = dict(cursor.fetchall())
        return [counted[position] for position in range(len(self.parts))]

    @staticmethod
    def from_block(kind: str, part: models.QuerySet, skip: int) -> tuple[models.QuerySet, int]:
        """`part` from the start of the block that holds its record number `skip` (counting
        from 0), and that record's number within it: the last block with at most `skip`
        flagged records before it."""
        block = (
            WorklistBlock.objects.filter(kind=kind, records__gt=0)
            .annotate(before=Window(Sum("records"), order_by=F("block").asc()) - F("records"))
            .filter(before__lte=skip)
            .order_by("-block")
            .values("block", "before")
            .first()
        )
        if block is None:
            return part, skip
        return part.filter(pk__gte=block["block"] * WORKLIST_BLOCK), skip - block["before"]


def worklist_records(
    *, resources: list[str], source: int | None, unsupported_only: bool
) -> WorklistRows:
    """The worklist's records in order, resource by resource (in the order given), then by id:
    rows of `position` (the resource's index in `resources`) and `record` (its id), read a page
    at a time (`WorklistRows`). Of the records citing `source`, when given; only those with
    unsupported values (the stored flag, `refresh_unsupported`, read off its index and counted
    by `WorklistBlock`) when `unsupported_only`."""
    parts = []
    for position, resource in enumerate(resources):
        model = RESOURCES[resource]
        records = model._default_manager.order_by()
        if source is not None:
            cited = Citation.objects.filter(
                content_type=ContentType.objects.get_for_model(model), source_id=source
            ).values("object_id")
            records = records.filter(pk__in=cited)
        if unsupported_only:
            records = records.filter(has_unsupported=True)
        parts.append(records.values(position=Value(position), record=F("pk")).order_by("pk"))
    counted_by_blocks = unsupported_only and source is None
    return WorklistRows(parts, resources if counted_by_blocks else None)


@contextlib.contextmanager
def without_jit(using: str) -> Iterator[None]:
    """PostgreSQL's JIT compiler off for the queries run inside (on this database connection).

    The worklist's condition is a dozen hashed subplans a kind of record, which the planner
    costs far above `jit_above_cost`: at 20,000 rounds PostgreSQL 15 spent 14 s compiling
    1,682 functions for a query that runs in 0.1 s (when the worklist still checked it on each
    read; now `refresh_unsupported` does). Set for the session and reset after (no transaction
    needed); nothing elsewhere.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")


# What a record's label (str) reads besides its own fields.
LABEL_RELATED: dict[type[models.Model], tuple[str, ...]] = {Round: ("mechanism",)}


# --- A page of the worklist in a fixed number of queries ----------------------------------------
#
# A page may hold records of every kind. Read kind by kind it cost a query for each kind's
# records, for each of their links and rows and for their citations: 46 for a page of every
# kind. Read together, each is one query whatever the kinds and rows on the page: the records
# and their rows of every kind in one UNION ALL (each row its record's stored values as one JSON
# object, so the kinds' different columns fit one result), the links of every many-to-many
# field in one UNION ALL of their tables, and the citations of all of them in one query.


def selected(field: models.Field, prefix: str = "") -> Any:
    """A stored value as `read_together`'s JSON holds it: a decimal as text (a JSON number
    would be read back as a float)."""
    column = F(f"{prefix}{field.attname}")
    return Cast(column, models.TextField()) if isinstance(field, models.DecimalField) else column


def from_json(field: models.Field, raw: Any) -> Any:
    """A value of `selected` as the model holds it when read the usual way."""
    if raw is None:
        return None
    value = field.to_python(raw)
    if isinstance(field, models.DecimalField):
        return value.quantize(Decimal(1).scaleb(-field.decimal_places))
    if isinstance(value, datetime.datetime) and settings.USE_TZ and timezone.is_naive(value):
        return timezone.make_aware(value, datetime.UTC)  # SQLite stores UTC without an offset
    return value


def instance_from(model: type[models.Model], data: dict[str, Any], using: str) -> models.Model:
    fields = model._meta.concrete_fields
    return model.from_db(
        using, [f.attname for f in fields], [from_json(f, data[f.attname]) for f in fields]
    )


def read_together(
    querysets: list[models.QuerySet],
    related: dict[type[models.Model], tuple[str, ...]] | None = None,
) -> list[list[models.Model]]:
    """The records of each queryset, whatever their kinds, in one query (its columns named
    `read_…`, apart from any field's); each list in its
    model's default order (as its related manager reads it), each record with the foreign keys
    `related` names for its model loaded (as select_related would)."""
    related = related or {}
    parts = []
    for number, queryset in enumerate(querysets):
        model = queryset.model
        values = {f.attname: selected(f) for f in model._meta.concrete_fields}
        for name in related.get(model, ()):
            target = model._meta.get_field(name).related_model
            values[name] = JSONObject(
                **{f.attname: selected(f, f"{name}__") for f in target._meta.concrete_fields}
            )
        ordering = [*model._meta.ordering, "pk"]
        parts.append(
            queryset.order_by().values(
                read_part=Value(number),
                read_data=JSONObject(**values),
                read_order=Window(RowNumber(), order_by=ordering),
            )
        )
    found: list[list[models.Model]] = [[] for _ in querysets]
    if not parts:
        return found
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for row in sorted(rows, key=lambda row: (row["read_part"], row["read_order"])):
        queryset = querysets[row["read_part"]]
        model = queryset.model
        instance = instance_from(model, row["read_data"], queryset.db)
        for name in related.get(model, ()):
            field = model._meta.get_field(name)
            target = field.related_model
            data = row["read_data"][name]
            loaded = None if data[target._meta.pk.attname] is None else data
            field.set_cached_value(
                instance,
                loaded and instance_from(target, loaded, queryset.db),
            )
        found[row["read_part"]].append(instance)
    return found


def set_prefetched(instance: models.Model, name: str, objects: list[models.Model]) -> None:
    """What prefetch_related leaves: `getattr(instance, name).all()` answers with `objects`."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def link_together(instances: list[models.Model]) -> None:
    """The many-to-many links of the records, of whatever kinds, in one query: each link's
    record by its id alone (what provenance shows of a link). The ids are read as text, as
    the kinds' ids differ in type (a country's is its code)."""
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for instance in instances:
        by_model.setdefault(type(instance), []).append(instance)
    fields: list[tuple[type[models.Model], Any]] = []
    parts: list[models.QuerySet] = []
    for model, group in by_model.items():
        for field in model._meta.many_to_many:
            through: Any = field.remote_field.through
            own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
            links = through._default_manager.filter(**{f"{own}__in": [i.pk for i in group]})
            parts.append(
                links.order_by().values(
                    link_part=Value(len(fields)),
                    link_owner=Cast(own, models.TextField()),
                    link_target=Cast(other, models.TextField()),
                )
            )
            fields.append((model, field))
    linked: dict[tuple[int, Any], list[Any]] = {}
    if parts:
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for row in rows:
            linked.setdefault((row["link_part"], row["link_owner"]), []).append(row["link_target"])
    for number, (model, field) in enumerate(fields):
        target = field.related_model
        to_pk = target._meta.pk.to_python
        for instance in by_model[model]:
            pks = linked.get((number, str(instance.pk)), [])
            set_prefetched(instance, field.name, [target(pk=to_pk(pk)) for pk in pks])


def cite_together(instances: list[models.Model]) -> None:
    """The citations of the records, of whatever kinds, in one query."""
    by_kind: dict[tuple[int, Any], models.Model] = {}
    for instance in instances:
        kind = ContentType.objects.get_for_model(instance).pk
        by_kind[kind, instance.pk] = instance
    kinds: dict[int, list[Any]] = {}
    for kind, pk in by_kind:
        kinds.setdefault(kind, []).append(pk)
    cited: dict[tuple[int, Any], list[models.Model]] = {key: [] for key in by_kind}
    if kinds:
        records = functools.reduce(
            operator.or_,
            (Q(content_type_id=kind, object_id__in=pks) for kind, pks in kinds.items()),
        )
        for citation in Citation.objects.filter(records):
            cited[citation.content_type_id, citation.object_id].append(citation)
    for key, instance in by_kind.items():
        set_prefetched(instance, "citations", cited[key])


def worklist_entries(rows: Iterable[dict[str, int]], resources: list[str]) -> list[dict[str, Any]]:
    """The entries of a page of `worklist_records`: each record's label and unsupported values,
    with its citations, links and owned rows loaded in a fixed number of queries, whatever the
    kinds and the number of records on the page."""
    rows = list(rows)
    ids: dict[int, list[int]] = {}
    for row in rows:
        ids.setdefault(row["position"], []).append(row["record"])
    querysets = []
    for position, pks in ids.items():
        querysets.append(RESOURCES[resources[position]]._default_manager.filter(pk__in=pks))
    owners = []  # the record kind, its relation and the row's link of each rows' queryset
    for position, pks in ids.items():
        model = RESOURCES[resources[position]]
        for relation, owned in owned_relations(model).items():
            if owned.model is Citation:
                continue
            link = owned.model._meta.get_field(owned.link_fields[0]).attname  # type: ignore[union-attr]
            querysets.append(owned.model._default_manager.filter(**{f"{link}__in": pks}))
            owners.append((position, relation, link))
    read = read_together(querysets, LABEL_RELATED)
    loaded = {
        (position, record.pk): record
        for position, records in zip(ids, read[: len(ids)], strict=True)
        for record in records
    }
    every = list(loaded.values())
    for (position, relation, link), found in zip(owners, read[len(ids) :], strict=True):
        by_owner: dict[Any, list[models.Model]] = {}
        for owned_row in found:
            by_owner.setdefault(getattr(owned_row, link), []).append(owned_row)
        for pk in ids[position]:
            if (record := loaded.get((position, pk))) is not None:
                set_prefetched(record, relation, by_owner.get(pk, []))
        every += found
    link_together(every)
    cite_together(every)
    entries = []
    for row in rows:
        record = loaded.get((row["position"], row["record"]))
        if record is None:  # deleted since the page was selected
            continue
        entries.append(
            {
                "resource": resources[row["position"]],
                "id": record.pk,
                "label": str(record),
                "unsupported": unsupported_values(record),
            }
        )
    return entries


# A sentence ends at . ! or ? followed by a space and a capital, a quote or a digit; not after
# an initial or a common abbreviation (forms of address before a name: “Ms. Carolina
# Cerqueira”), nor inside a number (“18.3”).
SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bMme)(?<!\bDr)(?<!\bProf)(?<!\bSmt)"
    r"(?<!\bHon)(?<!\bSt)[.!?](?=\s+[\"“A-Z0-9])"
)


PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """The spans of the sentences of a (whitespace-normalised) text."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end() + 1
    if start < len(text):
        spans.append((start, len(text)))
    return [(begin, end) for begin, end in spans if text[begin:end].strip()]


def text_sentences(text: str) -> tuple[str, list[tuple[int, int]]]:
    """A source's text with its whitespace collapsed (as quotes are matched against it), and
    the spans of its sentences in it. A blank line ends a sentence too: a heading has no full
    stop, and without this it would run into the first sentence of the body."""
    normalised, spans = "", []
    for paragraph in PARAGRAPH_BREAK.split(text):
        paragraph = normalise_whitespace(paragraph)
        if not paragraph:
            continue
        offset = len(normalised) + 1 if normalised else 0
        normalised = f"{normalised} {paragraph}" if normalised else paragraph
        spans += [(offset + begin, offset + end) for begin, end in sentences(paragraph)]
    return normalised, spans


def source_coverage(source: Source) -> list[dict[str, Any]]:
    """The source's text sentence by sentence, each with the records and fields citing it."""
    text, spans = text_sentences(source.text)
    found: list[list[dict[str, Any]]] = [[] for _ in spans]
    citations = Citation.objects.filter(source=source).select_related("content_type")
    for citation in citations.order_by("id"):
        quote = normalise_whitespace(citation.quote)
        at = text.find(quote) if quote else -1
        if at < 0:
            continue
        for index, (begin, end) in enumerate(spans):
            if at < end and at + len(quote) > begin:
                found[index].append(
                    {
                        "resource": citation.content_type.model,
                        "id": citation.object_id,
                        "citation": citation.pk,
                        "supports": citation.supports,
                        "basis": citation.basis,
                    }
                )
    return [
        {"index": index + 1, "text": text[begin:end], "cited_by": found[index]}
        for index, (begin, end) in enumerate(spans)
    ]
