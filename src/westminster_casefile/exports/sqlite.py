"""`westminster-casefile export sqlite`: the nine tables as one SQLite database for Datasette,
sqlite3 and every SQL tool, plus a Datasette metadata file.

- Real types: TEXT, INTEGER, booleans as INTEGER 0/1, dates as ISO 8601 TEXT (SQLite has no
  date type; ISO text sorts and compares correctly, and `date()` reads it), lists as JSON TEXT
  (`json_each()` unnests them; Datasette renders them).
- The primary and foreign keys of schemas/ (self-references included), NOT NULL where a field
  is required, an index on every foreign-key column and on the person-or-institution columns.
- Full-text search (FTS5, porter stemming) over `statements.text` and `evidence.quote`.
- `<out>.metadata.json` for `datasette serve <out> --metadata <out>.metadata.json`: title,
  description, licence, source, and each table's and column's description.

Nothing is written half-way: the database is built in a temporary sibling and renamed into
place. An existing file is only replaced when it is an earlier export (it holds the
`_westminster_casefile` table) or with `force`."""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from westminster_casefile import __version__, descriptor, schema

MARKER = "_westminster_casefile"
FTS = {"statements": ["text"], "evidence": ["quote"]}
LABELS = {"people": "name", "institutions": "name", "events": "title", "sources": "publisher"}
SQL_TYPES = {"string": str, "integer": int, "boolean": int, "date": str, "array": str}


class ExportError(Exception):
    """A refusal with a message for the user (e.g. the output is not an earlier export)."""


@dataclass
class Exported:
    database: Path
    metadata: Path
    rows: dict[str, int]


def metadata_path(out: Path) -> Path:
    return out.with_name(out.stem + ".metadata.json")


def _is_earlier_export(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (MARKER,)).fetchone() is not None
        finally:
            con.close()
    except (OSError, sqlite3.Error):
        return False


def _is_earlier_metadata(path: Path) -> bool:
    """True for a Datasette metadata file this export wrote (its title and source URL are ours
    and it lists our marker table); a hand-written config beside the database is not replaced."""
    from westminster_casefile.safety import read_regular

    try:
        meta = json.loads(read_regular(path, limit=16 * 1024 * 1024))
        ours = datasette_metadata("x")
        return (isinstance(meta, dict) and meta.get("source_url") == ours["source_url"]
                and meta.get("title") == ours["title"]
                and any(isinstance(db, dict) and MARKER in (db.get("tables") or {})
                        for db in (meta.get("databases") or {}).values()))
    except (OSError, ValueError, TypeError, AttributeError):
        return False


def _cell(field: dict, value):
    if value is None:
        return None
    if field["type"] == "array":
        return json.dumps(list(value), ensure_ascii=False)
    if field["type"] == "date":
        return value.isoformat()
    if field["type"] == "boolean":
        return int(value)
    return value


def export_sqlite(out: Path, *, force: bool = False, package: Path | None = None,
                  progress: Callable[[str], None] | None = None) -> Exported:
    """Write the SQLite database `out` and its Datasette metadata beside it."""
    from westminster_casefile.fsutil import WriteRefused, check_writable, write_file_atomic
    from westminster_casefile.loader import package_path

    out = Path(out)
    package = Path(package) if package else package_path()
    if out.is_dir() and not out.is_symlink():
        raise ExportError(f"{out} is a folder; --out takes a file name such as westminster-casefile.db")
    # Both files are checked before anything is written: the database and its metadata sibling
    # are each replaced only if they are our own earlier output, or with --force (never a link,
    # FIFO or device, even then).
    try:
        check_writable(out, force or _is_earlier_export)
        check_writable(metadata_path(out), force or _is_earlier_metadata)
    except WriteRefused as exc:
        if exc.filename == str(out) and "overwrite" in exc.strerror:
            raise ExportError(f"{out} exists and is not an earlier export of this package; "
                              "choose another --out, or pass --force to replace it") from None
        raise ExportError(str(exc)) from None
    import pyarrow.parquet as pq
    import sqlite_utils

    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    rows: dict[str, int] = {}
    try:
        db = sqlite_utils.Database(tmp, recreate=True)
        db.conn.execute("PRAGMA foreign_keys = ON")
        for table in schema.TABLES:
            if progress:
                progress(table)
            fields = schema.fields(table)
            declared = descriptor.table_schema(table)
            fks = [(fk["fields"][0], fk["reference"].get("resource", table), fk["reference"]["fields"][0])
                   for fk in declared.get("foreignKeys", [])]
            pk = declared["primaryKey"]
            db[table].create({f["name"]: SQL_TYPES[f["type"]] for f in fields},
                             pk=pk[0] if len(pk) == 1 else tuple(pk),
                             not_null={f["name"] for f in fields if f.get("constraints", {}).get("required")},
                             foreign_keys=fks)
            data = pq.read_table(package / "parquet" / f"{table}.parquet").to_pylist()
            db[table].insert_all(({f["name"]: _cell(f, r[f["name"]]) for f in fields} for r in data),
                                 batch_size=500)
            rows[table] = len(data)
            indexed = {c for c, _, _ in fks} | {c for (t, c) in descriptor.POLYMORPHIC if t == table}
            for column in sorted(indexed):
                db[table].create_index([column], if_not_exists=True)
            for (t, column), which in sorted(descriptor.POLYMORPHIC.items()):
                if t == table:
                    db[table].create_index([which, column], if_not_exists=True)
        for table, columns in FTS.items():
            db[table].enable_fts(columns, fts_version="FTS5", tokenize="porter")
        db[MARKER].insert_all([{"key": "version", "value": __version__},
                               {"key": "package", "value": "westminster-casefile"}], pk="key")
        violations = db.conn.execute("PRAGMA foreign_key_check").fetchall()
        if violations:
            raise ExportError(f"foreign keys broken in the package: {violations[:5]}; validate it first")
        db.conn.commit()
        db.close()
        os.chmod(tmp, 0o666 & ~_umask())
        meta = metadata_path(out)
        write_file_atomic(meta, (json.dumps(datasette_metadata(out.stem), indent=2, ensure_ascii=False) + "\n").encode(),
                          force or _is_earlier_metadata)
        check_writable(out, force or _is_earlier_export)  # again, just before the rename
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Exported(out, meta, rows)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def datasette_metadata(database: str) -> dict:
    """Datasette's metadata: titles, descriptions, licence and source, per table and column."""
    dp = descriptor
    tables = {}
    for table in schema.TABLES:
        s = schema.load(table)
        entry = {"title": s["title"], "description": s["description"],
                 "columns": {f["name"]: f["description"] for f in dp.table_schema(table)["fields"]}}
        if table in LABELS:
            entry["label_column"] = LABELS[table]
        if table in FTS:
            entry["fts_table"] = f"{table}_fts"
        tables[table] = entry
    tables[MARKER] = {"hidden": True}
    licence = dp.LICENSES[0]
    return {
        "title": "Case file: the Westminster China spy case (R v Cash and Berry)",
        "description": ("A structured, source-anchored case file of the dropped prosecution of Christopher Cash "
                        "and Christopher Berry, built from five news articles (September-October 2025). Every "
                        "row cites the exact words of a source; the evidence table holds them."),
        "license": licence["name"], "license_url": licence["path"],
        "source": "Five news articles, September-October 2025 (see the sources table)",
        "source_url": dp.HOMEPAGE,
        "databases": {database: {"tables": tables}},
    }
