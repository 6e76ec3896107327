"""Writing files so that a reader never sees half of one: write a temporary sibling, then rename."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_file_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, or leave it as it was if anything fails.

    The file gets the mode the umask gives a new file (mkstemp's would be 0600); a symlink at
    `path` is replaced by the file, never written through."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
