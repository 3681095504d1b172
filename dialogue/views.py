"""Server-rendered pages for analysts: the timeline of every mechanism's rounds."""

import datetime
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .api.filtersets import RoundFilterSet
from .edtf import format_edtf
from .models import Mechanism, Round

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
