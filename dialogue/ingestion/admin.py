"""Review in the admin: a page per source with its text, each draft's sentence highlighted and
the drafts beside their sentences (grouped by type), each to accept, edit or reject, and
"accept all selected". Registered by `dialogue.admin`."""

import json
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html

from ..admin import RegistryAdmin
from ..models import Draft, DraftStatus, Source
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


def error_text(error: Exception) -> str:
    """A refusal as one readable line."""
    detail: Any = (
        getattr(error, "message_dict", None)
        or getattr(error, "detail", None)
        or getattr(error, "errors", None)
        or str(error)
    )
    if isinstance(detail, (dict, list)):
        return json.dumps(detail, ensure_ascii=False, default=str)
    return str(detail)


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


def summary(draft: Draft) -> list[tuple[str, str]]:
    """The draft's main fields, as label and value."""
    shown = []
    for name, value in draft.fields.items():
        if name == "participants":
            people = ", ".join(
                f"{p.get('name')} ({p.get('country') or '?'}, {p.get('role') or 'no role'})"
                for p in value
            )
            shown.append((name, people or "—"))
        elif value not in (None, "", []):
            shown.append(
                (
                    name,
                    json.dumps(value, ensure_ascii=False)
                    if isinstance(value, (dict, list))
                    else str(value),
                )
            )
    return shown


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
        rows = self.rows(source, drafts)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review drafts: {source.title}",
            "source": source,
            "rows": rows,
            "counts": {
                status: sum(d.status == status for d in drafts) for status in DraftStatus.values
            },
            "unplaced": [d for d in drafts if not any(d in row["all"] for row in rows)],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/dialogue/draft/review.html", context)

    def rows(self, source: Source, drafts: list[Draft]) -> list[dict[str, Any]]:
        """The text sentence by sentence, each with the drafts whose first citation quotes it,
        grouped by type."""
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
                            "summary": summary(d),
                            "record_url": record_url(d),
                            "fields_json": json.dumps(d.fields, ensure_ascii=False, indent=1),
                        }
                        for d in here
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
                    try:
                        fields = json.loads(post.get(f"fields-{draft.pk}", ""))
                    except json.JSONDecodeError as error:
                        raise ValidationError({"fields": [f"Not JSON: {error}"]}) from error
                    if not isinstance(fields, dict):
                        raise ValidationError({"fields": ["Give the fields as a JSON object."]})
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
