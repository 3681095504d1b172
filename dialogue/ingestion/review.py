"""Drafts saved, accepted and rejected: the review half of ingestion.

Accepting a draft writes its record through the resource's serializer, and so through
`services.record_save` like every other write, with the draft's citations; drafts it refers to
that are still proposed (a new mechanism, person or place) are accepted first, in the same
transaction, so a refusal anywhere leaves everything as it was.
"""

import copy
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from rest_framework import serializers as drf_serializers
from rest_framework.exceptions import PermissionDenied
from simple_history.utils import update_change_reason

from .. import gazetteer, selectors, services
from ..api import serializers
from ..api.exceptions import Conflict
from ..models import Draft, DraftStatus, Source
from .extract import Spec, extract
from .lexicon import from_registry

SERIALIZERS: dict[str, type[serializers.RecordSerializer]] = {
    "mechanism": serializers.MechanismSerializer,
    "round": serializers.RoundSerializer,
    "person": serializers.PersonSerializer,
    "organisation": serializers.OrganisationSerializer,
    "place": serializers.PlaceSerializer,
    "document": serializers.DocumentSerializer,
    "indicator": serializers.IndicatorSerializer,
}
# The model of each kind of record a draft may propose, as its serializer writes it.
MODELS: dict[str, type[Model]] = {
    kind: serializer.Meta.model for kind, serializer in SERIALIZERS.items()
}


class DraftConflict(Conflict):
    """409: the draft was already reviewed, or its target changed since it was made."""

    def __init__(self, detail: str, **extra: Any):
        super().__init__(detail)
        self.extra = extra


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
        services.record_delete(instance=old, user=user)
    ids: dict[str, int] = {}
    drafts: list[Any] = []
    for spec in specs:
        version = ""
        if spec.target is not None:
            target = MODELS[spec.type]._default_manager.filter(pk=spec.target).first()
            version = selectors.record_version(target) if target is not None else ""
        draft = services.record_save(
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


def permission_for(draft: Draft) -> str:
    """The permission writing the draft's record needs: add, or change for a target."""
    action = "change" if draft.target is not None else "add"
    return f"dialogue.{action}_{MODELS[draft.type]._meta.model_name}"


def check_permission(user: Any, draft: Draft) -> None:
    if not user.has_perm(permission_for(draft)):
        raise PermissionDenied(
            f"Accepting or rejecting a {draft.type} draft needs the permission to write a "
            f"{draft.type} ({permission_for(draft)})."
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


def payload(draft: Draft, fields: dict[str, Any], target: Any, context: dict) -> dict[str, Any]:
    """The write payload: the fields with the draft's citations; for a target, its own
    participants and citations kept, the draft's added."""
    data = copy.deepcopy(fields)
    for participant in data.get("participants") or []:
        participant.pop("name", None)
    if draft.type == "round" and data.get("start_date") is None:
        data.pop("start_date", None)
        data.pop("end_date", None)
        data.pop("date_precision", None)
    data = {key: value for key, value in data.items() if value is not None or key == "city"}
    sources = list(data.pop("sources", [])) + [dict(c) for c in draft.citations]
    if target is not None:
        current = SERIALIZERS[draft.type](target, context=context).data
        kept = [dict(c) for c in current.get("sources", [])]
        seen = {(c["source"], c["quote"]) for c in kept}
        sources = kept + [c for c in sources if (c["source"], c["quote"]) not in seen]
        if "participants" in data:
            old = [
                {k: v for k, v in dict(p).items() if k != "name"}
                for p in current.get("participants", [])
            ]
            people = {p["person"] for p in old}
            data["participants"] = old + [
                p for p in data["participants"] if p["person"] not in people
            ]
        for key in ("number", "city", "host_country"):
            if data.get(key) in (None, "") or current.get(key) not in (None, ""):
                data.pop(key, None)  # a passing mention does not overwrite what is stored
        if draft.type != "round":
            # A document, figure or organisation the registry holds: the draft adds its
            # citation and changes none of what an analyst entered.
            data = {}
    for citation in sources:
        citation.setdefault("resolved_against", None)
        if citation.get("resolved_against") is None:
            citation.pop("resolved_against")
    data["sources"] = sources
    return data


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
    draft_id: int, *, user: Any, fields: dict[str, Any] | None = None, request: Any = None
) -> Draft:
    """Write the draft's record (and, first, the proposed drafts it refers to)."""
    draft = Draft.objects.select_for_update().select_related("source").get(pk=draft_id)
    check_reviewable(draft)
    check_permission(user, draft)
    values = fields if fields is not None else draft.fields
    records: dict[int, tuple[str, Any]] = {}
    for ref in dict.fromkeys(referenced(values)):
        other = Draft.objects.filter(pk=ref, source=draft.source).first()
        if other is None:
            raise drf_serializers.ValidationError(
                {"fields": [f"Draft {ref} does not exist among this source's drafts."]}
            )
        if other.status == DraftStatus.PROPOSED:
            other = accept(other.pk, user=user, request=request)
        if other.status == DraftStatus.REJECTED or other.record is None:
            raise drf_serializers.ValidationError(
                {"fields": [f"Draft {ref} was rejected; refer to an existing record instead."]}
            )
        records[ref] = (other.type, MODELS[other.type]._default_manager.get(pk=other.record))
    target = check_target(draft)
    context = {"request": request}
    data = payload(draft, substitute(values, records), target, context)
    serializer = SERIALIZERS[draft.type](
        instance=target, data=data, partial=target is not None, context=context
    )
    try:
        serializer.is_valid(raise_exception=True)
        model = MODELS[draft.type]
        versions = model.history.count()  # type: ignore[attr-defined]
        record = serializer.save()
    except drf_serializers.ValidationError as error:
        raise drf_serializers.ValidationError(
            {"fields": error.detail, "draft": [f"Draft {draft.pk} ({draft.type})."]}
        ) from error
    if model.history.count() > versions:  # type: ignore[attr-defined]
        update_change_reason(record, change_reason(draft))
    changes: dict[str, Any] = {
        "status": DraftStatus.ACCEPTED,
        "record": record.pk,
        "reviewed_by": user if getattr(user, "is_authenticated", False) else None,
        "reviewed_at": timezone.now(),
    }
    if fields is not None:
        changes["fields"] = fields
    return services.record_save(instance=draft, fields=changes, user=user)  # type: ignore[return-value]


@transaction.atomic
def reject(draft_id: int, *, user: Any) -> Draft:
    draft = Draft.objects.select_for_update().get(pk=draft_id)
    check_reviewable(draft)
    check_permission(user, draft)
    return services.record_save(  # type: ignore[return-value]
        instance=draft,
        fields={
            "status": DraftStatus.REJECTED,
            "reviewed_by": user if getattr(user, "is_authenticated", False) else None,
            "reviewed_at": timezone.now(),
        },
        user=user,
    )


REASON_LENGTH = 100  # simple-history's column: PostgreSQL refuses more (SQLite kept it)


def change_reason(draft: Draft) -> str:
    """ "Accepted from draft 7 of source 1 “Comment on the third round…”": the source's title
    cut at a word to fit the history's reason."""
    start = f"Accepted from draft {draft.pk} of source {draft.source_id} “"
    words, title = draft.source.title.split(), ""
    for word in words:
        longer = f"{title} {word}".strip()
        if len(start) + len(longer) + 2 > REASON_LENGTH:
            return f"{start}{title}…”"
        title = longer
    return f"{start}{title}”"
