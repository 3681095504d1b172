"""The admin in which analysts enter and correct the registry."""

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import nested_admin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR, IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    RelatedFieldWidgetWrapper,
)
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models as models_db
from django.db.models import Count, F, Prefetch, ProtectedError
from django.forms import Textarea
from django.http import JsonResponse
from django.template.defaultfilters import pluralize
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from . import models, resources, selectors, writes
from .changes import RecordChanges
from .dates import describe_dates
from .history import VIA_ADMIN
from .models.base import is_cited
from .models.sources import citable_fields
from .paging import EstimatingPaginator
from .provenance import NOT_CLAIMS, claim_of, record_provenance
from .records import names_of
from .writes.parse import place_countries
from .writes.places import AmbiguousPlace, NewPlace, find_place

admin.site.site_header = "Dialogue Registry"
admin.site.site_title = "Dialogue Registry"
admin.site.index_title = "Records"
# The record pages need the width (rows of participants, the round list's columns); the list of
# models is on the home page, one click away.
admin.site.enable_nav_sidebar = False

# Names the autocompletes' controls (select2 draws them without one) after their fields.
NAMED_AUTOCOMPLETES = "dialogue/select2-names.js"

CODE = re.compile(r"`([^`]+)`")


def readable_help(text: str) -> str:
    """A help text as a page shows it: its `code` spans (Markdown in the API's docs) as code,
    not as backticks."""
    return mark_safe(CODE.sub(r"<code>\1</code>", str(escape(text))))


class AdminFields:
    """Form fields for every admin page and inline: help texts without markup noise, and
    autocomplete widgets that label what the page already loaded. A row inline
    (`row_links = False`) keeps only the link that adds a related record, so its row fits."""

    row_links = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if formfield is not None and formfield.help_text:
            formfield.help_text = readable_help(formfield.help_text)
        if formfield is not None and isinstance(self, nested_admin.NestedTabularInline):
            # A row's fields are labelled by the table's header only, which names no field for
            # a screen reader: each field names itself.
            control = getattr(formfield.widget, "widget", formfield.widget)  # a wrapped select
            control.attrs["aria-label"] = capfirst(str(formfield.label))
        if not self.row_links and isinstance(
            getattr(formfield, "widget", None), RelatedFieldWidgetWrapper
        ):
            widget = formfield.widget
            widget.can_change_related = widget.can_delete_related = widget.can_view_related = False
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:  # type: ignore[attr-defined]
            kwargs["widget"] = LabelledSelect(db_field, self.admin_site, using=kwargs.get("using"))  # type: ignore[attr-defined]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:  # type: ignore[attr-defined]
            kwargs["widget"] = LabelledSelectMultiple(
                db_field,
                self.admin_site,  # type: ignore[attr-defined]
                using=kwargs.get("using"),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class LabelledAutocomplete:
    """An autocomplete widget that labels the records its form's instance already holds
    (`known`), instead of querying for them once per row: a page of many rows in a fixed
    number of queries."""

    known: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if v not in (None, "")]
        if self.known is None or not all(v in self.known for v in selected):
            return super().optgroups(name, value, attr)  # type: ignore[misc]
        options = [] if self.is_required or self.allow_multiple_selected else [("", "")]  # type: ignore[attr-defined]
        options += [(v, self.known[v]) for v in selected]
        group: list = []
        for index, (option_value, label) in enumerate(options):
            group.append(self.create_option(name, option_value, label, set(selected), index))  # type: ignore[attr-defined]
        return [(None, group, 0)]


class LabelledSelect(LabelledAutocomplete, AutocompleteSelect):
    pass


class LabelledSelectMultiple(LabelledAutocomplete, AutocompleteSelectMultiple):
    pass


class KnownLabels:
    """A form whose autocomplete widgets label what its instance already loaded (a foreign key
    fetched with select_related, many-to-many links prefetched)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance  # type: ignore[attr-defined]
        prefetched = getattr(instance, "_prefetched_objects_cache", {})
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = getattr(field.widget, "widget", field.widget)  # inside the add/change links
            if not isinstance(widget, LabelledAutocomplete):
                continue
            model_field = instance._meta.get_field(name)
            if model_field.many_to_many and name in prefetched:
                related = list(prefetched[name])
            elif model_field.many_to_one and model_field.is_cached(instance):
                related = [getattr(instance, name)]
            else:
                continue
            widget.known = {
                str(record.pk): field.label_from_instance(record)
                for record in related
                if record is not None
            }


class VersionGuardForm(KnownLabels, forms.ModelForm):
    """Refuses to save a record that someone else changed since this form was opened.

    The version is the record's ETag in the API (`selectors.record_version`): one concurrency
    token per record, whichever way it is written.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["loaded_version"].initial = self.stored_version(
                # Read for this very page with its rows (get_object, the inlines' querysets);
                # a history page's form holds an old version instead, so that one is read.
                current=hasattr(self.instance, "_prefetched_objects_cache")
            )

    def stored_version(self, *, current: bool = False) -> str:
        """The record's version in the database now ("" for a new record); `current` when the
        form's instance was just read from it."""
        if self.instance.pk is None:
            return ""
        if current:
            return selectors.record_version(self.instance)
        stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        return "" if stored is None else selectors.record_version(stored)

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        loaded = cleaned.get("loaded_version")
        if loaded and loaded != self.stored_version():
            raise forms.ValidationError(
                "Someone else changed this record since you opened it; saving would overwrite "
                "their change. Open it again (your edits are lost), or copy them first.",
                code="stale",
            )
        return cleaned


# --- A round's city, found in the registry or the gazetteer (GeoNames) --------------------------

# A city's value in the City field before the registry holds it: the gazetteer's name for it.
GAZETTEER_CITY = "geonames:"


@dataclass(frozen=True)
class TypedCity:
    """A city chosen by its name from the gazetteer's offer, found when the form is checked
    (`GazetteerCityForm`), as the API finds a city written by name."""

    name: str


class PlaceChoiceField(forms.ModelChoiceField):
    """A place of the registry, or a city the gazetteer offered (`TypedCity`)."""

    def to_python(self, value):
        name = value.removeprefix(GAZETTEER_CITY) if isinstance(value, str) else ""
        if name != value and name.strip():
            return TypedCity(name.strip())
        return super().to_python(value)


def gazetteer_label(name: str) -> str:
    return f"{name} — a city GeoNames knows, added when you save"


class GazetteerSelect(LabelledSelect):
    """The City field's autocomplete: the registry's places, then the city the gazetteer knows
    by the name typed (`GazetteerAutocomplete`); a form shown again keeps that choice."""

    url_name = "%s:dialogue_place_gazetteer"

    def optgroups(self, name, value, attr=None):
        typed = [v for v in value if str(v).startswith(GAZETTEER_CITY)]
        groups = super().optgroups(name, [v for v in value if v not in typed], attr)
        options = groups[0][1]
        for choice in typed:
            label = gazetteer_label(choice.removeprefix(GAZETTEER_CITY))
            options.append(self.create_option(name, choice, label, True, len(options)))
        return groups


class GazetteerAutocomplete(AutocompleteJsonView):
    """The places the registry holds for a term, as every autocomplete offers them; then the
    place the API would take that name for (`writes.places.find_place`): the registry's under
    another spelling, or a city the gazetteer knows, to be added when the form is saved."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        term = self.term.strip()
        if not term or request.GET.get("page", "1") != "1":
            return response
        try:
            found = find_place(term, [])
        except AmbiguousPlace:  # several places of that name: the search lists them
            return response
        if found is None:
            return response
        answer = json.loads(response.content)
        if isinstance(found, NewPlace):
            choice = {
                "id": GAZETTEER_CITY + found.city.name,
                "text": gazetteer_label(found.city.name),
            }
            answer["results"].append(choice)
        elif str(found.pk) not in {result["id"] for result in answer["results"]}:
            answer["results"].insert(0, self.serialize_result(found, "id"))
        return JsonResponse(answer)


CITY_HELP = (
    "Type a city's name: a place the registry holds, or a city GeoNames knows, offered as "
    "“… — a city GeoNames knows” and added with its country and coordinates when you save. "
    "A name several cities share is looked for in the host country, else the mechanism's "
    "countries, else the most populous, as the API does."
)


def city_countries(
    cleaned: dict, instance: models.Round, mechanism_countries: list[str] | None
) -> list[str]:
    """Where a city of a shared name is looked for first (`writes.parse.place_countries`): the
    host country chosen, else the mechanism's countries (`mechanism_countries` as chosen on a
    mechanism's page, else the stored ones)."""
    host, mechanism = cleaned.get("host_country"), cleaned.get("mechanism")
    if host is None and mechanism_countries is not None:
        return sorted(mechanism_countries)
    if host is None and (mechanism is None or mechanism.pk is None):
        return []
    written = {"host_country": host.code if host else None, "mechanism": mechanism}
    return place_countries(written, instance)


class GazetteerCityForm(VersionGuardForm):
    """A round's form whose City takes a city the gazetteer offered: found as the API finds a
    city written by name, and a new place (`pending_places`) written with the round by the
    services. On a mechanism's page the admin gives it the countries chosen on that page
    (`mechanism_countries`), which its participants' sides and its city belong to."""

    pending_places: dict[str, NewPlace]

    def __init__(self, *args, mechanism_countries: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mechanism_countries = mechanism_countries

    def clean(self):
        cleaned = super().clean()
        self.pending_places = {}
        typed = cleaned.get("city")
        if not isinstance(typed, TypedCity):
            return cleaned
        try:
            found = find_place(
                typed.name, city_countries(cleaned, self.instance, self.mechanism_countries)
            )
        except AmbiguousPlace:
            self.add_error("city", f"Several places are named “{typed.name}”; choose one.")
            return cleaned
        if found is None:
            self.add_error("city", f"Neither the registry nor GeoNames knows “{typed.name}”.")
        elif isinstance(found, NewPlace):
            self.pending_places["city"] = found
            cleaned["city"] = found.unsaved()  # what validation sees; written with the round
        else:
            cleaned["city"] = found
        return cleaned


class GazetteerCity:
    """An admin page or inline of rounds whose City field is found in the gazetteer too."""

    form = GazetteerCityForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "city":
            kwargs["form_class"] = PlaceChoiceField
            kwargs["widget"] = GazetteerSelect(db_field, self.admin_site, using=kwargs.get("using"))  # type: ignore[attr-defined]
            kwargs["help_text"] = CITY_HELP
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


def form_links(form: forms.ModelForm) -> dict:
    """The many-to-many values a model form was given."""
    return {
        f.name: form.cleaned_data[f.name]
        for f in form.instance._meta.many_to_many
        if f.name in form.cleaned_data
    }


def owned_by(formset, record: models_db.Model):
    """The relation of `record` whose rows the formset edits; None for separate records (a
    mechanism page's rounds)."""
    return next(
        (
            owned
            for owned in selectors.owned_relations(type(record)).values()
            if owned.model is formset.model
        ),
        None,
    )


def formset_rows(formset, owned) -> list[dict]:
    """A formset's rows as the services take them: the complete new list, each row by id,
    with its own rows (a participant's citations) from its nested formsets."""
    return [row for _, row in kept_rows(formset, owned)]


def kept_rows(formset, owned) -> list[tuple[forms.BaseForm, dict]]:
    """Each form of a formset whose row is kept, with the row as the services take it.

    Rows marked for deletion and blank extra rows are left out (the services delete what is
    left out); each row's values are its instance's, to which the form has applied its own.
    """
    kept = []
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if form.instance.pk is None and not form.has_changed():
            continue
        row = {
            f.attname: getattr(form.instance, f.attname)
            for f in form.instance._meta.concrete_fields
            if not f.primary_key and f.name not in owned.link_fields
        }
        for nested in getattr(form, "nested_formsets", []):
            note_changes(nested)
            if (grand := owned_by(nested, form.instance)) is not None:
                row[grand.name] = formset_rows(nested, grand)
        kept.append((form, {**row, "id": form.instance.pk}))
    return kept


def share_with_participants(children: dict, shared: list[dict]) -> None:
    """Under each participant row without a citation of its own, a copy of each of the round's
    citations given to its participants (`CitationForm.for_participants`), supporting the
    participant's values (who, which side, the role): a new row, checked as any citation."""
    participant = models.Participant._meta
    for row in children.get("participants", []):
        if row.get("citations") or not shared:
            continue
        claims = [
            name
            for name in citable_fields(models.Participant)
            if name not in NOT_CLAIMS
            and row.get(participant.get_field(name).attname) not in (None, "")  # type: ignore[union-attr]
        ]
        row["citations"] = [{**citation, "id": None, "supports": claims} for citation in shared]


def note_changes(formset) -> None:
    """What the admin's change message reads from a formset that saved itself (we save it
    through the services instead): its new, changed and deleted rows."""
    deleting = [f for f in formset.forms if formset.can_delete and formset._should_delete_form(f)]
    formset.deleted_objects = [f.instance for f in deleting if f.instance.pk is not None]
    kept = [f for f in formset.forms if f not in deleting and f.has_changed()]
    formset.new_objects = [f.instance for f in kept if f.instance.pk is None]
    formset.changed_objects = [(f.instance, f.changed_data) for f in kept if f.instance.pk]


def save_form_tree(form: forms.ModelForm, formsets, user) -> None:
    """Write a form's record, its owned rows and any records nested under it (a mechanism
    page's rounds, with their participants and sources), each through the services."""
    instance = form.instance
    children, others, for_participants = {}, [], []
    for formset in formsets:
        # The change message reads every formset, nested ones (a participant's citations) too.
        note_changes(formset)
        if formset.instance is not instance:
            continue  # nested_admin lists nested formsets here too; saved with their parent
        if (owned := owned_by(formset, instance)) is not None:
            kept = kept_rows(formset, owned)
            children[owned.name] = [row for _, row in kept]
            for_participants += [row for f, row in kept if getattr(f, "for_participants", False)]
        else:
            others.append(formset)
    share_with_participants(children, for_participants)
    writes.record_save(
        instance=instance,
        # A city the gazetteer offered, written with the record (GazetteerCityForm).
        fields=getattr(form, "pending_places", {}),
        many_to_many=form_links(form),
        children=children,
        user=user,
        via=VIA_ADMIN,
    )
    for formset in others:
        for nested in formset.forms:
            if formset.can_delete and formset._should_delete_form(nested):
                if nested.instance.pk is not None:
                    writes.record_delete(instance=nested.instance, user=user, via=VIA_ADMIN)
            elif nested.instance.pk is not None or nested.has_changed():
                setattr(nested.instance, formset.fk.name, instance)
                save_form_tree(nested, getattr(nested, "nested_formsets", []), user)


def field_label(model, name: str) -> str:
    """A field's label (its verbose name)."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def provenance_values(record: models_db.Model, described: dict, key: str) -> list[str]:
    """The values the record's provenance (`described`) lists under `key` (`unsupported`,
    `unverified`), as the change page lists them: the record's fields and its rows'
    (“Participant Taro Kono (Foreign Minister): role”), by their labels."""

    def labels(model: type[models_db.Model], names: list[str]) -> list[str]:
        return [capfirst(str(field_label(model, name))) for name in names]

    def described_values(model, described, prefix: str) -> list[str]:
        own: list[str] = []
        for name in described[key]:
            # A date and its precision are one claim: named once, by the date.
            if "[" not in name and not claim_of(name) & set(own):
                own.append(name)
        found = [f"{prefix}{label}" for label in labels(model, own)]
        for relation, rows in described["rows"].items():
            row_model = getattr(model, relation).rel.related_model
            for row in rows:
                row_prefix = f"{capfirst(str(row_model._meta.verbose_name))} “{row['label']}”: "
                found += described_values(row_model, row, row_prefix)
        return found

    return described_values(type(record), described, "")


DATE_PARTS = ("__year", "__month", "__day")  # the date drill-down's parameters


def lookup_problem(name: str, values: list[str]) -> str | None:
    """Why the admin refuses a list filter's value: a digit other than 0–9 (`２０１８`, `٢٠١８`,
    which int() and Django's date parsing read as 2018), or a year, month or day of the
    drill-down that is not plain digits (`2_018` and ` 2018` are 2018 to int())."""
    for value in values:
        if any(char.isdecimal() and not char.isascii() for char in value):
            return f"{name}: write numbers and dates with the digits 0–9."
        if name.endswith(DATE_PARTS) and not (value.isascii() and value.isdigit()):
            return f"{name}: a year, month or day is written with the digits 0–9 only."
    return None


class DrillDownChangeList(ChangeList):
    """The list's filters, refused with a message (the whole list shown instead, `?e=1`) when
    their values are not what they look like: digits other than 0–9, or a date drill-down
    beyond what a date can hold. Django works out the end of the year, month or day asked for
    outside its own check, so `?start_date__year=9999` was a 500 (year 10000 is out of range);
    and `?start_date__year=２０１８` silently listed 2018."""

    def get_filters(self, request):
        for name, values in self.get_filters_params().items():
            problem = lookup_problem(name, values if isinstance(values, list) else [values])
            if problem:
                messages.error(request, problem)
                raise IncorrectLookupParameters(problem)
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            messages.error(request, "That date is out of the range a date can hold.")
            raise IncorrectLookupParameters(error) from error


def is_history_revert(request) -> bool:
    """Whether the request is simple-history's revert form (its URL `…_simple_history`)."""
    match = request.resolver_match
    return match is not None and str(match.url_name).endswith("_simple_history")


class AdminRecordChanges(RecordChanges):
    """A record's changes as simple-history's history page reads them: it asks a deleted
    record's history for its latest version, to show the record as it was."""

    def latest(self, field: str):
        # simple-history catches the record's DoesNotExist (a 404), not its history's.
        model: Any = self.model
        if self.keys is None:
            raise model.DoesNotExist
        history = model.history.filter(**{model._meta.pk.attname: self.pk})
        try:
            return history.latest(field)
        except history.model.DoesNotExist as error:
            raise model.DoesNotExist from error


class PageRefused(Exception):
    """The services refused a page's write after its forms passed (a rule the forms could not
    check, or a reference to a deleted row made since they were checked). Its form now says
    why; `RegistryAdmin.changeform_view` shows the page again from these forms."""

    def __init__(self, form: forms.ModelForm, formsets: list) -> None:
        super().__init__(form.non_field_errors())
        self.form = form
        self.formsets = formsets


class RegistryAdmin(AdminFields, SimpleHistoryAdmin, nested_admin.NestedModelAdmin):
    """Each record's history (with revert), a guard against stale forms, and safe deletes.

    Every save and delete goes through the services (`dialogue.writes`), as the API's do.
    """

    form = VersionGuardForm
    inlines: Sequence[type] = ()  # the admin's own; `family_inlines` adds names and citations
    object_history_list_template = "dialogue/admin/object_history_list.html"
    # A changelist of a million rounds counts at most EXACT_COUNT_LIMIT rows, then estimates
    # (PostgreSQL), as the API's lists do; and it never counts the unfiltered table besides.
    paginator = EstimatingPaginator
    show_full_result_count = False

    class Media:
        css = {"all": ("dialogue/admin.css",)}
        js = (NAMED_AUTOCOMPLETES,)

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self.inlines = family_inlines(model, self.inlines)

    def get_changelist(self, request, **kwargs):
        return DrillDownChangeList

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """The record's changes and its rows' (participants, citations, other names), newest
        first, each in words (`dialogue.changes`), paged in SQL."""
        return AdminRecordChanges(self.model, object_id, with_users=True)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Nothing to add: each change already says what it changed."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets and "loaded_version" not in flatten_fieldsets(fieldsets):
            (name, options), *rest = fieldsets
            fieldsets = [
                (name, {**options, "fields": (*options["fields"], "loaded_version")}),
                *rest,
            ]
        return fieldsets

    def get_object(self, request, object_id, from_field=None):
        record = super().get_object(request, object_id, from_field)
        if record is not None:
            # Its version (the form's guard) and provenance read its rows: loaded at once.
            models_db.prefetch_related_objects([record], *selectors.record_lookups(type(record)))
        return record

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None and is_cited(type(obj)):
            described = record_provenance(obj)
            context["unsupported_values"] = provenance_values(obj, described, "unsupported")
            context["unverified_values"] = provenance_values(obj, described, "unverified")
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PageRefused as refused:
            # The services refused the write after the forms passed; Django's transaction
            # has undone what the page had written. Show the page again, as entered, with why.
            return self.refused_page(request, refused, object_id, form_url, extra_context)

    def refused_page(self, request, refused, object_id, form_url, extra_context):
        """The page of the refused forms, as Django's change view renders forms with errors
        (`ModelAdmin._changeform_view`), from the forms already bound and checked."""
        form, formsets = refused.form, refused.formsets
        if "_saveasnew" in request.POST:  # a copy: a new record's page, as Django has it
            object_id = None
        add = object_id is None
        obj = None if add else form.instance
        admin_form = helpers.AdminForm(
            form,
            list(self.get_fieldsets(request, obj)),
            self.get_prepopulated_fields(request, obj),
            self.get_readonly_fields(request, obj),
            model_admin=self,
        )
        # The page's own inlines, in the order their formsets were made; nested formsets are
        # drawn inside their rows.
        inlines = [inline for _formset, inline in self.get_formsets_with_inlines(request, obj)]
        shown = [formset for formset in formsets if not getattr(formset, "is_nested", False)]
        inline_formsets = self.get_inline_formsets(request, shown, inlines, obj)
        media = self.media + admin_form.media
        for inline_formset in inline_formsets:
            media += inline_formset.media
        title = _("Add %s") if add else _("Change %s")
        context = {
            **self.admin_site.each_context(request),
            "title": title % self.opts.verbose_name,
            "subtitle": str(obj) if obj else None,
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "is_popup": IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET,
            "to_field": request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR)),
            "media": media,
            "inline_admin_formsets": inline_formsets,
            "errors": helpers.AdminErrorList(form, formsets),
            "preserved_filters": self.get_preserved_filters(request),
        }
        context.update(extra_context or {})
        return self.render_change_form(
            request, context, add=add, change=not add, obj=obj, form_url=form_url
        )

    def save_model(self, request, obj, form, change):
        """On a change page and a list's editable rows, nothing yet: Django calls
        `save_related` next, which writes the record with its rows in one call of the
        services, one version. Reverting to a version (simple-history's form) calls only this:
        the record and its links are written here."""
        if is_history_revert(request):
            writes.record_save(
                instance=obj,
                fields=getattr(form, "pending_places", {}),  # GazetteerCityForm
                many_to_many=form_links(form),
                user=request.user,
                via=VIA_ADMIN,
            )

    def save_related(self, request, form, formsets, change):
        # The records the page adds: given their ids back if the write is refused, as the
        # transaction that undoes it leaves their ids on them.
        adding = [
            f.instance
            for f in [form, *(row for formset in formsets for row in formset.forms)]
            if f.instance._state.adding
        ]
        try:
            save_form_tree(form, formsets, request.user)
        except (writes.RecordInvalid, ProtectedError) as error:
            if isinstance(error, ProtectedError):
                refusals = [selectors.refusal_message(error)]
            else:
                refusals = [m for messages in error.message_dict.values() for m in messages]
            for message in refusals:
                form.add_error(None, message)
            for instance in adding:
                instance.pk = None
                instance._state.adding = True
            raise PageRefused(form, formsets) from error

    def delete_model(self, request, obj):
        writes.record_delete(instance=obj, user=request.user, via=VIA_ADMIN)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            writes.record_delete(instance=obj, user=request.user, via=VIA_ADMIN)

    def get_deleted_objects(self, objs, request):
        """What the delete page lists; what keeps a record from being deleted is the services'
        one rule (`selectors.record_referrers`), named as the API's 409 names them."""
        to_delete, model_count, perms_needed, _protected = super().get_deleted_objects(
            objs, request
        )
        protected = [
            line
            for obj in objs
            for line in selectors.describe_referrers(selectors.record_referrers(obj))
        ]
        return to_delete, model_count, perms_needed, protected


def has_errors(form: forms.BaseForm) -> bool:
    """Whether a bound form, or a row nested under it (a participant's citation), has errors."""
    if form.is_bound and form.errors:
        return True
    return any(
        formset.is_bound
        and (bool(formset.non_form_errors()) or any(has_errors(row) for row in formset.forms))
        for formset in getattr(form, "nested_formsets", [])
    )


class OneLine:
    """A stored row that its inline shows as one line until opened
    (admin/dialogue/one_line_stacked.html): its label, or open while it has errors."""

    def one_line(self) -> str:
        return str(self.instance)  # type: ignore[attr-defined]

    @property
    def stays_open(self) -> bool:
        return has_errors(self)  # type: ignore[arg-type]


class RowForm(KnownLabels, forms.ModelForm):
    """A row of a record (a participant, a name)."""


# A round's citation may be cited for its participants too: a choice beside its fields.
FOR_PARTICIPANTS = "participants_without_citations"
FOR_PARTICIPANTS_HELP = (
    " On a round, “Its participants without a citation of their own” cites this passage for "
    "each of them too: saving adds a copy of it under every participant who has none (who, "
    "which side, the role), checked against the passage as any citation is; a participant "
    "with a citation of its own keeps only its own."
)


class CitationForm(OneLine, KnownLabels, forms.ModelForm):
    """A citation row, whose `supports` are chosen among the cited record's own fields; a
    round's may be given to its participants without one (`for_participants`)."""

    record_model: type[models_db.Model] | None = None  # set per page: the record cited for

    supports = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The fields of the record this passage supports; none means the record as a "
        "whole.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_participants = False
        if self.record_model is not None:
            meta = self.record_model._meta
            supports = cast(forms.MultipleChoiceField, self.fields["supports"])
            choices = [
                (name, capfirst(cast(models_db.Field, meta.get_field(name)).verbose_name))
                for name in citable_fields(self.record_model)
            ]
            if self.record_model is models.Round:
                choices.append(
                    (FOR_PARTICIPANTS, "Its participants without a citation of their own")
                )
                supports.help_text += FOR_PARTICIPANTS_HELP
            supports.choices = choices

    def clean_supports(self) -> list[str]:
        """The record's fields; the participants' choice is kept aside, for the save
        (`share_with_participants`), as it is no field of the round."""
        supports = self.cleaned_data["supports"]
        self.for_participants = FOR_PARTICIPANTS in supports
        return [name for name in supports if name != FOR_PARTICIPANTS]

    def one_line(self) -> str:
        """The source and the passage's first words, short enough for one line at 1280 px."""
        citation = self.instance
        source = Truncator(citation.source.title).chars(60)
        said = Truncator(citation.quote or citation.note).words(12, truncate="…")
        return f"{source}: “{said}”" if said else source


class PrefetchedRows:
    """A nested formset takes its rows from its parent record's prefetched relation when the
    parent inline's queryset prefetched it (rather than one query per parent row)."""

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            cache = getattr(self.instance, "_prefetched_objects_cache", {})  # type: ignore[attr-defined]
            relation = self.get_default_prefix()  # type: ignore[attr-defined]  # the accessor name
            if relation in cache:
                self._queryset = list(cache[relation])
        return super().get_queryset()  # type: ignore[misc]


class RowsFormSet(PrefetchedRows, nested_admin.formsets.NestedInlineFormSet):
    """Rows of a record (rounds of a mechanism, participants of a round, names)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A row's Delete box is labelled by the table's header only (see AdminFields).
        if forms.formsets.DELETION_FIELD_NAME in form.fields:
            form.fields[forms.formsets.DELETION_FIELD_NAME].widget.attrs["aria-label"] = "Delete"


class CitationFormSet(PrefetchedRows, nested_admin.formsets.NestedBaseGenericInlineFormSet):
    """Citation rows, named `citations-…` in the form as the relation is named."""

    @classmethod
    def get_default_prefix(cls) -> str:
        return "citations"


class CitationInline(AdminFields, nested_admin.NestedGenericStackedInline):
    """Citation rows: the source, the passage quoted word for word, its basis and what it
    supports; choosing the fields, the date phrase and the note one click away (a record with
    twenty citations stays a page, not a scroll)."""

    model = models.Citation
    form = CitationForm
    formset = CitationFormSet
    template = "admin/dialogue/one_line_stacked.html"
    extra = 0
    autocomplete_fields = ("source",)
    readonly_fields = ("supported",)
    fieldsets = (
        (None, {"fields": ("source", "quote", ("basis", "supported"))}),
        (
            "Choose what it supports; its date phrase; the note",
            {
                "classes": ("collapse",),
                "fields": ("supports", ("date_phrase", "resolved_against"), "note"),
            },
        ),
    )
    formfield_overrides = {models_db.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 90})}}

    def get_formset(self, request, obj=None, **kwargs):
        form = type("CitationForm", (CitationForm,), {"record_model": self.parent_model})
        return super().get_formset(request, obj, form=form, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    @admin.display(description="Supports")
    def supported(self, citation: models.Citation) -> str:
        if citation.pk is None:
            return "—"
        if not citation.supports:
            return "the record as a whole"
        # The content types' cache, not a query per row.
        model = ContentType.objects.get_for_id(citation.content_type_id).model_class()
        return ", ".join(capfirst(str(field_label(model, name))) for name in citation.supports)


class NameInline(AdminFields, nested_admin.NestedTabularInline):
    """Other names of a record, each with its own citations."""

    form = RowForm
    formset = RowsFormSet
    row_links = False
    extra = 0
    autocomplete_fields = ("used_by",)
    inlines = (CitationInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("used_by").prefetch_related(CITED)


@functools.cache
def names_inline(names: type[models.OtherNameBase]) -> type[NameInline]:
    """The inline of one kind of other names (`PlaceNameInline`)."""
    return type(f"{names.__name__}Inline", (NameInline,), {"model": names, "__module__": __name__})


def family_inlines(model: type[models_db.Model], own: Sequence) -> tuple:
    """A record's inlines: its other names first, if it has some; then the admin's own
    (`own`); then its citations, if it takes them and `own` did not place them already."""
    names = names_of(model)
    citations = (CitationInline,) if is_cited(model) and CitationInline not in own else ()
    return (*((names_inline(names),) if names else ()), *own, *citations)


# Each row's citations with their sources, for the nested citation rows (PrefetchedRows).
CITED = Prefetch("citations", queryset=models.Citation.objects.select_related("source"))


def participants_shown(participants):
    """Participant rows with what their row shows, citations included."""
    return participants.select_related("person", "country", "organisation").prefetch_related(CITED)


class ParticipantInline(AdminFields, nested_admin.NestedTabularInline):
    model = models.Participant
    form = RowForm
    formset = RowsFormSet
    row_links = False
    extra = 0
    autocomplete_fields = ("person", "country", "organisation")
    fields = ("person", "country", "role", "organisation", "order")
    inlines = (CitationInline,)

    def get_queryset(self, request):
        return participants_shown(super().get_queryset(request))


class ChosenSideForm(RowForm):
    """A participant on its mechanism's page: its side is one of the countries chosen on that
    page (`sides`, given by its round's form), not of those stored before the page is saved."""

    def __init__(self, *args, sides: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sides = sides

    def validate_constraints(self):
        # ModelForm.validate_constraints (whose helpers the stubs do not type), with the sides
        # given to the model's check.
        exclude = self._get_validation_exclusions()  # type: ignore[attr-defined]
        try:
            self.instance.validate_constraints(exclude=exclude, sides=self.sides)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class ChosenSidesFormSet(RowsFormSet):
    """The participants of a round on its mechanism's page, each given the countries chosen on
    the page, which its round's form holds (nested_admin's `parent_form`)."""

    def get_form_kwargs(self, index):
        round_form = getattr(self, "parent_form", None)  # None for the page's empty template
        sides = getattr(round_form, "mechanism_countries", None)
        return {**super().get_form_kwargs(index), "sides": sides}


class ChosenSidesParticipantInline(ParticipantInline):
    """A round's participants on its mechanism's page."""

    form = ChosenSideForm
    formset = ChosenSidesFormSet


class LatestRoundsFormSet(RowsFormSet):
    """A mechanism's latest rounds, newest first: a mechanism page stays usable with 50 rounds
    (the rest are a link away, in the rounds list)."""

    shown = 10

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            self._queryset = list(super().get_queryset()[: self.shown])
        return self._queryset


class RoundRowForm(OneLine, GazetteerCityForm):
    """A round on its mechanism's page, one line until opened."""

    def one_line(self) -> str:
        """When, what became of it, where and who: "2+2, round 3 (31 Jul 2018) · held ·
        Moscow · 4 participants: Sergey Lavrov, … · 9 citations" (from the rows prefetched
        for the page)."""
        round_ = self.instance
        names = [participant.person.name for participant in round_.participants.all()]
        cited = len(round_.citations.all())
        parts = [str(round_), round_.get_status_display()]
        if round_.city is not None:
            parts.append(round_.city.name)
        who = f"{len(names)} participant{pluralize(len(names))}"
        parts.append(f"{who}: {', '.join(names)}" if names else who)
        parts.append(f"{cited} citation{pluralize(cited)}")
        return " · ".join(parts)


class NestedRoundInline(GazetteerCity, AdminFields, nested_admin.NestedStackedInline):
    """A mechanism's rounds in brief (when, where, who, which sentence); a round's summary,
    outcomes and topics are edited on its own page."""

    model = models.Round
    form = RoundRowForm
    formset = LatestRoundsFormSet
    template = "admin/dialogue/one_line_stacked.html"
    extra = 0
    show_change_link = True
    autocomplete_fields = ("city", "host_country")
    fields = (
        ("number", "name", "status"),
        ("start_date", "end_date", "date_precision"),
        ("city", "host_country"),
        "loaded_version",
    )
    inlines = (ChosenSidesParticipantInline, CitationInline)

    def get_queryset(self, request):
        participants = participants_shown(models.Participant.objects.all())
        return (
            super()
            .get_queryset(request)
            .select_related("mechanism", "city", "host_country")
            .prefetch_related(
                # Read for each round's version (the stale-form guard).
                "other_places",
                "topics",
                CITED,
                Prefetch("participants", queryset=participants),
            )
            .order_by(F("start_date").desc(nulls_last=True), "-id")
        )


def used_only(field: str) -> tuple[str, type[admin.ListFilter]]:
    """A list filter on a related field that offers only the records the listed ones use: the
    countries a list's records name, not every country there is."""
    return (field, admin.RelatedOnlyFieldListFilter)


@admin.register(models.Country)
class CountryAdmin(RegistryAdmin):
    list_display = ("code", "name", "alpha_3", "is_former")
    list_filter = ("is_former",)
    search_fields = ("code", "name", "official_name", "alpha_3")

    def get_search_results(self, request, queryset, search_term):
        """Best matches first, so every country field's autocomplete offers India for
        "India" before the British Indian Ocean Territory (a list page sorts them again)."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found = selectors.countries_ranked(found, search_term)
        return found, may_have_duplicates


@admin.register(models.Place)
class PlaceAdmin(RegistryAdmin):
    list_display = ("name", "slug", "kind", "country", "parent")
    list_filter = ("kind", used_only("country"))
    list_select_related = ("country", "parent")
    search_fields = ("name", "slug", "other_names__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country", "parent")

    def get_urls(self):
        """The City fields' autocomplete, which offers the gazetteer's cities too."""
        gazetteer = GazetteerAutocomplete.as_view(admin_site=self.admin_site)
        return [
            path(
                "gazetteer/",
                self.admin_site.admin_view(gazetteer),
                name="dialogue_place_gazetteer",
            ),
            *super().get_urls(),
        ]


@admin.register(models.Person)
class PersonAdmin(ImportExportMixin, RegistryAdmin):
    resource_classes = [resources.PersonResource]
    list_display = ("name", "country", "updated")
    list_filter = (used_only("country"),)
    list_select_related = ("country",)
    search_fields = ("name", "other_names__name")
    autocomplete_fields = ("country",)


@admin.register(models.Organisation)
class OrganisationAdmin(RegistryAdmin):
    list_display = ("name", "kind", "country", "parent")
    list_filter = ("kind", used_only("country"))
    list_select_related = ("country", "parent")
    search_fields = ("name", "other_names__name")
    autocomplete_fields = ("country", "parent")


@admin.register(models.Topic)
class TopicAdmin(RegistryAdmin):
    list_display = ("name", "slug", "parent")
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)


@admin.register(models.Source)
class SourceAdmin(RegistryAdmin):
    list_display = ("title", "kind", "publisher", "published_at", "language", "drafts_link")
    list_filter = ("kind", "language")
    list_select_related = ("publisher",)
    search_fields = ("title", "text")
    autocomplete_fields = ("publisher",)
    date_hierarchy = "published_at"
    readonly_fields = ("drafts_link",)

    def get_queryset(self, request):
        waiting = Count("drafts", filter=models_db.Q(drafts__status=models.DraftStatus.PROPOSED))
        return super().get_queryset(request).annotate(drafts_waiting=waiting)

    @admin.display(description="drafts", ordering="drafts_waiting")
    def drafts_link(self, source: models.Source) -> str:
        """The source's review page: the drafts waiting there, or reading them."""
        if source.pk is None:
            return "Save the source, then read drafts from its text."
        waiting = getattr(source, "drafts_waiting", None)
        if waiting is None:
            waiting = source.drafts.filter(status=models.DraftStatus.PROPOSED).count()
        label = (
            f"Review the {waiting} draft{'s' if waiting != 1 else ''} waiting"
            if waiting
            else "Read drafts from the text"
        )
        url = reverse("admin:dialogue_draft_review", args=[source.pk])
        return mark_safe(f'<a href="{escape(url)}">{escape(label)}</a>')


@admin.register(models.Mechanism)
class MechanismAdmin(ImportExportMixin, RegistryAdmin):
    resource_classes = [resources.MechanismResource]
    list_display = ("name", "short_name", "kind", "level", "status", "rounds_count")
    list_filter = ("kind", "level", "status", used_only("countries"))
    search_fields = ("name", "short_name", "slug", "other_names__name", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = (
        "countries",
        "organisations",
        "parent",
        "basis_round",
        "basis_document",
    )
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "level", "status")}),
        ("Who", {"fields": ("countries", "organisations", "parent")}),
        (
            "History",
            {
                "fields": (
                    ("established", "established_precision"),
                    ("resumed", "resumed_precision"),
                    "basis",
                    ("basis_round", "basis_document"),
                    "description",
                )
            },
        ),
    )
    # Its citations above its rounds, which are many.
    inlines = (CitationInline, NestedRoundInline)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, NestedRoundInline) and request.method == "POST":
            # The countries this page chooses, given to its rounds' forms (their cities and
            # their participants' sides belong to them): the services write the mechanism
            # first, so the rounds are written against these, not the stored ones.
            chosen = request.POST.getlist("countries")
            kwargs["form_kwargs"] = {**kwargs.get("form_kwargs", {}), "mechanism_countries": chosen}
        return kwargs

    def get_queryset(self, request):
        # Ordered again: Django drops Meta.ordering from a query that aggregates, and the
        # autocomplete pages through this queryset unsorted otherwise (a mechanism could show
        # on two pages, or none).
        counted = (
            super().get_queryset(request).annotate(rounds_total=Count("rounds", distinct=True))
        )
        return counted.order_by("name", "pk")  # the model's own ordering, then a tie-break

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            codes = sorted(country.code for country in obj.countries.all())
            if len(codes) == 2:
                context["pair_page"] = reverse("dyad-page", kwargs={"pair": "-".join(codes)})
            context["rounds_shown"] = {
                "total": obj.rounds.count(),
                "shown": LatestRoundsFormSet.shown,
                "url": reverse("admin:dialogue_round_changelist")
                + f"?mechanism__id__exact={obj.pk}",
            }
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    @admin.display(description="rounds", ordering="rounds_total")
    def rounds_count(self, obj: models.Mechanism) -> int:
        return getattr(obj, "rounds_total", 0)


class OverdueFilter(admin.SimpleListFilter):
    """Rounds whose date has passed while they are still scheduled (models.OVERDUE)."""

    title = "overdue (date passed, still scheduled)"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.not_overdue()
        return queryset


class RoundChangeList(DrillDownChangeList):
    """The rounds list, each row with its participants' names read in one query for the page
    (not one a row)."""

    def get_queryset(self, request, exclude_parameters=None):
        participants = models.Participant.objects.select_related("person")
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .prefetch_related(Prefetch("participants", queryset=participants))
        )


@admin.register(models.Round)
class RoundAdmin(GazetteerCity, ImportExportMixin, RegistryAdmin):
    resource_classes = [resources.RoundResource]
    list_display = (
        "__str__",
        "mechanism_label",
        "dates",
        "status",
        "overdue",
        "participant_names",
        "city",
        "host_country",
    )
    list_filter = (
        "status",
        OverdueFilter,
        "date_precision",
        used_only("mechanism"),
        "mechanism__kind",
        "mechanism__level",
        used_only("host_country"),
    )
    list_select_related = ("mechanism", "city", "host_country")
    search_fields = (
        "name",
        "summary",
        "outcomes",
        "mechanism__name",
        "mechanism__short_name",
        "participants__person__name",
        "citations__quote",
    )
    date_hierarchy = "start_date"
    autocomplete_fields = ("mechanism", "city", "other_places", "host_country", "topics")
    fieldsets = (
        (None, {"fields": ("mechanism", ("number", "name"), "status")}),
        ("When", {"fields": (("start_date", "end_date", "date_precision"),)}),
        ("Where", {"fields": (("city", "host_country"), "other_places", "venue")}),
        ("What", {"fields": ("summary", "outcomes", "topics")}),
    )
    inlines = (ParticipantInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).with_overdue()

    def get_changelist(self, request, **kwargs):
        return RoundChangeList

    @admin.display(
        description="overdue",
        boolean=True,
        ordering="overdue",
    )
    def overdue(self, obj: models.Round) -> bool:
        """Still scheduled after its last day (models.OVERDUE)."""
        return obj.overdue  # type: ignore[attr-defined]  # with_overdue, get_queryset

    @admin.display(description="participants")
    def participant_names(self, obj: models.Round) -> str:
        """Who took part, in the round's order (prefetched by RoundChangeList)."""
        return ", ".join(participant.person.name for participant in obj.participants.all())

    @admin.display(description="mechanism", ordering="mechanism__name")
    def mechanism_label(self, obj: models.Round) -> str:
        return obj.mechanism.short_name or obj.mechanism.name

    @admin.display(description="date", ordering="start_date")
    def dates(self, obj: models.Round) -> str:
        return describe_dates(obj.start_date, obj.end_date, obj.date_precision)


@admin.register(models.Document)
class DocumentAdmin(RegistryAdmin):
    list_display = ("title", "kind", "start_date", "quantity", "round")
    list_filter = ("kind", used_only("parties"))
    list_select_related = ("round__mechanism",)
    search_fields = ("title", "description", "citations__quote")
    date_hierarchy = "start_date"
    autocomplete_fields = ("parties", "signatories", "round", "topics")


@admin.register(models.Indicator)
class IndicatorAdmin(RegistryAdmin):
    list_display = ("name", "value_as_stated", "value", "unit", "start_date", "end_date")
    list_filter = ("unit", used_only("countries"))
    search_fields = ("name", "note", "citations__quote")
    autocomplete_fields = ("countries",)


# Drafts and their review page per source (reviewed ingestion, dialogue/ingestion/admin.py).
from .ingestion.admin import DraftAdmin  # noqa: E402

admin.site.register(models.Draft, DraftAdmin)
