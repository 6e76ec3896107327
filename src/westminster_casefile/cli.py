"""The `westminster-casefile` command: a thin layer over westminster_casefile.build, westminster_casefile.validate and the loader.

Results go to stdout, progress to stderr; every failure exits non-zero with a readable message
(never a traceback). Heavy libraries are imported inside the commands so `--help` is instant."""
from __future__ import annotations

import json
import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(help="Build, validate and query the westminster-casefile data package.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _version(value: bool) -> None:
    if value:
        from westminster_casefile import __version__

        typer.echo(f"westminster-casefile {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                       help="Print the version and exit.")):
    """Build, validate and query the westminster-casefile data package."""


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
    allow_shrink: bool = typer.Option(False, "--allow-shrink", help="Allow a build that empties a table or drops more than half the rows of the package it replaces."),
):
    """Build datapackage/ from sources/ and annotations/: anchor every quote, resolve dates,
    derive mentions, check every table, then write CSV + Parquet + datapackage.json atomically."""
    fresh = "pyarrow" not in sys.modules  # a process of its own (see validate below)
    if fresh:
        # As for validate: freed Arrow buffers (each table's encoded files) go back to the system,
        # and pyarrow does not import pandas (0.4 s) to learn that no pandas objects are passed.
        os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    from westminster_casefile.build import build as run_build
    from westminster_casefile.problems import ProblemsFound

    if fresh:
        from westminster_casefile.validate import without_pandas_shim

        without_pandas_shim()
    root = _root(root)
    try:
        result = run_build(root, out, quiet=quiet or format == OutputFormat.json, allow_shrink=allow_shrink)
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
    try:
        _info(path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:  # pyarrow's errors are among these
        typer.echo(f"error: the package in {path} is damaged ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
                   f"run `westminster-casefile validate {path}` for every problem, or rebuild it", err=True)
        raise typer.Exit(1) from None


def _info(path: Path) -> None:
    import westminster_casefile
    from westminster_casefile.safety import load_json, read_regular

    descriptor = load_json(read_regular(path / "datapackage.json", 16 * 1024 * 1024))
    if not isinstance(descriptor, dict):
        raise ValueError("datapackage.json is not a JSON object")
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
    """Write dist/westminster-casefile-data-<version>.zip: datapackage.json, csv/, parquet/, README (the data
    dictionary), LICENSE, CITATION.cff and SHA256SUMS. Validates the package first."""
    import westminster_casefile
    from westminster_casefile import safety
    from westminster_casefile.release import write_release
    from westminster_casefile.validate import validate as run_validate

    from westminster_casefile.problems import ProblemsFound

    try:
        package = package or westminster_casefile.package_path()
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"validating {package} ...", err=True)
    problems = run_validate(package)
    if problems:
        _report(problems, OutputFormat.text, "")
    if os.path.lexists(dist) and not dist.is_dir():
        typer.echo(f"error: --dist {dist} exists and is not a folder; give a folder for the zip", err=True)
        raise typer.Exit(1)
    try:
        safety.check_outside(dist, safety.project_folders(_root(None)))
        path = write_release(package, dist)
    except ProblemsFound as exc:
        _report(exc.problems, OutputFormat.text, "")
        return
    except OSError as exc:  # --dist not writable, a file where a folder should be, disk full
        typer.echo(f"error: cannot write {exc.filename or dist}: {exc.strerror}", err=True)
        raise typer.Exit(1) from None
    typer.echo(str(path))


class SqlFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def sql(
    query: str = typer.Argument(..., help='SQL over all nine tables, e.g. "SELECT kind, count(*) FROM statements GROUP BY 1".'),
    format: SqlFormat = typer.Option(SqlFormat.table, "--format", help="table, csv or json."),  # noqa: A002
    package: Optional[Path] = typer.Option(None, help="A package folder (default: the installed or checkout datapackage/)."),
):
    """Query every table at once with DuckDB (needs the duckdb extra). Read-only and sandboxed:
    no file, URL, extension or setting can be reached from the query."""
    import westminster_casefile

    try:
        import duckdb
    except ImportError:
        typer.echo("error: sql needs duckdb: pip install 'westminster-casefile[duckdb]'", err=True)
        raise typer.Exit(1) from None
    try:
        con = westminster_casefile.connect(package)
    except (OSError, ValueError, duckdb.Error) as exc:  # a missing or damaged package: say which, no traceback
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        typer.echo(f"error: cannot read the package{f' {package}' if package else ''}: {first}\n"
                   "rebuild it with `westminster-casefile build`, or check it with `westminster-casefile validate`", err=True)
        raise typer.Exit(1) from None

    # Read-only by DuckDB's own parser: each statement's type, not a filter on the SQL text.
    try:
        statements = con.extract_statements(query)
    except duckdb.Error as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    if not statements:
        typer.echo('error: no SQL statement given, e.g. "SELECT * FROM people"', err=True)
        raise typer.Exit(1)
    for statement in statements:
        if statement.type not in (duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN):
            typer.echo(f"error: sql is read-only: {statement.type.name} statements are refused "
                       f"({statement.query.strip()[:60]!r}); use SELECT", err=True)
            typer.echo("sql reads the package's nine tables only: files, URLs, ATTACH, extensions, "
                       "settings and changes to the tables are refused (see SECURITY.md).", err=True)
            raise typer.Exit(1)
    for number, statement in enumerate(statements):
        if len(statements) > 1:  # every statement's result, each under its own heading
            typer.echo(("\n" if number else "") + f"-- statement {number + 1}: {_escape(statement.query.strip())}",
                       err=format != SqlFormat.table)
        try:
            cursor = con.execute(statement)
        except duckdb.Error as exc:
            # DuckDB's whole message: it carries "Did you mean ...?", candidate columns and a caret
            # under the offending part of the query.
            typer.echo(f"error: {exc}", err=True)
            if isinstance(exc, duckdb.PermissionException) or "configuration has been locked" in str(exc):
                typer.echo("sql reads the package's nine tables only: files, URLs, ATTACH, extensions and "
                           "settings are switched off (see SECURITY.md).", err=True)
            raise typer.Exit(1) from None
        _print_result(cursor, format)


def _print_result(cursor, format) -> None:  # noqa: A002
    columns = [d[0] for d in cursor.description or []]
    rows = cursor.fetchall()
    if format == SqlFormat.json:
        text = json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=2, default=str)
        typer.echo(_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text))  # JSON escapes: data kept
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
        typer.echo(_text_table(columns, rows), nl=False)
        typer.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)


# Characters that must never reach a terminal raw: C0 (but tab) and C1 controls, DEL, the
# line/paragraph separators and the bidi embeddings, overrides and isolates (they retitle the
# terminal, ring it, or reorder what is displayed).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(text: str) -> str:
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def _text_table(columns: list[str], rows: list[tuple]) -> str:
    """Aligned columns, every cell in full (a quotation cut short would misquote): lists as JSON,
    line breaks inside a cell shown as \\n so one row stays one line."""
    def cell(v) -> str:
        if v is None:
            return ""
        text = json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else str(v)
        return _escape(text)

    text = [[cell(v) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in text]) for i, c in enumerate(columns)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip() + "\n"  # noqa: E731
    return line(columns) + line(["-" * w for w in widths]) + "".join(line(r) for r in text)


export_app = typer.Typer(help="Write the case in other tools' formats: sqlite (+ Datasette metadata), ftm (FollowTheMoney), graph (GEXF), timeline (SVG).",
                         no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("sqlite")
def export_sqlite_command(
    out: Path = typer.Option(Path("westminster-casefile.db"), "--out", help="The SQLite file to write."),
    force: bool = typer.Option(False, "--force", help="Replace --out even if it is not an earlier export."),
    package: Optional[Path] = typer.Option(None, help="The package folder (default: the installed or checkout datapackage/)."),
):
    """One SQLite database of all nine tables (types, primary and foreign keys, indexes, full-text
    search over statement text and evidence quotes) and a Datasette metadata file beside it:
    datasette serve westminster-casefile.db --metadata westminster-casefile.metadata.json"""
    from rich.console import Console
    from rich.progress import Progress

    from westminster_casefile.exports.sqlite import ExportError, export_sqlite

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("exporting", total=9)

        def step(table: str) -> None:
            bar.update(task, advance=1, description=f"exporting {table}")

        try:
            result = export_sqlite(out, force=force, package=package, progress=step)
        except ExportError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"wrote {result.database} ({sum(result.rows.values())} rows in {len(result.rows)} tables) "
               f"and {result.metadata}")
    typer.echo(f"open it: datasette serve {result.database} --metadata {result.metadata}", err=True)


@app.command()
def draft(
    article: Path = typer.Argument(..., help="The article's text file (UTF-8)."),
    published: str = typer.Option(..., help="Publication date: YYYY-MM-DD, YYYY-MM, YYYY, or a range A/B."),
    publisher: Optional[str] = typer.Option(None, help="The outlet, if known (recorded in the header)."),
    out: Optional[Path] = typer.Option(None, help="Write the draft to this new file instead of stdout (never inside annotations/, sources/ or datapackage/)."),
    force: bool = typer.Option(False, "--force", help="Let --out replace an existing file."),
    root: Optional[Path] = typer.Option(None, help="Project root whose annotations name the known people and institutions."),
):
    """Draft candidate annotations for a new article: quotations and reported speech with their
    likely speakers, known and new names, dates resolved. A person confirms them; nothing is a fact yet."""
    import hashlib

    from westminster_casefile.add_source import next_source_id
    from westminster_casefile.build import dates
    from westminster_casefile.draft import Drafter, known_entities, to_yaml

    from westminster_casefile.safety import read_regular

    try:
        raw = read_regular(article, follow=True)
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
    if out:
        from westminster_casefile import safety
        from westminster_casefile.problems import ProblemsFound

        out = safety.normalise(out)
        try:  # checked before drafting, so a refused --out costs nothing
            safety.check_new_file(out, safety.project_folders(project), force)
        except ProblemsFound as exc:
            _report(exc.problems, OutputFormat.text, "")
    digest = hashlib.sha256(raw).hexdigest()
    sources_dir = project / "sources"
    def pinned(p: Path) -> str:  # a FIFO, link or unreadable file in sources/ is not this article
        try:
            return hashlib.sha256(read_regular(p)).hexdigest()
        except OSError:
            return ""

    source_id = next((p.stem for p in sources_dir.glob("*.txt") if pinned(p) == digest),
                     None) if sources_dir.is_dir() else None
    source_id = source_id or (next_source_id(sources_dir, digest) if sources_dir.is_dir() else f"000_{digest[:16]}")
    typer.echo(f"drafting {article} as {source_id} ...", err=True)
    drafter = Drafter(*known_entities(project if (project / "annotations").is_dir() else None))
    result = drafter.draft(source_id, text, span)
    publisher = " ".join(publisher.split()) if publisher else None  # one line: it goes in a comment
    yaml_text = to_yaml(result, published + (f", {publisher}" if publisher else ""))
    if out:
        from westminster_casefile.fsutil import write_file_atomic

        write_file_atomic(out, yaml_text.encode("utf-8"), overwrite=force)
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


@app.command()
def site(
    out: Path = typer.Option(Path("site"), "--out", help="Folder to write the site into (replaced only if empty or a site written by this command)."),
    sources: Optional[Path] = typer.Option(None, help="The articles, for the sentence around each quotation (default: the checkout's sources/ if any; used only when their sha256 matches)."),
    quotes_only: bool = typer.Option(False, "--quotes-only", help="Show the quoted words alone, without the sentence around them."),
):
    """Write a self-contained static website of the case (timeline, people, institutions,
    statements, network, sources; no server or network needed): open OUT/index.html."""
    from westminster_casefile.site import SiteError, build_site

    from westminster_casefile import safety
    from westminster_casefile.problems import ProblemsFound

    if sources is not None and not sources.is_dir():
        typer.echo(f"error: --sources {sources} is not a folder", err=True)
        raise typer.Exit(1)
    try:
        safety.check_outside(out, safety.project_folders(_root(None)))
    except ProblemsFound as exc:
        _report(exc.problems, OutputFormat.text, "")
    try:
        path = build_site(out, sources_dir=sources, context=not quotes_only)
    except SiteError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except ImportError as exc:
        typer.echo(f"error: {exc}; the site needs: pip install 'westminster-casefile[site]'", err=True)
        raise typer.Exit(1) from None
    typer.echo(str(path / "index.html"))


def _export(kind: str, out: Path, write, force: bool = False) -> None:
    """Checks shared by the file exports: never inside the curated or built folders, never over
    a link, FIFO, device or folder, never over an existing file without --force."""
    from westminster_casefile import safety
    from westminster_casefile.fsutil import WriteRefused
    from westminster_casefile.problems import ProblemsFound

    out = safety.normalise(out)
    project = _root(None)
    try:
        safety.check_new_file(out, safety.project_folders(project), force)
    except ProblemsFound as exc:
        _report(exc.problems, OutputFormat.text, "")
    try:
        path = write(out, overwrite=force)
    except WriteRefused as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except ImportError as exc:
        extra = {"ftm": "ftm", "graph": "graph", "timeline": "site"}[kind]
        typer.echo(f"error: {exc}; the {kind} export needs: pip install 'westminster-casefile[{extra}]'", err=True)
        raise typer.Exit(1) from None
    typer.echo(str(path))


FORCE_EXPORT = typer.Option(False, "--force", help="Let --out replace an existing regular file.")


@export_app.command("ftm")
def export_ftm(out: Path = typer.Option(Path("westminster-casefile.ftm.json"), "--out", help="The JSON-lines file to write."), force: bool = FORCE_EXPORT):
    """FollowTheMoney entities (Article, Person, Organization/PublicBody, Membership, Employment,
    Event, Note ...), one JSON object per line, with provenance on each (proof, publisher, row id,
    evidence). Validated with the followthemoney library; opens in Aleph (`ftm validate` accepts it)."""
    from westminster_casefile.exports.ftm import FtmError, write_ftm

    try:
        _export("ftm", out, write_ftm, force)
    except FtmError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


@export_app.command("graph")
def export_graph(out: Path = typer.Option(Path("westminster-casefile.gexf"), "--out", help="The GEXF file to write."), force: bool = FORCE_EXPORT):
    """People, institutions and events with their links (roles, participation, statements), as GEXF
    for Gephi; every node and edge names its row id and sources."""
    from westminster_casefile.exports.graph import write_gexf

    _export("graph", out, write_gexf, force)


@export_app.command("timeline")
def export_timeline(out: Path = typer.Option(Path("westminster-casefile-timeline.svg"), "--out", help="The SVG file to write."), force: bool = FORCE_EXPORT):
    """The events as a timeline picture (SVG): days as points, months/years/ranges as spans,
    undated events listed apart, status by colour and pattern."""
    from westminster_casefile.exports.timeline import write_timeline

    _export("timeline", out, write_timeline, force)


# The module a command may miss -> the extra that provides it (see pyproject.toml).
EXTRAS = {"yaml": "build", "pandera": "build", "frictionless": "build", "duckdb": "duckdb",
          "polars": "polars", "sqlite_utils": "sqlite",
          "jinja2": "site", "scipy": "site", "networkx": "graph", "followthemoney": "ftm"}


def main() -> None:  # console-script entry point
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted; nothing was written\n")
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly; WESTMINSTER_CASEFILE_DEBUG=1 shows the traceback
        # ...unless it is a command whose tools are in an extra this install lacks: name the extra.
        extra = EXTRAS.get((getattr(exc, "name", None) or "").split(".")[0])
        if isinstance(exc, ModuleNotFoundError) and extra:
            sys.stderr.write(f"westminster-casefile: this command needs {exc.name}, which is not installed.\n"
                             f"Install it with: pip install 'westminster-casefile[{extra}]'\n")
            sys.exit(2)
        import os

        if os.environ.get("WESTMINSTER_CASEFILE_DEBUG"):
            raise
        sys.stderr.write(f"westminster-casefile: internal error: {type(exc).__name__}: {exc}\n"
                         "(set WESTMINSTER_CASEFILE_DEBUG=1 to see the traceback, and please report it)\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
