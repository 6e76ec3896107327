"""The build pipeline: sources/ + annotations/ -> a validated datapackage/.

    from westminster_casefile.build import build
    result = build(Path("."))          # raises ProblemsFound listing every problem at once

Stages: read the articles (sha256-pinned) and the annotations, assemble the nine tables
(anchoring every quote, resolving dates, deriving mentions), check them, and only then write
the package atomically."""
from __future__ import annotations

import gc
import sys
from dataclasses import dataclass
from pathlib import Path

from westminster_casefile.problems import Problem, ProblemsFound


@dataclass
class BuildResult:
    out: Path
    tables: dict[str, list[dict]]
    files: dict[str, bytes]

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


def _progress(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def assemble_tables(root: Path, quiet: bool = True) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """Read and check the inputs and assemble the tables; raise ProblemsFound on any problem."""
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
    if not problems:  # checking tables assembled from broken input would repeat the same errors
        _progress("checking tables against schemas/ ...", quiet)
        problems += checks.check_package(built, texts, where=lambda t: f"table {t}")
    if problems:
        raise ProblemsFound(problems)
    return built, texts


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
    built, _ = assemble_tables(root, quiet)
    _progress(f"writing {out} ...", quiet)
    files = package.render(built)
    out.parent.mkdir(parents=True, exist_ok=True)
    with safety.locked(out.parent, "another build"):
        done = swap.recover(out)
        if done:
            _progress(f"{out}: {done}", quiet)
        swap.check_replaceable(out, protected)  # again: another run may have changed it meanwhile
        if not allow_shrink:
            shrink = swap.shrink_problems(swap.previous_counts(out), {t: len(r) for t, r in built.items()}, str(out))
            if shrink:
                raise ProblemsFound(shrink)
        package.write_atomic(files, out)
    return BuildResult(out, built, files)
