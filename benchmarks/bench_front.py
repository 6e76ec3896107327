"""The front half of the build, side by side for two versions of the code: reading the sources
and annotations, the shape checks and assembling the tables (`build.assemble_tables` up to the
schema checks), on N synthetic articles. Not a test.

    python benchmarks/bench_front.py --base <git-ref> [--sizes 500 5000] [--edit-n 5000]

`--base` is exported (git archive) to a temporary folder; the other version is this checkout.
Each measurement is a fresh process running `assemble_tables` with `checks.check_package`
replaced by a no-op (the checks and the writer are the back half, measured by bench_build.py);
seconds are the call's own (imports excluded), memory the process's peak RSS (ru_maxrss).
Per N and version: *cold* (caches off), *first* (empty cache folder, which it fills), *warm*
(again), then *edit*: one annotation file edited and the tables assembled again, cache on.
The two versions run alternately, so load on the machine falls on both alike."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_build import edit_one  # noqa: E402
from synthetic import generate  # noqa: E402

CHILD = """
import json, resource, sys, time
from pathlib import Path
from westminster_casefile import checks
import westminster_casefile.build as build
checks.check_package = lambda *args, **kwargs: []  # the back half is not measured here
start = time.perf_counter()
built, _ = build.assemble_tables(Path(sys.argv[1]))
seconds = time.perf_counter() - start
print(json.dumps({"s": seconds, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": sum(len(rows) for rows in built.values())}))
"""


def run(src: Path, root: Path, cache: Path | None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src))
    if cache is None:
        env["WESTMINSTER_CASEFILE_CACHE"] = "off"
    else:
        env.update(WESTMINSTER_CASEFILE_CACHE="on", WESTMINSTER_CASEFILE_CACHE_DIR=str(cache))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(root)], env=env, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"assembling {root} with {src} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def export(repo: Path, ref: str, where: Path) -> Path:
    """src/ and schemas/ of `ref`, in `where`; returns the src/ folder."""
    where.mkdir()
    archive = subprocess.run(["git", "-C", str(repo), "archive", ref, "src", "schemas"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive.stdout, check=True)
    return where / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="git ref of the version to compare against")
    parser.add_argument("--head", help="git ref of the other version (default: this checkout as it is)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--edit-n", type=int, nargs="*", default=None,
                        help="sizes at which to measure the edit-one-file run (default: every size)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    repo = HERE.parent
    work = Path(tempfile.mkdtemp(prefix="casefile-front-"))
    results = []
    try:
        versions = {"base": export(repo, args.base, work / "base"),
                    "head": export(repo, args.head, work / "head") if args.head else repo / "src"}
        print(f"{'N':>6} {'version':>7} {'cold s':>7} {'cold MB':>8} {'first s':>8} {'first MB':>8} {'warm s':>7}"
              f" {'warm MB':>8} {'edit s':>7} {'edit MB':>8}", flush=True)
        for n in args.sizes:
            root = work / f"n{n}"
            generate(root, n)
            row = {v: {} for v in versions}
            for mode in ("cold", "first", "warm"):
                for v, src in versions.items():
                    row[v][mode] = run(src, root, None if mode == "cold" else work / f"cache-{v}-{n}")
            if args.edit_n is None or n in args.edit_n:
                edit_one(root, min(42, n - 1))
                for v, src in versions.items():
                    row[v]["edit"] = run(src, root, work / f"cache-{v}-{n}")
            for v in versions:
                r = row[v]
                assert len({m["rows"] for m in r.values()}) == 1, r
                cells = " ".join(f"{r[m]['s']:>7.2f} {r[m]['mb']:>8.0f}" if m in r else f"{'-':>7} {'-':>8}"
                                 for m in ("cold", "first", "warm", "edit"))
                print(f"{n:>6} {v:>7} {cells}", flush=True)
            results.append({"n": n, **row})
            shutil.rmtree(root, ignore_errors=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
