"""Scale: build and validate time for N synthetic articles, and westminster-casefile validate against
frictionless validate on the same large package, alternated in one run. Not a test.

    python benchmarks/bench_scale.py [--sizes 5 50 500 5000] [--rounds 3]

Growth should be linear: seconds per article roughly constant as N grows (start-up, about a
second of imports, dominates the small sizes). Both validators are also run on a corrupted copy,
to show they find problems in the same tables."""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corrupt import CORRUPTED_TABLES, corrupt  # noqa: E402
from synthetic import generate  # noqa: E402


def timed(cmd: list[str], ok_codes=(0,)) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return elapsed, proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 50, 500, 5000])
    parser.add_argument("--rounds", type=int, default=3, help="alternated validate-vs-frictionless rounds")
    args = parser.parse_args()
    casefile_cmd = [sys.executable, "-m", "westminster_casefile.cli"]
    work = Path(tempfile.mkdtemp(prefix="casefile-scale-"))
    try:
        print(f"{'N':>6} {'build s':>9} {'s/article':>10} {'validate s':>11} {'s/article':>10} {'evidence rows':>14}")
        largest = None
        for n in args.sizes:
            root = work / f"n{n}"
            generate(root, n)
            build_s, _ = timed([*casefile_cmd, "build", "--root", str(root), "--quiet"])
            validate_s, _ = timed([*casefile_cmd, "validate", str(root / "datapackage")])
            rows = sum(1 for _ in open(root / "datapackage" / "csv" / "evidence.csv")) - 1
            print(f"{n:>6} {build_s:>9.2f} {build_s / n:>10.4f} {validate_s:>11.2f} {validate_s / n:>10.4f} {rows:>14}", flush=True)
            largest = root
        package = largest / "datapackage"
        broken = work / "broken"
        shutil.copytree(package, broken)
        corrupt(broken)
        print(f"\nvalidators on the N={args.sizes[-1]} package, alternated, {args.rounds} rounds:")
        contenders = {
            "westminster-casefile validate": lambda p: [*casefile_cmd, "validate", str(p), "--json"],
            "frictionless validate": lambda p: [sys.executable, "-m", "frictionless", "validate", "--json", str(p / "datapackage.json")],
        }
        times = {name: [] for name in contenders}
        for r in range(args.rounds):
            for name in (list(contenders) if r % 2 == 0 else list(contenders)[::-1]):
                elapsed, _ = timed(contenders[name](package))
                times[name].append(elapsed)
        ours, theirs = (statistics.median(times[n]) for n in contenders)
        print(f"  westminster-casefile validate      median {ours:8.2f} s")
        print(f"  frictionless validate  median {theirs:8.2f} s   ({theirs / ours:.1f}x westminster-casefile's time)")
        _, proc = timed(contenders["westminster-casefile validate"](broken), ok_codes=(1,))
        ours_tables = {p["where"].split(" ")[0].split("/")[-1].split(".")[0] for p in json.loads(proc.stdout)["problems"]}
        _, proc = timed(contenders["frictionless validate"](broken), ok_codes=(0, 1))
        report = json.loads(proc.stdout)
        theirs_tables = {t["name"].removesuffix("-parquet") for t in report["tasks"] if not t["valid"]}
        print(f"  corrupted copy: frictionless flags {sorted(theirs_tables)}")
        print(f"                  westminster-casefile flags     {sorted(ours_tables)}")
        print(f"  every table frictionless flags is flagged by casefile: {theirs_tables <= ours_tables}"
              f" (corrupted: {sorted(CORRUPTED_TABLES)})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
