"""Replacing a package folder: what may be replaced, the swap itself, and its recovery.

    with safety.locked(target.parent):   # one writer at a time (other processes wait)
        swap.recover(target)             # finish or roll back a swap an earlier run left half-done
        swap.check_replaceable(target)   # refuse to replace anything but a package this tool wrote
        swap.swap(files, target)         # or swap.swap_with(fill, target): fill writes the files

The new folder is written under a temporary name, renamed to `.NAME.ready` once complete, then
the old folder is renamed to `.NAME.old` and the ready one to NAME. A run killed between those
renames leaves names from which `recover` knows, without guessing, whether to finish the swap
or roll it back. `shrink_problems` keeps a build from silently emptying the package."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
from pathlib import Path, PurePosixPath

from westminster_casefile.problems import Problem
from westminster_casefile.safety import inside, load_json, read_regular, refuse

PACKAGE_NAME = "westminster-casefile"


def _names(target: Path) -> tuple[Path, Path, str]:
    return (target.parent / f".{target.name}.ready", target.parent / f".{target.name}.old",
            f".{target.name}.tmp-")


STAGING_MARKER = ".westminster-casefile-staging"  # first file of a staging folder, removed before it is renamed


def _real_dir(path: Path) -> bool:  # a link by one of our names is not ours to move or delete
    return path.is_dir() and not path.is_symlink()


def _own_package(path: Path) -> bool:
    """`path` is a whole package folder this tool wrote (the test check_replaceable applies):
    a name alone proves nothing, since a person may have a folder called `.datapackage.old`."""
    from westminster_casefile.problems import ProblemsFound

    if not _real_dir(path) or package_files(path) is None:
        return False
    try:
        check_replaceable(path)
    except ProblemsFound:
        return False
    return True


def _own_staging(path: Path) -> bool:
    """`path` is an unfinished staging folder of ours: it holds our marker file."""
    return _real_dir(path) and (path / STAGING_MARKER).is_file() and not (path / STAGING_MARKER).is_symlink()


def recover(target: Path) -> str | None:
    """Finish or roll back a swap of `target` that an earlier run left half-done (call it
    under `locked(target.parent)`). Returns what was done, or None when nothing was needed.

    Only folders proven ours are moved or deleted: `.NAME.ready` / `.NAME.old` must be whole
    packages this tool wrote, `.NAME.tmp-*` must hold the staging marker. Anything else by
    those names is refused (ready/old: they are in the swap's way) or left alone (tmp-*)."""
    ready, old, tmp_prefix = _names(target)
    for name in (ready, old):
        if os.path.lexists(name) and not _own_package(name):
            refuse(name, "is in the way of the package swap and is not a folder this tool made (a whole package it wrote); "
                   "refusing to move or delete it", "move it away (or rename it), then build again", "not-a-package")
    done = None
    for leftover in target.parent.glob(f"{tmp_prefix}*"):  # never complete: discard
        if _own_staging(leftover):
            shutil.rmtree(leftover, ignore_errors=True)
            done = done or "discarded an unfinished staging folder"
    present = os.path.lexists(target)
    if not present and _own_package(ready):  # killed after the old package was moved aside
        os.replace(ready, target)
        done = "finished an interrupted swap (installed the new package)"
    elif not present and _own_package(old):  # killed before the new one was complete
        os.replace(old, target)
        done = "rolled back an interrupted swap (restored the previous package)"
    if _own_package(ready):  # killed before the old package was moved aside: the old one stays
        shutil.rmtree(ready, ignore_errors=True)
        done = done or "rolled back an interrupted swap (kept the previous package)"
    if _own_package(old) and os.path.lexists(target):
        shutil.rmtree(old, ignore_errors=True)
        done = done or "removed the previous package an interrupted swap left behind"
    return done


def package_files(folder: Path) -> set[str] | None:
    """The relative paths a package folder written by this tool holds, read from its own
    descriptor; None when `folder` holds no such descriptor."""
    try:
        descriptor = load_json(read_regular(folder / "datapackage.json", 16 * 1024 * 1024))
    except (OSError, ValueError):
        return None
    if not isinstance(descriptor, dict) or descriptor.get("name") != PACKAGE_NAME \
            or not isinstance(descriptor.get("resources"), list):
        return None
    files = {"datapackage.json"}
    for resource in descriptor["resources"]:
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            return None
        # the data file and, in Data Package v2, the schema file named by path
        paths = [resource["path"]] + ([resource["schema"]] if isinstance(resource.get("schema"), str) else [])
        for path in paths:
            try:
                inside(folder, path)
            except ValueError:
                return None
            files.add(PurePosixPath(path).as_posix())
    return files


def check_replaceable(target: Path, protected: tuple[Path, ...] = ()) -> None:
    """Raise ProblemsFound unless `target` is absent, an empty folder, or a package folder this
    tool wrote (its descriptor, the files it lists and nothing else; no symbolic links)."""
    hint = "give --out a new or empty folder, or the package folder an earlier build wrote"
    if Path(target).is_symlink():
        refuse(target, "is a symbolic link; the build does not replace what a link points to", hint)
    real = Path(target).resolve()
    for path in protected:
        path = Path(path).resolve()
        if real == path or real in path.parents:
            refuse(target, f"would replace {path.name}/ of the project; refusing", hint)
        if path in real.parents:
            refuse(target, f"is inside {path.name}/ of the project, which is not the build's to write", hint)
    if not os.path.lexists(target):
        return
    if not target.is_dir():
        refuse(target, "is a file, not a package folder; refusing to replace it", hint)
    entries = list(target.rglob("*"))
    if not entries:
        return
    expected = package_files(target)
    if expected is None:
        refuse(target, "is not empty and holds no westminster-casefile datapackage.json; refusing to replace it",
               hint, "not-a-package")
    dirs = {PurePosixPath(p).parent.as_posix() for p in expected} | {
        parent.as_posix() for p in expected for parent in PurePosixPath(p).parents}
    extra = []
    for path in entries:
        rel = path.relative_to(target).as_posix()
        if path.is_symlink() or (path.is_dir() and rel not in dirs) or (not path.is_dir() and rel not in expected):
            extra.append(rel)
    if extra:
        shown = ", ".join(sorted(extra)[:5]) + (" ..." if len(extra) > 5 else "")
        refuse(target, f"holds files the package does not list ({shown}); refusing to replace it",
               "move them elsewhere, or build into another folder", "not-a-package")


def write_tree(files: dict[str, bytes], staging: Path) -> None:
    """Write files (relative path -> bytes) into the new folder `staging`, durably, with the
    modes the umask gives (not mkdtemp's 0700)."""
    make_staging(staging)
    for rel, data in sorted(files.items()):
        write_file(staging, rel, (data,))


def make_staging(staging: Path) -> None:
    os.mkdir(staging, 0o777)
    with open(staging / STAGING_MARKER, "xb"):  # proves to `recover` that this folder is ours
        pass


def write_file(staging: Path, rel: str, chunks) -> tuple[int, str]:
    """Write the byte chunks of one new file into `staging`, durably; return its (size, sha256
    hex), hashed as written, so that no file is ever held whole to describe it."""
    import hashlib

    path = inside(staging, rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with open(path, "xb") as fh:
        for chunk in chunks:
            fh.write(chunk)
            digest.update(chunk)
            size += len(chunk)
        fh.flush()
        os.fsync(fh.fileno())
    return size, digest.hexdigest()


def _pause(step: str) -> None:
    # Test hook: lets a test kill a real build process at a named step of the swap.
    if os.environ.get("WESTMINSTER_CASEFILE_PAUSE_AT") == step:
        print(f"paused at {step}", file=sys.stderr, flush=True)
        import time

        time.sleep(float(os.environ.get("WESTMINSTER_CASEFILE_PAUSE_SECONDS", "60")))


def swap(files: dict[str, bytes], target: Path) -> None:
    """Replace the folder `target` with one holding exactly `files` (call under the lock, after
    `recover` and `check_replaceable`). Interrupted anywhere, `recover` restores a whole package."""
    swap_with(lambda staging: [write_file(staging, rel, (data,)) for rel, data in sorted(files.items())], target)


def swap_with(fill, target: Path):
    """`swap`, the new folder's files written by `fill(staging)` (with `write_file`, one at a
    time) into a staging folder that nothing reads until it is complete; returns what `fill`
    returns. A failure or interruption inside `fill` removes the staging folder; a run killed
    there leaves one that `recover` discards."""
    ready, old, tmp_prefix = _names(target)
    staging = target.parent / f"{tmp_prefix}{secrets.token_hex(4)}"
    try:
        make_staging(staging)
        result = fill(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.remove(staging / STAGING_MARKER)
    os.replace(staging, ready)
    _pause("ready")
    if os.path.lexists(target):
        os.replace(target, old)
    _pause("moved-aside")
    os.replace(ready, target)
    shutil.rmtree(old, ignore_errors=True)
    return result


def previous_counts(target: Path) -> dict[str, int]:
    """Rows per table of the package now in `target` (from its Parquet files' footers, else by
    reading its CSV files); empty when there is none or it cannot be read."""
    import csv
    import io

    counts: dict[str, int] = {}
    for rel in sorted(package_files(target) or ()):
        if rel.startswith("parquet/") and rel.endswith(".parquet"):
            rows = _parquet_rows(target / rel)
            if rows is not None:
                counts[rel[8:-8]] = rows
    for rel in sorted(package_files(target) or ()):
        if rel.startswith("csv/") and rel.endswith(".csv") and rel[4:-4] not in counts:
            try:
                text = read_regular(target / rel).decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            counts[rel[4:-4]] = max(0, sum(1 for _ in csv.reader(io.StringIO(text))) - 1)
    return counts


def _parquet_rows(path: Path) -> int | None:
    """The row count a Parquet file's footer records (the footer only is read), or None."""
    import stat

    try:
        # not through a link; O_NONBLOCK: opening a FIFO by that name must not hang the build
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        try:
            import pyarrow.parquet as pq

            return pq.ParquetFile(fh).metadata.num_rows
        except Exception:  # noqa: BLE001 - a damaged file: its CSV is counted instead
            return None


def shrink_problems(before: dict[str, int], after: dict[str, int], where: str) -> list[Problem]:
    """Why replacing a package of `before` rows per table by one of `after` loses too much:
    a table that had rows and has none, or more than half of all rows gone."""
    hint = "if the curated data really shrank, build again with --allow-shrink"
    problems = [Problem(where, f"the build would empty table {table} ({n} rows now)", hint, "shrink")
                for table, n in sorted(before.items()) if n and not after.get(table)]
    old, new = sum(before.values()), sum(after.get(t, 0) for t in before)
    if not problems and old and new * 2 < old:
        problems.append(Problem(where, f"the build would drop {old - new} of the package's {old} rows",
                                hint, "shrink"))
    return problems
