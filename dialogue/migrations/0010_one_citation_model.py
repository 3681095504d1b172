"""One citation model for every kind of record (generic: content type and id), with what each
citation supports and on what basis. The four per-type citation tables, and their history, are
copied into it without loss; going back copies the citations of those four kinds back (the
others have nowhere to go and are dropped)."""

import django.db.models.deletion
import dialogue.dates
import dialogue.validators
import simple_history.models
from django.conf import settings
from django.db import migrations, models


from dialogue.roles import sync_role_groups
from dialogue.search import search_index

# The old tables: model name, and the field that pointed at the cited record.
OLD = (
    ("mechanismcitation", "mechanism"),
    ("roundcitation", "round"),
    ("documentcitation", "document"),
    ("indicatorcitation", "indicator"),
)
COPIED = ("source_id", "quote", "date_phrase", "resolved_against", "note")
HISTORY = ("history_date", "history_change_reason", "history_type", "history_user_id")


def content_type(apps, model_name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="dialogue", model=model_name)[0]


def copy_forward(apps, schema_editor):
    """Each old citation, and each version of one, under a new id: old tables in turn, each
    in id order (so the seed's citations are numbered as the seed fixture numbers them)."""
    Citation = apps.get_model("dialogue", "Citation")
    HistoricalCitation = apps.get_model("dialogue", "HistoricalCitation")
    next_id = 1
    for old_name, link in OLD:
        Old = apps.get_model("dialogue", old_name)
        OldHistory = apps.get_model("dialogue", f"historical{old_name}")
        cited_type = content_type(apps, link)
        ids = sorted(
            set(Old.objects.values_list("id", flat=True))
            | set(OldHistory.objects.values_list("id", flat=True))
        )
        new_ids = {old_id: next_id + n for n, old_id in enumerate(ids)}
        next_id += len(ids)
        Citation.objects.bulk_create(
            Citation(
                id=new_ids[row.id],
                content_type=cited_type,
                object_id=getattr(row, f"{link}_id"),
                **{name: getattr(row, name) for name in COPIED},
            )
            for row in Old.objects.order_by("id")
        )
        HistoricalCitation.objects.bulk_create(
            HistoricalCitation(
                id=new_ids[version.id],
                content_type_id=cited_type.pk,
                object_id=getattr(version, f"{link}_id"),
                **{name: getattr(version, name) for name in COPIED + HISTORY},
            )
            for version in OldHistory.objects.order_by("history_id")
        )
    reset_sequences(schema_editor, [Citation, HistoricalCitation])


def copy_back(apps, schema_editor):
    """Citations of mechanisms, rounds, documents and indicators back into their tables."""
    Citation = apps.get_model("dialogue", "Citation")
    HistoricalCitation = apps.get_model("dialogue", "HistoricalCitation")
    for old_name, link in OLD:
        Old = apps.get_model("dialogue", old_name)
        OldHistory = apps.get_model("dialogue", f"historical{old_name}")
        cited_type = content_type(apps, link)
        Old.objects.bulk_create(
            Old(id=row.id, **{f"{link}_id": row.object_id}, **{n: getattr(row, n) for n in COPIED})
            for row in Citation.objects.filter(content_type=cited_type).order_by("id")
        )
        OldHistory.objects.bulk_create(
            OldHistory(
                id=version.id,
                **{f"{link}_id": version.object_id},
                **{n: getattr(version, n) for n in COPIED + HISTORY},
            )
            for version in HistoricalCitation.objects.filter(content_type_id=cited_type.pk)
        )
        reset_sequences(schema_editor, [Old, OldHistory])


def reset_sequences(schema_editor, models_):
    """Move PostgreSQL's id sequences past the ids written here."""
    from django.core.management.color import no_style

    statements = schema_editor.connection.ops.sequence_reset_sql(no_style(), models_)
    for statement in statements:
        schema_editor.execute(statement)


def grant_roles(apps, schema_editor):
    """The role groups' permissions, for the models there are now (dialogue.roles)."""
    sync_role_groups(apps)


# The search index the citations need (the old tables' went with them).
SEARCH_INDEXED = {"citation": [("quote",)]}


def change_search_index(apps, schema_editor, *, add: bool):
    """The GIN index that finds words in quotes (PostgreSQL; dialogue.search)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, field_sets in SEARCH_INDEXED.items():
        model = apps.get_model("dialogue", model_name)
        for fields in field_sets:
            index = search_index(model_name, fields)
            (schema_editor.add_index if add else schema_editor.remove_index)(model, index)


def add_search_index(apps, schema_editor):
    change_search_index(apps, schema_editor, add=True)


def remove_search_index(apps, schema_editor):
    change_search_index(apps, schema_editor, add=False)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('dialogue', '0009_value_bounds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Going back, the role groups get the old tables' permissions again, last.
        migrations.RunPython(migrations.RunPython.noop, grant_roles),
        migrations.CreateModel(
            name='Citation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField(help_text='The id of the record cited for.')),
                ('quote', models.TextField(blank=True, validators=[dialogue.validators.validate_text], help_text="The passage, copied word for word from the source's text (checked when the source has text). Needed unless the basis is `external`.")),
                ('date_phrase', models.CharField(blank=True, validators=[dialogue.validators.validate_one_line], help_text="The date as the source writes it, when the record's date was resolved from it (“In April of this year”); it appears in the quote.", max_length=200)),
                ('resolved_against', models.DateField(blank=True, validators=[dialogue.dates.validate_date_in_range], help_text="The date a relative phrase was resolved against, usually the source's publication date (“this year” in a release of 2018-07-30 is 2018). Years 1000 to 2999.", null=True)),
                ('note', models.TextField(blank=True, validators=[dialogue.validators.validate_text], help_text='How the record was read from the passage; needed when the basis is `inferred`.')),
                ('supports', models.JSONField(blank=True, default=list, help_text='The names of the record\'s fields this passage supports, such as ["start_date", "city"]; empty means the record as a whole.')),
                ('basis', models.CharField(choices=[('stated', 'Stated: the quote says it'), ('inferred', "Inferred: the analyst's reading of the quote (the note says why)"), ('external', 'External: knowledge from another source, such as a reference work')], default='stated', help_text="`stated`: the quote says it; `inferred`: the analyst's reading of the quote (the note says why); `external`: knowledge from another source, such as an official website or a reference work (the quote may be empty).", max_length=10)),
                ('content_type', models.ForeignKey(help_text='The kind of record cited for.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
                ('source', models.ForeignKey(help_text='The source that says so (for an `external` citation, the reference).', on_delete=django.db.models.deletion.PROTECT, related_name='citations', to='dialogue.source')),
            ],
            options={
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCitation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField(help_text='The id of the record cited for.')),
                ('quote', models.TextField(blank=True, validators=[dialogue.validators.validate_text], help_text="The passage, copied word for word from the source's text (checked when the source has text). Needed unless the basis is `external`.")),
                ('date_phrase', models.CharField(blank=True, validators=[dialogue.validators.validate_one_line], help_text="The date as the source writes it, when the record's date was resolved from it (“In April of this year”); it appears in the quote.", max_length=200)),
                ('resolved_against', models.DateField(blank=True, validators=[dialogue.dates.validate_date_in_range], help_text="The date a relative phrase was resolved against, usually the source's publication date (“this year” in a release of 2018-07-30 is 2018). Years 1000 to 2999.", null=True)),
                ('note', models.TextField(blank=True, validators=[dialogue.validators.validate_text], help_text='How the record was read from the passage; needed when the basis is `inferred`.')),
                ('supports', models.JSONField(blank=True, default=list, help_text='The names of the record\'s fields this passage supports, such as ["start_date", "city"]; empty means the record as a whole.')),
                ('basis', models.CharField(choices=[('stated', 'Stated: the quote says it'), ('inferred', "Inferred: the analyst's reading of the quote (the note says why)"), ('external', 'External: knowledge from another source, such as a reference work')], default='stated', help_text="`stated`: the quote says it; `inferred`: the analyst's reading of the quote (the note says why); `external`: knowledge from another source, such as an official website or a reference work (the quote may be empty).", max_length=10)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('content_type', models.ForeignKey(blank=True, db_constraint=False, help_text='The kind of record cited for.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contenttypes.contenttype')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(blank=True, db_constraint=False, help_text='The source that says so (for an `external` citation, the reference).', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dialogue.source')),
            ],
            options={
                'verbose_name': 'historical citation',
                'verbose_name_plural': 'historical citations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddIndex(
            model_name='citation',
            index=models.Index(fields=['content_type', 'object_id'], name='dialogue_citation_record'),
        ),
        migrations.RunPython(copy_forward, copy_back),
        migrations.RunPython(add_search_index, remove_search_index),
        migrations.RemoveField(
            model_name='historicaldocumentcitation',
            name='document',
        ),
        migrations.RemoveField(
            model_name='historicaldocumentcitation',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicaldocumentcitation',
            name='source',
        ),
        migrations.RemoveField(
            model_name='historicalindicatorcitation',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalindicatorcitation',
            name='indicator',
        ),
        migrations.RemoveField(
            model_name='historicalindicatorcitation',
            name='source',
        ),
        migrations.RemoveField(
            model_name='historicalmechanismcitation',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalmechanismcitation',
            name='mechanism',
        ),
        migrations.RemoveField(
            model_name='historicalmechanismcitation',
            name='source',
        ),
        migrations.RemoveField(
            model_name='historicalroundcitation',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalroundcitation',
            name='round',
        ),
        migrations.RemoveField(
            model_name='historicalroundcitation',
            name='source',
        ),
        migrations.RemoveField(
            model_name='indicatorcitation',
            name='indicator',
        ),
        migrations.RemoveField(
            model_name='indicatorcitation',
            name='source',
        ),
        migrations.RemoveField(
            model_name='mechanismcitation',
            name='mechanism',
        ),
        migrations.RemoveField(
            model_name='mechanismcitation',
            name='source',
        ),
        migrations.RemoveField(
            model_name='roundcitation',
            name='round',
        ),
        migrations.RemoveField(
            model_name='roundcitation',
            name='source',
        ),
        migrations.DeleteModel(
            name='DocumentCitation',
        ),
        migrations.DeleteModel(
            name='HistoricalDocumentCitation',
        ),
        migrations.DeleteModel(
            name='HistoricalIndicatorCitation',
        ),
        migrations.DeleteModel(
            name='HistoricalMechanismCitation',
        ),
        migrations.DeleteModel(
            name='HistoricalRoundCitation',
        ),
        migrations.DeleteModel(
            name='IndicatorCitation',
        ),
        migrations.DeleteModel(
            name='MechanismCitation',
        ),
        migrations.DeleteModel(
            name='RoundCitation',
        ),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
