"""Table rows <-> CSV and Parquet bytes, with the types the Table Schemas declare.

CSV cells: dates ISO 8601, booleans `true`/`false`, arrays as JSON arrays, empty for null.
Parquet options are pinned here so the same rows always give the same bytes."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

from casefile import schema

PARQUET_OPTIONS = dict(compression="zstd", compression_level=9, use_dictionary=False, write_statistics=True,
                       version="2.6", data_page_version="1.0", row_group_size=1_000_000,
                       store_schema=True)


def csv_cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "array":
        return json.dumps(list(value), ensure_ascii=False)
    if kind == "date":
        return value.isoformat()
    return str(value)


def parse_cell(cell: str, kind: str):
    """The inverse of csv_cell. Raises ValueError on a malformed cell."""
    if cell == "":
        return [] if kind == "array" else None
    if kind == "boolean":
        if cell not in ("true", "false"):
            raise ValueError(f"{cell!r} is not true/false")
        return cell == "true"
    if kind == "integer":
        return int(cell)
    if kind == "date":
        return date.fromisoformat(cell)
    if kind == "array":
        value = json.loads(cell)
        if not isinstance(value, list):
            raise ValueError(f"{cell!r} is not a JSON array")
        return value
    return cell


def to_csv(table: str, rows: list[dict]) -> bytes:
    fields = schema.fields(table)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([f["name"] for f in fields])
    for row in rows:
        writer.writerow([csv_cell(row.get(f["name"]), f["type"]) for f in fields])
    return buf.getvalue().encode("utf-8")


def from_csv(table: str, data: bytes) -> tuple[list[dict], list[str]]:
    """Rows typed per the schema, and a message for each cell that could not be parsed."""
    fields = {f["name"]: f["type"] for f in schema.fields(table)}
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header = next(reader, [])
    errors = []
    if header != list(fields):
        errors.append(f"header {header} differs from the schema's fields {list(fields)}")
    rows = []
    for n, cells in enumerate(reader, start=2):
        row = {}
        for name, cell in zip(header, cells):
            try:
                row[name] = parse_cell(cell, fields.get(name, "string"))
            except (ValueError, json.JSONDecodeError) as exc:
                errors.append(f"line {n}, {name}: {exc}")
                row[name] = cell
        if len(cells) != len(header):
            errors.append(f"line {n}: {len(cells)} cells, expected {len(header)}")
        rows.append(row)
    return rows, errors


def to_parquet(table: str, rows: list[dict]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_schema = schema.arrow_schema(table)
    columns = {f.name: [row.get(f.name) for row in rows] for f in arrow_schema}
    arrow_table = pa.Table.from_pydict(columns, schema=arrow_schema)
    sink = pa.BufferOutputStream()
    pq.write_table(arrow_table, sink, **PARQUET_OPTIONS)
    return sink.getvalue().to_pybytes()


def from_parquet(data: bytes) -> list[dict]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    return pq.read_table(pa.BufferReader(data)).to_pylist()
