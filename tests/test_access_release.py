"""The release workflow: its release steps run here as they run on a tag, and give the assets
the README's "Get the data" promises."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import westminster_casefile


@pytest.fixture(scope="module")
def workflow(root):
    return yaml.safe_load((root / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))


def _step(workflow, name: str) -> str:
    steps = workflow["jobs"]["release"]["steps"]
    return next(s["run"] for s in steps if s.get("name") == name)


def _run(script: str, cwd: Path, tag: str):
    env = {**os.environ, "GITHUB_REF_NAME": tag,
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True, text=True)


def test_runs_on_version_tags_and_may_publish(workflow):
    assert workflow[True]["push"]["tags"] == ["v*"]  # YAML 1.1 reads the key `on` as True
    assert workflow["permissions"] == {"contents": "write"}
    publish = _step(workflow, "Publish the GitHub release")
    assert 'gh release create "$GITHUB_REF_NAME" dist/*' in publish


def test_a_tag_that_is_not_the_version_stops_the_release(workflow, tmp_path):
    check = _step(workflow, "The tag names the package version")
    assert _run(check, tmp_path, f"v{westminster_casefile.__version__}").returncode == 0
    wrong = _run(check, tmp_path, "v9.9.9")
    assert wrong.returncode == 1 and "does not match" in wrong.stderr


def test_release_step_gives_the_promised_assets(workflow, root, tmp_path):
    pytest.importorskip("sqlite_utils")
    shutil.copytree(root / "datapackage", tmp_path / "datapackage")
    version = westminster_casefile.__version__
    result = _run(_step(workflow, "Release zip, SQLite database and checksums"), tmp_path, f"v{version}")
    assert result.returncode == 0, result.stderr[-2000:]
    dist = tmp_path / "dist"
    assert sorted(p.name for p in dist.iterdir()) == sorted([
        f"westminster-casefile-data-{version}.zip", f"westminster-casefile-{version}.db",
        f"westminster-casefile-{version}.metadata.json", "SHA256SUMS"])
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == 3
    import zipfile

    names = zipfile.ZipFile(dist / f"westminster-casefile-data-{version}.zip").namelist()
    top = f"westminster-casefile-data-{version}/"
    assert {top + n for n in ("datapackage.json", "README.md", "LICENSE", "CITATION.cff", "SHA256SUMS",
                              "schemas/statements.json", "csv/statements.csv", "parquet/statements.parquet")} <= set(names)
