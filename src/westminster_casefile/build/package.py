"""Writing datapackage/: datapackage.json, csv/ and parquet/, atomically and deterministically.

Everything is rendered in memory first, written to a sibling temporary folder, and swapped in
with renames, so a failed or interrupted build leaves the previous package untouched. Nothing
depends on the clock or the machine: rows are sorted, options pinned, no timestamps."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from westminster_casefile import formats, schema


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
    """Replace `target` with a folder holding exactly `files`, or leave it as it was."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        for rel, data in sorted(files.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            os.replace(target, old)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if not target.exists() and old is not None and old.exists():
            os.replace(old, target)
        raise
