"""The shipped files open in the everyday tools directly, without this package's loader:
pandas and polars read the CSV and Parquet files, DuckDB the Parquet files, with the same rows."""
from __future__ import annotations

import json

import pytest

import westminster_casefile
from westminster_casefile import schema


@pytest.mark.parametrize("table", schema.TABLES)
def test_pandas_and_polars_read_both_formats_alike(table):
    import pandas as pd
    import polars as pl

    folder = westminster_casefile.package_path()
    ids = schema.primary_key(table)
    expected = westminster_casefile.load(table, format="arrow").select(ids).to_pylist()
    csv_pd = pd.read_csv(folder / "csv" / f"{table}.csv", dtype=str, keep_default_na=False)
    assert list(csv_pd.columns) == schema.field_names(table)
    assert csv_pd[ids].astype(str).to_dict("records") == [{k: str(v) for k, v in r.items()} for r in expected]
    pq_pl = pl.read_parquet(folder / "parquet" / f"{table}.parquet")
    csv_pl = pl.read_csv(folder / "csv" / f"{table}.csv", infer_schema=False)
    assert pq_pl.height == csv_pl.height == len(expected)
    for f in schema.fields(table):
        if f["type"] == "array":  # JSON in the CSV, real lists in Parquet
            assert [json.loads(v) for v in csv_pl[f["name"]]] == pq_pl[f["name"]].to_list()


def test_duckdb_reads_the_parquet_files():
    duckdb = pytest.importorskip("duckdb")
    folder = westminster_casefile.package_path()
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM '{(folder / 'parquet' / 'evidence.parquet').as_posix()}' e "
                    f"JOIN '{(folder / 'parquet' / 'sources.parquet').as_posix()}' s USING (source_id)").fetchone()[0]
    assert n == len(westminster_casefile.load("evidence"))
