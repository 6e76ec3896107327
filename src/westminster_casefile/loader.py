"""The loader API: the shipped data package as DataFrames, Arrow tables or a DuckDB connection."""
from __future__ import annotations

from pathlib import Path

from westminster_casefile import schema

FORMATS = ("pandas", "arrow", "polars")


def package_path() -> Path:
    """The folder holding datapackage.json: inside the installed package (a wheel install), or
    the checkout's datapackage/ (an editable install, where hatchling's force-include does not
    copy files into the package folder)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / "datapackage", here.parents[1] / "datapackage"):
        if (candidate / "datapackage.json").is_file():
            return candidate
    raise FileNotFoundError("the westminster-casefile data package is not installed and no datapackage/ was found; "
                            "run `westminster-casefile build` in a checkout")


def tables() -> list[str]:
    """The table names, referenced tables first."""
    return list(schema.TABLES)


def _check_name(name: str) -> None:
    if not isinstance(name, str):
        raise TypeError(f"a table name is a string, not {type(name).__name__}; tables: {', '.join(schema.TABLES)}")
    if name not in schema.TABLES:
        import difflib

        close = difflib.get_close_matches(name, schema.TABLES, n=1)
        raise ValueError(f"unknown table {name!r}" + (f"; did you mean {close[0]!r}?" if close else "")
                         + f" Tables: {', '.join(schema.TABLES)}")


def load(name: str, *, format: str = "pandas"):  # noqa: A002 - the public keyword
    """One table, with the schema's types (dates as dates, lists as lists, integers, booleans).

    format: "pandas" (DataFrame), "arrow" (pyarrow.Table) or "polars" (polars.DataFrame)."""
    _check_name(name)
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    import pyarrow.parquet as pq

    table = pq.read_table(package_path() / "parquet" / f"{name}.parquet")
    if format == "arrow":
        return table
    if format == "polars":
        try:
            import polars as pl
        except ImportError:
            raise ImportError("format='polars' needs polars: pip install 'westminster-casefile[polars]'") from None
        return pl.from_arrow(table)
    return _to_pandas(name, table)


def _to_pandas(name: str, table):
    """The types pandas users expect, rather than pyarrow's defaults:

    - dates: datetime64 columns (missing = NaT), so `.dt`, `<`, `between` and `pd.Timestamp`
      comparisons work; compare with ISO strings or `pd.Timestamp`, not `datetime.date`;
    - lists: plain Python lists in an object column, so `bool(v)`, `v == []` and
      `json.dumps(v)` work (pyarrow would give numpy arrays);
    - optional integers and booleans: pandas' nullable `Int64` / `boolean`, never floats."""
    import pandas as pd

    df = table.to_pandas(date_as_object=False)
    for field in schema.fields(name):
        col = field["name"]
        if col not in df.columns:
            continue
        required = field.get("constraints", {}).get("required", False)
        if field["type"] == "array":
            df[col] = pd.Series(table.column(col).to_pylist(), index=df.index, dtype=object)
        elif field["type"] == "integer" and not required:
            df[col] = pd.array(table.column(col).to_pylist(), dtype="Int64")
        elif field["type"] == "boolean" and not required:
            df[col] = pd.array(table.column(col).to_pylist(), dtype="boolean")
    return df


def load_all(*, format: str = "pandas") -> dict:  # noqa: A002
    """Every table, keyed by name."""
    return {name: load(name, format=format) for name in schema.TABLES}


def describe(name: str) -> list[dict]:
    """The table's fields: name, type, required, description and allowed values."""
    _check_name(name)
    out = []
    for f in schema.fields(name):
        c = f.get("constraints", {})
        out.append({"name": f["name"], "type": f["type"], "required": bool(c.get("required")),
                    "description": f["description"], "enum": f.get("enumDescriptions")})
    return out


def connect(package: Path | str | None = None):
    """A DuckDB connection holding every table (needs the `duckdb` extra) of the installed
    package, or of the package folder `package`.

    A sandbox, set up with DuckDB's own settings rather than by filtering SQL: the tables are
    copied into a private database opened read-only, then external access is switched off (no file, URL or database can be
    read, written or attached: read_csv('/etc/passwd'), COPY ... TO, ATTACH, INSTALL and LOAD
    fail), extensions are never installed or loaded automatically, and the configuration is
    locked (SET/RESET fail); DuckDB spills to no temp folder. The database itself is opened
    read-only, so no statement can change a table (DELETE, UPDATE, DROP, a DELETE inside a WITH,
    EXPLAIN ANALYZE of any of them: all fail), whatever DuckDB calls its type. Temporary
    tables and macros live in the connection's own memory; the `sql` command allows only SELECT
    and EXPLAIN statements, so it creates none."""
    try:
        import duckdb
    except ImportError:
        raise ImportError("connect() needs duckdb: pip install 'westminster-casefile[duckdb]'") from None
    import shutil
    import tempfile

    import pyarrow.parquet as pq

    folder = Path(package) if package is not None else package_path()
    # The tables go into a database file in a private temporary folder, which is then opened
    # read-only: DuckDB has no read-only in-memory database. The folder is removed at once (the
    # open connection keeps the file's data; Linux frees it when the connection closes).
    quiet = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    private = Path(tempfile.mkdtemp(prefix="westminster-casefile-sql-"))
    try:
        db = private / "case.duckdb"
        writer = duckdb.connect(str(db), config=quiet)
        for name in schema.TABLES:
            # Read by pyarrow, not read_parquet(path): a path is a glob pattern to DuckDB
            # (`/tmp/*` would union packages, `data[1]` would not be found).
            arrow = pq.read_table(folder / "parquet" / f"{name}.parquet")
            writer.register("_incoming", arrow)
            writer.execute(f"CREATE TABLE {name} AS SELECT * FROM _incoming")
            writer.unregister("_incoming")
        writer.close()
        # temp_directory '' switches spilling off: DuckDB would otherwise allow its temp folder
        # (default `.tmp` in the current folder, which may be a link to anywhere) even with
        # external access off.
        con = duckdb.connect(str(db), read_only=True, config={**quiet, "temp_directory": ""})
    finally:
        shutil.rmtree(private, ignore_errors=True)
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con
