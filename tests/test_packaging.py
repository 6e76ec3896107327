"""The wheel ships the data: installed into a fresh virtualenv, outside the repository, it loads."""
from __future__ import annotations

import subprocess
import sys
import venv

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


READER_DISTRIBUTIONS = {"westminster-casefile", "pyarrow", "pandas", "numpy", "python-dateutil", "six", "tzdata",
                        "pip", "setuptools", "wheel"}


@pytest.fixture(scope="module")
def reader_venv(wheel, tmp_path_factory):
    """A fresh virtualenv (no system site-packages) with the wheel and only the reader's
    dependencies, installed the way a user would, next to an older pyarrow than the build pins."""
    env_dir = tmp_path_factory.mktemp("reader") / "venv"
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel), "pyarrow<26"], check=True)
    return env_dir


def test_wheel_installs_with_only_the_readers_dependencies(reader_venv):
    python = reader_venv / "bin" / "python"
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format", "json"],
                            capture_output=True, text=True, check=True).stdout
    import json

    installed = {p["name"].lower() for p in json.loads(listed)}
    assert installed <= READER_DISTRIBUTIONS, installed - READER_DISTRIBUTIONS
    version = subprocess.run([str(python), "-c", "import pyarrow; print(pyarrow.__version__)"],
                             capture_output=True, text=True, check=True).stdout
    assert int(version.split(".")[0]) < 26


def test_wheel_loads_all_nine_tables_outside_the_repo(reader_venv, tmp_path):
    from westminster_casefile import schema

    python = reader_venv / "bin" / "python"
    code = ("import westminster_casefile as w; print(w.package_path()); "
            "[print(n, len(w.load(n)), w.load(n, format='arrow').num_rows) for n in w.tables()]")
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    path, *rows = out.stdout.splitlines()
    assert str(reader_venv) in path and "_data" in path
    counts = {name: (int(a), int(b)) for name, a, b in (r.split() for r in rows)}
    assert list(counts) == list(schema.TABLES)
    assert all(a == b > 0 for a, b in counts.values())


def test_command_without_the_cli_extra_says_what_to_install(reader_venv, tmp_path):
    command = reader_venv / "bin" / "westminster-casefile"
    version = subprocess.run([str(command), "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("westminster-casefile ")
    info = subprocess.run([str(command), "info"], capture_output=True, text=True, cwd=tmp_path)
    assert info.returncode == 2 and "Traceback" not in info.stderr
    assert "pip install 'westminster-casefile[cli]'" in info.stderr


@pytest.mark.parametrize("missing, args, extra", [
    ("yaml", ["build", "--out", "{tmp}/pkg"], "build"),
    ("yaml", ["draft", "{root}/sources/000_0746aee393909495.txt", "--published", "2025-10-04"], "build"),
    ("duckdb", ["sql", "SELECT 1"], "duckdb"),
])
def test_a_command_missing_its_extra_names_it(missing, args, extra, root, tmp_path):
    # the module is made unimportable in a real process, as it is in an install without the extra
    args = [a.format(tmp=tmp_path, root=root) for a in args]
    code = (f"import sys; sys.modules[{missing!r}] = None; sys.argv = ['westminster-casefile', *{args!r}]; "
            "from westminster_casefile.__main__ import main; main()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert out.returncode != 0 and "Traceback" not in out.stderr, out.stderr
    assert f"pip install 'westminster-casefile[{extra}]'" in out.stderr, out.stderr
    assert not (tmp_path / "pkg").exists()
