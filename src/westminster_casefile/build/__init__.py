"""The build pipeline: sources/ + annotations/ -> a validated datapackage/.

    from westminster_casefile.build import build
    result = build(Path("."))          # raises ProblemsFound listing every problem at once

Stages: read the articles (sha256-pinned) and the annotations, assemble the nine tables
(anchoring every quote, resolving dates, deriving mentions), check them, and only then write
the package atomically."""
from __future__ import annotations

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
    from westminster_casefile.build import curation, sources, tables

    root = Path(root)
    _progress("reading sources/ ...", quiet)
    srcs, problems = sources.read(root)
    _progress(f"reading annotations/ ({len(srcs)} sources) ...", quiet)
    records, more = curation.read(root / "annotations", root)
    problems += more
    _progress(f"anchoring evidence and resolving dates ({sum(len(v) for v in records.values())} records) ...", quiet)
    built, more = tables.assemble(srcs, records)
    problems += more
    texts = {sid: s.text for sid, s in srcs.items()}
    if not problems:  # checking tables assembled from broken input would repeat the same errors
        _progress("checking tables against schemas/ ...", quiet)
        problems += checks.check_package(built, texts, where=lambda t: f"table {t}")
    if problems:
        raise ProblemsFound(problems)
    return built, texts


def build(root: Path = Path("."), out: Path | None = None, quiet: bool = True) -> BuildResult:
    """Build `root`/datapackage (or `out`) from `root`/sources and `root`/annotations."""
    from westminster_casefile.build import package

    root = Path(root)
    if not (root / "sources").is_dir() or not (root / "annotations").is_dir():
        raise ProblemsFound([Problem(str(root), "not a westminster-casefile project: sources/ and annotations/ are missing",
                                     "run from the repository root, or pass --root", "no-project")])
    built, _ = assemble_tables(root, quiet)
    out = Path(out) if out else root / "datapackage"
    _progress(f"writing {out} ...", quiet)
    files = package.render(built)
    package.write_atomic(files, out)
    return BuildResult(out, built, files)
