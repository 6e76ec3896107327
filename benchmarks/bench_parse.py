"""Parsing the annotation files of N synthetic articles: the options side by side, alternated in
one process. Not a test.

    python benchmarks/bench_parse.py [--n 5000] [--rounds 3]

Contenders (each reads every annotations/*.yaml and sources/sources.yaml of the case file):
- yamlio.load: the build's parser before the cache (libyaml, with the anchor/alias screen)
- yamlio.load, gc off: the same with the garbage collector disabled while loading
- libyaml without the screen: what the safety screen costs (NOT an option: the screen stays)
- parse cache, warm: parsecache.load with every entry present (the rebuild case)
- parse cache, warm, gc off
The heap of earlier trees is kept alive, as in the build, so the collector's cost is real."""
from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate  # noqa: E402

from westminster_casefile import parsecache, yamlio  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="casefile-parse-"))
    try:
        generate(work, args.n)
        files = sorted((work / "annotations").glob("*.yaml")) + [work / "sources" / "sources.yaml"]
        mb = sum(f.stat().st_size for f in files) / 1e6
        cache = work / "cache"
        for f in files:  # fill the cache
            parsecache.load(f, cache)

        def plain(f):
            return yaml.load(f.read_text(encoding="utf-8"), Loader=yamlio._Loader)  # noqa: S506

        contenders = {
            "yamlio.load": (yamlio.load, False),
            "yamlio.load, gc off": (yamlio.load, True),
            "libyaml without the screen (not an option)": (plain, False),
            "parse cache, warm": (lambda f: parsecache.load(f, cache), False),
            "parse cache, warm, gc off": (lambda f: parsecache.load(f, cache), True),
        }
        times: dict[str, list[float]] = {name: [] for name in contenders}
        for r in range(args.rounds):
            names = list(contenders) if r % 2 == 0 else list(contenders)[::-1]
            for name in names:
                load, gc_off = contenders[name]
                gc.collect()
                start = time.perf_counter()
                if gc_off:
                    gc.disable()
                try:
                    trees = [load(f) for f in files]
                finally:
                    gc.enable()
                times[name].append(time.perf_counter() - start)
                del trees
        base = statistics.median(times["yamlio.load"])
        print(f"{len(files)} files, {mb:.1f} MB (N={args.n}), median of {args.rounds} alternated rounds:")
        for name, ts in times.items():
            m = statistics.median(ts)
            print(f"  {name:<45} {m:7.2f} s  {mb / m:6.1f} MB/s  {base / m:5.1f}x yamlio.load")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
