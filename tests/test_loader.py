"""The loader API on the shipped package, in all three formats, with the schema's types."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

import westminster_casefile
from westminster_casefile import schema


def test_tables_and_package_path():
    assert westminster_casefile.tables() == list(schema.TABLES)
    assert (westminster_casefile.package_path() / "datapackage.json").is_file()


def test_pandas_types_follow_the_schema():
    events = westminster_casefile.load("events")
    assert list(events.columns) == schema.field_names("events")
    statements = westminster_casefile.load("statements")
    assert all(isinstance(v, bool) for v in statements.translated)
    assert str(westminster_casefile.load("evidence").start.dtype) == "int64"


def test_pandas_lists_are_python_lists():
    # bool(), == [] and json.dumps all raise or mislead on the numpy arrays pyarrow gives
    import json

    for name in schema.TABLES:
        df = westminster_casefile.load(name)
        for field in schema.fields(name):
            if field["type"] != "array":
                continue
            column = df[field["name"]]
            assert column.dtype == object, (name, field["name"])
            for value in column:
                assert type(value) is list and all(isinstance(v, str) for v in value)
                assert bool(value) == (len(value) > 0)
                assert (value == []) == (len(value) == 0)
                assert json.loads(json.dumps(value)) == value
    statements = westminster_casefile.load("statements")
    nobody = statements[statements.addressee_ids.apply(lambda v: v == [])]
    assert 0 < len(nobody) < len(statements)
    arrow = westminster_casefile.load("statements", format="arrow")
    assert list(statements.source_ids) == arrow.column("source_ids").to_pylist()


def test_pandas_dates_are_datetimes():
    import pandas as pd

    events = westminster_casefile.load("events")
    for column in ("date_start", "date_end"):
        assert pd.api.types.is_datetime64_any_dtype(events[column]), column
    arrow = westminster_casefile.load("events", format="arrow").column("date_start").to_pylist()
    assert [None if pd.isna(t) else t.date() for t in events.date_start] == arrow  # same days, NaT = missing
    assert events.date_start.isna().sum() == arrow.count(None) > 0
    # .dt, comparisons with ISO strings and with Timestamps, between()
    years = events.date_start.dt.year.dropna().astype(int)
    assert set(years) >= {2021, 2025}
    after = events[events.date_start >= "2025-09-15"]
    assert len(after) == sum(1 for d in arrow if d is not None and d >= date(2025, 9, 15)) > 0
    assert len(events[events.date_start >= pd.Timestamp("2025-09-15")]) == len(after)
    assert events.date_start.between("2025-01-01", "2025-12-31").sum() == sum(
        1 for d in arrow if d is not None and date(2025, 1, 1) <= d <= date(2025, 12, 31))
    sources = westminster_casefile.load("sources")
    assert pd.api.types.is_datetime64_any_dtype(sources.published_start)


def test_arrow_and_polars_hold_the_same_rows_as_pandas():
    import polars as pl

    pandas_df = westminster_casefile.load("statements")
    arrow = westminster_casefile.load("statements", format="arrow")
    polars_df = westminster_casefile.load("statements", format="polars")
    assert arrow.num_rows == len(pandas_df) == polars_df.height
    assert arrow.column("statement_id").to_pylist() == list(pandas_df.statement_id) == polars_df["statement_id"].to_list()
    assert polars_df.schema["date_start"] == pl.Date
    assert polars_df.schema["addressee_ids"] == pl.List(pl.String)


def test_load_all_and_describe():
    all_tables = westminster_casefile.load_all()
    assert set(all_tables) == set(schema.TABLES)
    fields = westminster_casefile.describe("events")
    status = next(f for f in fields if f["name"] == "status")
    assert status["required"] and "scheduled" in status["enum"]


def test_unknown_table_or_format_is_a_clear_error():
    with pytest.raises(ValueError, match="did you mean 'statements'"):
        westminster_casefile.load("statement")
    with pytest.raises(ValueError, match="unknown format"):
        westminster_casefile.load("events", format="excel")


def test_connect_gives_every_table_as_a_view():
    con = westminster_casefile.connect()
    n = con.execute("SELECT count(*) FROM evidence e JOIN sources s USING (source_id)").fetchone()[0]
    assert n == len(westminster_casefile.load("evidence"))


def test_import_is_light():
    code = ("import sys, westminster_casefile; "
            "print(','.join(m for m in ('pandas', 'pyarrow', 'pandera', 'frictionless', 'duckdb') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
