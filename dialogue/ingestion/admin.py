"""Review in the admin: a page per source with its text, each draft's sentence highlighted and
the drafts beside their sentences (grouped by type), each to accept, edit or reject, and
"accept all selected". Registered by `dialogue.admin`."""

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..admin import NAMED_AUTOCOMPLETES, RegistryAdmin
from ..models import Country, Draft, DraftStatus, Source
from ..models.base import normalise_whitespace
from ..writes import WriteConflict
from . import review
from .extract import ExtractionRefused, text_sentences

GROUPS = (
    ("mechanism", "Mechanisms"),
    ("round", "Rounds"),
    ("person", "People"),
    ("organisation", "Organisations"),
    ("place", "Places"),
    ("document", "Documents"),
    ("indicator", "Figures"),
)
LABEL_FIELDS = ("name", "title", "start_date", "number", "city", "country", "kind", "status")


def record_url(draft: Draft) -> str | None:
    """The admin page of the record an accepted draft made or updated."""
    if draft.record is None:
        return None
    try:
        return reverse(f"admin:dialogue_{draft.type}_change", args=[draft.record])
    except NoReverseMatch:
        return None


def readable(detail: Any, field: str = "") -> list[str]:
    """Messages nested by field (a write's refusal: `{"participants": [{"role": [...]}]}`) as
    lines that name the field they are about."""
    if isinstance(detail, dict):
        return [
            line
            for name, value in detail.items()
            for line in readable(value, name if name != NON_FIELD_ERRORS else field)
        ]
    if isinstance(detail, (list, tuple)):
        return [line for value in detail for line in readable(value, field)]
    return [f"{field}: {detail}" if field else str(detail)]


def error_text(error: Exception) -> str:
    """A refusal as one readable line, each message after the field it is about."""
    detail: Any = (
        getattr(error, "message_dict", None)
        or (error.messages if isinstance(error, ValidationError) else None)
        or getattr(error, "detail", None)
        or getattr(error, "errors", None)
        or str(error)
    )
    return "; ".join(readable(detail))


def preview_text(draft: Draft, changes: list[review.Change]) -> str:
    """What accepting the draft would change, as one message."""
    if not changes:
        return f"Accepting draft {draft.pk} would change nothing: the registry holds all of it."
    lines = [
        f"{change.action} {change.kind} {change.id}: {change.label}"
        + (f" ({', '.join(change.fields)})" if change.fields else "")
        for change in changes
    ]
    return f"Accepting draft {draft.pk} would: " + "; ".join(lines) + "."


def draft_model(draft: Draft) -> type[Model]:
    return apps.get_model("dialogue", draft.type)


def model_field(model: type[Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def in_form_order(draft: Draft, admin_site: admin.AdminSite) -> list[tuple[str, Any]]:
    """The draft's fields in the order its record's admin page shows them (its fieldsets),
    whatever order its JSON kept (PostgreSQL's jsonb sorts keys by length), then any other."""
    model = draft_model(draft)
    try:
        model_admin = admin_site.get_model_admin(model)
    except NotRegistered:
        model_admin = None
    shown = (
        flatten_fieldsets(model_admin.fieldsets)
        if model_admin is not None and model_admin.fieldsets
        else []
    )
    order = {name: index for index, name in enumerate(shown)}
    return sorted(draft.fields.items(), key=lambda item: order.get(item[0], len(order)))


def registry_key(model: type[Model], value: Any) -> tuple[str, Any] | None:
    """How a write payload refers to a registry record: an id, a slug, or a country's code."""
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, int):
        return ("pk", value)
    if isinstance(value, str):
        return ("pk", value) if model is Country else ("slug", value)
    return None


class PageValues:
    """The drafts' values as an analyst reads them: registry records by name, linked to their
    admin page, other drafts by label, linked to their place on the page, countries by name.
    Every record a page's drafts refer to is read in one query a kind of record."""

    def __init__(self, drafts: list[Draft], admin_site: admin.AdminSite) -> None:
        self.admin_site = admin_site
        self.drafts = {draft.pk: draft for draft in drafts}
        wanted: dict[tuple[type[Model], str], set[Any]] = {}
        for draft in drafts:
            for related, value in self.references(draft):
                key = registry_key(related, value)
                if key:
                    wanted.setdefault((related, key[0]), set()).add(key[1])
        self.records: dict[tuple[type[Model], str], dict[Any, Model]] = {
            (related, by): related._default_manager.in_bulk(list(keys), field_name=by)
            for (related, by), keys in wanted.items()
            if by == "pk" or model_field(related, "slug")
        }

    @staticmethod
    def references(draft: Draft) -> list[tuple[type[Model], Any]]:
        model = draft_model(draft)
        person = apps.get_model("dialogue", "person")
        found: list[tuple[type[Model], Any]] = []
        for name, value in draft.fields.items():
            field = model_field(model, name)
            if field is None or not field.is_relation:
                continue
            if name == "participants":
                for row in value or []:
                    found += [(person, row.get("person")), (Country, row.get("country"))]
            elif field.many_to_many:
                found += [(field.related_model, item) for item in value or []]
            else:
                found.append((field.related_model, value))
        return found

    def record(self, related: type[Model], value: Any) -> SafeString:
        if isinstance(value, dict) and "draft" in value:
            other = self.drafts.get(value["draft"])
            label = str(other) if other else f"draft {value['draft']}"
            return format_html('<a href="#draft-{}">{}</a> (proposed)', value["draft"], label)
        key = registry_key(related, value)
        found = self.records.get((related, key[0]), {}).get(key[1]) if key else None
        if found is None:
            return format_html("{}", "—" if value in (None, "") else value)
        try:
            url = reverse(
                f"admin:{related._meta.app_label}_{related._meta.model_name}_change",
                args=[found.pk],
            )
        except NoReverseMatch:
            return format_html("{}", found)
        return format_html('<a href="{}">{}</a>', url, found)

    def participants(self, rows: list[dict[str, Any]]) -> SafeString:
        person = apps.get_model("dialogue", "person")
        return format_html_join(
            "; ",
            "{} ({}, {})",
            (
                (
                    self.record(person, row["person"]) if row.get("person") else row.get("name"),
                    self.record(Country, row.get("country")),
                    row.get("role") or "no role stated",
                )
                for row in rows
            ),
        )

    def summary(self, draft: Draft) -> list[tuple[str, SafeString]]:
        """The draft's values, field by field, in the words of the record's labels."""
        model = draft_model(draft)
        shown = []
        for name, value in in_form_order(draft, self.admin_site):
            if value in (None, "", []):
                continue
            field = model_field(model, name)
            label = str(getattr(field, "verbose_name", name)) if field else name
            if name == "participants":
                text = self.participants(value)
            elif field is not None and field.many_to_many:
                text = format_html_join(
                    ", ", "{}", ((self.record(field.related_model, item),) for item in value)
                )
            elif field is not None and field.is_relation:
                text = self.record(field.related_model, value)
            elif field is not None and field.choices:
                text = format_html("{}", dict(field.flatchoices).get(value, value))
            else:
                text = format_html("{}", value)
            shown.append((label, text))
        return shown


def draft_form(draft: Draft, admin_site: admin.AdminSite, data: Any = None) -> forms.Form:
    """The draft's own values as the record's form fields, with the admin's widgets (choices,
    dates, autocompletes of registry records): what an analyst edits before accepting. A
    reference left empty keeps what the draft proposes (another draft, or a city the gazetteer
    knows). Owned rows (participants) and lists of other records are shown, not edited."""
    model = draft_model(draft)
    form = forms.Form(data, prefix=f"draft-{draft.pk}")
    for name, value in in_form_order(draft, admin_site):
        field = model_field(model, name)
        if field is None or name == "participants":
            continue
        if field.many_to_many:
            if field.related_model is not Country:
                continue
            form_field: forms.Field = forms.ModelMultipleChoiceField(
                Country.objects.all(),
                required=False,
                widget=AutocompleteSelectMultiple(field, admin_site),
            )
            form_field.initial = value or []
        elif field.is_relation:
            form_field = forms.ModelChoiceField(
                field.related_model._default_manager.all(),
                required=False,
                widget=AutocompleteSelect(field, admin_site),
            )
            key = registry_key(field.related_model, value)
            if key and key[0] == "pk":
                form_field.initial = value
            elif value not in (None, ""):
                proposal = f"draft {value['draft']}" if isinstance(value, dict) else f"“{value}”"
                form_field.help_text = f"Empty: the proposal ({proposal})."
        elif field.concrete:
            form_field = field.formfield(required=False)
            if form_field is None:
                continue
            try:
                form_field.initial = form_field.to_python(value)
            except ValidationError:
                form_field.initial = value
        else:
            continue
        form_field.label = str(field.verbose_name).capitalize()
        form.fields[name] = form_field
    return form


def edited_fields(draft: Draft, form: forms.Form) -> dict[str, Any]:
    """The draft's fields with what the analyst changed in its form, as the write payload
    spells them (ids, codes, ISO dates, decimals as text)."""

    def payload(value: Any) -> Any:
        if isinstance(value, Model):
            return value.pk
        if isinstance(value, QuerySet):
            return sorted(item.pk for item in value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    fields = dict(draft.fields)
    # A field the request did not send is left as proposed (a browser sends every field; a
    # script may send only the one it edits).
    for name in (name for name in form.changed_data if form.add_prefix(name) in form.data):
        fields[name] = payload(form.cleaned_data[name])
    return fields


def form_errors(form: forms.Form) -> dict[str, list[str]]:
    """The form's refusals by the label the analyst sees."""
    return {
        str(form.fields[name].label) if name in form.fields else name: [str(e) for e in errors]
        for name, errors in form.errors.items()
    }


class DraftAdmin(RegistryAdmin):
    list_display = (
        "id",
        "type",
        "label",
        "source",
        "status",
        "confidence",
        "record_link",
        "review_link",
    )
    list_filter = ("status", "type")
    list_select_related = ("source",)
    search_fields = ("source__title",)
    readonly_fields = ("record_link",)

    @admin.display(description="draft")
    def label(self, draft: Draft) -> str:
        return str(draft)

    @admin.display(description="record")
    def record_link(self, draft: Draft) -> str:
        url = record_url(draft)
        return format_html('<a href="{}">{} {}</a>', url, draft.type, draft.record) if url else "—"

    @admin.display(description="review")
    def review_link(self, draft: Draft) -> str:
        url = reverse("admin:dialogue_draft_review", args=[draft.source_id])
        return format_html('<a href="{}">review the source</a>', url)

    def get_urls(self):
        review_view = self.admin_site.admin_view(self.review_view)
        return [
            path("review/<int:source_id>/", review_view, name="dialogue_draft_review"),
            *super().get_urls(),
        ]

    def review_view(self, request: HttpRequest, source_id: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        source = get_object_or_404(Source, pk=source_id)
        if request.method == "POST":
            # Reading, re-reading (which deletes the drafts still proposed) and reviewing
            # change drafts: a user who may only view them sees the page and changes nothing.
            if not self.has_change_permission(request) or (
                "propose" in request.POST and not self.has_add_permission(request)
            ):
                raise PermissionDenied
            self.review_post(request, source)
            return HttpResponseRedirect(request.path)
        drafts = list(Draft.objects.filter(source=source).order_by("id"))
        rows = self.rows(request, source, drafts)
        counts = {status: sum(d.status == status for d in drafts) for status in DraftStatus.values}
        media = forms.Media(js=[NAMED_AUTOCOMPLETES])
        for row in rows:
            for group in row["groups"]:
                for item in group["drafts"]:
                    if item["form"] is not None:
                        media += item["form"].media
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review drafts: {source.title}",
            "source": source,
            "rows": rows,
            "counts": counts,
            "unplaced": [d for d in drafts if not any(d in row["all"] for row in rows)],
            "opts": self.model._meta,
            "media": media,
            "may_review": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/dialogue/draft/review.html", context)

    def rows(
        self, request: HttpRequest, source: Source, drafts: list[Draft]
    ) -> list[dict[str, Any]]:
        """The text sentence by sentence, each with the drafts whose first citation quotes it,
        grouped by type, most confident first."""
        values = PageValues(drafts, self.admin_site)
        may_review = self.has_change_permission(request)
        rows = []
        for sentence in text_sentences(source.text):
            here = [
                d
                for d in drafts
                if d.citations
                and normalise_whitespace(d.citations[0].get("quote", "")) == sentence.text
            ]
            groups = [
                {
                    "label": label,
                    "drafts": [
                        {
                            "draft": d,
                            "summary": values.summary(d),
                            "record_url": record_url(d),
                            "form": draft_form(d, self.admin_site)
                            if may_review and d.status == DraftStatus.PROPOSED
                            else None,
                        }
                        for d in sorted(here, key=lambda d: -d.confidence)
                        if d.type == kind
                    ],
                }
                for kind, label in GROUPS
            ]
            rows.append(
                {
                    "sentence": sentence,
                    "groups": [g for g in groups if g["drafts"]],
                    "all": here,
                    "highlight": bool(here),
                }
            )
        return rows

    def review_post(self, request: HttpRequest, source: Source) -> None:
        post = request.POST
        try:
            if "propose" in post:
                with transaction.atomic():
                    drafts = review.propose(source, user=request.user)
                messages.success(request, f"Read {len(drafts)} drafts from the text.")
                return
            if "accept_selected" in post:
                chosen = [int(v) for v in post.getlist("selected") if v.isdigit()]
                with transaction.atomic():
                    done = []
                    for draft_id in chosen:
                        draft = Draft.objects.get(pk=draft_id, source=source)
                        if draft.status == DraftStatus.PROPOSED:
                            done.append(review.accept(draft.pk, user=request.user))
                messages.success(request, f"Accepted {len(done)} drafts.")
                return
            if post.get("preview", "").isdigit():
                draft = get_object_or_404(Draft, pk=int(post["preview"]), source=source)
                changes = review.preview(draft.pk, user=request.user)
                messages.info(request, preview_text(draft, changes))
                return
            for action in ("accept", "accept_edited", "reject"):
                value = post.get(action, "")
                if not value.isdigit():
                    continue
                draft = get_object_or_404(Draft, pk=int(value), source=source)
                if action == "reject":
                    review.reject(draft.pk, user=request.user)
                    messages.success(request, f"Rejected draft {draft.pk}.")
                    return
                fields = None
                if action == "accept_edited":
                    form = draft_form(draft, self.admin_site, data=post)
                    if not form.is_valid():
                        raise ValidationError(form_errors(form))
                    fields = edited_fields(draft, form)
                accepted = review.accept(draft.pk, user=request.user, fields=fields)
                messages.success(
                    request, f"Accepted draft {draft.pk}: {accepted.type} {accepted.record}."
                )
                return
        except (
            ValidationError,
            PermissionDenied,
            WriteConflict,
            ExtractionRefused,
            Draft.DoesNotExist,
        ) as error:
            messages.error(request, f"Nothing was changed: {error_text(error)}")
