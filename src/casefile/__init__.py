"""casefile: a source-anchored case file of the Westminster China spy case.

    import casefile
    casefile.tables()                  # the nine table names
    df = casefile.load("statements")   # a pandas DataFrame ("arrow" and "polars" too)
    casefile.describe("statements")    # fields, types and descriptions

Importing this module is cheap: pandas, pyarrow, pandera and frictionless load only when used.
"""
from __future__ import annotations

__version__ = "0.1.0"

from casefile.loader import connect, describe, load, load_all, package_path, tables  # noqa: E402

__all__ = ["__version__", "connect", "describe", "load", "load_all", "package_path", "tables"]
