"""Scale: build and validate N synthetic articles, and `westminster-casefile validate` against
`frictionless validate`, side by side in one run (alternating order), each a whole process
whose wall time and peak memory (max RSS, from wait4) are measured. Not a test.

    python benchmarks/bench_scale.py [--sizes 500 5000] [--rounds 3] [--shipped]
                                     [--work DIR] [--results FILE] [--plot FILE]

Three contenders per package:
- `westminster-casefile validate` on the package alone (the same scope as frictionless: the
  descriptor, both formats, the schemas, the foreign keys; plus what frictionless does not
  check: the descriptor against schemas/, CSV = Parquet, provenance, derived columns, dates);
- `westminster-casefile validate` with the articles at hand (adds evidence and mention offsets,
  statement wording, mentions recomputed, dates against their text);
- `frictionless validate` on datapackage.json.
Results are appended to --results (JSON, one record per N), so the large N can be run once on
its own and the plot (--plot) drawn from every record. Both validators also run on a corrupted
copy of the largest package, to show they flag the same tables."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corrupt import CORRUPTED_TABLES, corrupt  # noqa: E402
from synthetic import generate  # noqa: E402

CLI = [sys.executable, "-m", "westminster_casefile.cli"]


def run_measured(cmd: list[str], ok_codes=(0,)) -> tuple[float, float, str]:
    """Like run, with the child's own peak RSS from os.wait4."""
    start = time.perf_counter()
    out_file = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(cmd, stdout=out_file, stderr=subprocess.DEVNULL, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    out_file.seek(0)
    out = out_file.read()
    if proc.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, out


def contenders(package: Path, alone: Path) -> dict[str, list[str]]:
    return {
        "casefile (package alone)": [*CLI, "validate", str(alone), "--json"],
        "casefile (with articles)": [*CLI, "validate", str(package), "--json"],
        "frictionless": [sys.executable, "-m", "frictionless", "validate", "--json", str(package / "datapackage.json")],
    }


def compare(package: Path, alone: Path, rounds: int) -> dict:
    cmds = contenders(package, alone)
    times = {n: [] for n in cmds}
    mems = {n: [] for n in cmds}
    for r in range(rounds):
        order = list(cmds) if r % 2 == 0 else list(cmds)[::-1]
        for name in order:
            elapsed, peak, _ = run_measured(cmds[name], ok_codes=(0, 1))
            times[name].append(elapsed)
            mems[name].append(peak)
            print(f"    {name:26} {elapsed:8.2f} s {peak:8.0f} MB", flush=True)
    return {n: {"seconds": statistics.median(times[n]), "peak_mb": max(mems[n]), "runs": times[n]} for n in cmds}


def report(label: str, result: dict) -> None:
    fl = result["frictionless"]
    for name in ("casefile (package alone)", "casefile (with articles)"):
        r = result[name]
        print(f"  {label}: {name:26} {r['seconds']:7.2f} s {r['peak_mb']:7.0f} MB   "
              f"{fl['seconds'] / r['seconds']:6.1f}x faster than frictionless "
              f"({fl['seconds']:.2f} s, {fl['peak_mb']:.0f} MB); memory {r['peak_mb'] / fl['peak_mb']:.2f}x")


def alone_copy(package: Path, work: Path) -> Path:
    """The package in a folder with no sources/ beside it."""
    target = work / "alone" / package.parent.name / "datapackage"
    if not target.exists():
        shutil.copytree(package, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[500, 5000])
    parser.add_argument("--rounds", type=int, default=3, help="alternated rounds (1 is enough past N=5,000)")
    parser.add_argument("--shipped", action="store_true", help="also compare on the shipped datapackage/")
    parser.add_argument("--work", type=Path, help="keep generated packages here (reused when present)")
    parser.add_argument("--results", type=Path, help="append JSON records here")
    parser.add_argument("--plot", type=Path, help="draw time and memory against N from --results")
    parser.add_argument("--no-corrupted", action="store_true", help="skip the corrupted-copy comparison")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="casefile-scale-"))
    records = []
    try:
        if args.shipped:
            package = Path(__file__).resolve().parents[1] / "datapackage"
            print("shipped package:")
            result = compare(package, alone_copy(package, work), args.rounds)
            report("shipped", result)
            records.append({"n": "shipped", **result})
        largest = None
        for n in args.sizes:
            root = work / f"n{n}"
            if not (root / "datapackage" / "datapackage.json").exists():
                shutil.rmtree(root, ignore_errors=True)
                generate(root, n)
                build_s, build_mb, _ = run_measured([*CLI, "build", "--root", str(root), "--quiet"])
                print(f"N={n}: built in {build_s:.1f} s, {build_mb:.0f} MB peak", flush=True)
            package = root / "datapackage"
            rows = sum(sum(1 for _ in open(p, "rb")) - 1 for p in (package / "csv").glob("*.csv"))
            print(f"N={n} ({rows} rows):", flush=True)
            result = compare(package, alone_copy(package, work), args.rounds)
            report(f"N={n}", result)
            records.append({"n": n, "rows": rows, **result})
            largest = package
        if largest is not None and not args.no_corrupted:
            broken = work / "broken" / "datapackage"
            shutil.rmtree(broken.parent, ignore_errors=True)
            shutil.copytree(largest, broken)
            corrupt(broken)
            _, _, out = run_measured([*CLI, "validate", str(broken), "--json"], ok_codes=(1,))
            ours = {p["where"].split(" ")[0].split("/")[-1].split(".")[0] for p in json.loads(out)["problems"]}
            _, _, out = run_measured(contenders(broken, broken)["frictionless"], ok_codes=(0, 1))
            theirs = {t["name"].removesuffix("-parquet") for t in json.loads(out)["tasks"] if not t["valid"]}
            print(f"  corrupted copy: frictionless flags {sorted(theirs)}; casefile flags {sorted(ours)}; "
                  f"every table frictionless flags is flagged: {theirs <= ours} (corrupted: {sorted(CORRUPTED_TABLES)})")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    if args.results:
        old = json.loads(args.results.read_text()) if args.results.exists() else []
        keep = [r for r in old if r["n"] not in {x["n"] for x in records}]
        args.results.write_text(json.dumps(keep + records, indent=1) + "\n")
    if args.plot:
        plot(json.loads(args.results.read_text()) if args.results else records, args.plot)


def plot(records: list[dict], target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sized = sorted((r for r in records if r["n"] != "shipped"), key=lambda r: r["n"])
    ns = [r["n"] for r in sized]
    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(10, 4))
    for name, style in (("frictionless", "o-"), ("casefile (package alone)", "s-"), ("casefile (with articles)", "^--")):
        ax_t.plot(ns, [r[name]["seconds"] for r in sized], style, label=name)
        ax_m.plot(ns, [r[name]["peak_mb"] for r in sized], style, label=name)
    for ax, label in ((ax_t, "wall time (s)"), (ax_m, "peak memory (MB, max RSS)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("synthetic articles (N)")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
    ax_t.legend()
    fig.suptitle("validate: westminster-casefile vs frictionless, one run, whole processes")
    fig.tight_layout()
    fig.savefig(target, dpi=100)
    print(f"plot: {target}")


if __name__ == "__main__":
    main()
