"""datapackage.json as Data Package v2 writes it, derived from schemas/ and nothing else.

- Each table's Table Schema is written once, as `schemas/<table>.json` inside the package, and
  referenced by path from the CSV resource and the Parquet resource alike; only a table with list
  columns gets a second file, `schemas/<table>.parquet.json` (see `table_schema`).
- Keys are arrays (`primaryKey`, `foreignKeys[].fields`, `reference.fields`); a self-reference
  omits `reference.resource`; CSV dialects use the flat v2 form; resources are `"type": "table"`.
- Allowed values with their meanings are v2 `categories` (`value` + `label`), generated from the
  `enumDescriptions` of schemas/, the one place they are written; the data dictionary
  (dictionary.py) renders the same `categories`, so the two cannot disagree.
- `created` is deterministic so that builds stay byte-identical: `SOURCE_DATE_EPOCH` when set
  (the reproducible-builds convention), else the newest article's latest possible publication
  date, which is when the case file's content can have been complete at the earliest."""
from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone

from westminster_casefile import __version__, schema

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
HOMEPAGE = "https://pypi.org/project/westminster-casefile/"
LICENSES = [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
             "path": "https://creativecommons.org/licenses/by/4.0/"}]
CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True, "header": True}

# Columns whose value names a person OR an institution: Table Schema foreign keys point at one
# resource, so these are declared in the field description with the column that says which
# table to look in (checked by `westminster-casefile validate`; a SQL check is in the README).
POLYMORPHIC = {
    ("event_participants", "participant_id"): "participant_type",
    ("mentions", "entity_id"): "entity_table",
    ("evidence", "record_id"): "record_table",
}


def categories(field: dict) -> list[dict] | None:
    """v2 categories of a field: every allowed value, labelled with what it means."""
    described = field.get("enumDescriptions")
    if not described:
        return None
    return [{"value": value, "label": described[value]} for value in field["constraints"]["enum"]]


def declared_constraints(field: dict) -> dict:
    """The constraints datapackage.json declares for a field of schemas/: all of them, except
    `pattern` on an optional field. frictionless' SQL writer (behind datapackage-to-datasette)
    turns `pattern` into a REGEXP check whose Python function fails on NULL, i.e. on every
    empty optional cell. Optional id columns lose nothing (each is a foreign key to a column
    that carries the pattern); `westminster-casefile validate` still checks every pattern."""
    constraints = field.get("constraints", {})
    if "pattern" in constraints and not constraints.get("required"):
        return {k: v for k, v in constraints.items() if k != "pattern"}
    return constraints


def _field(table: str, field: dict, fmt: str) -> dict:
    out = {k: v for k, v in field.items() if k != "enumDescriptions"}
    if "constraints" in field:
        out["constraints"] = declared_constraints(field)
    cats = categories(field)
    if cats:
        out["categories"] = cats
    which = POLYMORPHIC.get((table, field["name"]))
    if which:
        out["description"] = (f"{field['description']} Refers to a row of the table that `{which}` names "
                              "(not expressible as one Table Schema foreign key).")
    if fmt == "parquet" and field["type"] == "array":
        # frictionless 5 reads Parquet lists as numpy arrays, which its `array` type rejects:
        # the Parquet copy declares them `any`, with the real Arrow type stated.
        out.update(type="any", arrowType="list<string>")
    return out


def _has_lists(table: str) -> bool:
    return any(f["type"] == "array" for f in schema.fields(table))


def schema_path(table: str, fmt: str) -> str:
    return f"schemas/{table}.parquet.json" if fmt == "parquet" and _has_lists(table) else f"schemas/{table}.json"


def table_schema(table: str, fmt: str = "csv") -> dict:
    """The v2 Table Schema of one table (for the Parquet copy, list columns typed `any`)."""
    s = schema.load(table)
    out: dict = {"$schema": TABLE_SCHEMA_PROFILE,
                 "fields": [_field(table, f, fmt) for f in s["fields"]],
                 "primaryKey": schema.primary_key(table)}
    fks = []
    for fk in s.get("foreignKeys", []):
        ref = fk["reference"]
        reference = {"fields": _as_list(ref["fields"])}
        if ref.get("resource") and ref["resource"] != table:  # a self-reference omits `resource`
            reference = {"resource": ref["resource"], **reference}
        fks.append({"fields": _as_list(fk["fields"]), "reference": reference})
    if fks:
        out["foreignKeys"] = fks
    return out


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def created(tables: dict) -> str:
    """`tables["sources"]` is row dicts or an Arrow table (the build's)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        when = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    else:
        sources = tables.get("sources", [])
        if hasattr(sources, "column"):  # Arrow: the two columns, not every row
            days = [e or s for e, s in zip(sources.column("published_end").to_pylist(),
                                           sources.column("published_start").to_pylist())]
        else:
            days = [r.get("published_end") or r.get("published_start") for r in sources]
        days = [d for d in days if d]
        latest = max(days) if days else datetime(1970, 1, 1).date()
        when = datetime(latest.year, latest.month, latest.day, tzinfo=timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def digest(data: bytes) -> tuple[int, str]:
    """(size, sha256 hex) of a file's bytes, as `render` takes them."""
    return len(data), hashlib.sha256(data).hexdigest()


def render(tables: dict, digests: dict[str, tuple[int, str]]) -> dict[str, bytes]:
    """datapackage.json and the schema files, given each data file's (size, sha256 hex) by
    relative path: the files themselves need not be in memory (the build streams them)."""
    files: dict[str, bytes] = {}
    resources = []
    for table in schema.TABLES:
        s = schema.load(table)
        for fmt in ("csv", "parquet"):
            path = f"{fmt}/{table}.{fmt}"
            size, sha256 = digests[path]
            spath = schema_path(table, fmt)
            files.setdefault(spath, _json(table_schema(table, fmt)))
            resource = {
                "name": table if fmt == "csv" else f"{table}-parquet",
                "type": "table",
                "title": s["title"] + ("" if fmt == "csv" else " (Parquet)"),
                "description": s["description"],
                "path": path, "format": fmt,
            }
            digest = "sha256:" + sha256
            if fmt == "csv":
                resource.update(mediatype="text/csv", encoding="utf-8", bytes=size, hash=digest,
                                dialect=dict(CSV_DIALECT), schema=spath)
            else:
                # frictionless 5 reads Parquet through pandas without counting bytes, so a
                # standard `bytes` fails its byte-count check: the size is `casefile:bytes`
                # (checked by `westminster-casefile validate`).
                resource.update(mediatype="application/vnd.apache.parquet", hash=digest,
                                **{"casefile:bytes": size}, schema=spath)
            resources.append(resource)
    descriptor = {
        "$schema": PROFILE,
        "name": "westminster-casefile",
        "id": f"{HOMEPAGE}{__version__}/",
        "title": "Case file: the Westminster China spy case (R v Cash and Berry)",
        "description": ("A structured, source-anchored case file of the dropped prosecution of Christopher Cash "
                        "and Christopher Berry, built from news articles: people, institutions, affiliations, "
                        "events, statements, the evidence spans that support every row, and derived name "
                        "mentions. Each table is published as CSV and as Parquet with the same rows."),
        "homepage": HOMEPAGE,
        "version": __version__,
        "created": created(tables),
        "licenses": LICENSES,
        "keywords": ["espionage", "official secrets act", "china", "uk parliament", "case file"],
        "sources": [{"title": "Five news articles, September-October 2025; see the sources table "
                              "(the articles' text is not redistributed)"}],
        "contributors": [{"title": "westminster-casefile maintainers", "roles": ["creator"]}],
        "resources": resources,
    }
    files["datapackage.json"] = _json(descriptor)
    return files


def _json(obj) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode()
