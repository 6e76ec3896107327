"""The per-table constraints of schemas/ on three engines, on the same package: the Arrow
engine `westminster-casefile validate` uses (westminster_casefile.checks.table_problems), and the pandera
declaration of the same constraints (westminster_casefile.checks.dataframe_schema) on its pandas and
its polars backends. In one process, alternated; import time reported apart. Not a test.

    python benchmarks/bench_engines.py PACKAGE_DIR [--rounds 3]"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("package", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    t0 = time.perf_counter()
    import pyarrow.parquet as pq

    from westminster_casefile import checks, schema
    t_arrow = time.perf_counter() - t0
    t0 = time.perf_counter()
    import pandera.pandas  # noqa: F401
    t_pandas = time.perf_counter() - t0
    t0 = time.perf_counter()
    import pandera.polars  # noqa: F401
    import polars as pl
    t_polars = time.perf_counter() - t0
    tables = {t: pq.ParquetFile(args.package / "parquet" / f"{t}.parquet").read() for t in schema.TABLES}
    rows = sum(t.num_rows for t in tables.values())
    schemas = {b: {t: checks.dataframe_schema(t, b) for t in schema.TABLES} for b in ("pandas", "polars")}

    def arrow():
        return sum(len(checks.table_problems(t, d, t)) for t, d in tables.items())

    def pandera_pandas():
        for t, d in tables.items():
            schemas["pandas"][t].validate(d.to_pandas(date_as_object=True), lazy=True)

    def pandera_polars():
        for t, d in tables.items():
            schemas["polars"][t].validate(pl.from_arrow(d).lazy(), lazy=True).collect()

    engines = {"arrow (checks.table_problems)": arrow, "pandera, pandas backend": pandera_pandas,
               "pandera, polars backend": pandera_polars}
    times = {n: [] for n in engines}
    for r in range(args.rounds):
        for name in (list(engines) if r % 2 == 0 else list(engines)[::-1]):
            t0 = time.perf_counter()
            engines[name]()
            times[name].append(time.perf_counter() - t0)
    print(f"{rows} rows in {len(tables)} tables; imports: arrow engine {t_arrow:.2f} s, "
          f"+pandera/pandas {t_pandas:.2f} s, +pandera/polars {t_polars:.2f} s")
    base = statistics.median(times["arrow (checks.table_problems)"])
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"  {name:32} median {m:7.3f} s  ({m / base:5.1f}x the Arrow engine's time)")


if __name__ == "__main__":
    main()
