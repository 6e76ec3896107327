"""Dates: ISO values with a precision, and relative expressions resolved against a publication date.

A date here is a `Span`: the earliest and latest day it can be, and a precision saying what the
span means. A source's publication date may itself be a span ("this week"); a relative
expression is then resolved against both ends and the results are joined, so "on Monday" in an
article published some day in the week of Monday 15 September is still exactly the 15th."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH_RX = "|".join(sorted((m for m in MONTHS), key=len, reverse=True))


@dataclass(frozen=True)
class Span:
    start: date | None
    end: date | None
    precision: str  # day | month | year | range | unknown

    def join(self, other: "Span") -> "Span":
        """The smallest span covering both; keeps the precision when they are the same."""
        if self == other:
            return self
        return Span(min(self.start, other.start), max(self.end, other.end), "range")


UNKNOWN = Span(None, None, "unknown")


def month_span(year: int, month: int) -> Span:
    return Span(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month")


def parse_value(value: str) -> Span:
    """Parse `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a range `A/B` (either side may be empty).

    Raises ValueError with a readable message for anything else or an impossible date."""
    value = str(value).strip()
    if value.count("/") > 1 or re.fullmatch(r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}", value):
        raise ValueError(f"{value!r} is not an ISO date: write a day as YYYY-MM-DD (e.g. 2025-10-20); "
                         "'/' only separates the two ends of a range A/B")
    if "/" in value:
        left, right = (part.strip() for part in value.split("/", 1))
        if not left and not right:
            raise ValueError("a range needs at least one end: 'A/B', 'A/' or '/B'")
        start = parse_value(left).start if left else None
        end = parse_value(right).end if right else None
        if start and end and end < start:
            raise ValueError(f"the range ends ({end}) before it starts ({start})")
        return Span(start, end, "range")
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        raise ValueError(f"{value!r} is not an ISO date: write YYYY, YYYY-MM, YYYY-MM-DD or A/B")
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        if day:
            d = date(year, month, day)
            return Span(d, d, "day")
        if month:
            return month_span(year, month)
        return Span(date(year, 1, 1), date(year, 12, 31), "year")
    except ValueError as exc:  # month 13, 31 February ...
        raise ValueError(f"{value!r} is not a real date ({exc})") from None


def span_fits_precision(start: date | None, end: date | None, precision: str) -> str | None:
    """Why start/end do not fit the precision, or None when they do."""
    if precision == "unknown":
        return None if start is None and end is None else "precision 'unknown' but dates are set"
    if precision == "range":
        if start is None and end is None:
            return "precision 'range' needs at least one end"
        return None
    if start is None or end is None:
        return f"precision {precision!r} needs both date_start and date_end"
    expected = {
        "day": Span(start, start, "day"),
        "month": month_span(start.year, start.month),
        "year": Span(date(start.year, 1, 1), date(start.year, 12, 31), "year"),
    }.get(precision)
    if expected is None:
        return f"unknown precision {precision!r}"
    if (expected.start, expected.end) != (start, end):
        return f"precision {precision!r} needs {expected.start}..{expected.end}, not {start}..{end}"
    return None


# --- relative expressions -------------------------------------------------------------------

def _weekday(anchor: date, weekday: int, future: bool) -> Span:
    delta = (weekday - anchor.weekday()) % 7
    d = anchor + timedelta(days=delta) if future else anchor - timedelta(days=(-delta) % 7)
    return Span(d, d, "day")


def _month_no_year(anchor: date, month: int, future: bool) -> Span:
    year = anchor.year
    if future and month < anchor.month:
        year += 1
    elif not future and month > anchor.month:
        year -= 1
    return month_span(year, month)


def _day_no_year(anchor: date, month: int, day: int, future: bool) -> Span:
    """The nearest such day on the anchor's side; "29 February" skips to the nearest leap year.

    Raises ValueError for a day no year has ("31 September")."""
    if not 1 <= day <= calendar.monthrange(2024, month)[1]:  # 2024: a leap year, every day exists
        raise ValueError(f"{calendar.month_name[month]} has no day {day}")
    step = 1 if future else -1
    year = anchor.year
    while True:  # at most 8 steps (leap years are at most 8 years apart)
        if day <= calendar.monthrange(year, month)[1]:
            candidate = date(year, month, day)
            if (candidate >= anchor) if future else (candidate <= anchor):
                return Span(candidate, candidate, "day")
        year += step


def _at(text: str, anchor: date, future: bool) -> Span | None:
    """Resolve one expression against one day; None when the expression is not understood."""
    t = text.lower().strip().rstrip(".,")
    monday = anchor - timedelta(days=anchor.weekday())
    if re.search(r"\b(today|this morning|tonight)\b", t):
        return Span(anchor, anchor, "day")
    if re.search(r"\byesterday\b", t):
        d = anchor - timedelta(days=1)
        return Span(d, d, "day")
    if re.search(r"\bovernight\b", t):
        return Span(anchor - timedelta(days=1), anchor, "range")
    if re.search(r"\b(in|within) the (last|past) week\b", t):
        return Span(anchor - timedelta(days=7), anchor, "range")
    if re.search(r"\blast week\b", t):
        return Span(monday - timedelta(days=7), monday - timedelta(days=1), "range")
    if re.search(r"\bthis week\b", t):
        if future:
            return Span(anchor, monday + timedelta(days=6), "range")
        return Span(monday, anchor, "range")
    if re.search(r"\blast month\b", t):
        prev = anchor.replace(day=1) - timedelta(days=1)
        return month_span(prev.year, prev.month)
    if re.search(r"\bthis month\b", t):
        return month_span(anchor.year, anchor.month)
    if re.search(r"\b(in|within|over) the (last|past) (year|12 months)\b", t):
        return Span(anchor - timedelta(days=365), anchor, "range")
    if re.search(r"\blast year\b", t):
        return Span(date(anchor.year - 1, 1, 1), date(anchor.year - 1, 12, 31), "year")
    for name, wd in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", t):
            return _weekday(anchor, wd, future)
    m = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH_RX})\b", t) or None
    if m:
        return _day_no_year(anchor, MONTHS[m.group(2)], int(m.group(1)), future)
    m = re.search(rf"\b({_MONTH_RX}) (\d{{1,2}})(?:st|nd|rd|th)?\b", t)
    if m:
        return _day_no_year(anchor, MONTHS[m.group(1)], int(m.group(2)), future)
    m = re.search(rf"\b({_MONTH_RX})\b", t)
    if m:
        return _month_no_year(anchor, MONTHS[m.group(1)], future)
    return None


def parse_absolute(text: str) -> Span | None:
    """A date the text states with its year: '15 September 2025', 'October 4, 2025',
    'April 2024', 'in 2021', 'between December 2021 and February 2023'."""
    t = text.lower()
    found = []
    for m in re.finditer(rf"(?:\b(\d{{1,2}}) )?\b({_MONTH_RX})\b(?: (\d{{1,2}}),?)? (\d{{4}})\b|\b(\d{{4}})\b", t):
        day1, month, day2, year, bare_year = m.groups()
        try:
            if bare_year:
                y = int(bare_year)
                found.append(Span(date(y, 1, 1), date(y, 12, 31), "year"))
            elif day1 or day2:
                d = date(int(year), MONTHS[month], int(day1 or day2))
                found.append(Span(d, d, "day"))
            else:
                found.append(month_span(int(year), MONTHS[month]))
        except ValueError:
            return None
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    return Span(found[0].start, found[-1].end, "range")


# Date expressions as articles print them, absolute or relative (used to find them in text).
EXPRESSION_RX = re.compile(
    r"\bbetween (?:[A-Z][a-z]+ )?(?:19|20)\d{2} and (?:[A-Z][a-z]+ )?(?:19|20)\d{2}\b"
    r"|\b(?:(?:on|last|this|next|earlier this|later this)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b"
    r"|\b(?:earlier |later )?(?:last|this|next) (?:week|month|year)\b"
    r"|\b(?:in|within|over) the (?:last|past) (?:week|year|12 months)\b|\bsince the start of \d{4}\b"
    r"|\b(?:yesterday|today|overnight)\b|\bOvernight\b"
    r"|\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December)(?: \d{4})?\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?: \d{1,2}(?:, \d{4})?| \d{4})?\b"
    r"|\b(?:19|20)\d{2}\b", re.IGNORECASE)


def resolve(text: str, published: Span, *, future: bool = False) -> tuple[Span, str] | None:
    """Resolve a date expression. Returns (span, basis) or None when it is not understood.

    An expression with a year is `stated`; one without is `resolved` against both ends of the
    publication span (`future` for scheduled happenings: "from October 6")."""
    absolute = parse_absolute(text)
    if absolute:
        return absolute, "stated"
    if published.start is None or published.end is None:
        return None
    try:
        first = _at(text, published.start, future)
        last = _at(text, published.end, future)
    except ValueError:  # a day no year has: not understood, so the caller asks for a value
        return None
    if first is None or last is None:
        return None
    return first.join(last), "resolved"
