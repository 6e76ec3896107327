"""Reusing the files of the package being replaced for the tables whose rows did not change,
so that a rebuild after editing one annotation file re-encodes only the tables it changed.

    fp = reuse.fingerprint(table, data)     # the table's exact Arrow contents + the encoders' version
    known = reuse.recall(fp)                # {rel: (size, sha256)} a build recorded for it, or None
    reuse.remember(fp, digests)             # after encoding: what these contents encode to

The package does not say which rows or which encoder made a file, so equal bytes cannot be
inferred from the package alone (a CSV does not tell null from empty text, and another pyarrow
may write other Parquet bytes for the same rows). Instead each build records, in the user's
cache folder, what a table's fingerprint encoded to: its files' sizes and sha256. A later build
whose table has the same fingerprint copies the package's files only if their bytes hash to
exactly those digests (checked while copying); anything else (no entry, a damaged or lying
entry, a package file changed since) is a miss, and the table is encoded as on a fresh build.
So the output is byte for byte what a fresh build writes, as long as encoding is a function of
the fingerprint: the Arrow buffers, the declared schema with its metadata, formats.py's source,
PARQUET_OPTIONS, and the pyarrow and Python versions (a system zstd library replaced under the
same pyarrow is the one input not in it).

Entries live beside the parse cache ($WESTMINSTER_CASEFILE_CACHE_DIR/encoded, else
$XDG_CACHE_HOME/westminster-casefile/encoded, else ~/.cache/westminster-casefile/encoded) and are
off with it (WESTMINSTER_CASEFILE_CACHE=off)."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import sys
from functools import lru_cache
from pathlib import Path

from westminster_casefile.safety import read_regular

CHUNK = 1 << 20


def folder() -> Path | None:
    """Where entries are kept (None when the cache is off)."""
    from westminster_casefile import parsecache

    if not parsecache.enabled():
        return None
    if os.environ.get("WESTMINSTER_CASEFILE_CACHE_DIR"):
        return Path(os.environ["WESTMINSTER_CASEFILE_CACHE_DIR"]) / "encoded"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "westminster-casefile" / "encoded"


@lru_cache(maxsize=1)
def code_version() -> bytes:
    """What decides the bytes of the files, besides the table itself."""
    import pyarrow as pa

    from westminster_casefile import formats

    parts = [pa.__version__, pa.cpp_build_info.git_id, sys.version, repr(sorted(formats.PARQUET_OPTIONS.items())),
             hashlib.sha256(Path(formats.__file__).read_bytes()).hexdigest()]
    return repr(parts).encode()


def fingerprint(table: str, data) -> str:
    """sha256 of everything the encoding of `data` (an Arrow table of the declared schema)
    depends on. Equal fingerprints mean equal buffers, hence equal contents; equal contents
    laid out differently give another fingerprint, which only costs an encoding."""
    digest = hashlib.sha256(code_version())
    digest.update(table.encode() + b"\0")
    digest.update(data.schema.serialize())
    for column in data.columns:
        digest.update(f"column {len(column.chunks)}\0".encode())
        for chunk in column.chunks:
            digest.update(f"{chunk.type}|{len(chunk)}|{chunk.offset}|{chunk.null_count}\0".encode())
            for buf in chunk.buffers():
                if buf is None:
                    digest.update(b"-\0")
                else:
                    digest.update(f"{buf.size}\0".encode())
                    digest.update(buf)
    return digest.hexdigest()


def _entry(fp: str) -> Path | None:
    base = folder()
    return None if base is None else base / fp[:2] / f"{fp}.digests"


def recall(fp: str) -> dict[str, tuple[int, str]] | None:
    """The digests recorded for fingerprint `fp`, or None."""
    entry = _entry(fp)
    if entry is None:
        return None
    try:
        stored = json.loads(read_regular(entry, 1 << 16))
        if stored.get("fingerprint") != fp:
            return None
        return {rel: (int(size), str(sha)) for rel, (size, sha) in stored["files"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def remember(fp: str, digests: dict[str, tuple[int, str]]) -> None:
    """Record what fingerprint `fp` encoded to (written whole under a temporary name, then
    renamed; an unwritable cache folder is no error: the next build encodes again)."""
    entry = _entry(fp)
    if entry is None:
        return
    body = json.dumps({"fingerprint": fp, "files": {rel: list(d) for rel, d in digests.items()}}).encode()
    tmp = entry.parent / f".{entry.name}.{secrets.token_hex(4)}.tmp"
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        os.replace(tmp, entry)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def read_chunks(path: Path):
    """The bytes of a regular file (never through a symbolic link), a megabyte at a time;
    nothing for anything else."""
    import stat

    try:
        # not through a link; O_NONBLOCK: opening a FIFO by that name must not hang the build
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return
        while chunk := fh.read(CHUNK):
            yield chunk
