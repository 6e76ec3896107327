"""Writing files so that a reader never sees half of one, and never over something that is
not ours: write a temporary sibling, then put it in place.

This is the one way the tool writes a single file (exports, draft, add-source, release, the
Datasette metadata): every such write goes through `write_file_atomic`, which never replaces
a link, FIFO, device or folder, and replaces an existing regular file only when the caller
says it may (the user's --force, or a check that the file is the tool's own earlier output)."""
from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path
from typing import Callable, Union


class WriteRefused(OSError):
    """The target exists and may not be replaced; str() says why and what to do."""

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


Overwrite = Union[bool, Callable[[Path], bool]]


def check_writable(path: Path, overwrite: Overwrite = False) -> bool:
    """Raise WriteRefused unless `path` may be written; True when it exists (and may be replaced).

    `overwrite` is True (any regular file may be replaced), False (only a new file), or a
    function saying whether an existing regular file is the tool's own earlier output."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(info.st_mode):
        raise WriteRefused(errno.EISDIR, "is a folder; give a file name", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused(errno.EEXIST, "exists and is not a regular file (a link, device or FIFO); "
                           "refusing to replace it: give a new file name", str(path))
    if overwrite is True or (callable(overwrite) and overwrite(path)):
        return True
    raise WriteRefused(errno.EEXIST, "exists; refusing to overwrite it: give a new file name, "
                       "or --force to replace it", str(path))


def write_file_atomic(path: Path, data: bytes, overwrite: Overwrite = False) -> None:
    """Write `data` to `path` whole, or leave everything as it was if anything fails.

    A new file is put in place with a hard link, which fails if something appeared at `path`
    meanwhile (no race can make us replace it); an existing regular file is replaced by a
    rename only if `overwrite` allows it (see check_writable). The file gets the mode the
    umask gives a new file (mkstemp's would be 0600)."""
    path = Path(path)
    exists = check_writable(path, overwrite)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if not exists:
            try:
                os.link(tmp, path)  # fails with EEXIST if anything is there now
            except FileExistsError:
                raise WriteRefused(errno.EEXIST, "appeared while we wrote; refusing to overwrite it",
                                   str(path)) from None
            except OSError as exc:  # a file system without hard links: check again, then rename
                if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                    raise
                check_writable(path, False)
                os.replace(tmp, path)
            else:
                tmp.unlink()
        else:
            check_writable(path, overwrite)  # again: it may have been swapped for a FIFO or link
            os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
