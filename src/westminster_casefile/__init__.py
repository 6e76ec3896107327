"""westminster_casefile: a source-anchored case file of the Westminster China spy case.

    import westminster_casefile
    westminster_casefile.tables()                  # the nine table names
    df = westminster_casefile.load("statements")   # a pandas DataFrame ("arrow" and "polars" too)
    westminster_casefile.describe("statements")    # fields, types and descriptions

Importing this module is cheap: pandas, pyarrow, pandera and frictionless load only when used.
"""
from __future__ import annotations

__version__ = "0.1.0"

from westminster_casefile.loader import connect, describe, load, load_all, package_path, tables  # noqa: E402

__all__ = ["__version__", "connect", "describe", "load", "load_all", "package_path", "tables"]
