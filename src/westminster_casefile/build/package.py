"""Writing datapackage/: datapackage.json, csv/ and parquet/, atomically and deterministically.

Everything is rendered in memory first, written to a sibling temporary folder, and swapped in
with renames (westminster_casefile.swap.swap), so a failed or interrupted build leaves the
previous package, or the next run restores it. Nothing
depends on the clock or the machine: rows are sorted, options pinned, no timestamps."""
from __future__ import annotations

from pathlib import Path

from westminster_casefile import formats, schema, swap


def render(tables: dict[str, list[dict]]) -> dict[str, bytes]:
    """Every file of the package: relative path -> bytes (the data files, then the descriptor
    and schema files that westminster_casefile.descriptor derives from schemas/)."""
    from westminster_casefile import descriptor

    files: dict[str, bytes] = {}
    for table in schema.TABLES:
        files[f"csv/{table}.csv"] = formats.to_csv(table, tables[table])
        files[f"parquet/{table}.parquet"] = formats.to_parquet(table, tables[table])
    files.update(descriptor.render(tables, files))
    return files


def write_atomic(files: dict[str, bytes], target: Path) -> None:
    """Replace `target` with a folder holding exactly `files`, or leave it as it was.

    The caller holds the lock and has checked that `target` may be replaced (see
    westminster_casefile.swap); a run killed mid-swap is finished or rolled back by the next."""
    swap.swap(files, Path(target))
