"""Reading the files of a package (a folder or a release zip) that may be hostile.

Every read is bounded before it starts: a file's size is checked against what the caller expects
(the size datapackage.json declares) before a byte is read, and reading stops one byte past it.
Only regular files inside the package are read: symlinks (at any level), FIFOs, devices and paths
that leave the package (`..`, absolute paths, URLs) are refused with a Problem, never followed.
A zip is inspected from its central directory first: entries that escape (`../`, absolute),
symlink entries, duplicate names, and members that expand beyond a bound make it invalid before
anything is decompressed."""
from __future__ import annotations

import hashlib
import os
import stat
import zipfile
from pathlib import Path, PurePosixPath

from westminster_casefile.problems import Problem

# datapackage.json itself has no declared size: no honest descriptor comes near this.
DESCRIPTOR_LIMIT = 16 * 2**20
# A release zip may not expand to more than this in total, nor any member more than
# MAX_RATIO times its compressed size (CSV deflates ~5-20x; a zip bomb, thousands of times).
ZIP_TOTAL_LIMIT = 8 * 2**30
ZIP_MAX_RATIO = 200
CHUNK = 2**20


class Refused(Exception):
    """A path or file the validator will not read; carries the Problem to report."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def safe_relative(rel: str) -> PurePosixPath | None:
    """`rel` as a path inside the package, or None if it is a URL, absolute or climbs out."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\0" in rel or "://" in rel or rel.startswith("/"):
        return None
    p = PurePosixPath(rel)
    if any(part in ("..", "") for part in p.parts) or p.parts[0].endswith(":"):
        return None
    return p


class Read:
    """The bytes of one file and their sha256, computed while reading."""

    def __init__(self, data: bytes, sha256: str):
        self.data = data
        self.sha256 = sha256


def _bounded(stream, limit: int, where: str, keep: bool = True) -> Read:
    h = hashlib.sha256()
    chunks = []
    got = 0
    while True:
        chunk = stream.read(min(CHUNK, limit + 1 - got))
        if not chunk:
            break
        got += len(chunk)
        if got > limit:
            raise Refused(Problem(where, f"holds more than the {limit} bytes expected", "the file was changed after the build: "
                                  "rebuild or restore it", "tampered"))
        h.update(chunk)
        if keep:
            chunks.append(chunk)
    return Read(b"".join(chunks), h.hexdigest())


class PackageFiles:
    """Bounded, no-follow read access to the files of a package folder or release zip."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.zip: zipfile.ZipFile | None = None
        self.prefix = ""
        self.members: dict[str, zipfile.ZipInfo] = {}
        try:
            st = os.stat(self.path)
        except OSError as exc:
            raise Refused(Problem(str(self.path), f"cannot be read: {exc.strerror or exc}",
                                  "pass the package folder, its datapackage.json, or a release zip", "missing-file")) from None
        if stat.S_ISDIR(st.st_mode):
            return
        if not stat.S_ISREG(st.st_mode):
            raise Refused(Problem(str(self.path), "is not a regular file or folder (a FIFO, device or socket)",
                                  "pass the package folder, its datapackage.json, or a release zip", "special-file"))
        if self.path.name == "datapackage.json":
            self.path = self.path.parent
            return
        self._open_zip()

    # -- zip ----------------------------------------------------------------------------------
    def _open_zip(self) -> None:
        where = str(self.path)
        try:
            zf = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
            raise Refused(Problem(where, f"is neither a package folder nor a readable zip: {exc}",
                                  "pass the package folder, its datapackage.json, or a release zip", "bad-zip")) from None
        problems = []
        total = 0
        for info in zf.infolist():
            name = info.filename
            mode = info.external_attr >> 16
            if safe_relative(name.rstrip("/") if info.is_dir() else name) is None:
                problems.append(Problem(where, f"entry {name!r} points outside the package (absolute or `..`)",
                                        "a release zip holds relative paths only", "zip-unsafe"))
            if stat.S_ISLNK(mode):
                problems.append(Problem(where, f"entry {name!r} is a symlink", "a release zip holds regular files only", "zip-unsafe"))
            if info.flag_bits & 0x1:
                problems.append(Problem(where, f"entry {name!r} is encrypted", "a release zip is not encrypted", "bad-zip"))
            if name in self.members:
                problems.append(Problem(where, f"entry {name!r} appears twice", "", "zip-unsafe"))
            total += info.file_size
            if info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1) and info.file_size > CHUNK:
                problems.append(Problem(where, f"entry {name!r} expands {info.file_size // max(info.compress_size, 1)}x "
                                        f"(to {info.file_size} bytes)", "a zip bomb, not a release", "zip-bomb"))
            self.members[name] = info
        if total > ZIP_TOTAL_LIMIT:
            problems.append(Problem(where, f"expands to {total} bytes, more than the {ZIP_TOTAL_LIMIT} allowed", "", "zip-bomb"))
        if problems:
            zf.close()
            raise RefusedMany(problems)
        names = [n for n in self.members if n == "datapackage.json" or n.endswith("/datapackage.json")]
        self.prefix = min(names, key=len)[: -len("datapackage.json")] if names else ""
        self.zip = zf

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()

    # -- reading ------------------------------------------------------------------------------
    def size(self, rel: str) -> int:
        """The size of a file, checking it may be read (raises Refused otherwise)."""
        if self.zip is not None:
            return self._member(rel).file_size
        fd = self._open(rel)
        try:
            return os.fstat(fd).st_size
        finally:
            os.close(fd)

    def read(self, rel: str, limit: int, keep: bool = True) -> Read:
        """The bytes of `rel` (unless not `keep`: then only the hash), refused if larger than
        `limit`, hashed as they are read."""
        if self.zip is not None:
            info = self._member(rel)
            if info.file_size > limit:
                raise Refused(Problem(rel, f"is {info.file_size} bytes, more than the {limit} expected",
                                      "the file was changed after the build: rebuild or restore it", "tampered"))
            try:
                with self.zip.open(info) as stream:
                    return _bounded(stream, limit, rel, keep)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
                raise Refused(Problem(rel, f"cannot be read from the zip: {exc}", "rebuild the release", "bad-zip")) from None
        fd = self._open(rel)
        try:
            size = os.fstat(fd).st_size
            if size > limit:
                raise Refused(Problem(rel, f"is {size} bytes, more than the {limit} expected",
                                      "the file was changed after the build: rebuild or restore it", "tampered"))
            with os.fdopen(os.dup(fd), "rb", buffering=0) as stream:
                return _bounded(stream, limit, rel, keep)
        except OSError as exc:
            raise Refused(Problem(rel, f"cannot be read: {exc.strerror or exc}", "", "unreadable")) from None
        finally:
            os.close(fd)

    def _member(self, rel: str) -> zipfile.ZipInfo:
        if safe_relative(rel) is None:
            raise Refused(_outside(rel))
        info = self.members.get(self.prefix + rel)
        if info is None or info.is_dir():
            raise Refused(Problem(rel, "missing", "rebuild with `westminster-casefile build`", "missing-file"))
        return info

    def _open(self, rel: str) -> int:
        """A file descriptor of a regular file inside the folder, opened without following
        any symlink on the way (O_NOFOLLOW at every level) and without blocking on a FIFO."""
        p = safe_relative(rel)
        if p is None:
            raise Refused(_outside(rel))
        nofollow = getattr(os, "O_NOFOLLOW", 0)
        try:
            dir_fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError as exc:
            raise Refused(Problem(str(self.path), f"cannot be read: {exc.strerror or exc}", "", "unreadable")) from None
        try:
            for part in p.parts[:-1]:
                try:
                    st = os.lstat(part, dir_fd=dir_fd)
                except FileNotFoundError:
                    raise Refused(_missing(rel)) from None
                if stat.S_ISLNK(st.st_mode):
                    raise Refused(_symlink(rel))
                nxt = os.open(part, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | nofollow, dir_fd=dir_fd)
                os.close(dir_fd)
                dir_fd = nxt
            try:
                st = os.lstat(p.parts[-1], dir_fd=dir_fd)
            except FileNotFoundError:
                raise Refused(_missing(rel)) from None
            if stat.S_ISLNK(st.st_mode):
                raise Refused(_symlink(rel))
            if not stat.S_ISREG(st.st_mode):
                raise Refused(Problem(rel, "is not a regular file (a FIFO, device, socket or folder)",
                                      "a package holds regular files only", "special-file"))
            fd = os.open(p.parts[-1], os.O_RDONLY | nofollow | getattr(os, "O_NONBLOCK", 0), dir_fd=dir_fd)
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between lstat and open
                os.close(fd)
                raise Refused(Problem(rel, "is not a regular file", "", "special-file"))
            return fd
        except OSError as exc:
            if getattr(exc, "errno", None) == 40:  # ELOOP: a symlink swapped in
                raise Refused(_symlink(rel)) from None
            raise Refused(Problem(rel, f"cannot be read: {exc.strerror or exc}", "", "unreadable")) from None
        finally:
            os.close(dir_fd)


class RefusedMany(Refused):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(problems[0])


def _outside(rel) -> Problem:
    return Problem("datapackage.json", f"resource path {rel!r} is not a file inside the package (URL, absolute or `..`)",
                   "a package's resources are relative paths to files it holds", "path-outside")


def _missing(rel: str) -> Problem:
    return Problem(rel, "missing", "rebuild with `westminster-casefile build`", "missing-file")


def _symlink(rel: str) -> Problem:
    return Problem(rel, "is a symlink; the validator reads only regular files inside the package",
                   "replace it with the file itself", "symlink")
