"""Writing datapackage/: datapackage.json, csv/ and parquet/, atomically and deterministically.

Everything is rendered in memory first, written to a sibling temporary folder, and swapped in
with renames (westminster_casefile.swap.swap), so a failed or interrupted build leaves the
previous package, or the next run restores it. Nothing
depends on the clock or the machine: rows are sorted, options pinned, no timestamps."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from westminster_casefile import __version__, formats, schema, swap

LICENSES = [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
             "path": "https://creativecommons.org/licenses/by/4.0/"}]


def render(tables: dict[str, list[dict]]) -> dict[str, bytes]:
    """Every file of the package: relative path -> bytes."""
    files: dict[str, bytes] = {}
    resources = []
    for table in schema.TABLES:
        s = schema.load(table)
        table_schema = {k: v for k, v in s.items() if k not in ("name", "title", "description")}
        for fmt, encode in (("csv", formats.to_csv), ("parquet", formats.to_parquet)):
            path = f"{fmt}/{table}.{fmt}"
            data = encode(table, tables[table])
            files[path] = data
            digest = "sha256:" + hashlib.sha256(data).hexdigest()
            resource = {
                "name": table if fmt == "csv" else f"{table}-parquet",
                "title": s["title"] + ("" if fmt == "csv" else " (Parquet)"),
                "description": s["description"],
                "path": path, "format": fmt,
            }
            if fmt == "csv":
                resource.update(mediatype="text/csv", encoding="utf-8", bytes=len(data), hash=digest,
                                dialect={"csv": {"delimiter": ",", "lineTerminator": "\n"}}, schema=table_schema)
            else:
                # frictionless (5.x) reads Parquet through pandas without counting bytes, so a
                # standard `bytes` fails its byte-count check, and list cells arrive as numpy
                # arrays its `array` type rejects. The size goes in `casefile:bytes` (checked by
                # `westminster-casefile validate`) and list fields are `any` with their Arrow type stated.
                resource.update(mediatype="application/vnd.apache.parquet", hash=digest,
                                **{"casefile:bytes": len(data)}, schema=_parquet_schema(table_schema))
            resources.append(resource)
    descriptor = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "westminster-casefile",
        "title": "Case file: the Westminster China spy case (R v Cash and Berry)",
        "description": ("A structured, source-anchored case file of the dropped prosecution of Christopher Cash "
                        "and Christopher Berry, built from news articles: people, institutions, affiliations, "
                        "events, statements, the evidence spans that support every row, and derived name "
                        "mentions. Each table is published as CSV and as Parquet with the same schema."),
        "version": __version__,
        "licenses": LICENSES,
        "keywords": ["espionage", "official secrets act", "china", "uk parliament", "case file"],
        "sources": [{"title": "Five news articles, September-October 2025; see the sources table "
                              "(the articles' text is not redistributed)"}],
        "contributors": [{"title": "westminster-casefile maintainers", "roles": ["creator"]}],
        "resources": resources,
    }
    files["datapackage.json"] = (json.dumps(descriptor, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()
    return files


def _parquet_schema(table_schema: dict) -> dict:
    fields = []
    for field in table_schema["fields"]:
        if field["type"] == "array":
            field = {**field, "type": "any", "arrowType": "list<string>"}
        fields.append(field)
    return {**table_schema, "fields": fields}


def write_atomic(files: dict[str, bytes], target: Path) -> None:
    """Replace `target` with a folder holding exactly `files`, or leave it as it was.

    The caller holds the lock and has checked that `target` may be replaced (see
    westminster_casefile.swap); a run killed mid-swap is finished or rolled back by the next."""
    swap.swap(files, Path(target))
