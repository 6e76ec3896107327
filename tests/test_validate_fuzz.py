"""Hypothesis drives `validate` with hostile edits of a real package: random cells, random
bytes, truncations, descriptor values. It never raises, and an edit the descriptor does not
know about is never reported valid."""
from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from westminster_casefile import schema
from westminster_casefile.validate import validate

FILES = [f"{fmt}/{t}.{fmt}" for t in schema.TABLES for fmt in ("csv", "parquet")]
JUNK = st.one_of(st.binary(max_size=40), st.sampled_from([b"", b"\r\n", b'"', b",,,", b"\x00", b"\xff\xfe",
                                                         b"=cmd()", b"GB\n", b"[1,2]", b"-1", b"9" * 30]))


def _redeclare(folder, rel):
    path = folder / "datapackage.json"
    d = json.loads(path.read_text())
    for r in d["resources"]:
        if r["path"] == rel:
            data = (folder / rel).read_bytes()
            r["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
            r["bytes" if "bytes" in r else "casefile:bytes"] = len(data)
    path.write_text(json.dumps(d))


@pytest.fixture(scope="module")
def pristine(root, tmp_path_factory):
    return root / "datapackage"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rel=st.sampled_from(FILES), at=st.integers(0, 10**6), cut=st.integers(0, 64), junk=JUNK,
       redeclare=st.booleans())
def test_random_byte_edits_never_crash_and_are_never_silently_valid(pristine, tmp_path_factory, rel, at, cut, junk,
                                                                    redeclare):
    folder = tmp_path_factory.mktemp("fuzz") / "datapackage"
    shutil.copytree(pristine, folder)
    data = (folder / rel).read_bytes()
    at %= len(data) + 1
    edited = data[:at] + junk + data[at + cut:]
    (folder / rel).write_bytes(edited)
    if redeclare:
        _redeclare(folder, rel)
    problems = validate(folder)
    assert all(p.where and p.message for p in problems)
    if edited != data and not redeclare:
        assert any(p.code == "tampered" for p in problems)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.lists(st.sampled_from(["resources", 0, 3, "schema", "fields", 1, "constraints", "name", "path",
                                      "bytes", "hash", "dialect", "primaryKey", "foreignKeys", "licenses"]),
                     min_size=1, max_size=5),
       value=st.one_of(st.none(), st.integers(-5, 10**12), st.text(max_size=20), st.lists(st.integers(), max_size=2),
                       st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)))
def test_random_descriptor_edits_never_crash(pristine, tmp_path_factory, path, value):
    folder = tmp_path_factory.mktemp("fuzzd") / "datapackage"
    shutil.copytree(pristine, folder)
    d = json.loads((folder / "datapackage.json").read_text())
    node = d
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return
    try:
        if node[path[-1]] == value:
            return
        node[path[-1]] = value
    except (KeyError, IndexError, TypeError):
        return
    (folder / "datapackage.json").write_text(json.dumps(d))
    problems = validate(folder)
    assert all(p.where and p.message for p in problems)
