"""Server-rendered pages for people: the front page, the timeline of every mechanism's rounds,
the country pairs and a pair's relations."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from . import audit, overview, provenance, selectors, summaries
from . import changes as record_changes
from .choices import MechanismLevel
from .dates import describe_dates, month
from .filtersets import RoundFilterSet
from .models import Citation, Country, Mechanism, Person, Place, Round, Source, Topic

PLOT_WIDTH = 900  # pixels of the time axis
LABEL_WIDTH = 280  # pixels of the lane names, left of the axis
LABEL_CHARS = 42  # a longer name is cut at a word (the whole name is its tooltip)
AXIS_HEIGHT = 24  # pixels above the first lane, for the ticks' labels
LANE_HEIGHT = 26
MIN_MARK_WIDTH = 5  # a one-day round stays visible and clickable
MAX_ROUNDS = 2000  # beyond this the page asks for narrower filters
# Each of the front page's lists (and the pair page's overdue rounds) shows this many items,
# and links to the whole list.
FRONT_ITEMS = 8
FRONT_PAIRS = 12


@dataclass
class Mark:
    """One round drawn on its mechanism's lane."""

    round: Round
    x: float
    width: float
    date: str


@dataclass
class Lane:
    """One mechanism and its rounds."""

    mechanism: Mechanism
    y: int
    label: str = ""
    marks: list[Mark] = field(default_factory=list)


def timeline_page(request: HttpRequest) -> HttpResponse:
    """Each mechanism as a lane, each round as a mark spanning its dates; filters as a form."""
    filterset = RoundFilterSet(
        request.GET or None,
        queryset=Round.objects.with_overdue()
        .select_related("mechanism", "city", "host_country")
        .order_by("start_date", "pk"),
        request=request,
    )
    label_form(filterset.form)
    offer_used_values(filterset.form)
    more = [filterset.form[name] for name in filterset.form.fields if name not in MAIN_FILTERS]
    form = {
        "main": [filterset.form[name] for name in MAIN_FILTERS],
        "more": more,
        "more_open": any(request.GET.get(field.html_name) for field in more),
    }
    if filterset.is_bound and not filterset.is_valid():
        refused = {"filterset": filterset, "form": form, "lanes": []}
        return render(request, "dialogue/timeline.html", refused, status=400)
    rounds = list(filterset.qs[: MAX_ROUNDS + 1])
    truncated = len(rounds) > MAX_ROUNDS
    rounds = rounds[:MAX_ROUNDS]
    context: dict[str, Any] = {
        "filterset": filterset,
        "form": form,
        "truncated": truncated,
        "max_rounds": MAX_ROUNDS,
    }
    context.update(layout(rounds))
    return render(request, "dialogue/timeline.html", context)


# The filters shown first; the others are behind "More filters".
MAIN_FILTERS = ("q", "country", "mechanism", "year", "status")
# The filter form as people read it (the API's parameter names are for programs).
FORM_LABELS = {
    "year": "Year",
    "date_from": "From (YYYY-MM-DD)",
    "date_to": "Until (YYYY-MM-DD)",
    "q": "Words",
    "mechanism": "Mechanism",
    "country": "Countries taking part (all of)",
    "kind": "Kind of mechanism",
    "level": "Level",
    "min_level": "At this level or above",
    "status": "Status",
    "city": "City",
    "host_country": "Host country",
    "topic": "Topics",
    "participant": "Participant",
    "overdue": "Overdue (true or false)",
    "ordering": "Table order",
}


def label_form(form) -> None:
    """Human labels, "any" for an empty choice, and help texts as tooltips."""
    for name, form_field in form.fields.items():
        form_field.label = FORM_LABELS.get(name, form_field.label)
        if getattr(form_field, "empty_label", None) is not None:
            form_field.empty_label = "any"
        if hasattr(form_field, "choices") and not hasattr(form_field, "queryset"):
            form_field.choices = [
                (value, "any" if value == "" else label) for value, label in form_field.choices
            ]
        form_field.widget.attrs["title"] = str(form_field.help_text).replace("`", "")


def offer_used_values(form) -> None:
    """Lists of only what the registry uses (the countries of its mechanisms, the places and
    topics of its rounds, its mechanisms by name, the people who took part), by name; a value
    typed into the address that the list does not hold is still read as the API reads it."""
    fields = form.fields
    fields["country"].queryset = Country.objects.filter(mechanisms__isnull=False).distinct()
    fields["host_country"].queryset = Country.objects.filter(hosted_rounds__isnull=False).distinct()
    fields["topic"].queryset = Topic.objects.filter(rounds__isnull=False).distinct()
    fields["participant"].queryset = Person.objects.filter(participations__isnull=False).distinct()
    for name, choices in (
        ("mechanism", Mechanism.objects.order_by("name").values_list("slug", "name")),
        ("city", Place.objects.filter(rounds__isnull=False).distinct().values_list("slug", "name")),
    ):
        fields[name].widget = forms.Select(
            choices=[("", "any"), *choices], attrs=fields[name].widget.attrs
        )


def axis(rounds: list[Round]) -> tuple[datetime.date, datetime.date, bool]:
    """The time axis for these rounds: whole years, or whole months when they span under two
    years (a filtered view zooms to what it shows). Returns start, end (exclusive), monthly."""
    first = min(r.start_date for r in rounds)
    last = max(r.end_date or r.start_date for r in rounds)
    if last.year - first.year < 2:
        start = first.replace(day=1)
        end = (last.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        return start, end, True
    return datetime.date(first.year, 1, 1), datetime.date(last.year + 1, 1, 1), False


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """A lane's name cut at a word, with an ellipsis, to fit the label column."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def layout(rounds: list[Round]) -> dict:
    """Lanes (most active first), marks and ticks for the rounds. Labels and marks are drawn in
    one SVG, each lane's label on its lane's own line: they cannot drift apart."""
    if not rounds:
        return {"lanes": [], "ticks": [], "height": 0, "width": PLOT_WIDTH}
    axis_start, axis_end, monthly = axis(rounds)
    total_days = (axis_end - axis_start).days

    def x(day: datetime.date) -> float:
        return round(LABEL_WIDTH + (day - axis_start).days / total_days * PLOT_WIDTH, 1)

    by_mechanism: dict[int, list[Round]] = {}
    for round_ in rounds:
        by_mechanism.setdefault(round_.mechanism_id, []).append(round_)
    # Most rounds first; among equals, the most recent.
    order = sorted(
        by_mechanism.values(),
        key=lambda found: (-len(found), -max(r.start_date for r in found).toordinal()),
    )
    lanes = []
    for index, found in enumerate(order):
        mechanism = found[0].mechanism
        lane = Lane(mechanism=mechanism, y=AXIS_HEIGHT + index * LANE_HEIGHT)
        lane.label = short_label(mechanism.short_name or mechanism.name)
        for round_ in found:
            start = x(round_.start_date)
            end = x((round_.end_date or round_.start_date) + datetime.timedelta(days=1))
            lane.marks.append(
                Mark(
                    round=round_,
                    x=start,
                    width=max(MIN_MARK_WIDTH, end - start),
                    date=describe_dates(round_.start_date, round_.end_date, round_.date_precision),
                )
            )
        lanes.append(lane)
    if monthly:
        months = []
        day = axis_start
        while day < axis_end:
            months.append(day)
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        ticks = [
            {
                "label": f"{month(day)} {day.year}"
                if day.month == 1 or day == axis_start
                else month(day),
                "x": x(day),
                "major": day.month == 1 or day == axis_start,
            }
            for day in months
        ]
    else:
        ticks = [
            {"label": str(year), "x": x(datetime.date(year, 1, 1)), "major": True}
            for year in range(axis_start.year, axis_end.year)
        ]
    height = AXIS_HEIGHT + len(lanes) * LANE_HEIGHT
    return {
        "lanes": lanes,
        "ticks": ticks,
        "height": height,
        "width": LABEL_WIDTH + PLOT_WIDTH + 10,
        "plot_start": LABEL_WIDTH,
        "plot_end": LABEL_WIDTH + PLOT_WIDTH,
        "marks": sorted(
            (mark for lane in lanes for mark in lane.marks),
            key=lambda mark: (mark.round.start_date, mark.round.pk),
        ),
    }


CHART_HEIGHT = 120  # pixels of the tallest bar
CHART_TOP = 18  # room for the tallest bar's count
CHART_COLUMN = 44  # pixels per year, at most
LEVEL_COLOURS = (
    "#0b3d91",
    "#1f6feb",
    "#4f8ff0",
    "#7fb0f5",
    "#a9c9f8",
    "#cfe0fb",
    "#e3a008",
    "#9aa5b1",
)


@dataclass
class YearColumn:
    """One year of a pair's chart: its rounds as a bar, its highest level as a square."""

    year: int
    x: int
    rounds: int
    bar: int
    bar_top: int = 0
    level: str = ""
    level_label: str = ""
    colour: str = ""


def dyad_chart(summary: dict) -> dict:
    """Rounds per year as bars and the highest level per year as coloured squares, for every
    year from the first to the last one with a round."""
    rounds = {row["year"]: row["count"] for row in summary["rounds_per_year"] if row["year"]}
    levels = {row["year"]: row["level"] for row in summary["highest_level_per_year"]}
    if not rounds:
        return {"columns": [], "width": 0}
    years = range(min(rounds), max(rounds) + 1)
    column = min(CHART_COLUMN, PLOT_WIDTH // len(years))
    most = max(rounds.values())
    columns = []
    for index, year in enumerate(years):
        level = levels.get(year, "")
        columns.append(
            YearColumn(
                year=year,
                x=index * column,
                rounds=rounds.get(year, 0),
                bar=round(rounds.get(year, 0) / most * CHART_HEIGHT),
                bar_top=CHART_TOP + CHART_HEIGHT - round(rounds.get(year, 0) / most * CHART_HEIGHT),
                level=level,
                level_label=MechanismLevel(level).label if level else "",
                colour=LEVEL_COLOURS[MechanismLevel.rank(level)] if level else "",
            )
        )
    return {
        "columns": columns,
        "column_width": column,
        "bar_width": max(column - 8, 4),
        "width": len(columns) * column,
        "baseline": CHART_TOP + CHART_HEIGHT,
        "year_y": CHART_TOP + CHART_HEIGHT + 14,
        "level_y": CHART_TOP + CHART_HEIGHT + 22,
        "height": CHART_TOP + CHART_HEIGHT + 40,
        "levels": [
            {"label": label, "colour": LEVEL_COLOURS[rank]}
            for rank, (value, label) in enumerate(MechanismLevel.choices)
            if value in levels.values()
        ],
    }


def dyad_page(request: HttpRequest, pair: str) -> HttpResponse:
    """A country pair for people: its mechanisms, most recently active first, with their last
    and next rounds; rounds and the highest level of contact per year; documents and figures."""
    codes = [code.upper() for code in pair.split("-")]
    countries = {country.code: country for country in Country.objects.filter(code__in=codes)}
    if codes[0] == codes[1] or any(code not in countries for code in codes):
        raise Http404("Give two different countries the registry knows, such as RU-JP.")
    summary = summaries.dyad_summary(countries[codes[0]], countries[codes[1]])
    mechanisms = [
        {
            "record": mechanism,
            "last": selectors.mechanism_last_round(mechanism),
            "next": selectors.mechanism_next_round(mechanism),
        }
        for mechanism in summary["mechanisms"]
    ]
    overdue = overview.overdue_rounds().filter(mechanism__in=summaries.pair_mechanism_ids(*codes))
    return render(
        request,
        "dialogue/dyad.html",
        {
            "summary": summary,
            "mechanisms": mechanisms,
            "overdue": list(overdue[: FRONT_ITEMS + 1]),
            "overdue_shown": FRONT_ITEMS,
            "pair": "-".join(codes),
            "chart": dyad_chart(summary),
        },
    )


def admin_url(model: type[models.Model], pk) -> str | None:
    """The record's change page in the admin; None for a kind the admin does not show."""
    if not admin.site.is_registered(model):
        return None
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])


def api_url(model: type[models.Model], pk) -> str | None:
    """The record in the API; None for a kind that is no resource of it (a participant)."""
    try:
        return reverse(f"{model._meta.model_name}-detail", args=[pk])
    except NoReverseMatch:
        return None


def recent_changes(request: HttpRequest) -> list[dict]:
    """The latest changes across the registry (the API's /history/ feed, its first page), each
    with the record's label and its addresses when it still exists."""
    names_users = request.user.is_authenticated
    page = list(audit.recent_changes({}, names_users=names_users)[:FRONT_ITEMS])
    changes = audit.describe_page(page, names_users=names_users)
    wanted: dict[str, set[str]] = {}
    for change in changes:
        wanted.setdefault(change["model"], set()).add(change["object_id"])
    records: dict[tuple[str, str], models.Model] = {}
    for name, pks in wanted.items():
        model = record_changes.TRACKED[name]
        related = [f.name for f in model._meta.concrete_fields if f.many_to_one]
        found = model._default_manager.select_related(*related).in_bulk(list(pks))
        records.update(((name, str(pk)), record) for pk, record in found.items())
    for change in changes:
        model = record_changes.TRACKED[change["model"]]
        record = records.get((change["model"], change["object_id"]))
        change["verbose_name"] = model._meta.verbose_name
        change["label"] = str(record) if record is not None else ""
        change["admin"] = change["api"] = None
        if record is not None:
            # A row of another record (a participant, a citation) is seen on its record's pages.
            shown = record
            while (owner := owning_record(shown)) is not None:
                shown = owner
            change["admin"] = admin_url(type(shown), shown.pk)
            change["api"] = api_url(type(shown), shown.pk)
    return changes


def owning_record(row: models.Model) -> models.Model | None:
    """The record a row belongs to (a participant's round, a citation's record); None for a
    record of its own."""
    if isinstance(row, Citation):
        return row.record
    field = next((f for f in row._meta.concrete_fields if selectors.is_owner_link(f)), None)
    return getattr(row, field.name) if field is not None else None


def unsupported_worklist() -> dict:
    """The provenance worklist (records with values no citation supports), its first entries
    and how many records it holds, as /api/v1/provenance/?unsupported=1 lists them."""
    resources = list(provenance.RESOURCES)
    rows = provenance.worklist_records(resources=resources, source=None, unsupported_only=True)
    entries = provenance.worklist_entries(rows[:FRONT_ITEMS], resources)
    for entry in entries:
        model = provenance.RESOURCES[entry["resource"]]
        entry["verbose_name"] = model._meta.verbose_name
        entry["admin"] = admin_url(model, entry["id"])
        entry["api"] = api_url(model, entry["id"])
    # Counted exactly from the worklist's block counts (one query).
    return {"entries": entries, "count": overview.Tally(rows.count(), estimated=False)}


def front_page(request: HttpRequest) -> HttpResponse:
    """What the registry holds, a search over its rounds, its country pairs, its latest
    changes, and what waits for an analyst: overdue rounds, unsupported values, drafts."""
    overdue = overview.overdue_rounds()
    drafts = overview.drafts_waiting()
    return render(
        request,
        "dialogue/front.html",
        {
            "counts": {
                "mechanisms": overview.tally(Mechanism.objects.all()),
                "rounds": overview.tally(Round.objects.all()),
                "countries": overview.tally(overview.countries_taking_part()),
                "sources": overview.tally(Source.objects.all()),
            },
            "latest_source": overview.latest_source(),
            "pairs": overview.country_pairs()[:FRONT_PAIRS],
            "changes": recent_changes(request),
            "overdue": {"rounds": list(overdue[:FRONT_ITEMS]), "count": overview.tally(overdue)},
            "unsupported": unsupported_worklist(),
            "drafts": {
                "sources": list(drafts[:FRONT_ITEMS]),
                "count": overview.tally(overview.proposed_drafts()),
            },
        },
    )


def dyads_page(request: HttpRequest) -> HttpResponse:
    """Every pair of countries that share a mechanism, linking to each pair's page."""
    return render(request, "dialogue/dyads.html", {"pairs": overview.country_pairs()})
