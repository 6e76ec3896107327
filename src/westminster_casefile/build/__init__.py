"""The build pipeline: sources/ + annotations/ -> a validated datapackage/.

    from westminster_casefile.build import build
    result = build(Path("."))          # raises ProblemsFound listing every problem at once

Stages: read the articles (sha256-pinned) and the annotations, assemble the nine tables
(anchoring every quote, resolving dates, deriving mentions), check them, and only then write
the package atomically."""
from __future__ import annotations

import gc
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from westminster_casefile.problems import Problem, ProblemsFound


@dataclass
class BuildResult:
    """What a build wrote: `out`, the tables as Arrow (`arrow`), each file's (size, sha256 hex)
    (`digests`), the tables whose files were copied from the package replaced, unchanged
    (`reused`). `tables` (row dicts) and `files` (bytes) are made on first use, from `arrow` and
    from the files in `out`: a build does not hold them."""
    out: Path
    arrow: dict
    digests: dict[str, tuple[int, str]]
    reused: list[str]

    @cached_property
    def tables(self) -> dict[str, list[dict]]:
        return {name: data.to_pylist() for name, data in self.arrow.items()}

    @cached_property
    def files(self) -> dict[str, bytes]:
        return {rel: (self.out / rel).read_bytes() for rel in sorted(self.digests)}

    def counts(self) -> dict[str, int]:
        return {name: data.num_rows for name, data in self.arrow.items()}


def _progress(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def assemble_tables(root: Path, quiet: bool = True) -> tuple[dict, dict[str, str]]:
    """Read and check the inputs, assemble the tables and check them; raise ProblemsFound on
    any problem. Returns the tables as Arrow (table -> pyarrow.Table of the declared types)
    and the articles' texts (source_id -> text)."""
    from westminster_casefile import checks
    from westminster_casefile.build import curation, memo, sources, tables

    root = Path(root)
    # The parsed trees only grow while reading (no garbage cycles): the collector walking the
    # growing heap would add ~40% to parsing (benchmarks/bench_parse.py). Once read, they are
    # frozen (gc.freeze): they live until the rows are assembled, and the collector need not walk
    # them again at every full collection while the rows are made.
    collecting = gc.isenabled()
    gc.disable()
    frozen = False
    try:
        _progress("reading sources/ ...", quiet)
        srcs, problems = sources.read(root)
        _progress(f"reading annotations/ ({len(srcs)} sources) ...", quiet)
        cache_dir = memo.folder()
        units: list | None = [] if cache_dir is not None else None  # the assembly cache's entries
        records, more = curation.read(root / "annotations", root, units)
        gc.freeze()
        frozen = True
        if collecting:
            gc.enable()
        problems += more
        files_lost = any(p.code in _FILE_LOST for p in more)
        _progress(f"anchoring evidence and resolving dates ({sum(len(v) for v in records.values())} records) ...", quiet)
        built, more = tables.assemble(srcs, records, cache_dir)
        memo.save(units or [], cache_dir)  # what each file's records gave, for the next build
        del records, units  # the rows hold what the checks and the writer need; the YAML trees can go
    finally:
        if frozen:
            gc.unfreeze()
        if collecting:
            gc.enable()
    sources_lost = bool(problems and len(srcs) < _declared(root))
    problems += _without_knock_ons(more, sources_lost, files_lost)
    texts = {sid: s.text for sid, s in srcs.items()}
    if problems:  # checking tables assembled from broken input would repeat the same errors
        raise ProblemsFound(problems)
    _progress("checking tables against schemas/ ...", quiet)
    with _collector_off():
        arrow, problems = _to_arrow(built)
        problems += checks.check_package(arrow, texts, where=lambda t: f"table {t}")
    if problems:
        raise ProblemsFound(problems)
    return arrow, texts


@contextmanager
def _collector_off():
    """The garbage collector off while the rows become Arrow tables and are checked and
    written: that work makes no garbage cycles (the row dicts are freed by their reference
    counts), but its many short-lived lists would set off full collections that walk every
    row still alive, millions of objects at N = 50,000."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _to_arrow(built: dict[str, list[dict]]) -> tuple[dict, list[Problem]]:
    """The assembled rows as Arrow tables, converted once, table by table, each table's row
    dicts let go as soon as it is converted (`built` is emptied): the checks and the writer
    work on the Arrow tables, which hold the same values in a fraction of the memory."""
    from westminster_casefile import checks, schema

    arrow, problems = {}, []
    for table in schema.TABLES:
        data, type_errors = checks.to_arrow(table, built.pop(table, []))
        if type_errors:
            problems += [Problem(f"table {table}", m, "", "schema") for m in type_errors]
        else:
            arrow[table] = data
    return arrow, problems


def _declared(root: Path) -> int:
    """How many articles sources.yaml lists (a large number when it cannot be read)."""
    from westminster_casefile import yamlio

    try:
        doc = yamlio.load(root / "sources" / "sources.yaml")
        return len(doc.get("sources") or [])
    except Exception:  # noqa: BLE001 - any failure here is already reported by sources.read
        return 1 << 30


_FILE_LOST = {"malformed-yaml", "unreadable", "not-utf8"}  # a whole annotation file could not be read


def _without_knock_ons(problems: list[Problem], sources_lost: bool, files_lost: bool) -> list[Problem]:
    """Report root causes, not what follows from them: when articles could not be read, every
    check of the assembled rows (anchoring, speakers named near their words, descriptions in the
    articles' words) would fail for that reason alone; when a whole annotation file could not be read,
    every reference to its records is an "unknown" reference. One line counts those instead."""
    def follows(p: Problem) -> bool:
        if sources_lost:  # every check of assembly reads the articles: none is meaningful without them
            return True
        return files_lost and p.code in ("unknown-ref", "unknown-source")

    knock_on = [p for p in problems if follows(p)]
    if not knock_on:
        return problems
    return [p for p in problems if not follows(p)] + [Problem(
        "annotations/", f"{len(knock_on)} references to articles or records that could not be read were not checked",
        "fix the problems above first; the build checks these references again then", "not-checked")]


def build(root: Path = Path("."), out: Path | None = None, quiet: bool = True,
          allow_shrink: bool = False) -> BuildResult:
    """Build `root`/datapackage (or `out`) from `root`/sources and `root`/annotations.

    `out` may only be absent, empty, or a package folder an earlier build wrote; a build that
    would empty a table or drop more than half the rows of the package it replaces is refused
    unless `allow_shrink`. Builds into one folder take turns (a lock on its parent folder)."""
    from westminster_casefile import safety, swap
    from westminster_casefile.build import package

    root = Path(root)
    if not (root / "sources").is_dir() or not (root / "annotations").is_dir():
        raise ProblemsFound([Problem(str(root), "not a westminster-casefile project: sources/ and annotations/ are missing",
                                     "run from the repository root, or pass --root", "no-project")])
    for folder in ("sources", "annotations"):  # a linked folder would defeat "only files inside sources/"
        if (root / folder).is_symlink():
            safety.refuse(root / folder, "is a symbolic link to another folder; the build reads only a real folder",
                          "replace the link by a copy of the folder it points to", "symlink")
    out = safety.normalise(Path(out) if out else root / "datapackage")
    protected = (root / "sources", root / "annotations", root / "schemas", root / ".git")
    if out.resolve() in (root.resolve(), *root.resolve().parents):
        safety.refuse(out, "is the project folder (or holds it); refusing to replace it",
                      "give --out a new or empty folder, or the package folder an earlier build wrote")
    swap.check_replaceable(out, protected)  # before the work: fail fast on an obviously wrong --out
    arrow, _ = assemble_tables(root, quiet)
    _progress(f"writing {out} ...", quiet)
    out.parent.mkdir(parents=True, exist_ok=True)
    with safety.locked(out.parent, "another build"):
        done = swap.recover(out)
        if done:
            _progress(f"{out}: {done}", quiet)
        swap.check_replaceable(out, protected)  # again: another run may have changed it meanwhile
        if not allow_shrink:
            counts = {t: data.num_rows for t, data in arrow.items()}
            shrink = swap.shrink_problems(swap.previous_counts(out), counts, str(out))
            if shrink:
                raise ProblemsFound(shrink)
        with _collector_off():
            digests, reused = package.write_atomic(arrow, out)
    if reused:
        _progress(f"{len(reused)} of {len(arrow)} tables unchanged: their files copied from the package replaced", quiet)
    return BuildResult(out, arrow, digests, reused)
