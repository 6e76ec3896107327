"""What datapackage.json declares, read through a few functions, and compared with schemas/.

Everything the validator needs from the descriptor goes through `resources`, `resource_schema`,
`declared_bytes`, `declared_hash` and `dialect`, so a change of descriptor version (Data Package
v1 -> v2: keys as arrays, schemas by path) is one local change here.

The comparison is semantic: a field's name, type, format and constraints, the primary and
foreign keys, the CSV dialect, the encoding and the licence must be what schemas/ (shipped in the
package as `_data/schemas`) and the build say, because other tools (frictionless, a
spreadsheet, pandas) read the data by what the descriptor declares, not by schemas/."""
from __future__ import annotations

import json

from westminster_casefile import schema
from westminster_casefile.descriptor import declared_constraints
from westminster_casefile.problems import Problem

WHERE = "datapackage.json"
# What the build writes (build/package.py); a reader that follows the descriptor must see these.
CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True, "header": True,
               "headerRows": [1], "skipInitialSpace": False, "commentChar": None, "nullSequence": None}
LICENCE = "CC-BY-4.0"


# -- the accessor layer ------------------------------------------------------------------------
def resources(descriptor: dict) -> list[dict]:
    res = descriptor.get("resources") if isinstance(descriptor, dict) else None
    return [r for r in res if isinstance(r, dict)] if isinstance(res, list) else []


def resource_path(resource: dict):
    """The resource's path (v2 allows a list of paths: they are all returned)."""
    path = resource.get("path")
    return path


def resource_schema(resource: dict, read_json=None) -> dict | None:
    """The resource's Table Schema: inline, or by a path inside the package (v2)."""
    s = resource.get("schema")
    if isinstance(s, str) and read_json is not None:
        s = read_json(s)
    return s if isinstance(s, dict) else None


def declared_bytes(resource: dict):
    return resource.get("bytes", resource.get("casefile:bytes"))


def declared_hash(resource: dict):
    h = resource.get("hash")
    if isinstance(h, str) and ":" not in h:  # v2: a bare hex digest is MD5; we write sha256:...
        return "md5:" + h
    return h


def dialect(resource: dict) -> dict:
    d = resource.get("dialect") or {}
    if not isinstance(d, dict):
        return {"<invalid>": d}
    flat = {k: v for k, v in d.items() if k not in ("csv", "$schema")}
    if isinstance(d.get("csv"), dict):  # frictionless 5 nests CSV options under "csv"
        flat.update(d["csv"])
    return flat


def table_of(resource: dict) -> tuple[str, str] | None:
    """(table, format) for a resource the build writes, else None."""
    path = resource_path(resource)
    if not isinstance(path, str):
        return None
    for fmt in ("csv", "parquet"):
        for table in schema.TABLES:
            if path == f"{fmt}/{table}.{fmt}":
                return table, fmt
    return None


# -- comparison with schemas/ ----------------------------------------------------------------
def _as_list(v):
    return [v] if isinstance(v, str) else list(v) if isinstance(v, (list, tuple)) else v


def _norm_fk(fk: dict, table: str):
    ref = fk.get("reference") or {}
    return (tuple(_as_list(fk.get("fields")) or ()), ref.get("resource") or table, tuple(_as_list(ref.get("fields")) or ()))


def _field_view(f: dict, fmt: str) -> dict:
    view = {"type": f.get("type"), "format": f.get("format", "default"), "constraints": f.get("constraints", {})}
    if fmt == "parquet" and f.get("type") == "any" and f.get("arrowType") == "list<string>":
        view["type"] = "array"  # how the build declares list columns of the Parquet copy
    if f.get("type") == "list" and f.get("itemType", "string") == "string":
        view["type"] = "array"  # Table Schema v2's list of strings
    return view


def compare_schema(table: str, fmt: str, declared: dict | None, where: str) -> list[Problem]:
    """Problems where the declared Table Schema of a resource differs from schemas/<table>.json."""
    if declared is None:
        return [Problem(where, f"datapackage.json declares no schema for {table}", "rebuild", "descriptor-differs")]
    truth = schema.load(table)
    out = []
    fields = declared.get("fields")
    if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
        return [Problem(where, f"datapackage.json: {table}'s schema.fields is not a list of fields", "rebuild", "descriptor-differs")]
    names = [f.get("name") for f in fields]
    if names != schema.field_names(table):
        out.append(Problem(where, f"datapackage.json declares for {table}: the fields {names}, schemas/ says {schema.field_names(table)}",
                           "rebuild: datapackage.json must describe the files as schemas/ does", "descriptor-differs"))
    by_name = {f.get("name"): f for f in fields}
    for f in truth["fields"]:
        got = by_name.get(f["name"])
        if got is None:
            continue
        mine, theirs = _field_view(f, "csv"), _field_view(got, fmt)
        # what the build declares for this field of schemas/ (one rule, in descriptor.py)
        mine["constraints"] = declared_constraints(f)
        for key in ("type", "format", "constraints"):
            if mine[key] != theirs[key]:
                out.append(Problem(where, f"datapackage.json declares for {table}.{f['name']}: {key} {json.dumps(theirs[key])}, "
                                          f"schemas/ says {json.dumps(mine[key])}", "rebuild", "descriptor-differs"))
    if _as_list(declared.get("primaryKey")) != schema.primary_key(table):
        out.append(Problem(where, f"datapackage.json declares for {table}: primaryKey {declared.get('primaryKey')!r}, schemas/ says "
                                  f"{schema.primary_key(table)}", "rebuild", "descriptor-differs"))
    theirs_fk = declared.get("foreignKeys", [])
    theirs_fk = sorted(_norm_fk(fk, table) for fk in theirs_fk if isinstance(fk, dict)) if isinstance(theirs_fk, list) else None
    mine_fk = sorted(_norm_fk(fk, table) for fk in truth.get("foreignKeys", []))
    if theirs_fk != mine_fk:
        out.append(Problem(where, f"datapackage.json declares for {table}: foreignKeys {theirs_fk}, schemas/ says {mine_fk}", "rebuild",
                           "descriptor-differs"))
    for key in ("missingValues",):
        if key in declared and declared[key] != [""]:
            out.append(Problem(where, f"datapackage.json declares for {table}: {key} {declared[key]!r}; the files write a missing value as an "
                                      "empty cell", "rebuild", "descriptor-differs"))
    return out


def compare(descriptor: dict, read_json=None) -> list[Problem]:
    """Every way the descriptor departs from schemas/ and from what the build writes."""
    out: list[Problem] = []
    licences = descriptor.get("licenses")
    names = [lic.get("name") for lic in licences if isinstance(lic, dict)] if isinstance(licences, list) else []
    if names != [LICENCE]:
        out.append(Problem(WHERE, f"declares the licence(s) {names}, the data is published under {LICENCE}",
                           "rebuild", "descriptor-differs"))
    seen = {}
    for res in resources(descriptor):
        which = table_of(res)
        if which is None:
            continue
        table, fmt = which
        where = resource_path(res)  # reported against the file whose reading it misdirects
        if (table, fmt) in seen:
            out.append(Problem(where, f"{resource_path(res)} is described twice", "rebuild", "descriptor-differs"))
            continue
        seen[(table, fmt)] = res
        expected_name = table if fmt == "csv" else f"{table}-parquet"
        if res.get("name") != expected_name:
            out.append(Problem(where, f"resource of {resource_path(res)} is named {res.get('name')!r}, not {expected_name!r}",
                               "rebuild", "descriptor-differs"))
        if res.get("format", fmt) != fmt:
            out.append(Problem(where, f"datapackage.json declares format {res.get('format')!r} for a {fmt} file", "rebuild", "descriptor-differs"))
        if fmt == "csv":
            if res.get("encoding", "utf-8").lower().replace("_", "-") != "utf-8":
                out.append(Problem(where, f"datapackage.json declares encoding {res.get('encoding')!r}; the file is UTF-8", "rebuild",
                                   "descriptor-differs"))
            for key, value in dialect(res).items():
                if key not in CSV_DIALECT or CSV_DIALECT[key] != value:
                    out.append(Problem(where, f"datapackage.json declares for {table}: dialect {key} {json.dumps(value)}, the file is written with "
                                              f"{json.dumps(CSV_DIALECT.get(key))}", "rebuild", "descriptor-differs"))
        out += compare_schema(table, fmt, resource_schema(res, read_json), where)
    return out
