"""Table rows <-> CSV and Parquet bytes, with the types the Table Schemas declare.

CSV cells: dates ISO 8601, booleans `true`/`false`, arrays as JSON arrays, empty for null.
Parquet options are pinned here so the same rows always give the same bytes."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

from westminster_casefile import schema

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
    fields = [(f["name"], f["type"]) for f in schema.fields(table)]
    # Encoded as it is written: a StringIO of curly-quoted text holds two bytes a character, and
    # its getvalue() and encode() two more copies; this holds the UTF-8 bytes once (and getvalue's).
    raw = io.BytesIO()
    buf = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([name for name, _ in fields])
    strings = {name for name, kind in fields if kind in ("string", "integer")}
    for row in rows:
        writer.writerow([("" if v is None else str(v)) if name in strings else csv_cell(v, kind)
                         for name, kind in fields for v in (row.get(name),)])
    buf.flush()
    return raw.getvalue()


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


def csv_to_arrow(table: str, data: bytes):
    """Parse a CSV straight into an Arrow table of the declared types (fast path).

    Raises ValueError when a cell does not parse; `from_csv` then gives per-cell messages."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    declared = schema.arrow_schema(table)
    lists = [f.name for f in declared if pa.types.is_list(f.type)]
    column_types = {f.name: (pa.string() if f.name in lists else f.type) for f in declared}
    try:
        parsed = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(use_threads=False),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types=column_types, null_values=[""],
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True,
                                                 true_values=["true"], false_values=["false"],
                                                 include_columns=[f.name for f in declared]))
    except (pa.ArrowInvalid, KeyError) as exc:
        raise ValueError(str(exc)) from None
    if parsed.column_names != [f.name for f in declared] or list(_header(data)) != parsed.column_names:
        raise ValueError("header differs from the schema")
    for name in lists:  # JSON arrays -> list<string>
        values = [json.loads(v) if v else [] for v in parsed.column(name).to_pylist()]
        parsed = parsed.set_column(parsed.column_names.index(name), name, pa.array(values, type=pa.list_(pa.string())))
    return parsed.cast(pa.schema([f.with_nullable(True) for f in declared]))


def _header(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data[: data.find(b"\n") if b"\n" in data else len(data)].decode("utf-8"))), [])


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
    return parquet_to_arrow(data).to_pylist()


def parquet_to_arrow(data: bytes):
    import pyarrow as pa
    import pyarrow.parquet as pq

    return pq.read_table(pa.BufferReader(data))
