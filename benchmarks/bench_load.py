"""Load speed: a fresh process loading all nine tables three ways, alternated in one run.

    python benchmarks/bench_load.py [--rounds 15]

Each round starts one fresh Python process per contender, in rotating order, so machine noise
hits all three alike; we report medians and ratios to raw pyarrow (the floor). Not a test."""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import westminster_casefile

PKG = westminster_casefile.package_path()
TABLES = westminster_casefile.tables()

CONTENDERS = {
    "westminster_casefile.load_all()": "import westminster_casefile; westminster_casefile.load_all()",
    "pyarrow read_table().to_pandas()": (
        "import pyarrow.parquet as pq\n"
        f"for t in {TABLES!r}: pq.read_table({str(PKG / 'parquet')!r} + '/' + t + '.parquet').to_pandas()"),
    "frictionless Package().get_resource().to_pandas() (CSV)": (
        "from frictionless import Package\n"
        f"p = Package({str(PKG / 'datapackage.json')!r})\n"
        f"for t in {TABLES!r}: p.get_resource(t).to_pandas()"),
}


def run(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    names = list(CONTENDERS)
    times = {n: [] for n in names}
    for n in names:  # warm the file cache and bytecode once
        run(CONTENDERS[n])
    for r in range(args.rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for n in order:
            times[n].append(run(CONTENDERS[n]))
    base = statistics.median(times[names[1]])
    print(f"{'contender':<58} {'median s':>9} {'ratio to pyarrow':>17}")
    for n in names:
        m = statistics.median(times[n])
        print(f"{n:<58} {m:>9.3f} {m / base:>17.2f}")


if __name__ == "__main__":
    main()
