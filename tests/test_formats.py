"""CSV and Parquet hold the same rows with the schema's types; frictionless agrees the package is valid."""
from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from westminster_casefile import formats, schema


@pytest.mark.parametrize("table", schema.TABLES)
def test_csv_and_parquet_hold_the_same_rows(built, table):
    csv_rows, errors = formats.from_csv(table, built.files[f"csv/{table}.csv"])
    assert errors == []
    parquet_rows = formats.from_parquet(built.files[f"parquet/{table}.parquet"])
    assert csv_rows == parquet_rows == built.tables[table]


def test_parquet_types_and_descriptions_follow_the_schema(built):
    path = built.out / "parquet" / "statements.parquet"
    arrow_schema = pq.read_schema(path)
    assert arrow_schema == schema.arrow_schema("statements")
    assert str(arrow_schema.field("date_start").type) == "date32[day]"
    list_type = arrow_schema.field("addressee_ids").type
    assert pa.types.is_list(list_type) and pa.types.is_string(list_type.value_type)
    assert arrow_schema.field("text").metadata[b"description"].decode().startswith("The words")
    row = pq.read_table(path).to_pylist()[0]
    assert isinstance(row["addressee_ids"], list) and isinstance(row["translated"], bool)
    assert row["date_start"] is None or isinstance(row["date_start"], date)


def test_frictionless_validates_all_nine_tables_in_both_formats(built):
    from frictionless import Package

    report = Package(str(built.out / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])[:10]
    names = sorted(task.name for task in report.tasks)
    assert names == sorted([*schema.TABLES, *(f"{t}-parquet" for t in schema.TABLES)])
