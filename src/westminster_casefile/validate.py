"""Validating a published data package: `westminster-casefile validate [PATH]`.

Checks, reporting every problem at once, root causes first:
1. the package itself: a folder or a release zip whose entries stay inside it (no `..`,
   absolute or symlink entries, no zip bomb); only regular files are read, never through a
   symlink, each after its size is checked against the declared size;
2. the descriptor against schemas/ and the build (westminster_casefile.descriptor_view), and
   every resource it declares: a file inside the package, of the declared size and sha256;
3. every table in both formats against its schema, and the CSV and Parquet copies equal;
4. integrity across tables and the derived columns recomputed (westminster_casefile.checks and
   westminster_casefile.derived), against the articles too when they are at hand.

All checks run column-wise on Arrow tables; pandas, pandera and frictionless are not imported."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from westminster_casefile import checks, descriptor_view, schema
from westminster_casefile.safety import load_json
from westminster_casefile.package_files import DESCRIPTOR_LIMIT, PackageFiles, Refused, RefusedMany
from westminster_casefile.problems import Problem

# A package file may be large (the tables of millions of rows) but not unbounded; the declared
# size is checked against this before anything is read.
FILE_LIMIT = 16 * 2**30
ARTICLE_LIMIT = 64 * 2**20
# Reported first: what makes other checks meaningless (the cause, before its knock-on effects).
ROOT_CAUSES = ("special-file", "symlink", "zip-unsafe", "zip-bomb", "bad-zip", "missing-file", "path-outside",
               "bad-descriptor", "descriptor-differs", "tampered", "too-large", "unreadable", "no-sources")


def _rank(p: Problem) -> tuple:
    return (ROOT_CAUSES.index(p.code) if p.code in ROOT_CAUSES else len(ROOT_CAUSES) + (p.code != "schema"), p.sort_key())


def _read(table: str, fmt: str, data: bytes):
    """An Arrow table of the file, or (CSV only) the list of cells that do not parse."""
    from westminster_casefile import formats

    if fmt == "parquet":  # ParquetFile: pq.read_table would import pandas for its metadata
        import pyarrow as pa
        import pyarrow.parquet as pq

        return pq.ParquetFile(pa.BufferReader(data)).read()
    try:
        return _csv_to_arrow(table, data)
    except ValueError:
        rows, errors = formats.from_csv(table, data)
        if errors:
            return errors[: checks.LIST_AT_MOST] + ([f"... and {len(errors) - checks.LIST_AT_MOST} more cells"]
                                                    if len(errors) > checks.LIST_AT_MOST else [])
        converted, type_errors = checks.to_arrow(table, rows)
        return type_errors if converted is None else converted


def _csv_to_arrow(table: str, data: bytes):
    """The CSV as an Arrow table of the declared types, parsed by Arrow: cells by its CSV
    reader, the JSON arrays of list columns by its JSON reader (not json.loads per cell).
    Raises ValueError when anything does not parse; formats.from_csv then says which cell."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.json as pajson

    declared = schema.arrow_schema(table)
    names = [f.name for f in declared]
    lists = [f.name for f in declared if pa.types.is_list(f.type)]
    column_types = {f.name: (pa.string() if f.name in lists else f.type) for f in declared}
    first_line = data[: data.find(b"\n")] if b"\n" in data else data
    try:
        header = next(csv.reader([first_line.decode("utf-8")]), [])
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ValueError(str(exc)) from None
    if header != names:
        raise ValueError("header differs from the schema")
    try:
        parsed = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(use_threads=False, column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types=column_types, null_values=[""], strings_can_be_null=True,
                                                 quoted_strings_can_be_null=True, true_values=["true"],
                                                 false_values=["false"]))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, KeyError) as exc:
        raise ValueError(str(exc)) from None
    for name in lists:
        cells = parsed.column(name)
        # each cell is a JSON array: as NDJSON {"v": <cell>} the JSON reader types them at once
        lines = "\n".join('{"v":' + (c if c else "[]") + "}" for c in cells.to_pylist()).encode("utf-8")
        if not len(cells):
            values = pa.chunked_array([], pa.list_(pa.string()))
        else:
            try:
                values = pajson.read_json(pa.BufferReader(lines), parse_options=pajson.ParseOptions(
                    explicit_schema=pa.schema([("v", pa.list_(pa.string()))]), unexpected_field_behavior="error"),
                    read_options=pajson.ReadOptions(use_threads=False)).column("v")
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise ValueError(str(exc)) from None
        if len(values) != len(cells):
            raise ValueError(f"{name}: not one JSON array per cell")
        parsed = parsed.set_column(names.index(name), name, values)
    return parsed.cast(pa.schema([f.with_nullable(True) for f in declared]))


def _texts(package_path: Path, sources_dir: Path | None, pinned: dict[str, str], problems: list[Problem]):
    """The articles this package was built from (their sha256 pinned in the sources table),
    read byte for byte as the build reads them (CRLF kept), from --sources or a sources/ folder
    beside the package. Articles whose bytes differ are left out: their offsets cannot be judged."""
    import hashlib

    if sources_dir is not None:
        if not Path(sources_dir).is_dir():
            problems.append(Problem(str(sources_dir), "--sources is not a folder", "pass the folder holding the articles "
                                    "(<source_id>.txt), or leave --sources out", "no-sources"))
            return None
        folder = Path(sources_dir)
    else:
        folder = package_path.parent / "sources"
        if not folder.is_dir():
            return None
    files = PackageFiles(folder)
    texts = {}
    for sid, digest in pinned.items():
        try:
            read = files.read(f"{sid}.txt", ARTICLE_LIMIT)
        except Refused as exc:
            if exc.problem.code != "missing-file":  # an absent article is simply not checked against
                problems.append(Problem(f"{folder.name}/{sid}.txt", exc.problem.message, "", exc.problem.code))
            continue
        if read.sha256 == digest:
            try:
                texts[sid] = read.data.decode("utf-8")
            except UnicodeDecodeError:
                pass
    if sources_dir is not None and pinned and not texts:
        problems.append(Problem(str(sources_dir), "holds none of the articles this package was built from "
                                "(no <source_id>.txt with the pinned sha256)", "", "no-sources"))
    return texts or None


def without_pandas_shim() -> None:
    """For a process that only validates (the CLI): let pyarrow settle that pandas is not
    needed. Its first pa.array/pa.scalar call imports pandas to recognise pandas objects (0.4 s
    and 70 MB, most of a small run); nothing here passes pandas objects. Not for a library
    caller: pyarrow would then treat a pandas Series' NaN as a value, not a null, until something
    imports pandas through it (Table.to_pandas does)."""
    import sys

    if "pandas" in sys.modules:
        return

    class _NoPandas:
        def find_spec(self, name, path=None, target=None):
            if name == "pandas" or name.startswith("pandas."):
                raise ImportError("not needed by validate")

    blocker = _NoPandas()
    sys.meta_path.insert(0, blocker)
    try:
        import pyarrow as pa

        pa.scalar(0)
    finally:
        sys.meta_path.remove(blocker)


def validate(path: Path = Path("datapackage"), sources_dir: Path | None = None,
             use_frictionless: bool = False) -> list[Problem]:
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return [Problem(str(path), "does not exist", "build it with `westminster-casefile build`, or pass the package folder or zip",
                        "missing-file")]
    try:
        pkg = PackageFiles(path)
    except RefusedMany as exc:
        return sorted(exc.problems, key=_rank)
    except Refused as exc:
        return [exc.problem]
    try:
        return sorted(set(_validate(pkg, sources_dir, use_frictionless)), key=_rank)
    finally:
        pkg.close()


def _validate(pkg: PackageFiles, sources_dir, use_frictionless: bool) -> list[Problem]:
    problems: list[Problem] = []
    try:
        raw = pkg.read("datapackage.json", DESCRIPTOR_LIMIT)
    except Refused as exc:
        p = exc.problem
        hint = "pass a folder or zip holding datapackage.json" if p.code == "missing-file" else p.hint
        return [Problem("datapackage.json", p.message, hint, p.code)]
    try:
        descriptor = load_json(raw.data)
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, nesting, huge integers
        return [Problem("datapackage.json", f"not valid JSON: {exc}", "", "bad-descriptor")]
    if not isinstance(descriptor, dict):
        return [Problem("datapackage.json", "is not a JSON object", "", "bad-descriptor")]
    problems += _structure(descriptor)
    problems += descriptor_view.compare(descriptor, read_json=lambda rel: _json(pkg, rel, problems))
    if use_frictionless:
        problems += _profile(descriptor)

    by_path = {}
    for res in descriptor_view.resources(descriptor):
        rel = descriptor_view.resource_path(res)
        if isinstance(rel, str):
            by_path.setdefault(rel, res)
    expected = {f"{fmt}/{t}.{fmt}" for t in schema.TABLES for fmt in ("csv", "parquet")}
    for rel, res in by_path.items():  # every resource declared, not only the tables we know
        if rel not in expected:
            _read_checked(pkg, rel, res, problems, keep=False)

    parquet_tables, csv_tables = {}, {}
    for table in schema.TABLES:
        copies = {}
        for fmt in ("csv", "parquet"):
            rel = f"{fmt}/{table}.{fmt}"
            res = by_path.get(rel)
            if res is None:
                problems.append(Problem(rel, "no resource of datapackage.json describes it", "rebuild", "bad-descriptor"))
            data = _read_checked(pkg, rel, res, problems)
            if data is None:
                continue
            try:
                arrow_table = _read(table, fmt, data)
            except Exception as exc:  # noqa: BLE001 - a corrupt file is reported, it must not crash the validator
                problems.append(Problem(rel, f"cannot be read: {str(exc)[:300]}", "rebuild with `westminster-casefile build`",
                                        "unreadable"))
                continue
            del data
            if isinstance(arrow_table, list):  # CSV cells that do not parse: per-cell messages
                problems += [Problem(rel, e, "", "schema") for e in arrow_table]
                continue
            found = checks.table_problems(table, arrow_table, rel)
            problems += found
            if not checks.type_problems(table, arrow_table):
                copies[fmt] = arrow_table
        if len(copies) == 2:
            differ = _differing_columns(table, copies["csv"], copies["parquet"])
            if differ:
                problems.append(Problem(table, f"the CSV and Parquet copies hold different rows (columns: {', '.join(differ)})",
                                        "rebuild", "formats-differ"))
                csv_tables[table] = copies["csv"]
        if "parquet" in copies:
            parquet_tables[table] = copies["parquet"]
        elif "csv" in copies:  # the Parquet copy is broken (reported): judge the rest by the CSV
            parquet_tables[table] = copies["csv"]

    texts = None
    if "sources" in parquet_tables:
        s = parquet_tables["sources"]
        pinned = dict(zip(s.column("source_id").to_pylist(), s.column("text_sha256").to_pylist()))
        pinned = {k: v for k, v in pinned.items() if isinstance(k, str) and isinstance(v, str)}
        base = pkg.path if pkg.zip is None else pkg.path.parent
        texts = _texts(base, sources_dir, pinned, problems)
    elif sources_dir is not None and not Path(sources_dir).is_dir():
        problems.append(Problem(str(sources_dir), "--sources is not a folder", "", "no-sources"))

    # Cross-table checks on the Parquet copy, and on the CSV copy of the tables that differ from
    # it (the other tables standing in), so a broken reference is reported against its file.
    # (The descriptor's foreign keys point at the CSV resources, so a row of any table whose
    # reference breaks only in the CSV copy is reported too, once, against the CSV file.)
    found = checks.cross_checks(parquet_tables, texts, where=lambda t: f"parquet/{t}.parquet")
    problems += found
    if csv_tables:
        seen = {(_key(p), p.message) for p in found}
        mixed = {**parquet_tables, **csv_tables}
        problems += [p for p in checks.cross_checks(mixed, texts, where=lambda t: f"csv/{t}.csv")
                     if (_key(p), p.message) not in seen]
    return problems


def _key(p: Problem) -> str:
    """The row a problem is about, without the file it was found in."""
    where = p.where.split(" ", 1)
    table = where[0].rsplit("/", 1)[-1].split(".")[0]
    return f"{table} {where[1] if len(where) > 1 else ''}"


def _read_checked(pkg: PackageFiles, rel, res: dict | None, problems: list[Problem], keep: bool = True) -> bytes | None:
    """The bytes of a declared file, after checking its path, declared size and hash."""
    declared = descriptor_view.declared_bytes(res) if res is not None else None
    if res is not None and (not isinstance(declared, int) or isinstance(declared, bool) or declared < 0):
        problems.append(Problem(str(rel), f"datapackage.json declares no valid size ({declared!r})", "rebuild", "bad-descriptor"))
        declared = None
    try:
        size = pkg.size(rel)
        if declared is not None and size != declared:
            problems.append(Problem(rel, f"is {size} bytes, datapackage.json declares {declared}",
                                    "the file was changed after the build: rebuild or restore it", "tampered"))
            if size > declared:  # not read: nothing bounds it but the file itself
                return None
        if size > FILE_LIMIT:
            problems.append(Problem(rel, f"is {size} bytes, more than the validator reads ({FILE_LIMIT})", "", "too-large"))
            return None
        read = pkg.read(rel, size, keep=keep)
    except Refused as exc:
        problems.append(exc.problem)
        return None
    if res is not None:
        digest = "sha256:" + read.sha256
        if descriptor_view.declared_hash(res) != digest:
            problems.append(Problem(rel, f"hash {digest} differs from the declared {descriptor_view.declared_hash(res)}",
                                    "the file was changed after the build: rebuild or restore it", "tampered"))
    return read.data


def _json(pkg: PackageFiles, rel: str, problems: list[Problem]):
    try:
        return load_json(pkg.read(rel, DESCRIPTOR_LIMIT).data)
    except Refused as exc:
        problems.append(exc.problem)
    except ValueError as exc:
        problems.append(Problem(rel, f"not valid JSON: {exc}", "", "bad-descriptor"))
    return None


def _structure(descriptor: dict) -> list[Problem]:
    """The parts of the Data Package profile a reader relies on: named resources with a path."""
    out = []
    res = descriptor.get("resources")
    if not isinstance(res, list) or not res:
        return [Problem("datapackage.json", "`resources` must be a non-empty list", "rebuild", "bad-descriptor")]
    names = []
    for i, r in enumerate(res):
        if not isinstance(r, dict):
            out.append(Problem("datapackage.json", f"resource {i} is not an object", "rebuild", "bad-descriptor"))
            continue
        if not isinstance(r.get("name"), str) or not r["name"]:
            out.append(Problem("datapackage.json", f"resource {i} has no name", "rebuild", "bad-descriptor"))
        names.append(r.get("name"))
        if not isinstance(r.get("path"), str):
            out.append(Problem("datapackage.json", f"resource {r.get('name', i)!r} has no single `path`",
                               "each resource is one file of the package", "bad-descriptor"))
    dups = sorted({n for n in names if isinstance(n, str) and names.count(n) > 1})
    if dups:
        out.append(Problem("datapackage.json", f"resource names repeat: {', '.join(dups)}", "rebuild", "bad-descriptor"))
    return out


def _differing_columns(table: str, a, b) -> list[str]:
    """Columns whose values differ between two Arrow tables of the same schema."""
    if a.num_rows != b.num_rows:
        return ["(row count)"]
    return [name for name in schema.field_names(table) if not a.column(name).equals(b.column(name))]


def _profile(descriptor: dict) -> list[Problem]:
    """Optionally, the descriptor against the Data Package profile with frictionless."""
    try:
        from frictionless import Package
    except ImportError:
        return []
    try:
        report = Package.validate_descriptor(descriptor) if hasattr(Package, "validate_descriptor") else None
    except Exception as exc:  # noqa: BLE001 - frictionless raises FrictionlessException on a broken descriptor
        return [Problem("datapackage.json", f"does not follow the Data Package profile: {exc}", "", "bad-descriptor")]
    if report is None or report.valid:
        return []
    return [Problem("datapackage.json", f"{err[0]}: {err[1]}", "", "bad-descriptor") for err in report.flatten(["type", "note"])]
