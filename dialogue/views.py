"""Server-rendered pages for people: the timeline of every mechanism's rounds, and a country
pair's relations."""

import datetime
from dataclasses import dataclass, field

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .api.filtersets import RoundFilterSet
from .choices import MechanismLevel
from .edtf import format_edtf
from .models import Country, Mechanism, Round

PLOT_WIDTH = 960  # pixels of the time axis
LANE_HEIGHT = 26
MIN_MARK_WIDTH = 5  # a one-day round stays visible and clickable
MAX_ROUNDS = 2000  # beyond this the page asks for narrower filters


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
    marks: list[Mark] = field(default_factory=list)


def timeline_page(request: HttpRequest) -> HttpResponse:
    """Each mechanism as a lane, each round as a mark spanning its dates; filters as a form."""
    filterset = RoundFilterSet(
        request.GET or None,
        queryset=Round.objects.select_related("mechanism", "city", "host_country").order_by(
            "start_date", "pk"
        ),
        request=request,
    )
    if filterset.is_bound and not filterset.is_valid():
        return render(
            request, "dialogue/timeline.html", {"filterset": filterset, "lanes": []}, status=400
        )
    rounds = list(filterset.qs[: MAX_ROUNDS + 1])
    truncated = len(rounds) > MAX_ROUNDS
    rounds = rounds[:MAX_ROUNDS]
    context = {"filterset": filterset, "truncated": truncated, "max_rounds": MAX_ROUNDS}
    context.update(layout(rounds))
    return render(request, "dialogue/timeline.html", context)


def layout(rounds: list[Round]) -> dict:
    """Lanes, marks and year ticks for the rounds, on an axis of whole years."""
    if not rounds:
        return {"lanes": [], "ticks": [], "height": 0, "width": PLOT_WIDTH}
    first_year = min(r.start_date for r in rounds).year
    last_year = max(r.end_date or r.start_date for r in rounds).year
    axis_start = datetime.date(first_year, 1, 1)
    total_days = (datetime.date(last_year + 1, 1, 1) - axis_start).days

    def x(day: datetime.date) -> float:
        return round((day - axis_start).days / total_days * PLOT_WIDTH, 1)

    lanes: dict[int, Lane] = {}
    for round_ in rounds:
        lane = lanes.setdefault(
            round_.mechanism_id, Lane(mechanism=round_.mechanism, y=len(lanes) * LANE_HEIGHT)
        )
        start = x(round_.start_date)
        end = x((round_.end_date or round_.start_date) + datetime.timedelta(days=1))
        lane.marks.append(
            Mark(
                round=round_,
                x=start,
                width=max(MIN_MARK_WIDTH, end - start),
                date=format_edtf(round_.start_date, round_.end_date, round_.date_precision) or "",
            )
        )
    ticks = [
        {"label": str(year), "x": x(datetime.date(year, 1, 1)), "major": True}
        for year in range(first_year, last_year + 1)
    ]
    if last_year - first_year < 2:  # a short span gets a tick per month too
        ticks += [
            {"label": f"{datetime.date(year, month, 1):%b}", "x": x(datetime.date(year, month, 1))}
            for year in range(first_year, last_year + 1)
            for month in range(2, 13)
        ]
    return {
        "lanes": list(lanes.values()),
        "ticks": ticks,
        "height": len(lanes) * LANE_HEIGHT,
        "width": PLOT_WIDTH,
        "marks": sorted(
            (mark for lane in lanes.values() for mark in lane.marks),
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
    summary = selectors.dyad_summary(countries[codes[0]], countries[codes[1]])
    mechanisms = [
        {
            "record": mechanism,
            "last": selectors.mechanism_last_round(mechanism),
            "next": selectors.mechanism_next_round(mechanism),
        }
        for mechanism in summary["mechanisms"]
    ]
    return render(
        request,
        "dialogue/dyad.html",
        {
            "summary": summary,
            "mechanisms": mechanisms,
            "pair": "-".join(codes),
            "chart": dyad_chart(summary),
        },
    )
