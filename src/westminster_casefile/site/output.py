"""Writing the site folder: all or nothing, and never over someone else's folder.

The pages are first written to a temporary sibling folder, which then takes the place of the
old site by two renames; a failure leaves the old site as it was. A folder is replaced only if
it is empty, or holds the marker file this module writes into every site AND nothing but the
files that marker lists (so a GitHub Pages checkout with .git/ or CNAME, or notes a person
added, is refused with the extras named, never deleted)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".westminster-casefile-site"
MARKER_TEXT = b"written by `westminster-casefile site`; the whole folder is replaced on the next build\n"


class SiteError(Exception):
    """A site cannot be written where asked; the message says why and what to do."""


def _listed(out: Path) -> set[str] | None:
    """The files the marker says we wrote (None when there is no readable marker)."""
    from westminster_casefile.safety import read_regular

    try:
        text = read_regular(out / MARKER, limit=4 * 1024 * 1024).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return {line[2:] for line in text.splitlines() if line.startswith("- ")} | {MARKER}


def _extras(out: Path, listed: set[str]) -> list[str]:
    """Entries under `out` that are not files we listed (links and special files count as extras)."""
    extras = []
    for dirpath, dirnames, filenames in os.walk(out):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(out).as_posix()
            if path.is_symlink() or (name in filenames and (rel not in listed or not path.is_file())):
                extras.append(rel)
            elif name in dirnames and not any(f.startswith(rel + "/") for f in listed):
                extras.append(rel + "/")
        dirnames[:] = [d for d in dirnames if not (Path(dirpath) / d).is_symlink()
                       and (Path(dirpath) / d).relative_to(out).as_posix() + "/" not in extras]
    return sorted(extras)


def check_target(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise SiteError(f"{out} exists and is not a folder; choose another --out")
    if not out.is_dir() or not any(out.iterdir()):
        return
    listed = _listed(out)
    if listed is None:
        raise SiteError(f"{out} is a non-empty folder that `westminster-casefile site` did not write "
                        f"(no {MARKER} in it); refusing to replace it. Choose an empty or new --out folder")
    extras = _extras(out, listed)
    if extras:
        shown = ", ".join(extras[:5]) + (f" and {len(extras) - 5} more" if len(extras) > 5 else "")
        raise SiteError(f"{out} holds files the site did not write ({shown}); refusing to replace it, "
                        "as that would delete them. Move them away, or choose another --out folder")


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
        (tmp / MARKER).write_bytes(MARKER_TEXT + "".join(f"- {rel}\n" for rel in sorted(files)).encode("utf-8"))
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o777 & ~mask)  # mkdtemp makes it 0700; honour the umask as the files inside do
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
