"""Spreadsheet import and export of rounds, mechanisms and people (django-import-export).

Rows refer to other records by readable keys (a mechanism's slug, a place's slug, a country's
code, topics' slugs), so a spreadsheet can be typed by hand. Every row is checked with the
models' own rules (`full_clean`) during the preview; an import with any error writes nothing.
"""

from import_export import fields, resources, widgets

from . import writes
from .history import VIA_IMPORT
from .models import Country, Mechanism, Person, Place, Round, Topic


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Like ManyToManyWidget, but a key that matches nothing is an error, not a dropped link."""

    def clean(self, value, row=None, **kwargs):
        records = super().clean(value, row, **kwargs)
        wanted = {key.strip() for key in str(value or "").split(self.separator) if key.strip()}
        found = {str(getattr(record, self.field)) for record in records}
        if unknown := sorted(wanted - found):
            raise ValueError(f"Unknown {self.field}: {', '.join(unknown)}.")
        return records


class RegistryResource(resources.ModelResource):
    """Writes each row through the services, as the API and the admin do: the same validation,
    delete guard and history, in the importing user's name."""

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return  # a preview that could not be rolled back writes nothing
        links = {
            field.attribute: field.clean(row, **kwargs)
            for field in self.get_import_fields()
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row
        }
        writes.record_save(
            instance=instance, many_to_many=links, user=kwargs.get("user"), via=VIA_IMPORT
        )
        self.after_save_instance(instance, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        """Nothing left to do: the links were saved with the record, in one version."""

    def delete_instance(self, instance, row, **kwargs):
        self.before_delete_instance(instance, row, **kwargs)
        writes.record_delete(instance=instance, user=kwargs.get("user"), via=VIA_IMPORT)
        self.after_delete_instance(instance, row, **kwargs)


class RoundResource(RegistryResource):
    """A round per row."""

    mechanism = fields.Field(
        attribute="mechanism",
        column_name="mechanism",
        widget=widgets.ForeignKeyWidget(Mechanism, "slug"),
    )
    city = fields.Field(
        attribute="city", column_name="city", widget=widgets.ForeignKeyWidget(Place, "slug")
    )
    host_country = fields.Field(
        attribute="host_country",
        column_name="host_country",
        widget=widgets.ForeignKeyWidget(Country, "code"),
    )
    topics = fields.Field(
        attribute="topics",
        column_name="topics",
        widget=StrictManyToManyWidget(Topic, separator=";", field="slug"),
    )

    class Meta:
        model = Round
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        fields = (
            "id",
            "mechanism",
            "number",
            "name",
            "start_date",
            "end_date",
            "date_precision",
            "status",
            "city",
            "host_country",
            "venue",
            "summary",
            "outcomes",
            "topics",
        )
        export_order = fields


class MechanismResource(RegistryResource):
    """A mechanism per row."""

    countries = fields.Field(
        attribute="countries",
        column_name="countries",
        widget=StrictManyToManyWidget(Country, separator=";", field="code"),
    )
    parent = fields.Field(
        attribute="parent", column_name="parent", widget=widgets.ForeignKeyWidget(Mechanism, "slug")
    )

    class Meta:
        model = Mechanism
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name",
            "short_name",
            "kind",
            "level",
            "status",
            "countries",
            "parent",
            "established",
            "established_precision",
            "resumed",
            "resumed_precision",
            "basis",
            "description",
        )
        export_order = fields


class PersonResource(RegistryResource):
    """A person per row."""

    country = fields.Field(
        attribute="country", column_name="country", widget=widgets.ForeignKeyWidget(Country, "code")
    )

    class Meta:
        model = Person
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        fields = ("id", "name", "country", "note")
        export_order = fields
