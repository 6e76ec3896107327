"""The assembly cache: what the build worked out for each annotation file, kept by content, so
that a rebuild after editing one file redoes that file's work only.

The parse cache (westminster_casefile.parsecache) saves parsing; this saves what comes after it.
One entry per annotation file holds its parsed tree, the fact that every item passed the shape
checks, the rows its records gave (table row, event participants, each evidence item's offsets)
and every fact about the rest of the case file those rows, and the fidelity checks of its
statements, were computed from: the fingerprint of each article read (text sha256 and metadata),
each id looked up and whether it existed, each speaker's names searched for, each linked event's
type. The file's records are taken from the entry only when all those facts still hold;
otherwise they are assembled (and checked) again, by the same code. A file any of whose records
met a problem is never kept, so every problem is found and reported by the code that finds it,
in the same order, cache or no cache. Mentions are kept per article, under a key made of every
name and alias of the case file (`mentions_name`); sources.yaml's passed shape checks by its bytes
(`shape_passed`).

An entry is named by the sha256 of the code version (the source of every module whose output it
holds and schemas/*.json), the file's path in the project and its bytes: another file content,
path or code is another name, so an entry is never stale. Entries are JSON with a checksum
header, written atomically, in the parse cache's folder (`folder()`); a damaged entry is a miss.
WESTMINSTER_CASEFILE_CACHE=off turns this cache off with the parse cache."""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from westminster_casefile import parsecache, yamlio

# The modules whose code decides a record's rows and problems (and so an entry's content).
_MODULES = ("build/curation.py", "build/sources.py", "build/tables.py", "build/anchor.py", "build/dates.py",
            "build/fidelity.py", "build/mentions.py", "build/memo.py", "text.py", "schema.py", "yamlio.py",
            "problems.py")


def folder() -> Path | None:
    base = parsecache.folder()
    return None if base is None else base / "assembly"


@lru_cache(maxsize=1)
def code_version() -> str:
    from westminster_casefile import schema

    import sys
    import unicodedata

    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256(parsecache.code_version().encode())
    # anchoring (unicodedata.normalize) and the word checks (str.isalnum) follow the interpreter's
    # Unicode database: rows computed under another Python are not reused (found by an outside attack)
    h.update(f"{sys.version}\0{unicodedata.unidata_version}\0".encode())
    for name in _MODULES:
        h.update(name.encode() + b"\0" + (package / name).read_bytes())
    for path in sorted(schema.schemas_dir().glob("*.json")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


@dataclass
class Unit:
    """One annotation file's entry: its tree, the rows its records gave ("<kind>:<index>" ->
    {"row": values, "extra": [values], "evidence": [[item number, start, end]]}: evidence rows are
    made again from the record's items and these offsets) and the facts about the rest of the case file they were
    computed from (`deps`: one list for the whole file, since its records mostly read the same
    articles and ids): "s" article id -> fingerprint, "i" [id set, id, present?], "n" speaker id
    -> names, "e" event id -> event type. The file's records are reused together or assembled again together."""
    rel: str
    name: str  # the entry's key
    tree: object
    saved: dict = field(default_factory=dict)  # {"deps": ..., "rows": ...} as read from the entry
    cached: bool = False  # came from an entry (shape checks passed when it was written)
    reuse: bool | None = None  # decided at the file's first record: do the saved deps hold?
    deps: dict = field(default_factory=lambda: {"s": {}, "i": {}, "n": {}, "e": {}})  # read while assembling anew
    rows: dict = field(default_factory=dict)  # slot -> rows (lists of values), assembled anew
    columns: dict = field(default_factory=dict)  # "row:<kind>", "extra:<kind>" -> keys
    complete: bool = True  # no record of the file met a problem or gave a value JSON cannot keep

    def encoded_deps(self) -> dict:
        return {"s": [[k, v] for k, v in self.deps["s"].items()],
                "i": [[name, key, found] for (name, key), found in self.deps["i"].items()],
                "n": [[k, v] for k, v in self.deps["n"].items()],
                "e": [[k, v] for k, v in self.deps["e"].items()]}


def file_key(rel: str, data: bytes) -> str:
    return hashlib.sha256(code_version().encode() + b"\0" + rel.encode() + b"\0" + data).hexdigest()


def _entry(cache_dir: Path, name: str) -> Path:
    # (a string join: pathlib's per-part parsing was a tenth of reading a warm case file)
    return Path(os.path.join(cache_dir, name[:2], name + ".json"))


def open_unit(rel: str, data: bytes, cache_dir: Path | None) -> Unit | None:
    """The saved entry of this file's bytes, or None (a miss, or the cache is off)."""
    if cache_dir is None:
        return None
    name = file_key(rel, data)
    saved = parsecache.read_entry(_entry(cache_dir, name), name)
    if not (isinstance(saved, dict) and isinstance(saved.get("tree"), dict) and isinstance(saved.get("results"), dict)
            and isinstance(saved["results"].get("rows"), dict) and isinstance(saved["results"].get("deps"), dict)
            and isinstance(saved["results"].get("columns"), dict)):
        return None
    return Unit(rel, name, saved["tree"], saved["results"], cached=True)


def new_unit(rel: str, data: bytes, tree) -> Unit:
    return Unit(rel, file_key(rel, data), tree)


def save(units: list[Unit], cache_dir: Path | None) -> None:
    """Write the entries that hold something new (never a file that failed its shape checks:
    the caller only passes units whose every item passed)."""
    if cache_dir is None:
        return
    for unit in units:
        if unit.complete and not unit.reuse:  # new, or assembled anew because a fact changed
            results = {"deps": unit.encoded_deps(), "columns": unit.columns, "rows": unit.rows}
            # (written only when JSON gives the value back exactly: see parsecache.json_exact)
            parsecache.write_entry(_entry(cache_dir, unit.name), unit.name, {"tree": unit.tree, "results": results})


def _shape_name(rel: str, data: bytes) -> str:
    return hashlib.sha256(code_version().encode() + b"\0shape\0" + rel.encode() + b"\0" + data).hexdigest()


def shape_passed(rel: str, data: bytes) -> bool:
    """Whether every item of a file with these bytes passed the shape checks (sources.yaml)."""
    cache_dir = folder()
    if cache_dir is None:
        return False
    name = _shape_name(rel, data)
    return parsecache.read_entry(_entry(cache_dir, name), name) == {"shape": "passed"}


def mark_shape_passed(rel: str, data: bytes) -> None:
    cache_dir = folder()
    if cache_dir is not None:
        name = _shape_name(rel, data)
        parsecache.write_entry(_entry(cache_dir, name), name, {"shape": "passed"})


# -- rows as JSON -----------------------------------------------------------------------------
# A row is kept as the list of its values, its keys once per file (the same few keys, read into
# one shared tuple, instead of a copy in every row of every entry). Values are text, whole numbers,
# booleans, None, lists of text and, in a table's date fields, dates written as {"d": "YYYY-MM-DD"}
# (no row value is a mapping). A row holding anything else is not kept.

def date_fields(table: str) -> frozenset:
    """The fields of `table` that hold dates (the only ones an entry may hold a date in)."""
    from westminster_casefile import schema

    return frozenset(f["name"] for f in schema.fields(table) if f["type"] == "date")


def encode_row(row: dict, dates: frozenset = frozenset()) -> list | None:
    """The row's values (its keys are kept once per file and table: see `Unit.columns`)."""
    out = []
    for k, v in row.items():
        t = type(v)
        if v is None or t in (str, int, bool):
            out.append(v)
        elif t is date and k in dates:
            out.append({"d": v.isoformat()})
        elif t is list and all(type(x) is str for x in v):
            out.append(list(v))
        else:
            return None
    return out


def decode_row(keys: tuple, values: list, dates: frozenset = frozenset()) -> dict:
    row = dict(zip(keys, values))
    for k in dates:
        v = row.get(k)
        if type(v) is dict:
            row[k] = date.fromisoformat(v["d"])
    return row


def source_fingerprint(src) -> str:
    """What a record's rows may read of an article: its text (by sha256) and its metadata."""
    meta = json.dumps(yamlio.strip_lines(src.meta), sort_keys=True, default=str)
    return hashlib.sha256(f"{src.id}\0{src.sha256}\0{meta}".encode()).hexdigest()[:24]


# -- mentions ---------------------------------------------------------------------------------

def mentions_name(index: dict) -> str:
    names = json.dumps(sorted((s, list(o)) for s, o in index.items()), separators=(",", ":"))
    return hashlib.sha256(f"{code_version()}\0mentions\0{names}".encode()).hexdigest()


def load_mentions(name: str, cache_dir: Path | None) -> dict:
    """article ("<source_id>:<sha256>") -> its mention rows as [table, id, start, end, surface]."""
    if cache_dir is None:
        return {}
    saved = parsecache.read_entry(_entry(cache_dir, name), name)
    return saved if isinstance(saved, dict) else {}


def save_mentions(name: str, by_article: dict, cache_dir: Path | None) -> None:
    if cache_dir is not None:
        parsecache.write_entry(_entry(cache_dir, name), name, by_article)
