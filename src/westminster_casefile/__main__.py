"""Entry point of the `westminster-casefile` command (and `python -m westminster_casefile`).

The loader installs with pyarrow and pandas only; the command line needs the `cli` extra (typer)
and most commands the `build` extra. This launcher imports neither, so a reader-only install gets
a sentence saying what to install instead of an ImportError traceback."""
from __future__ import annotations

import importlib.util
import sys

CLI_HINT = "pip install 'westminster-casefile[cli]'  (or '[build]' to build, validate and draft)"


def main() -> None:
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):  # answers even without the extras
        from westminster_casefile import __version__

        print(f"westminster-casefile {__version__}")
        return
    if importlib.util.find_spec("typer") is None:
        sys.stderr.write("westminster-casefile: the command line needs typer, which this install does not have.\n"
                         f"Install it with: {CLI_HINT}\n"
                         "The data itself loads without it: python -c \"import westminster_casefile as wc; "
                         "print(wc.load('statements'))\"\n")
        sys.exit(2)
    from westminster_casefile.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
