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


def _csv_cell_by_cell(table, rows) -> bytes:
    """The CSV as formats.csv_cell writes it, one cell and one row at a time (Python's csv
    writer, minimal quoting): what the column-wise writer must reproduce byte for byte."""
    import csv
    import io

    names = [(f["name"], f["type"]) for f in schema.fields(table)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([name for name, _ in names])
    for row in rows:
        writer.writerow([formats.csv_cell(row.get(name), kind) for name, kind in names])
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("table", schema.TABLES)
def test_column_wise_csv_is_the_cell_by_cell_csv(built, table):
    rows = built.tables[table]
    expected = _csv_cell_by_cell(table, rows)
    assert built.files[f"csv/{table}.csv"] == expected
    # in slices of a few rows, so that rows cross slice boundaries
    assert b"".join(formats.csv_chunks(table, rows, batch_rows=7)) == expected


def test_column_wise_csv_of_awkward_values(built):
    # list elements JSON must escape (quotes, backslashes, controls) beside plain ones, empty and
    # null lists, text with commas, quotes, line breaks, non-ASCII, extreme dates; then the same
    # with a null list element (written by json.dumps as null)
    def check(rows):
        expected = _csv_cell_by_cell("statements", rows)
        assert formats.to_csv("statements", rows) == expected
        for batch in (1, 2, 5):
            assert b"".join(formats.csv_chunks("statements", rows, batch_rows=batch)) == expected

    rows = [dict(r) for r in built.tables["statements"][:6]]
    rows[0].update(wording_variants=["plain"], concerns_ids=[])
    rows[1].update(wording_variants=["back\\slash"], date_start=None, date_end=None)
    rows[2].update(addressee_ids=["a, b", "“curly”", "é"], text='He said, "we\r\nwill"', wording_variants=['"no"'])
    rows[3].update(addressee_ids=None, speaker_label="", wording_variants=["line\nbreak", "tab\there"])
    rows[4].update(wording_variants=["\u2028", "\x7f"], date_start=date(1, 1, 1), date_end=date(9999, 12, 31))
    rows[5].update(text="bare\rreturn, tab\tand  spaces ", speaker_label=' "quoted" ', statement_id="s,1")
    for column in ("wording_variants", "addressee_ids"):
        check([{**r, column: [v for v in r[column] or [] if "\\" not in v and '"' not in v and v >= " "]}
               for r in rows])  # every element plain: joined by Arrow
    check(rows)
    rows[5]["wording_variants"] = ["x", None]
    check(rows)
    check([])
