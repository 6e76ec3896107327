"""The checks every table must pass, used by `westminster-casefile build` before writing and by
`westminster-casefile validate` after reading a package back.

Per-table checks are pandera schemas derived from schemas/*.json (pandera's own Table Schema
converter ignores dates and foreign keys, so those are added here). Cross-table checks (foreign
keys, evidence offsets, dates against precision and against the articles) are plain Python:
they need several tables at once."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from westminster_casefile import schema
from westminster_casefile.problems import Problem

RECORD_TABLES = {"people": "person_id", "institutions": "institution_id", "affiliations": "affiliation_id",
                 "events": "event_id", "statements": "statement_id"}
# Curated free text that a spreadsheet would execute if it began with one of these characters.
FORMULA_PREFIXES = ("=", "+", "-", "@")


def _is_date(v) -> bool:
    return isinstance(v, date)


def dataframe_schema(table: str):
    """A pandera DataFrameSchema derived from the table's Table Schema.

    Types are enforced one step earlier, when rows become an Arrow table of the declared schema
    (see `to_arrow`); these checks are the constraints, all vectorised: required, unique,
    enum, pattern, minimum, minLength, and the primary key."""
    import pandera.pandas as pa

    columns = {}
    for f in schema.fields(table):
        c = f.get("constraints", {})
        checks = []
        if "enum" in c:
            checks.append(pa.Check.isin(c["enum"], error=f"must be one of: {', '.join(c['enum'])}"))
        if "pattern" in c:
            checks.append(pa.Check.str_matches(c["pattern"], error=f"must match {c['pattern']}"))
        if "minimum" in c:
            checks.append(pa.Check.ge(c["minimum"], error=f"must be >= {c['minimum']}"))
        if "minLength" in c:
            checks.append(pa.Check(lambda s, n=c["minLength"]: s.str.strip().str.len() >= n,
                                   error="must not be empty"))
        columns[f["name"]] = pa.Column(None, checks=checks, nullable=not c.get("required", False),
                                       unique=c.get("unique", False), required=True, coerce=False)
    pk = schema.primary_key(table)
    return pa.DataFrameSchema(columns, strict=True, ordered=True, unique=pk if len(pk) > 1 else None,
                              name=table, coerce=False)


def to_arrow(table: str, rows: list[dict]):
    """Rows as an Arrow table of the declared types, or the type problems that prevent it."""
    import pyarrow as pa

    declared = schema.arrow_schema(table)
    loose = pa.schema([f.with_nullable(True) for f in declared])  # nulls are judged by `required`
    names = [f.name for f in declared]
    extra = sorted({k for r in rows for k in r} - set(names))
    if extra:
        return None, [f"unexpected column(s): {', '.join(extra)}"]
    try:
        return pa.Table.from_pylist(rows, schema=loose), []
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        pass
    problems = []
    for f in loose:  # find which column, and which value, does not fit its type
        for row in rows:
            try:
                pa.array([row.get(f.name)], type=f.type)
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
                problems.append(f"{f.name}: must be {_type_words(f.type)} (got {row.get(f.name)!r})")
                break
    return None, problems or ["rows do not fit the declared types"]


def _type_words(arrow_type) -> str:
    import pyarrow as pa

    if pa.types.is_date(arrow_type):
        return "a date"
    if pa.types.is_integer(arrow_type):
        return "an integer"
    if pa.types.is_boolean(arrow_type):
        return "true or false"
    if pa.types.is_list(arrow_type):
        return "a list of text"
    return "text"


def check_table(table: str, data, where: str) -> list[Problem]:
    """Field-level checks of one table: types (via Arrow), then the schema's constraints.

    `data` is a list of row dicts or a pyarrow Table."""
    import pandera.errors
    import pyarrow as pa

    if isinstance(data, pa.Table):
        arrow_table, type_problems = data, []
        declared = schema.arrow_schema(table)
        got = {f.name: f.type for f in data.schema}
        for f in declared:
            if f.name in got and got[f.name] != f.type:
                type_problems.append(f"{f.name}: must be {_type_words(f.type)} (stored as {got[f.name]})")
        missing = [f.name for f in declared if f.name not in got]
        if missing:
            type_problems.append(f"missing column(s): {', '.join(missing)}")
    else:
        arrow_table, type_problems = to_arrow(table, data)
    if type_problems:
        return [Problem(where, message, "", "schema") for message in type_problems]
    df = arrow_table.to_pandas(date_as_object=True)
    pk = schema.primary_key(table)
    try:
        dataframe_schema(table).validate(df, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        keys = [tuple(str(v) for v in row) for row in zip(*(arrow_table.column(k).to_pylist() for k in pk))] \
            if all(k in arrow_table.column_names for k in pk) else []
        problems = []
        for case in exc.failure_cases.to_dict("records"):
            idx = case.get("index")
            key = ""
            if idx is not None and idx == idx and 0 <= int(idx) < len(keys):
                key = "/".join(keys[int(idx)])
            column = case.get("column") or ""
            check = _describe(str(case.get("check") or ""))
            value = case.get("failure_case")
            value = None if value != value else value  # pandas reports a missing value as NaN
            problems.append(Problem(f"{where}" + (f" [{key}]" if key else ""),
                                    f"{column}: {check} (got {value!r})" if column else check, "", "schema"))
        return problems
    return []


def _describe(check: str) -> str:
    return {"not_nullable": "a value is required", "field_uniqueness": "values must be unique",
            "column_in_dataframe": "column missing", "column_in_schema": "unexpected column",
            "multiple_fields_uniqueness": "primary key values must be unique"}.get(check, check)


def check_package(tables: dict[str, list[dict]], texts: dict[str, str] | None = None,
                  where=lambda t: t) -> list[Problem]:
    """Every check: per table, then across tables. `texts` (source_id -> article text), when at
    hand, lets evidence and mentions be checked against the articles themselves."""
    problems: list[Problem] = []
    for table in schema.TABLES:
        problems += check_table(table, tables.get(table, []), where(table))
    problems += cross_checks(tables, texts, where)
    return problems


def cross_checks(tables, texts, where) -> list[Problem]:
    problems: list[Problem] = []
    add = lambda table, key, msg, hint="", code="integrity": problems.append(  # noqa: E731
        Problem(f"{where(table)} [{key}]", msg, hint, code))
    keys = {t: {r[schema.primary_key(t)[0]] for r in tables.get(t, [])} for t in schema.TABLES}
    entities = keys["people"] | keys["institutions"]

    for table in schema.TABLES:
        pk = schema.primary_key(table)
        for fk_field, ref_table, ref_field in schema.foreign_keys(table):
            valid = {r[ref_field] for r in tables.get(ref_table, [])}
            for row in tables.get(table, []):
                if row.get(fk_field) is not None and row[fk_field] not in valid:
                    add(table, "/".join(str(row[k]) for k in pk),
                        f"{fk_field} {row[fk_field]!r} is not a {ref_table}.{ref_field}", "", "foreign-key")

    for row in tables.get("event_participants", []):
        table = "people" if row["participant_type"] == "person" else "institutions"
        if row["participant_id"] not in keys[table]:
            add("event_participants", f"{row['event_id']}/{row['participant_id']}",
                f"participant {row['participant_id']!r} is not in {table}", "", "foreign-key")
    for row in tables.get("statements", []):
        for col in ("addressee_ids", "concerns_ids"):
            for ref in row.get(col) or []:
                if ref not in entities:
                    add("statements", row["statement_id"], f"{col}: {ref!r} is neither a person nor an institution",
                        "", "foreign-key")

    # Evidence: points at a real row, and at the exact words of the article.
    cited = defaultdict(set)
    published_end = {r["source_id"]: r["published_end"] for r in tables.get("sources", [])}
    for row in tables.get("evidence", []):
        eid = row["evidence_id"]
        if row["record_id"] not in keys.get(row["record_table"], set()):
            add("evidence", eid, f"record {row['record_table']}/{row['record_id']} does not exist", "", "foreign-key")
        cited[(row["record_table"], row["record_id"])].add(row["source_id"])
        if isinstance(row["start"], int) and isinstance(row["end"], int):
            if row["end"] - row["start"] != len(row["quote"] or ""):
                add("evidence", eid, "end - start differs from the quote's length", "", "offsets")
            text = (texts or {}).get(row["source_id"])
            if text is not None and text[row["start"]:row["end"]] != row["quote"]:
                add("evidence", eid, f"text[{row['start']}:{row['end']}] of {row['source_id']} is not the quote",
                    "rebuild: the article or the offsets changed", "offsets")
    for row in tables.get("mentions", []):
        text = (texts or {}).get(row["source_id"])
        if text is not None and text[row["start"]:row["end"]] != row["surface"]:
            add("mentions", f"{row['source_id']}/{row['start']}", "surface is not the text at its offsets", "", "offsets")

    for table, id_field in RECORD_TABLES.items():
        for row in tables.get(table, []):
            sources = cited.get((table, row[id_field]), set())
            if not sources:
                add(table, row[id_field], "cites no evidence", "every row needs at least one {source, quote}", "uncited")
            elif row.get("source_count") != len(sources) or row.get("source_ids") != sorted(sources):
                add(table, row[id_field], f"source_count/source_ids disagree with its evidence ({sorted(sources)})",
                    "rebuild", "provenance")

    # Dates: ordered, consistent with their precision, and not after the articles reporting them.
    from westminster_casefile.build.dates import span_fits_precision

    for row in tables.get("sources", []):
        why = span_fits_precision(row["published_start"], row["published_end"], row["published_precision"])
        if why:
            add("sources", row["source_id"], f"published: {why}", "", "date")
    for table in ("events", "statements", "affiliations"):
        for row in tables.get(table, []):
            rid = row[RECORD_TABLES[table]]
            start, end = row.get("date_start"), row.get("date_end")
            if _is_date(start) and _is_date(end) and end < start:
                add(table, rid, f"date_end {end} is before date_start {start}", "", "date")
            if "date_precision" in row:
                why = span_fits_precision(start, end, row["date_precision"])
                if why:
                    add(table, rid, why, "", "date")
            if table == "events" and row.get("status") not in ("scheduled", "cancelled") and _is_date(start):
                latest = max((published_end.get(s) for s in cited.get((table, rid), ())
                              if _is_date(published_end.get(s))), default=None)
                if latest and start > latest:
                    add(table, rid, f"dated {start}, after the latest article reporting it ({latest}), "
                                    f"but its status is {row.get('status')!r}",
                        "fix the date, or mark it scheduled", "date-after-sources")

    # Formula-like curated text (see README "Spreadsheets"): names, titles and labels must not
    # start with = + - @. Verbatim quotes are exempt: they must stay exactly as printed.
    for table, cols in {"people": ("name", "description"), "institutions": ("name", "description"),
                        "affiliations": ("title",), "events": ("title",), "statements": ("speaker_label",)}.items():
        for row in tables.get(table, []):
            for col in cols:
                value = row.get(col)
                if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                    add(table, row[RECORD_TABLES[table]], f"{col} starts with {value[0]!r}, which a spreadsheet would run as a formula",
                        "reword it so it starts with a letter", "formula")
    return problems

