"""Where each event sits on the timeline, with its date precision drawn honestly.

A day is a point; a month, a year or a range is a span over all the days it may cover; an
unknown date is not placed on the axis at all (the page lists those apart). An open end of a
range (known only as "before 30 June 2025") is drawn to the axis edge and marked open.

Most of the case happens in September-October 2025 but some events go back to 2020, so the axis
has two linear pieces with a visible break: 2020 to the end of August 2025 on the left share,
September-October 2025 (and later) on the right, zoomed. Both pieces are labelled."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

BREAK = dt.date(2025, 9, 1)
LEFT_SHARE = 0.34  # of the track width, for the years before BREAK


@dataclass
class Axis:
    start: dt.date
    brk: dt.date
    end: dt.date

    def x(self, d: dt.date) -> float:
        """Percent of the track width."""
        if d <= self.brk:
            span = (self.brk - self.start).days or 1
            return 100 * LEFT_SHARE * (d - self.start).days / span
        span = (self.end - self.brk).days or 1
        return 100 * (LEFT_SHARE + (1 - LEFT_SHARE) * (d - self.brk).days / span)

    def ticks(self) -> list[dict]:
        out = []
        for y in range(self.start.year, self.brk.year + 1):
            d = dt.date(y, 1, 1)
            if self.start <= d < self.brk and self.x(self.brk) - self.x(d) > 4:  # no clash with the break label
                out.append({"x": self.x(d), "label": str(y), "major": True, "sparse": y % 2 == 1})
        d = self.brk
        while d <= self.end:  # the zoomed piece: each month, and the 8th, 15th and 22nd
            out.append({"x": self.x(d), "label": f"{d:%b %Y}", "major": True, "sparse": False})
            for day in (8, 15, 22):
                w = d.replace(day=day)
                if w <= self.end:
                    out.append({"x": self.x(w), "label": str(day), "major": False, "sparse": True})
            d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return out


def axis_for(events: list[dict]) -> Axis:
    dates = [d for e in events for d in (e["date_start"], e["date_end"]) if d]
    start = dt.date(min(d.year for d in dates), 1, 1) if dates else dt.date(2020, 1, 1)
    last = max(dates) if dates else BREAK
    end = max(dt.date(2025, 10, 31), last + dt.timedelta(days=3))
    return Axis(min(start, BREAK.replace(year=BREAK.year - 1)), BREAK, end)


def place(events: list[dict], axis: Axis) -> tuple[list[dict], list[dict]]:
    """(placed, unplaced): placed events get left/width percentages and a shape."""
    placed, unplaced = [], []
    for e in events:
        s, t, p = e["date_start"], e["date_end"], e["date_precision"]
        if p == "unknown" or (s is None and t is None):
            unplaced.append(e)
            continue
        if p == "day":
            mark = {"shape": "point", "left": axis.x(s), "width": 0}
        else:
            lo = axis.x(s) if s else 0.0
            hi = axis.x(t + dt.timedelta(days=1)) if t else 100.0
            mark = {"shape": "span", "left": lo, "width": max(hi - lo, 0.4),
                    "open_start": s is None, "open_end": t is None}
        placed.append({**e, "mark": mark})
    placed.sort(key=lambda e: (e["date_start"] or dt.date.min, e["date_end"] or dt.date.max, e["event_id"]))
    unplaced.sort(key=lambda e: e["event_id"])
    return placed, unplaced
