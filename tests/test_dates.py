"""Date parsing and the resolution of relative expressions against a publication date."""
from __future__ import annotations

from datetime import date

import pytest

from westminster_casefile.build.dates import parse_value, resolve, span_fits_precision

THU_2_OCT = parse_value("2025-10-02")
WEEK_OF_15_SEP = parse_value("2025-09-15/2025-09-21")


@pytest.mark.parametrize("value, start, end, precision", [
    ("2025-09-15", "2025-09-15", "2025-09-15", "day"),
    ("2024-02", "2024-02-01", "2024-02-29", "month"),
    ("2021", "2021-01-01", "2021-12-31", "year"),
    ("2021-12/2023-02", "2021-12-01", "2023-02-28", "range"),
])
def test_parse_value(value, start, end, precision):
    span = parse_value(value)
    assert (str(span.start), str(span.end), span.precision) == (start, end, precision)
    assert span_fits_precision(span.start, span.end, span.precision) is None


@pytest.mark.parametrize("value", ["2025-02-30", "2025-13", "15/09/2025", "2025-10-02/2025-10-01", "soon"])
def test_parse_value_rejects_impossible_dates(value):
    with pytest.raises(ValueError):
        parse_value(value)


@pytest.mark.parametrize("text, published, future, expected", [
    ("On Monday", THU_2_OCT, False, ("2025-09-29", "2025-09-29", "day")),
    ("last month", THU_2_OCT, False, ("2025-09-01", "2025-09-30", "month")),
    ("In June", THU_2_OCT, False, ("2025-06-01", "2025-06-30", "month")),
    ("On 15 September", THU_2_OCT, False, ("2025-09-15", "2025-09-15", "day")),
    # a publication date known only to a week still pins "on Monday" to one day
    ("on Monday", WEEK_OF_15_SEP, False, ("2025-09-15", "2025-09-15", "day")),
    ("this week", WEEK_OF_15_SEP, False, ("2025-09-15", "2025-09-21", "range")),
    ("from October 6", WEEK_OF_15_SEP, True, ("2025-10-06", "2025-10-06", "day")),
    ("in the last week", parse_value("2025-10-16"), False, ("2025-10-09", "2025-10-16", "range")),
])
def test_relative_expressions(text, published, future, expected):
    span, basis = resolve(text, published, future=future)
    assert (str(span.start), str(span.end), span.precision) == expected
    assert basis == "resolved"


def test_expressions_with_a_year_are_stated():
    span, basis = resolve("between December 2021 and February 2023", THU_2_OCT)
    assert (span.start, span.end, basis) == (date(2021, 12, 1), date(2023, 2, 28), "stated")


def test_unresolvable_expression_returns_none():
    assert resolve("in due course", THU_2_OCT) is None


def test_precision_mismatch_is_explained():
    assert "month" in span_fits_precision(date(2025, 9, 2), date(2025, 9, 30), "month")
    assert span_fits_precision(None, None, "day")
