"""Shared fixtures: the real build of the real articles, made once per test session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """westminster_casefile.build.build on the repository's sources/ and annotations/, into a temp folder."""
    from westminster_casefile.build import build

    out = tmp_path_factory.mktemp("build") / "datapackage"
    return build(ROOT, out)


@pytest.fixture(scope="session")
def texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "sources").glob("*.txt"))}


@pytest.fixture
def project(tmp_path) -> Path:
    """A throwaway copy of the project inputs (sources/, annotations/, datapackage/) to break."""
    for name in ("sources", "annotations", "datapackage"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path
