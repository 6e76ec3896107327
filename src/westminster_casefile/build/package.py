"""Writing datapackage/: datapackage.json, csv/ and parquet/, atomically and deterministically.

The build streams: each table is encoded and written straight into the staging folder of the
swap (westminster_casefile.swap.swap_with), CSV in slices of rows and Parquet one table at a
time, each file hashed as it is written; the descriptor is rendered last from those sizes and
hashes. Nothing is visible until the folder is complete and swapped in with renames, so a failed
or interrupted build leaves the previous package, or the next run restores it. Nothing depends
on the clock or the machine: rows are sorted, options pinned, no timestamps."""
from __future__ import annotations

from pathlib import Path

from westminster_casefile import formats, schema, swap


def write(tables: dict, folder: Path) -> dict[str, tuple[int, str]]:
    """Write every file of the package into the new, empty `folder` (the swap's staging folder):
    the data files one table at a time, then the descriptor and schema files. `tables` maps each
    table to an Arrow table (or row dicts). Returns (size, sha256 hex) by relative path."""
    from westminster_casefile import descriptor

    digests: dict[str, tuple[int, str]] = {}
    for table in schema.TABLES:
        data = formats.arrow_table(table, tables[table])
        rel = f"csv/{table}.csv"
        digests[rel] = swap.write_file(folder, rel, formats.csv_chunks(table, data))
        rel = f"parquet/{table}.parquet"
        digests[rel] = swap.write_file(folder, rel, (formats.to_parquet(table, data),))
    for rel, data in sorted(descriptor.render(tables, digests).items()):
        digests[rel] = swap.write_file(folder, rel, (data,))
    return digests


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


def write_atomic(tables: dict, target: Path) -> dict[str, tuple[int, str]]:
    """Replace `target` with a folder holding exactly the package of `tables`, or leave it as it
    was; returns (size, sha256 hex) of each file written.

    The caller holds the lock and has checked that `target` may be replaced (see
    westminster_casefile.swap); a run killed mid-swap is finished or rolled back by the next."""
    return swap.swap_with(lambda staging: write(tables, staging), Path(target))
