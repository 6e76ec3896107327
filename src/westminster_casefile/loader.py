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
    # Dates stay datetime.date objects and lists stay lists, as the schema says.
    return table.to_pandas(date_as_object=True)


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


def connect():
    """A DuckDB connection with every table as a view (needs the `duckdb` extra)."""
    try:
        import duckdb
    except ImportError:
        raise ImportError("connect() needs duckdb: pip install 'westminster-casefile[duckdb]'") from None
    con = duckdb.connect()
    for name in schema.TABLES:
        path = (package_path() / "parquet" / f"{name}.parquet").as_posix().replace("'", "''")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    return con
