"""Writing datapackage/: datapackage.json, csv/ and parquet/, atomically and deterministically.

The build streams: each table is encoded and written straight into the staging folder of the
swap (westminster_casefile.swap.swap_with), CSV in slices of rows and Parquet one table at a
time, each file hashed as it is written; the descriptor is rendered last from those sizes and
hashes. A table whose rows did not change is copied from the package being replaced
(westminster_casefile.build.reuse says when that gives the same bytes). Nothing is visible until the folder is complete and swapped in with renames, so a failed
or interrupted build leaves the previous package, or the next run restores it. Nothing depends
on the clock or the machine: rows are sorted, options pinned, no timestamps."""
from __future__ import annotations

import contextlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from westminster_casefile import formats, schema, swap


def write(tables: dict, folder: Path, previous: Path | None = None) -> tuple[dict[str, tuple[int, str]], list[str]]:
    """Write every file of the package into the new, empty `folder` (the swap's staging folder):
    the data files one table at a time, then the descriptor and schema files. `tables` maps each
    table to an Arrow table (or row dicts). A table whose files the package in `previous` already
    holds, byte for byte as they would be encoded now (westminster_casefile.build.reuse), is
    copied from it instead. Returns (size, sha256 hex) by relative path, and the tables copied."""
    from westminster_casefile import descriptor
    from westminster_casefile.build import reuse

    digests: dict[str, tuple[int, str]] = {}
    reused = []
    caching = reuse.folder() is not None
    # Parquet is encoded on a second thread while this one makes the CSV: both run in Arrow,
    # which lets go of the GIL. One table at a time, so one Parquet file is held at most.
    with ThreadPoolExecutor(max_workers=1) as parquet_thread:
        for table in schema.TABLES:
            data = formats.arrow_table(table, tables[table])
            rels = (f"csv/{table}.csv", f"parquet/{table}.parquet")
            fp = reuse.fingerprint(table, data) if caching else None
            known = reuse.recall(fp) if fp and previous is not None else None
            if known and _copied(previous, folder, rels, known):
                digests.update((rel, known[rel]) for rel in rels)
                reused.append(table)
                continue
            parquet = parquet_thread.submit(formats.to_parquet, table, data)
            try:
                digests[rels[0]] = swap.write_file(folder, rels[0], formats.csv_chunks(table, data))
            finally:
                encoded = parquet.result()  # also when the CSV failed: the thread is done before we go on
            digests[rels[1]] = swap.write_file(folder, rels[1], (encoded,))
            del encoded
            if fp:
                reuse.remember(fp, {rel: digests[rel] for rel in rels})
    for rel, data in sorted(descriptor.render(tables, digests).items()):
        digests[rel] = swap.write_file(folder, rel, (data,))
    return digests, reused


def _copied(previous: Path, folder: Path, rels, known: dict[str, tuple[int, str]]) -> bool:
    """Copy the files `rels` from `previous` into `folder` if each hashes, as copied, to its
    digest in `known`; otherwise leave none of them in `folder` and return False."""
    from westminster_casefile.build import reuse

    done = []
    try:
        for rel in rels:
            done.append(rel)
            if rel not in known or swap.write_file(folder, rel, reuse.read_chunks(previous / rel)) != known[rel]:
                break
        else:
            return True
    except OSError:
        pass
    for rel in done:
        with contextlib.suppress(OSError):
            os.remove(folder / rel)
    return False


def render(tables: dict) -> dict[str, bytes]:
    """Every file of the package in memory: relative path -> bytes, the same bytes `write`
    writes (for small packages and tests; the build uses `write_atomic`)."""
    from westminster_casefile import descriptor

    files: dict[str, bytes] = {}
    for table in schema.TABLES:
        data = formats.arrow_table(table, tables[table])
        files[f"csv/{table}.csv"] = formats.to_csv(table, data)
        files[f"parquet/{table}.parquet"] = formats.to_parquet(table, data)
    files.update(descriptor.render(tables, {rel: descriptor.digest(data) for rel, data in files.items()}))
    return files


def write_atomic(tables: dict, target: Path) -> tuple[dict[str, tuple[int, str]], list[str]]:
    """Replace `target` with a folder holding exactly the package of `tables`, or leave it as it
    was; returns what `write` returns (the tables it could copy come from the package replaced).

    The caller holds the lock and has checked that `target` may be replaced (see
    westminster_casefile.swap); a run killed mid-swap is finished or rolled back by the next."""
    target = Path(target)
    previous = target if target.is_dir() and not target.is_symlink() else None
    return swap.swap_with(lambda staging: write(tables, staging, previous), target)
