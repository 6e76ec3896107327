"""The release archive round trip, and the versions that must agree."""
from __future__ import annotations

import hashlib
import json
import re
import tomllib
import zipfile

from typer.testing import CliRunner

import westminster_casefile
from westminster_casefile import schema
from westminster_casefile.cli import app


def test_release_zip_round_trip(tmp_path, root):
    result = CliRunner().invoke(app, ["release", "--dist", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / f"westminster-casefile-data-{westminster_casefile.__version__}.zip"
    top = f"westminster-casefile-data-{westminster_casefile.__version__}"
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        for table in schema.TABLES:
            assert {f"{top}/csv/{table}.csv", f"{top}/parquet/{table}.parquet"} <= names
        assert {f"{top}/{n}" for n in ("datapackage.json", "README.md", "LICENSE", "CITATION.cff", "SHA256SUMS")} <= names
        zf.extractall(tmp_path / "unpacked")
    folder = tmp_path / "unpacked" / top
    # the checksums verify, as `sha256sum -c SHA256SUMS` would
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, rel = line.split("  ", 1)
        assert hashlib.sha256((folder / rel).read_bytes()).hexdigest() == digest, rel
    readme = (folder / "README.md").read_text()
    for table in schema.TABLES:
        assert f"## {table}" in readme
    assert "`prosecution_dropped`" in readme  # enum values are documented
    # westminster-casefile validate accepts the zip and the folder
    for target in (path, folder):
        check = CliRunner().invoke(app, ["validate", str(target)])
        assert check.exit_code == 0, check.output
    from frictionless import Package

    assert Package(str(folder / "datapackage.json")).validate().valid
    # deterministic: a second release is byte-identical
    again = CliRunner().invoke(app, ["release", "--dist", str(tmp_path / "again")])
    assert again.exit_code == 0
    assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes()


def test_versions_agree(root):
    descriptor = json.loads((root / "datapackage" / "datapackage.json").read_text())
    assert descriptor["version"] == westminster_casefile.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", westminster_casefile.__version__)
    changelog = (root / "CHANGELOG.md").read_text()
    first = re.search(r"^## (\S+)", changelog, re.M).group(1)
    assert first == westminster_casefile.__version__
    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    assert pyproject["tool"]["hatch"]["version"]["path"] == "src/westminster_casefile/__init__.py"
