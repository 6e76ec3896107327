"""The outside attack of 2026-11-28, finding by finding: each test reproduces a finding's
command on files under tmp_path (FIFOs and files we make, never a real device) and asserts
the promise SECURITY.md makes."""
from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from westminster_casefile.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "westminster_casefile.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def refused(result, *words: str) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "internal error" not in output, output
    for word in words:
        assert word in output, output
    return output


# --- finding 1: exports overwrite anything ----------------------------------------------------

@pytest.mark.parametrize("kind", ["timeline", "graph"])
def test_export_never_replaces_a_fifo_a_user_file_or_curated_work(kind, tmp_path, project):
    fifo = tmp_path / "ff"
    os.mkfifo(fifo)
    notes = tmp_path / "notes.txt"
    notes.write_text("notes\n")
    for force in ([], ["--force"]):  # a FIFO (or device, or link) is refused even with --force
        refused(cli("export", kind, "--out", str(fifo), *force, cwd=tmp_path), "not a regular file")
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    link = tmp_path / "link"
    link.symlink_to(notes)
    refused(cli("export", kind, "--out", str(link), "--force", cwd=tmp_path), "not a regular file")
    assert link.is_symlink()
    refused(cli("export", kind, "--out", str(notes), cwd=tmp_path), "exists", "--force")
    assert notes.read_text() == "notes\n"
    people = project / "annotations" / "people.yaml"
    before = people.read_bytes()
    refused(cli("export", kind, "--out", "annotations/people.yaml", "--force", cwd=project), "annotations/")
    assert people.read_bytes() == before
    # a new file is written; replacing it takes --force
    new = tmp_path / f"new.{kind}"
    assert cli("export", kind, "--out", str(new), cwd=tmp_path).returncode == 0 and new.stat().st_size
    refused(cli("export", kind, "--out", str(new), cwd=tmp_path), "--force")
    assert cli("export", kind, "--out", str(new), "--force", cwd=tmp_path).returncode == 0


def test_the_single_file_writer_refuses_what_is_not_a_new_or_permitted_regular_file(tmp_path):
    from westminster_casefile.fsutil import WriteRefused, write_file_atomic

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "dir").mkdir()
    (tmp_path / "old").write_text("mine")
    for target, overwrite in ((fifo, True), (tmp_path / "dir", True), (tmp_path / "old", False),
                              (tmp_path / "old", lambda p: False)):
        with pytest.raises(WriteRefused):
            write_file_atomic(target, b"x", overwrite)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and (tmp_path / "old").read_text() == "mine"
    write_file_atomic(tmp_path / "old", b"new", lambda p: p.read_text() == "mine")
    write_file_atomic(tmp_path / "fresh", b"fresh")
    assert (tmp_path / "old").read_bytes() == b"new" and (tmp_path / "fresh").read_bytes() == b"fresh"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# --- finding 12: export sqlite replaces a hand-written metadata file -------------------------

def test_export_sqlite_keeps_a_hand_written_metadata_file(tmp_path):
    from westminster_casefile.exports.sqlite import ExportError, export_sqlite

    meta = tmp_path / "mydb.metadata.json"
    meta.write_text('{"my": "hand-written datasette config"}\n')
    with pytest.raises(ExportError, match="mydb.metadata.json"):
        export_sqlite(tmp_path / "mydb.db")
    assert meta.read_text() == '{"my": "hand-written datasette config"}\n'
    assert not (tmp_path / "mydb.db").exists()


# --- finding 2: site --out deletes a gh-pages checkout ---------------------------------------

def test_site_refuses_a_folder_holding_files_it_did_not_write(tmp_path):
    pytest.importorskip("jinja2")
    from westminster_casefile.site import SiteError, build_site

    out = tmp_path / "s1"
    build_site(out)
    build_site(out)  # its own site, again: replaced
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (out / "CNAME").write_text("casefile.example.org\n")
    with pytest.raises(SiteError, match=r"\.git/, CNAME"):
        build_site(out)
    assert (out / ".git" / "HEAD").is_file() and (out / "CNAME").read_text() == "casefile.example.org\n"


def test_site_folder_honours_the_umask(tmp_path):
    pytest.importorskip("jinja2")
    from westminster_casefile.site import build_site

    old = os.umask(0o077)
    try:
        build_site(tmp_path / "site")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "site").stat().st_mode) == 0o700


# --- finding 3: build recovery trusts names --------------------------------------------------

def test_build_recovery_leaves_user_folders_named_like_its_swap(tmp_path):
    parent = tmp_path / "r1"
    user = {".out.old/thesis.txt": "precious", ".out.ready/notes.txt": "precious2", ".out.tmp-mywork/x": "p3"}
    for rel, text in user.items():
        (parent / rel).parent.mkdir(parents=True, exist_ok=True)
        (parent / rel).write_text(text)
    refused(cli("build", "--root", str(ROOT), "--out", str(parent / "out"), "-q", cwd=tmp_path), "not a folder this tool made")
    assert {rel: (parent / rel).read_text() for rel in user} == user
    assert not (parent / "out").exists()
    # a user's .out.tmp-* alone is not in the way: the build proceeds and leaves it alone
    (parent / ".out.old").rename(tmp_path / "kept-old")
    (parent / ".out.ready").rename(tmp_path / "kept-ready")
    assert cli("build", "--root", str(ROOT), "--out", str(parent / "out"), "-q", cwd=tmp_path).returncode == 0
    assert (parent / ".out.tmp-mywork" / "x").read_text() == "p3"
    assert (parent / "out" / "datapackage.json").is_file()


# --- findings 4, 9, 10, 8: sql --------------------------------------------------------------

def test_connect_allows_no_directory_not_even_duckdbs_temp_folder(tmp_path, monkeypatch):
    pytest.importorskip("duckdb")
    import duckdb

    import westminster_casefile

    (tmp_path / ".tmp").mkdir()
    (tmp_path / ".tmp" / "id_secret").write_text("private key")
    monkeypatch.chdir(tmp_path)
    con = westminster_casefile.connect(ROOT / "datapackage")
    assert con.execute("SELECT value FROM duckdb_settings() WHERE name='allowed_directories'").fetchone()[0] in ("[]", "")
    with pytest.raises(duckdb.Error):
        con.execute("SELECT content FROM read_text('.tmp/id_secret')").fetchall()
    with pytest.raises(duckdb.Error):
        con.execute("COPY (SELECT 'x' AS a) TO '.tmp/written.csv'")
    assert sorted(p.name for p in (tmp_path / ".tmp").iterdir()) == ["id_secret"]


def test_connect_path_is_not_a_glob_pattern(tmp_path):
    pytest.importorskip("duckdb")
    import shutil

    import westminster_casefile

    folder = tmp_path / "data[1]"
    shutil.copytree(ROOT / "datapackage", folder)
    con = westminster_casefile.connect(folder)
    assert con.execute("SELECT count(*) FROM people").fetchone()[0] > 0
    with pytest.raises(OSError):
        westminster_casefile.connect(tmp_path / "*")


def test_load_with_a_non_string_name_is_a_clear_type_error():
    import westminster_casefile

    for bad in (None, 123):
        with pytest.raises(TypeError, match="table name is a string"):
            westminster_casefile.load(bad)


@pytest.mark.parametrize("query, words", [
    ("DROP TABLE people", ["read-only", "DROP"]), ("DELETE FROM people", ["read-only", "DELETE"]),
    ("UPDATE people SET name='x'", ["read-only", "UPDATE"]), ("CREATE TABLE t AS SELECT 1", ["read-only", "CREATE"]),
    ("SELECT 1; DROP TABLE people", ["read-only", "DROP"]),
    # statements DuckDB types as SELECT or EXPLAIN that would change a table: the database is read-only
    ("WITH x AS (DELETE FROM people RETURNING *) SELECT count(*) FROM x", ["read-only"]),
    ("EXPLAIN ANALYZE DELETE FROM people", ["read-only"]),
    ("WITH x AS (UPDATE people SET name = 'FORGED' RETURNING *) SELECT 1; SELECT name FROM people", ["read-only"]),
    ("", ["no SQL statement"]), (";", ["no SQL statement"]),
])
def test_sql_is_read_only_and_clear_on_empty_input(query, words):
    pytest.importorskip("duckdb")
    result = runner.invoke(app, ["sql", query])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and all(w in result.output for w in words), result.output


def test_sql_shows_every_statement_and_never_prints_raw_control_characters():
    pytest.importorskip("duckdb")
    result = runner.invoke(app, ["sql", "SELECT 41 AS first; SELECT 42 AS second"])
    assert result.exit_code == 0 and "41" in result.output and "42" in result.output, result.output
    hostile = "SELECT chr(27) || ']0;owned' || chr(7) || chr(8238) || chr(0) || 'x' AS s"
    for fmt in ("table", "json"):
        out = runner.invoke(app, ["sql", "--format", fmt, hostile]).output
        assert not any(c in out for c in "\x1b\x07\u202e\x00"), repr(out)
        assert "owned" in out


# --- finding 8: control characters in curated text -------------------------------------------

def test_build_refuses_control_characters_in_curated_text(tmp_path, project):
    people = project / "annotations" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    assert "    name: Cai Qi\n" in text
    people.write_text(text.replace("    name: Cai Qi\n", '    name: "Cai Qi\\e]0;owned\\a\\u202e"\n', 1), encoding="utf-8")
    out = refused(cli("build", "--root", str(project), "--out", str(tmp_path / "o"), "-q", cwd=tmp_path),
                  "control character", "cai-qi")
    assert "\x1b" not in out and "\u202e" not in out
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("bad", ["\x00", "\x1b[2J", "\x07", "\u202e", "\u2066", "\x9b", "\t",
                                 "\u200b", "\u200f", "\u00ad", "\ufeff", "\u3164", "\U000e0041"])  # invisible: look-alike names
def test_validate_checks_flag_control_characters(bad):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from westminster_casefile import checks, schema

    tables = {t: pq.read_table(ROOT / "datapackage" / "parquet" / f"{t}.parquet") for t in schema.TABLES}
    assert not [p for p in checks.cross_checks(tables, None, where=str) if p.code == "control-character"]
    people = tables["people"]
    names = people.column("name").to_pylist()
    names[0] = names[0] + bad
    tables["people"] = people.set_column(people.schema.get_field_index("name"), "name", pa.array(names, pa.string()))
    found = [p for p in checks.cross_checks(tables, None, where=str) if p.code == "control-character"]
    assert len(found) == 1 and bad not in str(found[0]), found


# --- finding 10: descriptors that break json.loads in other ways -----------------------------

@pytest.mark.parametrize("text", ["[]", "[" * 100000 + "]" * 100000, '{"bytes": ' + "9" * 5000 + "}"],
                         ids=["list", "deeply-nested", "huge-integer"])
def test_validate_reports_hostile_descriptors(text, tmp_path):
    import shutil

    folder = tmp_path / "p"
    shutil.copytree(ROOT / "datapackage", folder)
    (folder / "datapackage.json").write_text(text)
    refused(cli("validate", str(folder), cwd=tmp_path), "datapackage.json")


# --- finding 13: problems sorted as text -----------------------------------------------------

def test_problems_sort_by_file_then_numeric_line():
    from westminster_casefile.problems import Problem, ProblemsFound

    found = ProblemsFound([Problem("big.yaml:100001", "a"), Problem("big.yaml:4", "b"), Problem("a.yaml", "c"),
                           Problem("big.yaml:4", "b")])
    assert [p.where for p in found.problems] == ["a.yaml", "big.yaml:4", "big.yaml:100001"]


# --- findings 13, 14: release --dist messages, linked project folders -------------------------

def test_release_dist_that_is_a_file_or_a_zip_name_that_is_a_folder(tmp_path):
    (tmp_path / "file").write_text("mine")
    refused(cli("release", "--dist", str(tmp_path / "file"), cwd=ROOT), "--dist", "is not a folder")
    assert (tmp_path / "file").read_text() == "mine"
    import json

    version = json.loads((ROOT / "datapackage" / "datapackage.json").read_text())["version"]
    zip_dir = tmp_path / "d3" / f"westminster-casefile-data-{version}.zip"
    zip_dir.mkdir(parents=True)
    refused(cli("release", "--dist", str(tmp_path / "d3"), cwd=ROOT), str(zip_dir), "is a folder")


@pytest.mark.parametrize("linked", ["sources", "annotations"])
def test_build_refuses_linked_sources_or_annotations_folders(linked, tmp_path):
    import shutil

    project = tmp_path / "proj"
    project.mkdir()
    for name in ("sources", "annotations"):
        if name == linked:
            (project / name).symlink_to(ROOT / name)
        else:
            shutil.copytree(ROOT / name, project / name)
    refused(cli("build", "--root", str(project), "--out", str(tmp_path / "o"), "-q", cwd=tmp_path), "symbolic link")
    assert not (tmp_path / "o").exists()


# --- finding 14: draft loses the first quotation after a BOM or U+2028 -----------------------

@pytest.mark.parametrize("text", [
    '\ufeff"We will act," said Keir Starmer.\nLater he added: "This is over," Starmer said.\n',
    '"We will act," said Keir Starmer.\u2028"This is over," Starmer said.\n',
], ids=["bom", "u2028"])
def test_quotation_after_a_bom_or_line_separator_is_found(text):
    from westminster_casefile.text import find_quotations

    inner = [q.text for q in find_quotations(text) if q.depth == 0]
    assert inner == ["We will act,", "This is over,"], inner


# --- re-attack B4: site and release never write into the curated or built folders ------------

@pytest.mark.parametrize("args, folder", [
    (["site", "--out", "annotations/site"], "annotations"),
    (["site", "--out", "sources"], "sources"),
    (["release", "--dist", "datapackage/dist"], "datapackage"),
    (["release", "--dist", "annotations"], "annotations"),
])
def test_site_and_release_never_write_into_project_folders(args, folder, project):
    pytest.importorskip("jinja2")
    before = {p: p.read_bytes() for p in (project / folder).rglob("*") if p.is_file()}
    refused(cli(*args, cwd=project), f"inside {folder}/")
    assert {p: p.read_bytes() for p in (project / folder).rglob("*") if p.is_file()} == before
