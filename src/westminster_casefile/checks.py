"""The checks every table must pass, used by `westminster-casefile build` before writing and by
`westminster-casefile validate` after reading a package back.

They run column-wise on Arrow tables (pyarrow.compute: masks, `is_in` anti-joins, hash joins and
group-bys), never turning whole tables into Python rows, so memory stays near the size of the
Arrow data and start-up imports nothing beyond pyarrow. The per-table constraints are derived
from schemas/*.json; `dataframe_schema` states the same constraints as a pandera schema, for
running them on another engine (pandas here; pandera's polars or PySpark backends elsewhere).

Root causes first: a table that is missing or could not be read is left out of the checks that
need it (the caller reports it once), so one missing file does not become a foreign-key error on
every row that points into it."""
from __future__ import annotations

from westminster_casefile import schema
from westminster_casefile.problems import Problem

RECORD_TABLES = {"people": "person_id", "institutions": "institution_id", "affiliations": "affiliation_id",
                 "events": "event_id", "statements": "statement_id"}
# Curated free text that a spreadsheet would execute if it began with one of these characters
# (after any tabs, carriage returns or newlines, which spreadsheets skip). Verbatim quotes from
# the articles are exempt: they must stay exactly as printed.
FORMULA_PREFIXES = ("=", "+", "-", "@")
FORMULA_RX = r"\A[\t\r\n]*[=+\-@]"
# Characters curated text never needs and a reader's terminal or viewer would act on: C0
# controls but line feed (NUL breaks CSV readers, ESC retitles or clears terminals, BEL rings),
# DEL and C1 controls, the line/paragraph separators and the bidi embeddings, overrides and
# isolates (they reorder what is displayed: "Trojan Source"), and the invisible characters that
# make look-alike names ("Cai\u200bQi"): soft hyphen, zero-width spaces and joiners, direction
# marks, word joiners, Hangul fillers, the byte-order mark and tag characters.
CONTROL_RX = (r"[\x00-\x09\x0b-\x1f\x7f-\x{9f}\x{ad}\x{61c}\x{115f}\x{1160}\x{180e}\x{200b}-\x{200f}"
              r"\x{2028}-\x{202e}\x{2060}-\x{2064}\x{2066}-\x{2069}\x{3164}\x{feff}\x{ffa0}\x{e0000}-\x{e007f}]")
CURATED_TEXT = {"sources": ("publisher", "published_note", "translation_note"),
                "people": ("name", "aliases", "description"),
                "institutions": ("name", "aliases", "description"),
                "affiliations": ("title",), "events": ("title", "date_note"),
                "statements": ("speaker_label", "date_note")}
# At most this many rows are listed per kind of problem; the rest are counted.
LIST_AT_MOST = 50


def dataframe_schema(table: str, backend: str = "pandas"):
    """The table's constraints as a pandera DataFrameSchema, derived from schemas/: required,
    unique, enum, pattern (full match), minimum, minLength, primary key. `backend` is "pandas"
    or "polars" (pandera's polars backend: the same declaration on a lazily scanned frame).

    The validator itself runs the same constraints on Arrow (`table_problems`) without either;
    this is the declaration for running them on another engine (benchmarks/bench_engines.py
    measures the three)."""
    if backend == "polars":
        import pandera.polars as pa
        import polars as pl

        def min_length(n):
            return pa.Check(lambda data, n=n: data.lazyframe.select(
                pl.col(data.key).str.strip_chars().str.len_chars() >= n), error="must not be empty")

        def full_match(pattern):
            return pa.Check.str_matches(rf"^(?:{pattern})$", error=f"must match {pattern}")
    else:
        import pandera.pandas as pa

        def min_length(n):
            return pa.Check(lambda s, n=n: s.str.strip().str.len() >= n, error="must not be empty")

        def full_match(pattern):  # pandas' str.fullmatch: "GB\n" does not pass ^[A-Z]{2}$
            return pa.Check(lambda s, p=pattern: s.str.fullmatch(p), error=f"must match {pattern}")

    columns = {}
    for f in schema.fields(table):
        c = f.get("constraints", {})
        cs = []
        if "enum" in c:
            cs.append(pa.Check.isin(c["enum"], error=f"must be one of: {', '.join(c['enum'])}"))
        if "pattern" in c:
            cs.append(full_match(c["pattern"]))
        if "minimum" in c:
            cs.append(pa.Check.ge(c["minimum"], error=f"must be >= {c['minimum']}"))
        if "minLength" in c:
            cs.append(min_length(c["minLength"]))
        columns[f["name"]] = pa.Column(None, checks=cs, nullable=not c.get("required", False),
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
    extra = sorted(set().union(*rows) - set(names))  # every key of every row, gathered in C
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


def type_problems(table: str, data) -> list[str]:
    """Columns missing, extra, or stored with another type than schemas/ declares."""
    declared = schema.arrow_schema(table)
    got = {f.name: f.type for f in data.schema}
    out = [f"{f.name}: must be {_type_words(f.type)} (stored as {got[f.name]})"
           for f in declared if f.name in got and got[f.name] != f.type]
    missing = [f.name for f in declared if f.name not in got]
    if missing:
        out.append(f"missing column(s): {', '.join(missing)}")
    extra = [n for n in data.column_names if n not in {f.name for f in declared}]
    if extra:
        out.append(f"unexpected column(s): {', '.join(extra)}")
    return out


class _Report:
    """Collects problems for rows picked by a boolean mask, naming each row by its key."""

    def __init__(self, tables, where):
        self.tables = tables
        self.where = where
        self.problems: list[Problem] = []

    def key_of(self, table: str, indices) -> list[str]:
        t = self.tables[table]
        pk = schema.primary_key(table)
        cols = [t.column(k).take(indices).to_pylist() for k in pk]
        return ["/".join(str(v) for v in vals) for vals in zip(*cols)]

    def rows(self, table: str, mask, message, hint: str = "", code: str = "integrity", values=None):
        """One problem per row where `mask` is true (nulls count as false); `message` is a string
        or a function of the row's value from `values` (a column of the same length)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if isinstance(mask, pa.ChunkedArray):
            mask = mask.combine_chunks()
        if len(mask) == 0:
            return
        mask = pc.fill_null(mask, False)
        n = pc.sum(mask).as_py() or 0
        if not n:
            return
        indices = pc.indices_nonzero(mask).slice(0, LIST_AT_MOST)
        keys = self.key_of(table, indices)
        vals = values.take(indices).to_pylist() if values is not None else [None] * len(keys)
        for key, value in zip(keys, vals):
            text = message(value) if callable(message) else message
            self.problems.append(Problem(f"{self.where(table)} [{key}]", text, hint, code))
        if n > LIST_AT_MOST:
            text = message(vals[-1]) if callable(message) else message
            self.problems.append(Problem(self.where(table), f"... and {n - LIST_AT_MOST} more rows: {text}", hint, code))

    def add(self, table: str, key: str, message: str, hint: str = "", code: str = "integrity"):
        self.problems.append(Problem(f"{self.where(table)} [{key}]", message, hint, code))


# -- per table -------------------------------------------------------------------------------
def table_problems(table: str, data, where: str) -> list[Problem]:
    """Types first, then every constraint of schemas/<table>.json, column-wise."""
    import pyarrow as pa
    import pyarrow.compute as pc

    types = type_problems(table, data)
    if types:
        return [Problem(where, m, "", "schema") for m in types]
    rep = _Report({table: data}, lambda t: where)
    for f in schema.fields(table):
        name, c = f["name"], f.get("constraints", {})
        col = data.column(name)
        if c.get("required"):
            rep.rows(table, pc.is_null(col), f"{name}: a value is required (got None)", code="schema")
        if f["type"] == "array":
            flat = pc.list_flatten(col)
            if flat.null_count:
                rows = pc.filter(pc.list_parent_indices(col), pc.is_null(flat))
                rep.rows(table, pc.is_in(_range(len(col)), value_set=_chunk(rows).cast(pa.int64())),
                         f"{name}: lists may not hold null", code="schema")
        if "enum" in c:
            bad = pc.invert(pc.is_in(col, value_set=pa.array(c["enum"], type=col.type)))
            rep.rows(table, pc.and_(pc.is_valid(col), bad), lambda v, n=name, e=c["enum"]: f"{n}: must be one of: {', '.join(e)} (got {v!r})",
                     code="schema", values=col)
        if "pattern" in c:
            # full match: RE2's \A and \z, so "GB\n" does not pass ^[A-Z]{2}$ as it does with re.match
            ok = pc.match_substring_regex(col, pattern=rf"\A(?:{c['pattern']})\z")
            rep.rows(table, pc.invert(ok), lambda v, n=name, p=c["pattern"]: f"{n}: must match {p} (got {v!r})",
                     code="schema", values=col)
        if "minimum" in c:
            rep.rows(table, pc.less(col, c["minimum"]), lambda v, n=name, m=c["minimum"]: f"{n}: must be >= {m} (got {v!r})",
                     code="schema", values=col)
        if "minLength" in c:
            short = pc.less(pc.utf8_length(pc.utf8_trim_whitespace(col)), c["minLength"])
            rep.rows(table, short, lambda v, n=name: f"{n}: must not be empty (got {v!r})", code="schema", values=col)
        if c.get("unique"):
            rep.rows(table, _duplicated(data, [name]), lambda v, n=name: f"{n}: values must be unique (got {v!r})",
                     code="schema", values=col)
    pk = schema.primary_key(table)
    if len(pk) > 1:
        rep.rows(table, _duplicated(data, pk), f"primary key ({', '.join(pk)}): values must be unique", code="schema")
    return rep.problems


def _duplicated(data, columns: list[str]):
    """A mask of the rows whose values in `columns` occur more than once (nulls ignored)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    counts = data.select(columns).group_by(columns).aggregate([([], "count_all")])
    dups = counts.filter(pc.greater(counts.column("count_all"), 1))
    if dups.num_rows == 0:
        return _false(data.num_rows)
    if len(columns) == 1:
        return pc.is_in(data.column(columns[0]), value_set=dups.column(columns[0]))
    keyed = data.select(columns).append_column("__row", pa.array(range(data.num_rows), type=pa.int64()))
    hit = keyed.join(dups.select(columns), keys=columns, join_type="left semi").column("__row")
    return pc.is_in(pa.array(range(data.num_rows), type=pa.int64()), value_set=hit)


def _false(n: int):
    import pyarrow as pa

    return pa.array([False] * n, type=pa.bool_())


def check_table(table: str, data, where: str) -> list[Problem]:
    """Field-level checks of one table: types (via Arrow), then the schema's constraints.

    `data` is a list of row dicts or a pyarrow Table."""
    import pyarrow as pa

    if not isinstance(data, pa.Table):
        data, problems = to_arrow(table, data)
        if problems:
            return [Problem(where, m, "", "schema") for m in problems]
    return table_problems(table, data, where)


def check_package(tables: dict, texts: dict[str, str] | None = None, where=lambda t: t) -> list[Problem]:
    """The build's checks: per table, then across tables (derived columns are not recomputed:
    the build has just derived them). `texts` (source_id -> article text), when at hand, lets
    evidence and mentions be checked against the articles."""
    import pyarrow as pa

    problems: list[Problem] = []
    arrow = {}
    for table in schema.TABLES:
        data = tables.get(table, [])
        if not isinstance(data, pa.Table):
            data, type_errors = to_arrow(table, data)
            if type_errors:
                problems += [Problem(where(table), m, "", "schema") for m in type_errors]
                continue
        problems += table_problems(table, data, where(table))
        arrow[table] = data  # (cross_checks leaves out a table whose columns are not as declared)
    # The build has just derived these columns with the very functions that would recompute
    # them: recomputing is for a package read back (validate), not for the build.
    problems += cross_checks(arrow, texts, where, recompute=False)
    return problems


# -- across tables ---------------------------------------------------------------------------
def cross_checks(tables, texts, where, recompute: bool = True) -> list[Problem]:
    """Integrity across tables. `tables` maps table -> Arrow table (or row dicts); a table
    absent from it (missing or unreadable: reported by the caller) is skipped, with every
    check that needs it, so the cause is reported once rather than on every row."""
    import pyarrow as pa

    from westminster_casefile import derived

    tables = {t: (d if isinstance(d, pa.Table) else to_arrow(t, d)[0]) for t, d in tables.items()}
    tables = {t: d for t, d in tables.items() if d is not None and not type_problems(t, d)}
    rep = _Report(tables, where)
    _foreign_keys(rep, tables)
    _evidence(rep, tables, texts)
    _provenance(rep, tables)
    _dates(rep, tables, texts)
    _parents(rep, tables)
    _formulas(rep, tables)
    _controls(rep, tables)
    if recompute:
        derived.check(rep, tables, texts)
    return rep.problems


def _ids(tables, table):
    return tables[table].column(schema.primary_key(table)[0])


def _foreign_keys(rep: _Report, tables) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    for table, data in tables.items():
        for fk_field, ref_table, ref_field in schema.foreign_keys(table):
            if ref_table not in tables:
                continue  # the missing table is the problem, reported once by the caller
            col = data.column(fk_field)
            bad = pc.and_(pc.is_valid(col), pc.invert(pc.is_in(col, value_set=tables[ref_table].column(ref_field))))
            rep.rows(table, bad, lambda v, f=fk_field, r=ref_table, rf=ref_field: f"{f} {v!r} is not a {r}.{rf}",
                     code="foreign-key", values=col)
    # polymorphic references: the type column says which table the id column points into
    _typed_refs(rep, tables, "event_participants", "participant_type", "participant_id",
                (("person", "people"), ("institution", "institutions")), "participant {v!r} is not in {r}")
    if "statements" in tables and "people" in tables and "institutions" in tables:
        entities = pa.chunked_array(_ids(tables, "people").chunks + _ids(tables, "institutions").chunks, pa.string())
        st = tables["statements"]
        for col in ("addressee_ids", "concerns_ids"):
            lists = st.column(col)
            flat, parents = pc.list_flatten(lists), pc.list_parent_indices(lists)
            bad = pc.invert(pc.is_in(flat, value_set=entities))
            bad_rows = pc.filter(parents, bad)
            if len(bad_rows):
                refs = pc.filter(flat, bad).to_pylist()
                keys = rep.key_of("statements", bad_rows)
                for key, ref in list(zip(keys, refs))[:LIST_AT_MOST]:
                    rep.add("statements", key, f"{col}: {ref!r} is neither a person nor an institution", "", "foreign-key")
    _typed_refs(rep, tables, "mentions", "entity_table", "entity_id",
                (("people", "people"), ("institutions", "institutions")), "entity_id {v!r} is not in {r}")


def _typed_refs(rep: _Report, tables, table: str, type_col: str, id_col: str, kinds, message: str) -> None:
    """Rows of `table` whose `id_col` is missing from the table its `type_col` value names
    (`kinds`: type value -> referenced table)."""
    import pyarrow.compute as pc

    if table not in tables:
        return
    data = tables[table]
    for kind, ref in kinds:
        if ref not in tables:
            continue
        bad = pc.and_(pc.equal(data.column(type_col), kind),
                      pc.invert(pc.is_in(data.column(id_col), value_set=_ids(tables, ref))))
        rep.rows(table, bad, lambda v, r=ref: message.format(v=v, r=r), code="foreign-key", values=data.column(id_col))


def _evidence(rep: _Report, tables, texts) -> None:
    """Evidence points at a real row, and at the exact words of the article."""
    import pyarrow.compute as pc

    if "evidence" not in tables:
        return
    ev = tables["evidence"]
    for table, id_field in RECORD_TABLES.items():
        if table not in tables:
            continue
        bad = pc.and_(pc.equal(ev.column("record_table"), table),
                      pc.invert(pc.is_in(ev.column("record_id"), value_set=tables[table].column(id_field))))
        rep.rows("evidence", bad, lambda v, t=table: f"record {t}/{v} does not exist", code="foreign-key",
                 values=ev.column("record_id"))
    length = pc.subtract(ev.column("end"), ev.column("start"))
    rep.rows("evidence", pc.not_equal(length, pc.utf8_length(ev.column("quote")).cast(length.type)),
             "end - start differs from the quote's length", code="offsets")
    if texts:
        _spans(rep, "evidence", ev, "quote", texts, "text[{start}:{end}] of {source} is not the quote",
               "rebuild: the article or the offsets changed")
    if "mentions" in tables:
        m = tables["mentions"]
        length = pc.subtract(m.column("end"), m.column("start"))
        rep.rows("mentions", pc.not_equal(length, pc.utf8_length(m.column("surface")).cast(length.type)),
                 "end - start differs from the surface's length", code="offsets")
        if texts:
            _spans(rep, "mentions", m, "surface", texts, "surface is not the text at its offsets", "")


def _spans(rep: _Report, table: str, data, column: str, texts, message: str, hint: str) -> None:
    """Compare text[start:end] with the column for the articles at hand. Slicing strings is
    Python's job: four columns are materialised (not rows), once."""
    import pyarrow as pa

    bad_rows = []
    columns = (data.column(c).to_pylist() for c in ("source_id", "start", "end", column))
    for i, (sid, s, e, v) in enumerate(zip(*columns)):
        text = texts.get(sid)
        if text is not None and (s is None or e is None or text[s:e] != v):
            bad_rows.append((i, s, e, sid))
    if bad_rows:
        keys = rep.key_of(table, pa.array([b[0] for b in bad_rows[:LIST_AT_MOST]], pa.int64()))
        for key, (_, s, e, sid) in zip(keys, bad_rows):
            rep.add(table, key, message.format(start=s, end=e, source=sid), hint, "offsets")
        if len(bad_rows) > LIST_AT_MOST:
            rep.problems.append(Problem(rep.where(table), f"... and {len(bad_rows) - LIST_AT_MOST} more rows whose offsets "
                                        "do not match the article", hint, "offsets"))


def cited_sources(tables, table: str):
    """Distinct (record_id, source_id) pairs of a record table's evidence."""
    import pyarrow.compute as pc

    ev = tables["evidence"]
    mine = ev.filter(pc.equal(ev.column("record_table"), table)).select(["record_id", "source_id"])
    return mine.group_by(["record_id", "source_id"]).aggregate([])


def _provenance(rep: _Report, tables) -> None:
    """Every record cites evidence, and its source_count/source_ids are those of its evidence."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if "evidence" not in tables:
        return
    for table, id_field in RECORD_TABLES.items():
        if table not in tables:
            continue
        data = tables[table]
        ids = data.column(id_field)
        pairs = cited_sources(tables, table)
        uncited = pc.invert(pc.is_in(ids, value_set=pairs.column("record_id")))
        rep.rows(table, uncited, "cites no evidence", "every row needs at least one {source, quote}", "uncited")
        lists = data.column("source_ids")
        declared = pa.table({"record_id": ids.take(pc.list_parent_indices(lists)), "source_id": pc.list_flatten(lists)})
        wrong = pa.concat_arrays([
            _chunk(declared.join(pairs, keys=["record_id", "source_id"], join_type="left anti").column("record_id")),
            _chunk(pairs.join(declared, keys=["record_id", "source_id"], join_type="left anti").column("record_id")),
        ]) if len(declared) or len(pairs) else pa.array([], pa.string())
        counts = pc.list_value_length(lists).cast(pa.int64())
        mismatch = pc.or_(pc.is_in(ids, value_set=wrong), pc.not_equal(data.column("source_count"), counts))
        mismatch = pc.or_(mismatch, _unsorted_lists(lists))
        mismatch = pc.and_(mismatch, pc.invert(uncited))
        rep.rows(table, mismatch, lambda v: f"source_count/source_ids disagree with its evidence (declares {v})",
                 "rebuild", "provenance", values=lists)


def _chunk(col):
    import pyarrow as pa

    return col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col


def _unsorted_lists(lists):
    """Rows whose list is not strictly increasing (sorted, no repeats)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    flat = _chunk(pc.list_flatten(lists))
    parents = _chunk(pc.list_parent_indices(lists))
    if len(flat) < 2:
        return pa.array([False] * len(lists), pa.bool_()) if len(lists) < 2 else pc.is_null(pc.list_value_length(lists))
    same = pc.equal(parents.slice(1), parents.slice(0, len(parents) - 1))
    not_increasing = pc.and_(same, pc.less_equal(flat.slice(1), flat.slice(0, len(flat) - 1)))
    bad = pc.filter(parents.slice(1), not_increasing)
    return pc.is_in(pa.array(range(len(lists)), pa.int64()), value_set=bad.cast(pa.int64()))


def latest_article(tables, table: str):
    """(record_id, latest published_end of the articles its evidence cites)."""
    import pyarrow.compute as pc

    pairs = cited_sources(tables, table)
    src = tables["sources"].select(["source_id", "published_end"])
    joined = pairs.join(src, keys="source_id", join_type="inner")
    joined = joined.filter(pc.is_valid(joined.column("published_end")))
    return joined.group_by("record_id").aggregate([("published_end", "max")])


def _dates(rep: _Report, tables, texts) -> None:
    """Dates: ordered, consistent with their precision, agreeing with their text where it can
    be parsed, and not after the articles reporting them (unless scheduled)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from westminster_casefile.build.dates import span_fits_precision

    if "sources" in tables:
        s = tables["sources"]
        _per_row(rep, "sources", s, ["published_start", "published_end", "published_precision"],
                 lambda a, b, p: (f"published: {w}" if (w := span_fits_precision(a, b, p)) else None), "date")
    for table in ("events", "statements", "affiliations"):
        if table not in tables:
            continue
        data = tables[table]
        rep.rows(table, pc.less(data.column("date_end"), data.column("date_start")),
                 "date_end is before date_start", code="date")
        if "date_precision" in data.column_names:
            _per_row(rep, table, data, ["date_start", "date_end", "date_precision"], span_fits_precision, "date")
        if "evidence" in tables and "sources" in tables:
            latest = latest_article(tables, table)
            id_field = RECORD_TABLES[table]
            keyed = pa.table({"record_id": data.column(id_field), "date_start": data.column("date_start"),
                              "__row": pa.array(range(data.num_rows), pa.int64())})
            if table == "events":
                keyed = keyed.append_column("status", data.column("status"))
            j = keyed.join(latest, keys="record_id", join_type="inner")
            late = pc.greater(j.column("date_start"), j.column("published_end_max"))
            if table == "events":
                late = pc.and_(late, pc.invert(pc.is_in(j.column("status"), value_set=pa.array(["scheduled", "cancelled"]))))
            late = pc.fill_null(late, False)
            rows = pc.filter(j.column("__row"), late)
            mask = pc.is_in(pa.array(range(data.num_rows), pa.int64()), value_set=_chunk(rows))
            what = "but its status is not 'scheduled'" if table == "events" else "though it is reported as having happened"
            rep.rows(table, mask, lambda v, w=what: f"dated {v}, after the latest article reporting it, {w}",
                     "fix the date" + (", or mark it scheduled" if table == "events" else ""), "date-after-sources",
                     values=data.column("date_start"))


def _per_row(rep: _Report, table: str, data, columns: list[str], fn, code: str) -> None:
    """A rule written as a plain Python function (the date rules live in build/dates.py and
    are called, not written twice), applied once per distinct combination of the columns'
    values (a handful, however many rows), then mapped back to the rows by a join."""
    import pyarrow as pa

    combos = data.select(columns).group_by(columns).aggregate([])
    bad = [(i, why) for i, values in enumerate(zip(*(combos.column(c).to_pylist() for c in columns)))
           if (why := fn(*values))]
    if not bad:
        return
    bad_combos = combos.take(pa.array([i for i, _ in bad], pa.int64())).append_column(
        "__why", pa.array([why for _, why in bad], pa.string()))
    keyed = data.select(columns).append_column("__row", _range(data.num_rows))
    hits = keyed.join(bad_combos, keys=columns, join_type="inner").sort_by("__row")
    rows, whys = hits.column("__row"), hits.column("__why").to_pylist()
    keys = rep.key_of(table, rows.slice(0, LIST_AT_MOST))
    for key, why in zip(keys, whys):
        rep.add(table, key, why, "", code)
    if len(whys) > LIST_AT_MOST:
        rep.problems.append(Problem(rep.where(table), f"... and {len(whys) - LIST_AT_MOST} more rows: {whys[-1]}", "", code))


def _parents(rep: _Report, tables) -> None:
    """No institution is its own ancestor."""
    if "institutions" not in tables:
        return
    inst = tables["institutions"]
    parent = dict(zip(inst.column("institution_id").to_pylist(), inst.column("parent_institution_id").to_pylist()))
    reported = set()
    for start in parent:
        seen, node = [], start
        while node is not None and node not in seen and node in parent:
            seen.append(node)
            node = parent[node]
        if node is not None and node in seen:
            cycle = seen[seen.index(node):]
            if frozenset(cycle) not in reported:
                reported.add(frozenset(cycle))
                rep.add("institutions", min(cycle), "parent_institution_id forms a cycle: " + " -> ".join(
                    cycle[cycle.index(min(cycle)):] + cycle[:cycle.index(min(cycle))] + [min(cycle)]),
                    "an institution cannot be its own ancestor", "parent-cycle")


def _matching(values, pattern: str):
    """A row mask: the text (or, for a list column, any element of it) matches `pattern`."""
    import pyarrow.compute as pc

    if values.type.num_fields:  # list column: any element
        hit = pc.match_substring_regex(pc.list_flatten(values), pattern=pattern)
        rows = pc.filter(pc.list_parent_indices(values), hit)
        return pc.is_in(_range(len(values)), value_set=_chunk(rows).cast("int64"))
    return pc.match_substring_regex(values, pattern=pattern)


def _curated_columns(tables):
    for table, cols in CURATED_TEXT.items():
        if table in tables:
            for col in cols:
                yield table, col, tables[table].column(col)


def _formulas(rep: _Report, tables) -> None:
    """Curated text a spreadsheet would run as a formula (see README "Spreadsheets")."""
    for table, col, values in _curated_columns(tables):
        rep.rows(table, _matching(values, FORMULA_RX),
                 lambda v, c=col: f"{c} {v!r} starts with a character a spreadsheet would run as a formula "
                 "(= + - @, perhaps after a tab or line break)", "reword it so it starts with a letter", "formula",
                 values=values)


def _controls(rep: _Report, tables) -> None:
    """Curated text holding control characters (CONTROL_RX): shown escaped in the message."""
    for table, col, values in _curated_columns(tables):
        rep.rows(table, _matching(values, CONTROL_RX),
                 lambda v, c=col: f"{c} {ascii(v)} holds a control character (terminal escape, NUL, BEL, "
                 "tab, line separator or bidi override)", "remove it; write the text as plain words", "control-character",
                 values=values)


def _range(n: int):
    import pyarrow as pa

    return pa.array(range(n), pa.int64())
