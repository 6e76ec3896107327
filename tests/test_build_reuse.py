"""A rebuild copies the files of unchanged tables from the package it replaces
(westminster_casefile.build.reuse), and its output is still byte for byte a fresh build's: after an
edit, when the package's files were changed behind the build's back, when the cache lies."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from westminster_casefile import schema
from westminster_casefile.build import build


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WESTMINSTER_CASEFILE_CACHE_DIR", str(folder))
    monkeypatch.delenv("WESTMINSTER_CASEFILE_CACHE", raising=False)
    return folder


def fresh(project: Path, tmp_path: Path, monkeypatch) -> dict[str, bytes]:
    """A build of `project` into a new folder, the caches off: what any rebuild must equal."""
    with monkeypatch.context() as m:
        m.setenv("WESTMINSTER_CASEFILE_CACHE", "off")
        out = tmp_path / "fresh" / "datapackage"
        result = build(project, out)
    assert result.reused == []
    return tree(out)


def test_an_unchanged_rebuild_copies_every_table_and_is_byte_identical(project, cache, root):
    first = build(project)
    assert first.reused == []  # nothing recorded yet: every table encoded (and recorded)
    again = build(project)
    assert again.reused == list(schema.TABLES)
    assert tree(project / "datapackage") == tree(root / "datapackage")


def test_after_an_edit_only_the_changed_table_is_encoded(project, cache, tmp_path, monkeypatch):
    build(project)
    path = project / "annotations" / "events.yaml"
    text = path.read_text(encoding="utf-8")
    old = "title: MI5 says it halted the activities Cash and Berry were accused of"
    assert old in text
    path.write_text(text.replace(old, old + " (edited)"), encoding="utf-8")
    result = build(project)
    assert result.reused == [t for t in schema.TABLES if t != "events"]
    assert tree(project / "datapackage") == fresh(project, tmp_path, monkeypatch)


def test_a_package_file_changed_behind_the_builds_back_is_encoded_again(project, cache, tmp_path, monkeypatch):
    build(project)
    # same size, other bytes: the package still looks like one the build wrote
    path = project / "datapackage" / "parquet" / "people.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    csv_path = project / "datapackage" / "csv" / "events.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace(b"MI5", b"MI6", 1))
    result = build(project)
    assert "people" not in result.reused and "events" not in result.reused
    assert set(result.reused) == set(schema.TABLES) - {"people", "events"}
    assert tree(project / "datapackage") == fresh(project, tmp_path, monkeypatch)


def test_a_lying_or_damaged_cache_entry_is_a_miss(project, cache, tmp_path, monkeypatch):
    build(project)
    entries = sorted((cache / "encoded").rglob("*.digests"))
    assert len(entries) == len(schema.TABLES)
    for i, entry in enumerate(entries):
        if i % 2:
            entry.write_text("{not json")
        else:
            stored = json.loads(entry.read_text())
            for rel, (size, sha) in stored["files"].items():
                stored["files"][rel] = [size, "0" * 64]
            entry.write_text(json.dumps(stored))
    result = build(project)
    assert result.reused == []
    assert tree(project / "datapackage") == fresh(project, tmp_path, monkeypatch)


def test_with_the_cache_off_nothing_is_recorded_or_copied(project, cache, monkeypatch):
    monkeypatch.setenv("WESTMINSTER_CASEFILE_CACHE", "off")
    build(project)
    assert build(project).reused == []
    assert not (cache / "encoded").exists()


def test_a_fifo_in_place_of_a_package_file_does_not_hang_the_rebuild(project, cache, tmp_path, monkeypatch):
    import os
    import signal

    build(project)
    path = project / "datapackage" / "csv" / "people.csv"
    path.unlink()
    os.mkfifo(path)
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the rebuild hung on a FIFO"))
    signal.alarm(120)
    try:
        result = build(project)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert "people" not in result.reused
    assert tree(project / "datapackage") == fresh(project, tmp_path, monkeypatch)
