"""Writing the site folder: all or nothing, and never over someone else's folder.

The pages are first written to a temporary sibling folder, which then takes the place of the
old site by two renames; a failure leaves the old site as it was. A folder is replaced only if
it is empty or holds the marker file this module writes into every site (a local guard: the
project's general one in fsutil.py is being built separately)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".westminster-casefile-site"
MARKER_TEXT = b"written by `westminster-casefile site`; the whole folder is replaced on the next build\n"


class SiteError(Exception):
    """A site cannot be written where asked; the message says why and what to do."""


def check_target(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise SiteError(f"{out} exists and is not a folder; choose another --out")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteError(f"{out} is a non-empty folder that `westminster-casefile site` did not write "
                        f"(no {MARKER} in it); refusing to replace it. Choose an empty or new --out folder")


def write_site(out: Path, files: dict[str, bytes]) -> Path:
    out = Path(out)
    check_target(out)
    parent = out.parent if str(out.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    old = None
    try:
        for rel, data in files.items():
            path = tmp / rel
            if tmp.resolve() not in path.resolve().parents:
                raise SiteError(f"refusing to write {rel!r} outside the site folder")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (tmp / MARKER).write_bytes(MARKER_TEXT)
        os.chmod(tmp, 0o755)  # mkdtemp makes it 0700; a site folder is meant to be read
        check_target(out)  # again: the folder may have changed while we rendered
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=parent))
            os.rmdir(old)
            os.replace(out, old)
        os.replace(tmp, out)
    except BaseException:
        if old is not None and old.exists() and not out.exists():
            os.replace(old, out)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return out
