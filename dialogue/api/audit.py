"""Who changed what and when: each record's versions, and recent changes across the registry."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, QuerySet, Value
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from ..models import (
    Country,
    Document,
    DocumentCitation,
    Indicator,
    IndicatorCitation,
    Mechanism,
    MechanismCitation,
    MechanismName,
    Organisation,
    OrganisationName,
    Participant,
    Person,
    PersonName,
    Place,
    PlaceName,
    Round,
    RoundCitation,
    Source,
    Topic,
)

# Every model whose changes are recorded, by the name the history lists give it.
TRACKED = {
    model._meta.model_name: model
    for model in (
        Country,
        Place,
        PlaceName,
        Person,
        PersonName,
        Organisation,
        OrganisationName,
        Topic,
        Source,
        Mechanism,
        MechanismName,
        MechanismCitation,
        Round,
        Participant,
        RoundCitation,
        Document,
        DocumentCitation,
        Indicator,
        IndicatorCitation,
    )
}
IGNORED_CHANGES = {"updated"}  # changes on every save; says nothing


class VersionSerializer(serializers.Serializer):
    """One version of a record: who made it, when, and what it changed."""

    history_id = serializers.IntegerField(help_text="The version's identifier.")
    model = serializers.CharField(help_text="The record's type, such as `round`.")
    object_id = serializers.CharField(help_text="The record's id (a country's code).")
    history_date = serializers.DateTimeField(help_text="When the change was made.")
    history_user = serializers.CharField(
        allow_null=True, help_text="Username of who made it; null for a script or the seed."
    )
    history_type = serializers.ChoiceField(
        choices=[("+", "created"), ("~", "changed"), ("-", "deleted")],
        help_text="`+` created, `~` changed, `-` deleted.",
    )
    changed_fields = serializers.ListField(
        child=serializers.CharField(),
        help_text="Fields whose value this version changed (all of them for `+`).",
    )


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


def describe(version, model_name: str, previous) -> dict:
    """A version as the API shows it, `previous` being the record's version before it."""
    user = version.history_user
    return {
        "history_id": version.history_id,
        "model": model_name,
        "object_id": object_id(version),
        "history_date": version.history_date,
        "history_user": user.get_username() if user else None,
        "history_type": version.history_type,
        "changed_fields": changed_fields(version, previous),
    }


def record_versions(model, pk: str) -> list[dict]:
    """Every version of one record, newest first; kept after the record is deleted."""
    name = model._meta.model_name
    try:
        pk = model._meta.pk.to_python(pk)
    except DjangoValidationError:
        return []  # no record ever had a malformed id
    versions = list(
        model.history.filter(**{model._meta.pk.attname: pk})
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    # Newest first, so each version's predecessor is the next one in the list.
    return [
        describe(version, name, versions[i + 1] if i + 1 < len(versions) else None)
        for i, version in enumerate(versions)
    ]


def recent_changes(params) -> QuerySet:
    """(model, history_id, history_date) of every change across the registry, newest first."""
    since = params.get("since")
    username = params.get("user")
    filters = {}
    if since:
        try:
            moment = datetime.datetime.fromisoformat(since)
        except ValueError as error:
            raise ValidationError({"since": ["Give an ISO 8601 date or date and time."]}) from error
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        filters["history_date__gte"] = moment
    if username:
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


def describe_page(page: list[tuple]) -> list[dict]:
    """The page's versions in full, with their predecessors: two queries per type on the page."""
    wanted: dict[str, list[int]] = {}
    for name, history_id, _date in page:
        wanted.setdefault(name, []).append(history_id)
    versions, previous = {}, {}
    for name, ids in wanted.items():
        history = TRACKED[name].history
        found = list(history.filter(history_id__in=ids).select_related("history_user"))
        pk_name = TRACKED[name]._meta.pk.attname
        # Every earlier version of the changed records, to find each one's predecessor.
        changed = {getattr(v, pk_name) for v in found if v.history_type == "~"}
        earlier: dict[str, list] = {}
        if changed:
            for version in history.filter(
                **{f"{pk_name}__in": changed}, history_id__lt=max(ids)
            ).order_by("history_date", "history_id"):
                earlier.setdefault(object_id(version), []).append(version)
        for version in found:
            versions[(name, version.history_id)] = version
            before = [
                v
                for v in earlier.get(object_id(version), [])
                if (v.history_date, v.history_id) < (version.history_date, version.history_id)
            ]
            previous[(name, version.history_id)] = before[-1] if before else None
    return [
        describe(versions[key], key[0], previous[key])
        for key in ((name, history_id) for name, history_id, _ in page)
    ]
