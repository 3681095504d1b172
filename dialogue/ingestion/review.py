"""Drafts saved, accepted and rejected: the review half of ingestion.

Accepting a draft reads its fields as any writer's JSON (`writes.parse`) and writes its record
through `writes.record_save` like every other write, with the draft's citations; drafts it
refers to that are still proposed (a new mechanism, person or place) are accepted first, in the
same transaction, so a refusal anywhere leaves everything as it was.

Accepting never removes or replaces what the registry holds: a draft for a record the registry
already has (its `target`, or a record of the same name found when it is accepted) only adds
what the record lacks (`writes.merge`), so accepting again, or accepting a second reading of
the same release, changes nothing.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

from .. import gazetteer, selectors
from ..choices import MechanismKind
from ..history import REASON_LENGTH, VIA_DRAFT
from ..models import (
    Document,
    Draft,
    DraftStatus,
    Indicator,
    Mechanism,
    Organisation,
    Person,
    Place,
    Round,
    Source,
)
from ..records import record_types
from ..writes import RecordInvalid, WriteConflict, record_delete, record_save
from ..writes.merge import additions
from ..writes.parse import RecordWrite, record_write
from .extract import Spec, extract
from .lexicon import from_registry

# The model of each kind of record a draft may propose.
MODELS: dict[str, type[Model]] = {
    "mechanism": Mechanism,
    "round": Round,
    "person": Person,
    "organisation": Organisation,
    "place": Place,
    "document": Document,
    "indicator": Indicator,
}


class DraftConflict(WriteConflict):
    """409: the draft was already reviewed, or its target changed since it was made."""


def source_home(source: Source) -> str | None:
    """The publisher's country: its organisation's, else its time zone's (Europe/Moscow)."""
    publisher = source.publisher
    if publisher is not None and publisher.country_id:
        return publisher.country_id
    return (
        gazetteer.timezone_country(source.published_timezone) if source.published_timezone else None
    )


def read_source(source: Source, lexicon=None) -> list[Spec]:
    """The drafts the source's text proposes (not saved)."""
    return extract(
        text=source.text,
        language=source.language,
        published=source.published_at,
        home=source_home(source),
        source_id=source.pk,
        lexicon=lexicon if lexicon is not None else from_registry(),
    )


def replace_refs(value: Any, ids: dict[str, int]) -> Any:
    """{"draft": key} → {"draft": id}, at any depth."""
    if isinstance(value, dict):
        if set(value) == {"draft"} and value["draft"] in ids:
            return {"draft": ids[value["draft"]]}
        return {key: replace_refs(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [replace_refs(item, ids) for item in value]
    return value


@transaction.atomic
def propose(source: Source, user: Any = None) -> list[Draft]:
    """Read the source and save its drafts, replacing those still proposed."""
    specs = read_source(source)
    for old in Draft.objects.filter(source=source, status=DraftStatus.PROPOSED).order_by("-pk"):
        record_delete(instance=old, user=user)
    ids: dict[str, int] = {}
    drafts: list[Any] = []
    versions: dict[tuple[str, int], str] = {}  # a record several drafts target is read once
    for spec in specs:
        version = ""
        if spec.target is not None:
            key = (spec.type, spec.target)
            if key not in versions:
                target = MODELS[spec.type]._default_manager.filter(pk=spec.target).first()
                versions[key] = selectors.record_version(target) if target is not None else ""
            version = versions[key]
        draft = record_save(
            instance=Draft(),
            fields={
                "source": source,
                "type": spec.type,
                "target": spec.target,
                "target_version": version,
                "fields": replace_refs(spec.fields, ids),
                "citations": spec.citations,
                "confidence": spec.confidence,
                "notes": spec.notes,
            },
            user=user,
        )
        ids[spec.key] = draft.pk
        drafts.append(draft)
    return drafts


# --- Review ----------------------------------------------------------------------------------


def permission_for(draft: Draft, action: str | None = None) -> str:
    """The permission writing the draft's record needs: add, or change for a record held."""
    action = action or ("change" if draft.target is not None else "add")
    return f"dialogue.{action}_{MODELS[draft.type]._meta.model_name}"


def check_permission(user: Any, draft: Draft, action: str | None = None) -> None:
    if not user.has_perm(permission_for(draft, action)):
        raise PermissionDenied(
            f"Accepting or rejecting a {draft.type} draft needs the permission to write a "
            f"{draft.type} ({permission_for(draft, action)})."
        )


def referenced(value: Any) -> list[int]:
    """The ids of the drafts a value refers to, at any depth."""
    if isinstance(value, dict):
        if set(value) == {"draft"} and isinstance(value["draft"], int):
            return [value["draft"]]
        return [ref for item in value.values() for ref in referenced(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in referenced(item)]
    return []


def check_reviewable(draft: Draft) -> None:
    if draft.status != DraftStatus.PROPOSED:
        raise DraftConflict(
            f"Draft {draft.pk} was already {draft.status}"
            + (f" (record {draft.record})" if draft.record else "")
            + "; nothing was changed.",
            draft_status=draft.status,
            record=draft.record,
        )


def check_target(draft: Draft) -> Any:
    """The target as it is now; 409 naming what changed if it changed since the draft."""
    if draft.target is None:
        return None
    model = MODELS[draft.type]
    target = model._default_manager.filter(pk=draft.target).first()
    if target is None:
        raise DraftConflict(
            f"The {draft.type} {draft.target} this draft would update no longer exists; "
            "nothing was changed. Read the source again.",
            changed_fields=["(deleted)"],
        )
    current = selectors.record_version(target)
    if draft.target_version and current != draft.target_version:
        moment = selectors.version_time(draft.target_version)
        changed = selectors.record_changes_since(target, moment) if moment else []
        names = {"citations": "sources"}
        raise DraftConflict(
            f"The {draft.type} {draft.target} changed since this draft was made (in: "
            f"{', '.join(names.get(c, c) for c in changed) or 'its data'}); nothing was changed. "
            "Read the source again, or edit the record.",
            etag=current,
            changed_fields=sorted(names.get(c, c) for c in changed),
        )
    return target


def prepared(draft: Draft, fields: dict[str, Any]) -> dict[str, Any]:
    """The draft's fields as a write: values it leaves empty left out, its citations added."""
    data = {key: value for key, value in fields.items() if value is not None}
    if draft.type == "round" and data.get("start_date") is None:
        for name in ("start_date", "end_date", "date_precision"):
            data.pop(name, None)
    data["sources"] = list(data.get("sources") or []) + [dict(c) for c in draft.citations]
    return data


# Kinds of mechanism a pair of countries has one of at each level (its leaders' meetings, its
# 2+2): a draft of that kind, level and countries is the one the registry holds, whatever its
# name. Working groups, consultations, forums and programmes are many at one level.
ONE_PER_LEVEL = {
    MechanismKind.TWO_PLUS_TWO,
    MechanismKind.STRATEGIC_DIALOGUE,
    MechanismKind.SUMMIT,
    MechanismKind.VISITS,
    MechanismKind.PARLIAMENTARY,
}


def same_format(write: RecordWrite) -> list[Model]:
    """The mechanism of the draft's kind, level and exact countries, for a kind a set of
    countries has one of at each level."""
    values = write.fields
    countries = {country.pk for country in write.many_to_many.get("countries", [])}
    if values.get("kind") not in ONE_PER_LEVEL or not countries:
        return []
    candidates = Mechanism.objects.filter(kind=values["kind"], level=values.get("level"))
    found: list[Model] = [
        mechanism
        for mechanism in candidates.prefetch_related("countries")
        if {country.pk for country in mechanism.countries.all()} == countries
    ]
    return found[:2]


def held(model: type[Model], write: RecordWrite) -> Model | None:
    """The record the registry already holds that a draft for a new record means: a person,
    mechanism or organisation of that name (or other name), a place of that GeoNames id or
    name in its country, a round of that mechanism and number or start, a document or figure
    of that title or name and start. Several of them: refused, naming the choice to make."""
    values = write.fields
    name = values.get("name")
    found: list[Model] = []
    if model in (Person, Mechanism, Organisation) and name:
        named = Q(name__iexact=name) | Q(other_names__name__iexact=name)
        if model is Mechanism and values.get("slug"):
            named |= Q(slug=values["slug"])
        candidates = model._default_manager.filter(named)
        if model is Organisation and values.get("country") is not None:
            candidates = candidates.filter(Q(country=values["country"]) | Q(country=None))
        found = list(candidates.distinct()[:2])
        if not found and model is Mechanism:
            found = same_format(write)
    elif model is Place:
        if values.get("geonames_id"):
            found = list(Place.objects.filter(geonames_id=values["geonames_id"])[:1])
        if not found and name:
            same = Place.objects.filter(name__iexact=name)
            if values.get("country") is not None:
                same = same.filter(country=values["country"])
            found = list(same[:2])
    elif model is Round and values.get("mechanism") is not None:
        rounds = Round.objects.filter(mechanism=values["mechanism"])
        if values.get("number") is not None:
            found = list(rounds.filter(number=values["number"])[:2])
        elif values.get("start_date") is not None:
            found = list(
                rounds.filter(
                    start_date=values["start_date"], date_precision=values.get("date_precision")
                )[:2]
            )
    elif model in (Document, Indicator) and values.get("start_date") is not None:
        title = "title" if model is Document else "name"
        if values.get(title):
            found = list(
                model._default_manager.filter(
                    **{f"{title}__iexact": values[title], "start_date": values["start_date"]}
                )[:2]
            )
    if len(found) > 1:
        raise ValidationError(
            {
                "fields": [
                    f"The registry holds several {model._meta.verbose_name_plural} like this "
                    f"one ({found[0].pk}, {found[1].pk}); edit the draft to name one by its id."
                ]
            }
        )
    return found[0] if found else None


def substitute(value: Any, records: dict[int, tuple[str, Any]]) -> Any:
    """{"draft": id} → the accepted record, as the payload names it (a place by slug)."""
    if isinstance(value, dict):
        if set(value) == {"draft"} and value["draft"] in records:
            kind, record = records[value["draft"]]
            return record.slug if kind == "place" else record.pk
        return {key: substitute(item, records) for key, item in value.items()}
    if isinstance(value, list):
        return [substitute(item, records) for item in value]
    return value


@transaction.atomic
def accept(
    draft_id: int,
    *,
    user: Any,
    fields: dict[str, Any] | None = None,
    accepting: frozenset[int] = frozenset(),
) -> Draft:
    """Write the draft's record (and, first, the proposed drafts it refers to); `accepting`
    are the drafts whose acceptance led here, which it may not refer back to."""
    draft = Draft.objects.select_for_update().select_related("source").get(pk=draft_id)
    check_reviewable(draft)
    check_permission(user, draft)
    values = fields if fields is not None else draft.fields
    records: dict[int, tuple[str, Any]] = {}
    for ref in dict.fromkeys(referenced(values)):
        if ref == draft.pk or ref in accepting:
            raise ValidationError(
                {"fields": [f"Draft {ref} refers back to draft {draft.pk}; nothing was changed."]}
            )
        other = Draft.objects.filter(pk=ref, source=draft.source).first()
        if other is None:
            raise ValidationError(
                {"fields": [f"Draft {ref} does not exist among this source's drafts."]}
            )
        if other.status == DraftStatus.PROPOSED:
            other = accept(other.pk, user=user, accepting=accepting | {draft.pk})
        if other.status == DraftStatus.REJECTED or other.record is None:
            raise ValidationError(
                {"fields": [f"Draft {ref} was rejected; refer to an existing record instead."]}
            )
        records[ref] = (other.type, MODELS[other.type]._default_manager.get(pk=other.record))
    target = check_target(draft)
    model = MODELS[draft.type]
    try:
        write = record_write(model, prepared(draft, substitute(values, records)), instance=target)
        if target is None and (target := held(model, write)) is not None:
            check_permission(user, draft, "change")
        if target is not None:
            write = additions(target, write)
        record = record_save(
            instance=target if target is not None else model(),
            fields=write.fields,
            many_to_many=write.many_to_many,
            children=write.children,
            user=user,
            via=change_reason(draft),
        )
    except RecordInvalid as error:
        raise ValidationError(
            {
                "fields": [
                    line if key == NON_FIELD_ERRORS or line.startswith(key) else f"{key}: {line}"
                    for key, lines in error.message_dict.items()
                    for line in lines
                ],
                "draft": [f"Draft {draft.pk} ({draft.type})."],
            }
        ) from error
    changes: dict[str, Any] = {
        "status": DraftStatus.ACCEPTED,
        "record": record.pk,
        "reviewed_by": user if getattr(user, "is_authenticated", False) else None,
        "reviewed_at": timezone.now(),
    }
    if fields is not None:
        changes["fields"] = fields
    return record_save(instance=draft, fields=changes, user=user)  # type: ignore[return-value]


@dataclass(frozen=True)
class Change:
    """One record that accepting a draft adds, changes or removes, as a version says it."""

    action: str  # "add", "change" or "remove"
    kind: str  # the record's model name: round, participant, citation…
    id: int
    label: str  # the record as it reads, after the change
    fields: tuple[str, ...] = ()  # for a change: the fields and links it changes


class DryRun(Exception):
    """Ends a preview's transaction (rolled back) with what it wrote."""

    def __init__(self, changes: list[Change]):
        self.changes = changes


def preview(draft_id: int, *, user: Any, fields: dict[str, Any] | None = None) -> list[Change]:
    """Exactly what accepting the draft would change, in the order written, with nothing
    written: the accept runs in a transaction that is rolled back, and its versions say what
    it did. Refused as accepting would be (400, 403, 409)."""
    marks = {model: latest_version(model) for model in record_types()}
    try:
        with transaction.atomic():
            accept(draft_id, user=user, fields=fields)
            raise DryRun(versions_since(marks))
    except DryRun as done:
        return done.changes


ACTIONS = {"+": "add", "~": "change", "-": "remove"}
AUTOMATIC = {"updated", "has_unsupported"}  # set by every write, not by what the draft says


def versions_since(marks: dict[type[Model], int | None]) -> list[Change]:
    """The versions written since `marks` (each model's latest version then), as changes."""
    changes: list[tuple[Any, Change]] = []
    for model, mark in marks.items():
        history = model.history.all()  # type: ignore[attr-defined]
        if mark is not None:
            history = history.filter(history_id__gt=mark)
        for version in history.order_by("history_id"):
            changed: tuple[str, ...] = ()
            if version.history_type == "~" and version.prev_record is not None:
                diff = version.diff_against(version.prev_record)
                changed = tuple(name for name in diff.changed_fields if name not in AUTOMATIC)
            pk = getattr(version, model._meta.pk.attname)
            record = model._default_manager.filter(pk=pk).first()
            changes.append(
                (
                    version.history_date,
                    Change(
                        ACTIONS[version.history_type],
                        model._meta.model_name or "",
                        pk,
                        str(record) if record is not None else f"{model._meta.verbose_name} {pk}",
                        changed,
                    ),
                )
            )
    return [change for _, change in sorted(changes, key=lambda pair: pair[0])]


def latest_version(model: type[Model]) -> int | None:
    """The id of the model's latest history row: whether a write made a version."""
    history = model.history  # type: ignore[attr-defined]
    return history.order_by("-history_id").values_list("history_id", flat=True).first()


@transaction.atomic
def reject(draft_id: int, *, user: Any) -> Draft:
    draft = Draft.objects.select_for_update().get(pk=draft_id)
    check_reviewable(draft)
    check_permission(user, draft)
    return record_save(  # type: ignore[return-value]
        instance=draft,
        fields={
            "status": DraftStatus.REJECTED,
            "reviewed_by": user if getattr(user, "is_authenticated", False) else None,
            "reviewed_at": timezone.now(),
        },
        user=user,
    )


def change_reason(draft: Draft) -> str:
    """ "Accepted from draft 7 of source 1 “Comment on the third round…”": the source's title
    cut at a word to fit the history's reason."""
    start = f"{VIA_DRAFT} {draft.pk} of source {draft.source_id} “"
    words, title = draft.source.title.split(), ""
    for word in words:
        longer = f"{title} {word}".strip()
        if len(start) + len(longer) + 2 > REASON_LENGTH:
            return f"{start}{title}…”"
        title = longer
    return f"{start}{title}”"
