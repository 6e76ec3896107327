"""Validating a published data package: `westminster-casefile validate [PATH]`.

Checks, reporting every problem at once: the descriptor against the Data Package profile
(via frictionless, when installed), each file's bytes and sha256 as declared, every table in
both formats against its schema, the CSV and Parquet copies holding the same rows, and the
cross-table integrity of westminster_casefile.checks (evidence offsets against the articles when a
sources/ folder is at hand)."""
from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from westminster_casefile import checks, formats, schema
from westminster_casefile.problems import Problem


class PackageFiles:
    """Read access to a package in a folder or in a release zip."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.zip = None
        self.prefix = ""
        if self.path.is_file() and zipfile.is_zipfile(self.path):
            self.zip = zipfile.ZipFile(self.path)
            names = [n for n in self.zip.namelist() if n.endswith("datapackage.json")]
            self.prefix = min(names, key=len)[: -len("datapackage.json")] if names else ""
        elif self.path.is_file() and self.path.name == "datapackage.json":
            self.path = self.path.parent

    def read(self, rel: str) -> bytes | None:
        try:
            if self.zip is not None:
                return self.zip.read(self.prefix + rel)
            return (self.path / rel).read_bytes()
        except (KeyError, OSError):
            return None


def _read(table: str, fmt: str, data: bytes):
    """An Arrow table of the file, or (CSV only) the list of cells that do not parse."""
    if fmt == "parquet":
        return formats.parquet_to_arrow(data)
    try:
        return formats.csv_to_arrow(table, data)
    except ValueError:
        rows, errors = formats.from_csv(table, data)
        if errors:
            return errors
        converted, type_errors = checks.to_arrow(table, rows)
        return type_errors if converted is None else converted


def _find_texts(package_path: Path, sources_dir: Path | None) -> dict[str, str] | None:
    """The articles' texts, when a sources/ folder is beside the package (a checkout)."""
    candidates = [sources_dir] if sources_dir else [package_path.parent / "sources", Path("sources")]
    for folder in candidates:
        if folder and folder.is_dir() and any(folder.glob("*.txt")):
            return {p.stem: p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt"))}
    return None


def validate(path: Path = Path("datapackage"), sources_dir: Path | None = None,
             use_frictionless: bool = True) -> list[Problem]:
    path = Path(path)
    problems: list[Problem] = []
    if not path.exists():
        return [Problem(str(path), "does not exist", "build it with `westminster-casefile build`, or pass the package folder or zip",
                        "missing-file")]
    pkg = PackageFiles(path)
    raw = pkg.read("datapackage.json")
    if raw is None:
        return [Problem(str(path), "no datapackage.json", "pass a folder or zip holding datapackage.json", "missing-file")]
    try:
        descriptor = json.loads(raw)
    except json.JSONDecodeError as exc:
        return [Problem("datapackage.json", f"not valid JSON: {exc}", "", "bad-descriptor")]
    if use_frictionless:
        problems += _profile(descriptor)
    resources = {r.get("path"): r for r in descriptor.get("resources", [])}
    by_format: dict[str, dict[str, list[dict]]] = {"csv": {}, "parquet": {}}
    for table in schema.TABLES:
        copies = {}
        for fmt in ("csv", "parquet"):
            rel = f"{fmt}/{table}.{fmt}"
            res = resources.get(rel)
            data = pkg.read(rel)
            if res is None:
                problems.append(Problem("datapackage.json", f"no resource describes {rel}", "rebuild", "bad-descriptor"))
            if data is None:
                problems.append(Problem(rel, "missing", "rebuild with `westminster-casefile build`", "missing-file"))
                continue
            if res is not None:
                digest = "sha256:" + hashlib.sha256(data).hexdigest()
                declared = res.get("bytes", res.get("casefile:bytes"))
                if declared != len(data):
                    problems.append(Problem(rel, f"is {len(data)} bytes, datapackage.json declares {declared}",
                                            "the file was changed after the build: rebuild or restore it", "tampered"))
                if res.get("hash") != digest:
                    problems.append(Problem(rel, f"hash {digest} differs from the declared {res.get('hash')}",
                                            "the file was changed after the build: rebuild or restore it", "tampered"))
            try:
                arrow_table = _read(table, fmt, data)
            except Exception as exc:  # a corrupt file must be reported, not crash the validator
                problems.append(Problem(rel, f"cannot be read: {exc}", "rebuild with `westminster-casefile build`", "unreadable"))
                continue
            if isinstance(arrow_table, list):  # CSV cells that do not parse: per-cell messages
                problems += [Problem(rel, e, "", "schema") for e in arrow_table]
                continue
            problems += checks.check_table(table, arrow_table, rel)
            copies[fmt] = arrow_table.to_pylist()
        if len(copies) == 2 and copies["csv"] != copies["parquet"]:
            problems.append(Problem(f"{table}", "the CSV and Parquet copies hold different rows", "rebuild", "formats-differ"))
        for fmt, rows in copies.items():
            by_format[fmt][table] = rows
    texts = _find_texts(pkg.path if pkg.zip is None else pkg.path.parent, sources_dir)
    if texts:  # only the articles this package was built from: a sources/ folder of other
        # articles (say, the current folder's) must not turn into offset errors
        pinned = {r["source_id"]: r["text_sha256"] for r in by_format["parquet"].get("sources", [])}
        texts = {sid: t for sid, t in texts.items()
                 if pinned.get(sid) == hashlib.sha256(t.encode("utf-8")).hexdigest()}
    # Cross-table checks on the Parquet copy, and on the CSV copy too when it differs, so a
    # broken reference in either format is reported against the file that holds it.
    problems += checks.cross_checks(by_format["parquet"], texts, where=lambda t: f"parquet/{t}.parquet")
    if by_format["csv"] != by_format["parquet"]:
        # a CSV that could not be read is already reported; stand its Parquet twin in for it
        # so its absence does not cascade into "cites no evidence" on every other row
        csv_tables = {t: by_format["csv"].get(t, by_format["parquet"].get(t, [])) for t in schema.TABLES}
        problems += checks.cross_checks(csv_tables, texts, where=lambda t: f"csv/{t}.csv")
    return sorted(set(problems))


def _profile(descriptor: dict) -> list[Problem]:
    """Check the descriptor against the Data Package profile with frictionless."""
    try:
        from frictionless import Package
    except ImportError:
        return []
    problems = []
    try:
        report = Package.validate_descriptor(descriptor) if hasattr(Package, "validate_descriptor") else None
    except Exception as exc:  # frictionless raises FrictionlessException on a broken descriptor
        return [Problem("datapackage.json", f"does not follow the Data Package profile: {exc}", "", "bad-descriptor")]
    if report is not None and not report.valid:
        for err in report.flatten(["type", "note"]):
            problems.append(Problem("datapackage.json", f"{err[0]}: {err[1]}", "", "bad-descriptor"))
    return problems
