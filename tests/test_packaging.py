"""The wheel ships the data: installed into a fresh virtualenv, outside the repository, it loads."""
from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, root):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(root)], check=True)
    (path,) = out.glob("westminster_casefile-*.whl")
    return path


def test_wheel_contains_the_package_and_schemas(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert "westminster_casefile/_data/datapackage/datapackage.json" in names
    assert "westminster_casefile/_data/datapackage/parquet/statements.parquet" in names
    assert "westminster_casefile/_data/schemas/statements.json" in names


def test_wheel_installed_in_a_fresh_venv_loads_outside_the_repo(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The running environment's site-packages supply the dependencies (no network needed), via
    # a .pth appended after the new venv's own site-packages: westminster-casefile itself comes from the
    # wheel installed below, which is found first.
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "outer-deps.pth").write_text("\n".join(sorted(outer)) + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], check=True)
    code = ("import westminster_casefile; p = westminster_casefile.package_path(); print(p); "
            "df = westminster_casefile.load('statements'); print(len(df)); print(df.head())")
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    path, n = out.stdout.splitlines()[:2]
    assert str(env_dir) in path and "_data" in path
    assert int(n) > 0
