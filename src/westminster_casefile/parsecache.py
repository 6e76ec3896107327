"""A cache of parsed YAML files, keyed by their content, so that a rebuild after editing one
annotation file parses that file only.

    doc = parsecache.load(path, cache_dir)   # same result and errors as yamlio.load(path)

An entry is the parsed tree as JSON, named by the sha256 of the file's bytes and of the parser's
version (PyYAML's, libyaml's and yamlio's own source): another file content or another parser
is another name, so an entry is never stale. A file that does not parse is never cached (its
error is raised again, every time), and neither is a tree JSON would not give back exactly
(keys that are not text, binary or set values). An entry that cannot be read, is not valid
JSON, or whose own checksum does not match, is ignored and rewritten. Entries are written
atomically (fsutil.write_file_atomic), so concurrent builds at worst write the same entry twice.

The cache only saves parsing: every check of the annotations runs on the tree as before.
WESTMINSTER_CASEFILE_CACHE=off turns it off."""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from westminster_casefile import yamlio
from westminster_casefile.safety import read_regular

FOLDER = Path(".cache") / "westminster-casefile" / "yaml"  # under the project root; gitignored


def enabled() -> bool:
    return os.environ.get("WESTMINSTER_CASEFILE_CACHE", "on").strip().lower() not in ("off", "0", "no", "false")


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


def load(path: Path, cache_dir: Path | None):
    """yamlio.load(path), from the cache in `cache_dir` when an entry for these bytes exists."""
    data = read_regular(Path(path))
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
    if not _json_exact(tree):
        return
    body = json.dumps(tree, separators=(",", ":")).encode("utf-8")
    head = json.dumps({"key": name, "sha256": hashlib.sha256(body).hexdigest()}).encode()
    try:
        from westminster_casefile.fsutil import write_file_atomic

        write_file_atomic(entry, head + b"\n" + body)
    except OSError:
        pass  # a read-only project still builds, only without the cache


def _json_exact(value) -> bool:
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
