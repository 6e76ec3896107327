"""Guarantees: atomic writes, reproducible builds from anywhere, robustness to random edits,
and validation that finds every problem frictionless finds."""
from __future__ import annotations

import copy
import hashlib
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from westminster_casefile import swap, yamlio
from westminster_casefile.build import assemble_tables, build, package
from westminster_casefile.problems import ProblemsFound
from westminster_casefile.validate import validate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from corrupt import CORRUPTED_TABLES, corrupt  # noqa: E402  (shared with the scale benchmark)


def digest_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_interrupted_write_leaves_the_previous_package_intact(project, monkeypatch):
    before = digest_tree(project / "datapackage")
    real_fsync = swap.os.fsync
    calls = {"n": 0}

    def dying_fsync(fd):
        calls["n"] += 1
        if calls["n"] == 7:  # part-way through writing the new files
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(swap.os, "fsync", dying_fsync)
    with pytest.raises(KeyboardInterrupt):
        build(project)
    assert digest_tree(project / "datapackage") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []


def test_build_elsewhere_is_byte_identical(built, tmp_path, root):
    # a clean copy of the inputs at another path (as a fresh clone would be) builds the same bytes
    for name in ("sources", "annotations"):
        shutil.copytree(root / name, tmp_path / "clone" / name)
    other = build(tmp_path / "clone")
    assert other.files == built.files


# --- property-based: random edits to valid annotations never crash the build ---------------

def _load_docs(root: Path) -> dict[str, object]:
    return {p.name: yamlio.strip_lines(yamlio.load(p)) for p in sorted((root / "annotations").glob("*.yaml"))}


JUNK = st.one_of(st.none(), st.integers(-3, 3), st.booleans(), st.text(max_size=12),
                 st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
                 st.sampled_from(["2025-02-30", "2025-13", "on Blursday", "cai-qi", "", "=SUM(A1)", "2025/2024"]))


@st.composite
def mutations(draw):
    return [(draw(st.integers(0, 10_000)), draw(st.integers(0, 10_000)), draw(st.sampled_from(
        ["set", "delete", "rename", "duplicate", "swap-id", "truncate-quote"])), draw(JUNK)) for _ in range(draw(st.integers(1, 4)))]


def _mutate(docs, plan):
    docs = copy.deepcopy(docs)
    files = sorted(docs)
    for a, b, op, junk in plan:
        doc = docs[files[a % len(files)]]
        if not isinstance(doc, dict) or not doc:
            continue
        section = sorted(doc)[b % len(doc)]
        items = doc[section]
        if not isinstance(items, list) or not items:
            continue
        item = items[b % len(items)]
        if not isinstance(item, dict):
            continue
        keys = sorted(item)
        key = keys[a % len(keys)]
        if op == "set":
            item[key] = junk
        elif op == "delete":
            del item[key]
        elif op == "rename":
            item[str(junk)[:8] or "x"] = item.pop(key)
        elif op == "duplicate":
            items.append(copy.deepcopy(item))
        elif op == "swap-id" and "id" in item:
            other = items[a % len(items)]
            item["id"] = other.get("id") if isinstance(other, dict) else junk
        elif op == "truncate-quote" and isinstance(item.get("evidence"), list) and item["evidence"]:
            ev = item["evidence"][0]
            if isinstance(ev, dict) and isinstance(ev.get("quote"), str):
                ev["quote"] = ev["quote"][: max(0, len(ev["quote"]) // 3)]
    return docs


@pytest.fixture(scope="module")
def pristine(root):
    return _load_docs(root)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=mutations())
def test_random_edits_give_a_clean_error_list_or_a_valid_build(plan, pristine, root, tmp_path_factory):
    work = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(root / "sources", work / "sources")
    (work / "annotations").mkdir()
    for name, doc in _mutate(pristine, plan).items():
        (work / "annotations" / name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        assemble_tables(work)
    except ProblemsFound as exc:
        assert exc.problems and all(p.where and p.message for p in exc.problems)


# --- differential: westminster-casefile validate finds what frictionless validate finds ----------------

def test_validate_finds_every_problem_frictionless_finds(root, tmp_path):
    from frictionless import Package

    folder = tmp_path / "datapackage"
    shutil.copytree(root / "datapackage", folder)
    corrupt(folder)
    report = Package(str(folder / "datapackage.json")).validate()
    theirs = set()
    for task in report.tasks:
        for err in task.errors:
            theirs.add((task.name, getattr(err, "field_name", None) or "", err.type))
    # the four corrupted tables, plus the tables whose references to the changed person break
    assert CORRUPTED_TABLES <= {t[0] for t in theirs}
    ours = validate(folder, root / "sources")
    for resource, field, kind in theirs:
        table = resource.removesuffix("-parquet")
        hits = [p for p in ours if p.where.split(" ")[0] in (f"csv/{table}.csv", f"parquet/{table}.parquet", table)
                and (field in p.message or kind in ("primary-key", "foreign-key"))]
        assert hits, f"westminster-casefile validate missed frictionless' {kind} in {resource}.{field}"
    assert any(p.code == "foreign-key" and "no-such-event" in p.message for p in ours)
    assert any("unique" in p.message for p in ours if p.where.startswith("csv/people.csv"))
