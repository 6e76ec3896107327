"""Guards for every file the tool reads and every path it writes: regular files only, paths
that stay inside their folder, one writer at a time, and never a curated file overwritten.

Replacing a whole package folder is westminster_casefile.swap's job."""
from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from pathlib import Path, PurePosixPath

from westminster_casefile.problems import Problem, ProblemsFound

try:  # POSIX; on other systems the lock is a no-op and concurrent runs are the user's to avoid
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

MAX_TEXT_BYTES = 64 * 1024 * 1024  # an article or annotation file larger than this is not one


def refuse(where, message: str, hint: str = "", code: str = "unsafe-path"):
    raise ProblemsFound([Problem(str(where), message, hint, code)])


# --- reading ---------------------------------------------------------------------------------

def read_regular(path: Path, limit: int = MAX_TEXT_BYTES, follow: bool = False) -> bytes:
    """The bytes of a regular file that is not a symlink (unless `follow`: for a file the user
    names on the command line) and not larger than `limit`.

    Raises OSError (with a readable strerror) for anything else: a FIFO would hang a plain
    read, /dev/zero would never end, and a symlink may point anywhere on the machine."""
    flags = os.O_RDONLY | (0 if follow else getattr(os, "O_NOFOLLOW", 0)) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(exc.errno, "is a symbolic link (not followed)", str(path)) from None
        raise
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "is not a regular file", str(path))
        if info.st_size > limit:
            raise OSError(errno.EFBIG, f"is larger than {limit} bytes", str(path))
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew while we read it
        raise OSError(errno.EFBIG, f"is larger than {limit} bytes", str(path))
    return data


def load_json(data: bytes | str):
    """json.loads for files from outside: every way it can fail is a ValueError (a too deeply
    nested document raises RecursionError, an integer of thousands of digits a ValueError that
    is not a JSONDecodeError), so callers catch one exception and report a problem."""
    import json

    try:
        return json.loads(data)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def inside(folder: Path, rel: str) -> Path:
    """folder/rel for a relative path that stays inside folder without following a symlink.

    Raises ValueError naming the reason (absolute, URL, `..`, symlinked component)."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\x00" in rel or "://" in rel:
        raise ValueError(f"{rel!r} is not a relative path inside the package")
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or pure.parts[:1] == ("~",):
        raise ValueError(f"{rel!r} leaves the package folder")
    path = Path(folder)
    for part in pure.parts:
        path = path / part
        if path.is_symlink():
            raise ValueError(f"{rel!r} goes through a symbolic link ({part})")
    return path


def normalise(path: Path) -> Path:
    """`path` absolute, with `..` and every symbolic link before its last part resolved as the
    system would: so that checking and writing see the same folder, and writing `a/b/..`
    never creates `a/b` on the way. The last part is kept as given (a link there is refused
    by the checks, not followed)."""
    path = Path(path)
    if path.name in ("", ".."):
        return Path(os.path.realpath(path))
    return Path(os.path.realpath(path.parent)) / path.name


# --- locking ---------------------------------------------------------------------------------

@contextlib.contextmanager
def locked(folder: Path, what: str = "another westminster-casefile run"):
    """Hold an exclusive lock on `folder` itself (no lock file is left behind)."""
    folder = Path(folder)
    if fcntl is None:  # pragma: no cover
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for {what} writing into {folder} ...", file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def check_outside(path: Path, protected: tuple[Path, ...]) -> None:
    """Raise ProblemsFound when `path` is, or is inside, a protected folder (the curated
    annotations, the articles, the package): no command but build and add-source writes there."""
    path = Path(path)
    real = path.parent.resolve() / path.name
    for folder in protected:
        folder = Path(folder).resolve()
        if folder == real or folder in real.parents:
            refuse(path, f"is inside {folder.name}/, which holds curated or built files; refusing to write there",
                   "write it elsewhere (annotations/ and sources/ are edited by hand or add-source, datapackage/ only by build)")


def project_folders(project: Path) -> tuple[Path, ...]:
    """The folders of a project that hold curated or built files."""
    return tuple(Path(project) / d for d in ("annotations", "sources", "datapackage"))


def check_new_file(path: Path, protected: tuple[Path, ...], force: bool) -> None:
    """Raise ProblemsFound unless `path` may be written: not inside a protected folder (the
    curated annotations, the articles, the package), not a folder, and new unless `force`."""
    path = Path(path)
    check_outside(path, protected)
    if path.is_dir():
        refuse(path, "is a folder; give a file name", "e.g. --out drafts/new-article.yaml")
    if os.path.lexists(path) and (path.is_symlink() or not path.is_file()):
        refuse(path, "exists and is not a regular file (a link, device or FIFO); refusing to replace it",
               "give a new file name")
    if os.path.lexists(path) and not force:
        refuse(path, "exists; refusing to overwrite it", "give a new file name, or --force to replace it", "exists")
