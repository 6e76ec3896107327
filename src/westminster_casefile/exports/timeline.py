"""The timeline as one standalone SVG picture, drawn from the events table.

The same honest drawing as the site (site/timeline.py places the events): a day is a diamond, a
month, year or range a bar over every day it may cover (open ends fade), events with no known
date are listed under the axis; status is told by colour and by pattern (solid, hatched,
striped, dashed outline, crossed), with a legend. Plain SVG 1.1 text: no plotting library,
deterministic bytes."""
from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

STYLE = {  # status -> (colour, fill) ; fill names a <pattern> or is a colour / "none"
    "happened": ("#1f6f43", "#1f6f43"),
    "alleged": ("#b3261e", "url(#p-alleged)"),
    "claimed": ("#7a4bb0", "url(#p-claimed)"),
    "scheduled": ("#0b5cad", "#ffffff"),
    "cancelled": ("#6b6f75", "url(#p-cancelled)"),
}
LABEL_W, TRACK_W, ROW_H, TOP = 430, 740, 22, 96


def _mark(status: str, x0: float, x1: float, y: float, point: bool, open_start=False, open_end=False) -> str:
    colour, fill = STYLE[status]
    dash = ' stroke-dasharray="4 2"' if status == "scheduled" else ""
    if point:
        r = 6
        return (f'<polygon points="{x0:.1f},{y - r} {x0 + r:.1f},{y} {x0:.1f},{y + r} {x0 - r:.1f},{y}" '
                f'fill="{fill}" stroke="{colour}" stroke-width="1.5"{dash}/>')
    w = max(x1 - x0, 3)
    fade = ' mask="url(#m-open-start)"' if open_start else (' mask="url(#m-open-end)"' if open_end else "")
    return (f'<rect x="{x0:.1f}" y="{y - 5}" width="{w:.1f}" height="10" rx="2" fill="{fill}" stroke="{colour}" '
            f'stroke-width="1.5"{dash}{fade}/>')


def render_svg(tables: dict | None = None) -> str:
    from westminster_casefile.site import timeline as tl  # the placement rules, shared with the site

    if tables is None:
        import westminster_casefile

        tables = {"events": westminster_casefile.load("events")}
    from westminster_casefile.site.model import rows

    events = rows(tables["events"])
    axis = tl.axis_for(events)
    placed, unplaced = tl.place(events, axis)
    width = LABEL_W + TRACK_W + 30
    height = TOP + ROW_H * len(placed) + 40 + 18 * (len(unplaced) + 1) + 10

    def x(pct: float) -> float:
        return LABEL_W + TRACK_W * pct / 100

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'font-family="DejaVu Sans, Arial, sans-serif" font-size="12" role="img" aria-labelledby="t d">',
           '<title id="t">Timeline of the Westminster China spy case</title>',
           f'<desc id="d">{len(placed)} dated events and {len(unplaced)} without a known date, from the '
           'westminster-casefile events table. Diamonds are single days; bars cover every day a month, year or range '
           'may cover. Colour and pattern give the status.</desc>',
           '<defs>'
           '<pattern id="p-alleged" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
           '<rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="#b3261e"/></pattern>'
           '<pattern id="p-claimed" width="5" height="5" patternUnits="userSpaceOnUse">'
           '<rect width="5" height="5" fill="#fff"/><rect width="2" height="5" fill="#7a4bb0"/></pattern>'
           '<pattern id="p-cancelled" width="8" height="8" patternUnits="userSpaceOnUse">'
           '<rect width="8" height="8" fill="#fff"/><path d="M0,8 L8,0" stroke="#6b6f75" stroke-width="1.5"/></pattern>'
           '<linearGradient id="g-in"><stop offset="0" stop-color="#fff" stop-opacity="0"/>'
           '<stop offset=".6" stop-color="#fff"/></linearGradient>'
           '<linearGradient id="g-out"><stop offset=".4" stop-color="#fff"/>'
           '<stop offset="1" stop-color="#fff" stop-opacity="0"/></linearGradient>'
           '<mask id="m-open-start" maskContentUnits="objectBoundingBox"><rect width="1" height="1" fill="url(#g-in)"/></mask>'
           '<mask id="m-open-end" maskContentUnits="objectBoundingBox"><rect width="1" height="1" fill="url(#g-out)"/></mask>'
           '</defs>',
           f'<rect width="{width}" height="{height}" fill="#fff"/>',
           '<text x="10" y="22" font-size="16" font-weight="bold">Timeline of the Westminster China spy case</text>']
    # legend
    lx = 10
    for status in STYLE:
        out.append(_mark(status, lx + 6, 0, 44, True))
        out.append(f'<text x="{lx + 16}" y="48">{status}</text>')
        lx += 30 + 8 * len(status)
    out.append(_mark("happened", lx, lx + 30, 44, False).replace('fill="#1f6f43"', 'fill="#fff"'))
    out.append(f'<text x="{lx + 36}" y="48">a month, year or range (somewhere within)</text>')
    out.append(f'<text x="10" y="66" fill="#555">The axis changes scale at 1 September 2025 (//): the years before are '
               f'compressed, September–October 2025 is zoomed.</text>')
    # axis
    axis_y = TOP - 8
    out.append(f'<line x1="{LABEL_W}" y1="{axis_y}" x2="{LABEL_W + TRACK_W}" y2="{axis_y}" stroke="#222"/>')
    for t in axis.ticks():
        tx = x(t["x"])
        out.append(f'<line x1="{tx:.1f}" y1="{axis_y - (12 if t["major"] else 5)}" x2="{tx:.1f}" '
                   f'y2="{TOP + ROW_H * len(placed)}" stroke="{"#ccc" if t["major"] else "#eee"}"/>')
        out.append(f'<text x="{tx + 2:.1f}" y="{axis_y - 3}" font-size="{10 if t["major"] else 9}" '
                   f'fill="{"#222" if t["major"] else "#777"}">{escape(t["label"])}</text>')
    bx = x(axis.x(tl.BREAK))
    out.append(f'<text x="{bx:.1f}" y="{axis_y + 4}" text-anchor="middle" font-weight="bold" fill="#222">//</text>')
    # rows
    for i, e in enumerate(placed):
        y = TOP + ROW_H * i + ROW_H / 2
        if i % 2:
            out.append(f'<rect x="0" y="{y - ROW_H / 2}" width="{width}" height="{ROW_H}" fill="#f6f7f9"/>')
        title = e["title"] if len(e["title"]) <= 62 else e["title"][:61].rstrip() + "…"
        out.append(f'<text x="10" y="{y + 4}">{escape(title)}</text>')
        m = e["mark"]
        out.append(_mark(e["status"], x(m["left"]), x(m["left"] + m["width"]), y, m["shape"] == "point",
                         m.get("open_start", False), m.get("open_end", False)))
    y = TOP + ROW_H * len(placed) + 30
    out.append(f'<text x="10" y="{y}" font-weight="bold">Without a known date:</text>')
    for e in unplaced:
        y += 18
        out.append(_mark(e["status"], 12, 22, y - 4, False))  # a swatch, not a diamond: no day is implied
        out.append(f'<text x="28" y="{y}">{escape(e["title"])} ({e["status"]})</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_timeline(path: Path, tables: dict | None = None, overwrite: bool = False) -> Path:
    """Write the SVG atomically to a new file (or over an existing regular file if `overwrite`);
    returns the path."""
    from westminster_casefile.fsutil import write_file_atomic

    write_file_atomic(Path(path), render_svg(tables).encode("utf-8"), overwrite)
    return Path(path)
