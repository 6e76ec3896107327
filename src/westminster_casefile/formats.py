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


# Rows per slice of a table that the CSV writer formats at once: bounds the memory of the text
# being made (a slice's lines), whatever the table's size.
BATCH_ROWS = 50_000
# A list element JSON writes as it is (json.dumps with ensure_ascii=False escapes only these).
_JSON_ESCAPED = r'["\\\x00-\x1f]'
# What makes Python's csv writer quote a cell (delimiter ",", quote char '"', line terminator
# "\n"; QUOTE_MINIMAL, doubled quotes): the same rule, applied column-wise.
_CSV_QUOTED = r'[,"\n]'


def arrow_table(table: str, data):
    """`data` (row dicts, or an Arrow table of the declared columns) as an Arrow table with
    exactly the declared schema: the types, nullability and field metadata Parquet stores."""
    import pyarrow as pa

    declared = schema.arrow_schema(table)
    if isinstance(data, pa.Table):
        return pa.Table.from_arrays([data.column(f.name) for f in declared], schema=declared)
    columns = {f.name: [row.get(f.name) for row in data] for f in declared}
    return pa.Table.from_pydict(columns, schema=declared)


def csv_chunks(table: str, data, batch_rows: int = BATCH_ROWS):
    """The CSV of a table as UTF-8 chunks (header first), `batch_rows` rows at a time.

    The bytes are those of Python's csv writer (minimal quoting, "\n" line ends) given
    `csv_cell` of every cell, row by row (tests/test_formats.py holds them equal), but made
    column-wise by Arrow: cells cast to text (integers, dates ISO 8601, booleans true/false, lists
    as JSON arrays), quoted where the csv writer would quote them, joined into lines; no Python
    object per cell. Each chunk is a buffer of Arrow's (bytes-like)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    data = arrow_table(table, data)
    fields = [(f["name"], f["type"]) for f in schema.fields(table)]
    text = io.StringIO()
    csv.writer(text, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerow([name for name, _ in fields])
    yield text.getvalue().encode("utf-8")
    if len(fields) < 2:  # the csv writer quotes a lone empty cell; no table has one column
        raise ValueError(f"{table}: a CSV of one column is not written column-wise")
    for start in range(0, data.num_rows, batch_rows):
        part = data.slice(start, batch_rows)
        cells = [_csv_column(part.column(name), kind) for name, kind in fields]
        lines = pc.binary_join_element_wise(*cells[:-1], pc.binary_join_element_wise(cells[-1], "\n", ""), ",")
        del cells
        lines = lines.combine_chunks() if isinstance(lines, pa.ChunkedArray) else lines
        if len(lines):  # the lines are the bytes between the first and the last offset
            offsets = memoryview(lines.buffers()[1]).cast("i")  # a string array's offsets: int32
            yield lines.buffers()[2][offsets[lines.offset]:offsets[lines.offset + len(lines)]]


def _csv_column(col, kind: str):
    """One column's cells as the csv writer writes them: text (empty for null), quoted when it
    holds a comma, a quote or a line feed, its quotes doubled."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if kind == "array":
        col = _json_arrays(col)
    elif kind != "string":  # integer, boolean (true/false), date (ISO 8601): Arrow's casts write these
        col = pc.cast(col, pa.string())
    col = pc.fill_null(col, "")
    quote = pc.match_substring_regex(col, _CSV_QUOTED)
    if not pc.any(quote).as_py():
        return col
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(col, '"', '""'), '"', "")
    return pc.if_else(quote, quoted, col)


def _json_arrays(col):
    """Each list as json.dumps(list, ensure_ascii=False) writes it: ["a", "b"]. Joined by Arrow
    when no element needs escaping or is null (the rule for every curated id and name); else
    by json.dumps, cell by cell."""
    import pyarrow as pa
    import pyarrow.compute as pc

    flat = pc.list_flatten(col)
    if flat.null_count or (len(flat) and pc.any(pc.match_substring_regex(flat, _JSON_ESCAPED)).as_py()):
        return pa.array([None if v is None else json.dumps(v, ensure_ascii=False) for v in col.to_pylist()], pa.string())
    joined = pc.binary_join_element_wise('["', pc.binary_join(col, '", "'), '"]', "")
    return pc.if_else(pc.equal(pc.list_value_length(col), 0), pa.scalar("[]"), joined)


def to_csv(table: str, data) -> bytes:
    """The whole CSV of a table (row dicts or an Arrow table) in memory; the build streams
    `csv_chunks` to its file instead."""
    return b"".join(bytes(chunk) for chunk in csv_chunks(table, data))


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


def to_parquet(table: str, data) -> bytes:
    """The Parquet file of a table (row dicts or an Arrow table), PARQUET_OPTIONS pinned."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(arrow_table(table, data), sink, **PARQUET_OPTIONS)
    return sink.getvalue().to_pybytes()


def from_parquet(data: bytes) -> list[dict]:
    return parquet_to_arrow(data).to_pylist()


def parquet_to_arrow(data: bytes):
    import pyarrow as pa
    import pyarrow.parquet as pq

    return pq.read_table(pa.BufferReader(data))
