"""The Table Schemas in schemas/: the one source of truth for every table's shape.

Everything else (Arrow types, pandera checks, datapackage.json, the data dictionary) is derived
from these files here, never written twice by hand."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

# Order of the tables in the package: referenced tables before those referring to them.
TABLES = ("sources", "people", "institutions", "affiliations", "events",
          "event_participants", "statements", "evidence", "mentions")


def schemas_dir() -> Path:
    """schemas/ of a checkout, or the copy shipped inside an installed package."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / "schemas", here.parents[1] / "schemas"):
        if (candidate / "sources.json").is_file():
            return candidate
    raise FileNotFoundError("cannot find the schemas/ folder (neither installed nor in a checkout)")


@lru_cache(maxsize=None)
def load(table: str) -> dict:
    if table not in TABLES:
        raise KeyError(f"unknown table {table!r}; tables are: {', '.join(TABLES)}")
    return json.loads((schemas_dir() / f"{table}.json").read_text(encoding="utf-8"))


def fields(table: str) -> list[dict]:
    return load(table)["fields"]


def field_names(table: str) -> list[str]:
    return [f["name"] for f in fields(table)]


def primary_key(table: str) -> list[str]:
    pk = load(table)["primaryKey"]
    return [pk] if isinstance(pk, str) else list(pk)


def foreign_keys(table: str) -> list[tuple[str, str, str]]:
    """(field, referenced table, referenced field) for each foreign key."""
    out = []
    for fk in load(table).get("foreignKeys", []):
        ref = fk["reference"]
        out.append((fk["fields"], ref["resource"] or table, ref["fields"]))
    return out


def enum(table: str, field: str) -> list[str]:
    for f in fields(table):
        if f["name"] == field:
            return list(f.get("constraints", {}).get("enum", []))
    raise KeyError(f"{table}.{field}")


def arrow_schema(table: str):
    """The pyarrow schema of a table, each field carrying its description as metadata."""
    import pyarrow as pa

    types = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_(),
             "date": pa.date32(), "array": pa.list_(pa.string())}
    s = load(table)
    return pa.schema(
        [pa.field(f["name"], types[f["type"]],
                  nullable=not f.get("constraints", {}).get("required", False),
                  metadata={"description": f["description"], "title": f["title"]})
         for f in s["fields"]],
        metadata={"name": table, "description": s["description"]},
    )
