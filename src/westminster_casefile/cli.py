"""The `westminster-casefile` command: a thin layer over westminster_casefile.build, westminster_casefile.validate and the loader.

Results go to stdout, progress to stderr; every failure exits non-zero with a readable message
(never a traceback). Heavy libraries are imported inside the commands so `--help` is instant."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(help="Build, validate and query the westminster-casefile data package.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def _report(problems, fmt: OutputFormat, ok_message: str, extra: dict | None = None) -> None:
    """Print the problems (or the success message) and exit 1 when there are problems."""
    if fmt == OutputFormat.json:
        typer.echo(json.dumps({"valid": not problems, "problems": [p.to_dict() for p in problems], **(extra or {})},
                              indent=2, ensure_ascii=False, default=str))
    elif problems:
        for p in problems:
            typer.echo(str(p), err=False)
        typer.echo(f"\n{len(problems)} problem(s) found.", err=True)
    else:
        typer.echo(ok_message)
    if problems:
        raise typer.Exit(1) from None


def _root(root: Optional[Path]) -> Path:
    if root:
        return root
    here = Path.cwd()
    for candidate in (here, *here.parents):
        if (candidate / "sources" / "sources.yaml").is_file() and (candidate / "annotations").is_dir():
            return candidate
    return here


@app.command()
def build(
    root: Optional[Path] = typer.Option(None, help="Project root holding sources/ and annotations/ (default: found from the current folder)."),
    out: Optional[Path] = typer.Option(None, help="Where to write the package (default: ROOT/datapackage)."),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text for people, json for machines."),  # noqa: A002
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress messages on stderr."),
):
    """Build datapackage/ from sources/ and annotations/: anchor every quote, resolve dates,
    derive mentions, check every table, then write CSV + Parquet + datapackage.json atomically."""
    from westminster_casefile.build import build as run_build
    from westminster_casefile.problems import ProblemsFound

    root = _root(root)
    try:
        result = run_build(root, out, quiet=quiet or format == OutputFormat.json)
    except ProblemsFound as exc:
        _report(exc.problems, format, "")
        return
    counts = result.counts()
    if format == OutputFormat.json:
        _report([], format, "", {"out": str(result.out), "rows": counts})
    else:
        typer.echo(f"built {result.out}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


@app.command()
def validate(
    path: Path = typer.Argument(Path("datapackage"), help="A package folder, its datapackage.json, or a release zip."),
    sources: Optional[Path] = typer.Option(None, help="Folder of the articles, to check evidence offsets (default: sources/ beside the package)."),
    json_output: bool = typer.Option(False, "--json", help="Machine-readable output (same as --format json)."),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text or json."),  # noqa: A002
):
    """Validate a data package (folder, datapackage.json or release zip): only regular files
    inside it are read, sizes checked first; the descriptor against schemas/; sizes and hashes
    of every declared resource; both formats against the schemas; CSV = Parquet; cross-table
    integrity, dates and derived columns; offsets against the articles when at hand. Reports
    every problem, root causes first; exits 1 if any."""
    import os

    fresh = "pyarrow" not in sys.modules  # a process of its own, not a caller's (tests, notebooks)
    if fresh:
        # Arrow's default allocator keeps freed buffers (each file's bytes, each CSV copy once
        # compared); the system one returns them, and the peak memory of a run drops by a third.
        os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    from westminster_casefile.validate import validate as run_validate, without_pandas_shim

    if fresh:
        without_pandas_shim()

    fmt = OutputFormat.json if json_output else format
    if fmt == OutputFormat.text:
        typer.echo(f"validating {path} ...", err=True)
    problems = run_validate(path, sources)
    _report(problems, fmt, f"{path}: valid")


@app.command()
def info():
    """Version, license, tables with row counts, and sources."""
    import westminster_casefile

    try:
        path = westminster_casefile.package_path()
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    descriptor = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    typer.echo(f"westminster-casefile {westminster_casefile.__version__} (dataset {descriptor.get('version')})")
    typer.echo(f"package: {path}")
    typer.echo("license: " + ", ".join(lic["name"] for lic in descriptor.get("licenses", [])))
    import pyarrow.parquet as pq

    typer.echo("tables:")
    for name in westminster_casefile.tables():
        rows = pq.ParquetFile(path / "parquet" / f"{name}.parquet").metadata.num_rows
        typer.echo(f"  {name:<20} {rows:>6} rows")
    typer.echo("sources:")
    for row in westminster_casefile.load("sources", format="arrow").to_pylist():
        when = row["published_start"] if row["published_precision"] == "day" else \
            f"{row['published_start']}..{row['published_end']}"
        typer.echo(f"  {row['source_id']}  {row['publisher'] or '(publisher unknown)'}, {when}"
                   + ("  [translated]" if row["translated"] else ""))


@app.command()
def release(
    package: Optional[Path] = typer.Option(None, help="The package folder to release (default: the checkout's or installed datapackage/)."),
    dist: Path = typer.Option(Path("dist"), help="Folder to write the zip into."),
):
    """Write dist/casefile-data-<version>.zip: datapackage.json, csv/, parquet/, README (the data
    dictionary), LICENSE, CITATION.cff and SHA256SUMS. Validates the package first."""
    import westminster_casefile
    from westminster_casefile.release import write_release
    from westminster_casefile.validate import validate as run_validate

    package = package or westminster_casefile.package_path()
    typer.echo(f"validating {package} ...", err=True)
    problems = run_validate(package)
    if problems:
        _report(problems, OutputFormat.text, "")
    path = write_release(package, dist)
    typer.echo(str(path))


class SqlFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def sql(
    query: str = typer.Argument(..., help='SQL over all nine tables, e.g. "SELECT kind, count(*) FROM statements GROUP BY 1".'),
    format: SqlFormat = typer.Option(SqlFormat.table, "--format", help="table, csv or json."),  # noqa: A002
):
    """Query every table at once with DuckDB (needs the duckdb extra)."""
    import westminster_casefile

    try:
        con = westminster_casefile.connect()
    except ImportError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    import duckdb

    try:
        cursor = con.execute(query)
    except duckdb.Error as exc:
        typer.echo(f"error: {str(exc).splitlines()[0]}", err=True)
        raise typer.Exit(1) from None
    columns = [d[0] for d in cursor.description or []]
    rows = cursor.fetchall()
    if format == SqlFormat.json:
        typer.echo(json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=2, default=str))
    elif format == SqlFormat.csv:
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if v is None else (json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v)
                           for v in r] for r in rows])
        typer.echo(buf.getvalue(), nl=False)
    else:
        text = [[("" if v is None else str(v)) for v in r] for r in rows]
        widths = [min(60, max([len(c)] + [len(r[i]) for r in text])) for i, c in enumerate(columns)]
        line = lambda cells: "  ".join(c[:w].ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
        typer.echo(line(columns))
        typer.echo(line(["-" * w for w in widths]))
        for r in text:
            typer.echo(line(r))
        typer.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)


@app.command()
def draft(
    article: Path = typer.Argument(..., help="The article's text file (UTF-8)."),
    published: str = typer.Option(..., help="Publication date: YYYY-MM-DD, YYYY-MM, YYYY, or a range A/B."),
    publisher: Optional[str] = typer.Option(None, help="The outlet, if known (recorded in the header)."),
    out: Optional[Path] = typer.Option(None, help="Write the draft here instead of stdout."),
    root: Optional[Path] = typer.Option(None, help="Project root whose annotations name the known people and institutions."),
):
    """Draft candidate annotations for a new article: quotations and reported speech with their
    likely speakers, known and new names, dates resolved. A person confirms them; nothing is a fact yet."""
    import hashlib

    from westminster_casefile.add_source import next_source_id
    from westminster_casefile.build import dates
    from westminster_casefile.draft import Drafter, known_entities, to_yaml

    try:
        raw = article.read_bytes()
        text = raw.decode("utf-8")
    except OSError as exc:
        typer.echo(f"error: cannot read {article}: {exc.strerror}", err=True)
        raise typer.Exit(1) from None
    except UnicodeDecodeError as exc:
        typer.echo(f"error: {article} is not UTF-8 ({exc.reason} at byte {exc.start}); convert it first", err=True)
        raise typer.Exit(1) from None
    try:
        span = dates.parse_value(published)
    except ValueError as exc:
        typer.echo(f"error: --published: {exc}", err=True)
        raise typer.Exit(1) from None
    project = _root(root)
    digest = hashlib.sha256(raw).hexdigest()
    sources_dir = project / "sources"
    source_id = next((p.stem for p in sources_dir.glob("*.txt") if hashlib.sha256(p.read_bytes()).hexdigest() == digest),
                     None) if sources_dir.is_dir() else None
    source_id = source_id or (next_source_id(sources_dir, digest) if sources_dir.is_dir() else f"000_{digest[:16]}")
    typer.echo(f"drafting {article} as {source_id} ...", err=True)
    drafter = Drafter(*known_entities(project if (project / "annotations").is_dir() else None))
    result = drafter.draft(source_id, text, span)
    yaml_text = to_yaml(result, published + (f", {publisher}" if publisher else ""))
    if out:
        from westminster_casefile.fsutil import write_file_atomic

        write_file_atomic(out, yaml_text.encode("utf-8"))
        typer.echo(f"wrote {out}: {len(result.statements)} statement candidates, "
                   f"{len(result.unresolved)} unresolved", err=True)
    else:
        typer.echo(yaml_text, nl=False)


@app.command("add-source")
def add_source_command(
    article: Path = typer.Argument(..., help="The article's text file (UTF-8)."),
    published: str = typer.Option(..., help="Publication date: YYYY-MM-DD, YYYY-MM, YYYY, or a range A/B."),
    published_basis: str = typer.Option("stated_in_text", help="How the date is known (see schemas/sources.json)."),
    publisher: Optional[str] = typer.Option(None, help="The outlet that published it."),
    publisher_basis: Optional[str] = typer.Option(None, help="How the publisher is known (default: stated_in_text if given)."),
    title: Optional[str] = typer.Option(None, help="The headline."),
    url: Optional[str] = typer.Option(None, help="A URL the text gives."),
    language: str = typer.Option("en", help="Language of the text (two letters)."),
    translated: bool = typer.Option(False, "--translated", help="The text is a translation."),
    note: Optional[str] = typer.Option(None, help="How the date and publisher are known."),
    root: Optional[Path] = typer.Option(None, help="Project root (default: found from the current folder)."),
):
    """Copy an article into sources/ under a new id, pin its sha256 and append its metadata to
    sources/sources.yaml. Refuses an article already there."""
    from westminster_casefile.add_source import add_source
    from westminster_casefile.problems import ProblemsFound

    try:
        source_id = add_source(_root(root), article, published=published, published_basis=published_basis,
                               publisher=publisher, publisher_basis=publisher_basis, title=title, url=url,
                               language=language, translated=translated, note=note)
    except ProblemsFound as exc:
        _report(exc.problems, OutputFormat.text, "")
        return
    typer.echo(source_id)


def main() -> None:  # console-script entry point
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted; nothing was written\n")
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly; CASEFILE_DEBUG=1 shows the traceback
        import os

        if os.environ.get("CASEFILE_DEBUG"):
            raise
        sys.stderr.write(f"casefile: internal error: {type(exc).__name__}: {exc}\n"
                         "(set CASEFILE_DEBUG=1 to see the traceback, and please report it)\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
