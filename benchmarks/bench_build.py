"""Build at scale: wall time and peak memory of `westminster-casefile build` for N synthetic
articles, cold (no parse cache) and warm (parse cache filled), and the edit-one-file rebuild.
Not a test. Each build is a fresh process; its peak RSS is the child's ru_maxrss (os.wait4).

    python benchmarks/bench_build.py [--sizes 500 5000] [--rounds 2] [--plot build.png] [--baseline SRC]

Per N: the first build (empty cache, which it fills), then alternated rounds of a build with the
caches off (WESTMINSTER_CASEFILE_CACHE=off) and one with them warm. Then, at --edit-n, one
annotation file is edited and the package rebuilt (caches on), against the same rebuild with the
caches off. With --baseline SRC (the src/ folder of another version, e.g. `git archive main src`
unpacked), every build is also run with that version, right after this one's, on the same input:
before/after side by side in one run."""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate  # noqa: E402


CACHES: Path | None = None  # each version's caches in a folder of this run's own


def run_build(root: Path, cache: bool, src: Path | None = None) -> tuple[float, float]:
    """(seconds, peak MB) of one build of `root` in a fresh process (of the code in `src`, when
    given, instead of the installed package)."""
    env = dict(os.environ, WESTMINSTER_CASEFILE_CACHE="on" if cache else "off")
    if CACHES is not None:
        env["WESTMINSTER_CASEFILE_CACHE_DIR"] = str(CACHES / ("baseline" if src else "this"))
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [os.environ.get("PYTHONPATH")])])
    cmd = [sys.executable, "-m", "westminster_casefile.cli", "build", "--root", str(root), "--quiet", "--allow-shrink"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"build of {root} failed ({proc.returncode}):\n{out.decode()[-2000:]}\n{err.decode()[-2000:]}")
    return elapsed, _peak_mb(proc)


def _peak_mb(proc: subprocess.Popen) -> float:
    return proc.rusage.ru_maxrss / 1024  # kilobytes on Linux


class _Popen(subprocess.Popen):
    """Popen that records the child's resource usage when it is reaped."""

    def _try_wait(self, wait_flags):
        pid, sts, rusage = os.wait4(self.pid, wait_flags)
        if pid:
            self.rusage = rusage
        return pid, sts


subprocess.Popen = _Popen  # only this script's children


def edit_one(root: Path, i: int) -> None:
    path = root / "annotations" / f"article-{i:05d}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"Inquiry {i} continues", f"Inquiry {i} continues (edited {time.time_ns()})", 1),
                    encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--rounds", type=int, default=2, help="alternated cold/warm rounds per size")
    parser.add_argument("--edit-n", type=int, default=5000, help="N of the edit-one-file rebuild")
    parser.add_argument("--plot", type=Path, help="write a PNG of time and memory against N (needs matplotlib)")
    parser.add_argument("--baseline", type=Path, help="src/ folder of another version, built side by side")
    args = parser.parse_args()
    versions = {"this": None, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    work = Path(tempfile.mkdtemp(prefix="casefile-build-"))
    global CACHES
    CACHES = work / "caches"
    results = {label: [] for label in versions}
    try:
        print(f"{'version':>9} {'N':>6} {'first s':>8} {'first MB':>8} {'cold s':>8} {'cold MB':>8} {'warm s':>8} {'warm MB':>8}"
              f" {'cold s/article':>15}", flush=True)
        for n in args.sizes:
            root = work / f"n{n}"
            generate(root, n)
            runs = {label: {"first": [], "cold": [], "warm": []} for label in versions}
            for label, src in versions.items():  # the first build: empty caches, which it fills
                runs[label]["first"].append(run_build(root, True, src))
            for r in range(args.rounds):
                order = (False, True) if r % 2 == 0 else (True, False)
                for cache in order:
                    for label, src in versions.items():
                        runs[label]["warm" if cache else "cold"].append(run_build(root, cache, src))
            for label in versions:
                first, cold, warm = (runs[label][k] for k in ("first", "cold", "warm"))
                c_s, c_mb = statistics.median(t for t, _ in cold), max(m for _, m in cold)
                w_s, w_mb = statistics.median(t for t, _ in warm), max(m for _, m in warm)
                results[label].append((n, c_s, c_mb, w_s, w_mb))
                print(f"{label:>9} {n:>6} {first[0][0]:>8.2f} {first[0][1]:>8.0f} {c_s:>8.2f} {c_mb:>8.0f} {w_s:>8.2f}"
                      f" {w_mb:>8.0f} {c_s / n:>15.5f}", flush=True)
            if n != args.edit_n:
                shutil.rmtree(root, ignore_errors=True)
        n = args.edit_n
        root = work / f"n{n}"
        if not root.exists():
            generate(root, n)
        for label, src in versions.items():
            edits = {True: [], False: []}
            for r in range(args.rounds):
                for cache in ((True, False) if r % 2 == 0 else (False, True)):
                    if cache:
                        run_build(root, True, src)  # the caches hold every file and table as they are now
                    edit_one(root, 42 + r)
                    edits[cache].append(run_build(root, cache, src)[0])
            on, off = statistics.median(edits[True]), statistics.median(edits[False])
            print(f"\n{label}: edit one annotation file of N={n} and rebuild: caches on {on:.2f} s, caches off {off:.2f} s "
                  f"({off / on:.1f}x)", flush=True)
        for label in versions:
            if len(results[label]) > 1:
                (n0, s0, m0, *_), (n1, s1, m1, *_) = results[label][0], results[label][-1]
                print(f"{label}: growth {n0} -> {n1} ({n1 / n0:.0f}x the articles): time {s1 / s0:.1f}x, "
                      f"peak memory {m1 / m0:.1f}x")
        if args.plot:
            plot(results, args.plot)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    for label, rows in results.items():
        ns = [r[0] for r in rows]
        name = "" if len(results) == 1 else f"{label}, "
        style = "--" if label == "baseline" else "-"
        ax1.plot(ns, [r[1] for r in rows], "o" + style, label=f"{name}cold (no caches)")
        ax1.plot(ns, [r[3] for r in rows], "s" + style, label=f"{name}warm caches")
        ax2.plot(ns, [r[2] for r in rows], "o" + style, label=f"{name}cold")
        ax2.plot(ns, [r[4] for r in rows], "s" + style, label=f"{name}warm")
    ax1.set(xscale="log", yscale="log", xlabel="synthetic articles N", ylabel="build seconds", title="Build time")
    ax2.set(xscale="log", yscale="log", xlabel="synthetic articles N", ylabel="peak RSS, MB", title="Build peak memory")
    for ax in (ax1, ax2):
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
