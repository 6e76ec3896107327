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
    dated = events[events.date_start.notna()]
    assert all(isinstance(d, date) for d in dated.date_start)
    statements = westminster_casefile.load("statements")
    assert all(isinstance(v, bool) for v in statements.translated)
    assert all(isinstance(list(v), list) for v in statements.addressee_ids)
    assert str(westminster_casefile.load("evidence").start.dtype) == "int64"


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
