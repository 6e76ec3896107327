"""A cache of parsed YAML files, keyed by their content, so that a rebuild after editing one
annotation file parses that file only.

    doc = parsecache.load(path, cache_dir)   # same result and errors as yamlio.load(path)

An entry is the parsed tree as JSON, named by the sha256 of the file's bytes and of the parser's
version (PyYAML's, libyaml's and yamlio's own source): another file content or another parser
is another name, so an entry is never stale, and one cache serves every checkout of the project.
It lives in the user's cache folder (`folder()`: $WESTMINSTER_CASEFILE_CACHE_DIR, else
$XDG_CACHE_HOME/westminster-casefile/yaml, else ~/.cache/westminster-casefile/yaml), never in
the project, whose folders hold only curated inputs and the package.

A file that does not parse is never cached (its error is raised again, every time), and neither
is a tree JSON would not give back exactly (keys that are not text, binary or set values). An
entry that cannot be read, is not valid JSON, or whose own checksum or name does not match, is
ignored and rewritten. Entries are written whole under a temporary name and renamed, so
concurrent builds at worst write the same entry twice.

This cache only saves parsing: every check of the annotations runs on the tree as before. (The
build's assembly cache, westminster_casefile.build.memo, keeps what comes after parsing, in the
same folder and entry format: `read_entry`, `write_entry`.)
WESTMINSTER_CASEFILE_CACHE=off turns it off."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from functools import lru_cache
from pathlib import Path

from westminster_casefile import yamlio
from westminster_casefile.safety import read_regular

def enabled() -> bool:
    return os.environ.get("WESTMINSTER_CASEFILE_CACHE", "on").strip().lower() not in ("off", "0", "no", "false")


def folder() -> Path | None:
    """Where entries are kept (None when the cache is off)."""
    if not enabled():
        return None
    if os.environ.get("WESTMINSTER_CASEFILE_CACHE_DIR"):
        return Path(os.environ["WESTMINSTER_CASEFILE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "westminster-casefile" / "yaml"


@lru_cache(maxsize=1)
def code_version() -> str:
    """What decides how bytes parse: PyYAML and libyaml's versions and yamlio's source."""
    import yaml

    parts = [yaml.__version__, getattr(yaml, "__with_libyaml__", False) and _libyaml_version(),
             Path(yamlio.__file__).read_bytes().hex()]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _libyaml_version() -> str:
    try:
        from yaml import _yaml

        return _yaml.get_version_string()
    except Exception:  # noqa: BLE001 - no libyaml: the pure-Python parser's version is PyYAML's
        return "none"


def key(data: bytes) -> str:
    return hashlib.sha256(code_version().encode() + b"\0" + data).hexdigest()


def load(path: Path, cache_dir: Path | None = None):
    """yamlio.load(path), from the cache in `cache_dir` (default `folder()`) when an entry for
    these bytes exists."""
    return load_data(read_regular(Path(path)), cache_dir or folder())


def load_data(data: bytes, cache_dir: Path | None):
    """`load` of bytes already read (the build reads each file once)."""
    if cache_dir is None or not enabled():
        return yamlio.loads(data.decode("utf-8"))
    name = key(data)
    entry = Path(cache_dir) / name[:2] / f"{name}.json"
    tree = _read(entry, name)
    if tree is not _MISS:
        return tree
    tree = yamlio.loads(data.decode("utf-8"))  # raises for a bad file: nothing is cached
    _write(entry, name, tree)
    return tree


_MISS = object()


def read_entry(entry: Path, name: str):
    """The JSON value stored in `entry` under `name`, or None when it is missing or damaged
    (for the build's other caches, which share this format and folder)."""
    value = _read(entry, name)
    return None if value is _MISS else value


def write_entry(entry: Path, name: str, value) -> None:
    """Store `value` when JSON gives it back exactly (otherwise nothing is stored)."""
    _write(entry, name, value)


def _read(entry: Path, name: str):
    try:
        raw = read_regular(entry)
        head, _, body = raw.partition(b"\n")
        # The entry names its key and the checksum of its body: a truncated, corrupted or
        # misplaced file is a miss, never a tree.
        stored = json.loads(head)
        if stored != {"key": name, "sha256": hashlib.sha256(body).hexdigest()}:
            return _MISS
        return json.loads(body)
    except (OSError, ValueError):
        return _MISS


def _write(entry: Path, name: str, tree) -> None:
    if not json_exact(tree):
        return
    body = json.dumps(tree, separators=(",", ":")).encode("utf-8")
    head = json.dumps({"key": name, "sha256": hashlib.sha256(body).hexdigest()}).encode()
    # Written under a temporary name and renamed, so a reader sees a whole entry or none; not
    # fsynced: an entry torn by a crash fails its checksum and is a miss, like no entry at all.
    tmp = entry.parent / f".{entry.name}.{secrets.token_hex(4)}.tmp"
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
        with os.fdopen(fd, "wb") as fh:
            fh.write(head + b"\n" + body)
        os.replace(tmp, entry)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()  # an unwritable cache folder: the build goes on without the cache


def json_exact(value) -> bool:
    """True when JSON gives `value` back equal and of the same types."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            if not all(type(k) is str for k in v):
                return False
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        elif v is not None and type(v) not in (str, int, float, bool):
            return False
    return True
