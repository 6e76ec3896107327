"""What the commands that write may destroy or reach: only the folder they were asked to write,
and only when it is theirs to replace. Real processes are killed and raced where it matters."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from westminster_casefile import yamlio
from westminster_casefile.cli import app

runner = CliRunner()


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir")
            for p in sorted(folder.rglob("*")) if not p.is_symlink()}


def cli(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "westminster_casefile.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, **kw)


def fails_cleanly(result, *words: str) -> str:
    output = result.output if hasattr(result, "output") else result.stdout + result.stderr
    code = result.exit_code if hasattr(result, "exit_code") else result.returncode
    assert code == 1, output
    assert "Traceback" not in output and "internal error" not in output, output
    for word in words:
        assert word in output, output
    return output


# --- build --out ----------------------------------------------------------------------------

@pytest.mark.parametrize("out, words", [
    (".", ["project folder"]), ("annotations", ["annotations/"]), ("sources", ["sources/"]),
    ("..", ["project folder"]), ("notes.txt", ["is a file"]), ("repo", ["no westminster-casefile datapackage.json"]),
    ("link", ["symbolic link"]), ("datapackage-plus", ["does not list", "notes.md"]),
    ("annotations/new", ["inside annotations/"]), ("sources/../sources/pkg", ["inside sources/"]),
])
def test_build_refuses_to_replace_what_it_did_not_write(project, out, words):
    (project / "notes.txt").write_text("mine")
    (project / "repo" / ".git").mkdir(parents=True)
    (project / "repo" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (project / "link").symlink_to(project / "datapackage")
    import shutil

    shutil.copytree(project / "datapackage", project / "datapackage-plus")
    (project / "datapackage-plus" / "notes.md").write_text("my notes")
    before = snapshot(project.parent)
    result = runner.invoke(app, ["build", "--root", str(project), "--out", str(project / out), "-q"])
    fails_cleanly(result, *words)
    assert snapshot(project.parent) == before


def test_build_writes_an_absent_or_empty_folder_and_replaces_its_own(project):
    (project / "empty").mkdir()
    for out in ("empty", "new/nested/pkg", "datapackage"):
        result = runner.invoke(app, ["build", "--root", str(project), "--out", str(project / out), "-q"])
        assert result.exit_code == 0, result.output
        assert json.loads((project / out / "datapackage.json").read_text())["name"] == "westminster-casefile"
    assert snapshot(project / "empty") == snapshot(project / "datapackage")
    assert not [p for p in project.iterdir() if p.name.startswith(".")]


# --- a build killed in the middle of the swap -----------------------------------------------

@pytest.mark.parametrize("step", ["ready", "moved-aside"])
def test_build_killed_mid_swap_is_recovered_by_the_next_run(project, step):
    (project / "annotations" / "people.yaml").write_text(
        (project / "annotations" / "people.yaml").read_text(encoding="utf-8").replace(
            "description: ", "description: Edited. ", 1), encoding="utf-8")
    before = snapshot(project / "datapackage")
    proc = subprocess.Popen([sys.executable, "-m", "westminster_casefile.cli", "build", "--root", str(project), "-q"],
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "WESTMINSTER_CASEFILE_PAUSE_AT": step})
    try:
        line = proc.stderr.readline()
        assert line.strip() == f"paused at {step}", line
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        proc.stderr.close()
    if step == "moved-aside":  # the dangerous moment: no datapackage/ at all
        assert not (project / "datapackage").exists()
    assert (project / ".datapackage.ready").is_dir()
    # the next run (here: a build) finishes the swap or rolls it back before anything else
    result = cli("build", "--root", str(project))
    assert result.returncode == 0, result.stderr
    assert "interrupted swap" in result.stderr
    assert not [p.name for p in project.iterdir() if p.name.startswith(".")]
    after = snapshot(project / "datapackage")
    assert after != before and after == snapshot(project / "datapackage")
    assert cli("validate", str(project / "datapackage")).returncode == 0


# --- concurrency ----------------------------------------------------------------------------

def test_concurrent_add_source_loses_nothing(project, tmp_path):
    articles = []
    for i in range(6):
        path = tmp_path / f"article{i}.txt"
        path.write_text(f"Article number {i}. The minister said nothing.\n", encoding="utf-8")
        articles.append(path)
    procs = [subprocess.Popen([sys.executable, "-m", "westminster_casefile.cli", "add-source", str(a),
                               "--published", "2025-10-20", "--root", str(project)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for a in articles]
    ids = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        ids.append(out.strip())
    assert len(set(ids)) == 6 and len({i[:3] for i in ids}) == 6, ids  # no number reused
    entries = yamlio.strip_lines(yamlio.load(project / "sources" / "sources.yaml"))["sources"]
    assert {e["id"] for e in entries} >= set(ids)
    for sid in ids:
        assert (project / "sources" / f"{sid}.txt").is_file()


def test_concurrent_builds_into_one_folder_take_turns(project):
    procs = [subprocess.Popen([sys.executable, "-m", "westminster_casefile.cli", "build", "--root", str(project), "-q"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "WESTMINSTER_CASEFILE_PAUSE_AT": "ready",
                                   "WESTMINSTER_CASEFILE_PAUSE_SECONDS": "1"}) for _ in range(3)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    assert any("waiting for another build" in e for e in errors)  # they really met at the lock
    assert not [p.name for p in project.iterdir() if p.name.startswith(".")]
    assert cli("validate", str(project / "datapackage")).returncode == 0


# --- shrinking ------------------------------------------------------------------------------

def test_a_build_that_empties_the_package_needs_allow_shrink(project):
    for path in (project / "annotations").glob("*.yaml"):
        path.write_text("", encoding="utf-8")
    before = snapshot(project / "datapackage")
    result = runner.invoke(app, ["build", "--root", str(project), "-q"])
    fails_cleanly(result, "would empty table people", "--allow-shrink")
    assert snapshot(project / "datapackage") == before
    result = runner.invoke(app, ["build", "--root", str(project), "-q", "--allow-shrink"])
    assert result.exit_code == 0, result.output


def test_dropping_most_rows_needs_allow_shrink(project, built):
    from westminster_casefile.swap import previous_counts, shrink_problems

    before = previous_counts(project / "datapackage")
    assert before == built.counts()  # counted from the CSV files the build wrote
    half = {t: (n + 1) // 2 for t, n in before.items()}
    assert shrink_problems(before, half, "p") == []  # exactly half kept: allowed
    fewer = {t: max(1, n // 3) for t, n in before.items()}
    assert [p.code for p in shrink_problems(before, fewer, "p")] == ["shrink"]
    assert "people" in shrink_problems(before, {**before, "people": 0}, "p")[0].message
    assert shrink_problems({}, fewer, "p") == []  # nothing to compare with: a first build


# --- draft --out ----------------------------------------------------------------------------

def test_draft_never_overwrites_curated_work(project, tmp_path):
    article = next((project / "sources").glob("*.txt"))
    curated = project / "annotations" / "people.yaml"
    existing = tmp_path / "elsewhere" / "mine.yaml"
    existing.parent.mkdir()
    existing.write_text("my notes\n")
    protected = lambda: {d: snapshot(project / d) for d in ("annotations", "sources", "datapackage")}  # noqa: E731
    before = protected()
    base = ["draft", str(article), "--published", "2025-10-16", "--root", str(project)]
    for out, word in ((curated, "annotations/"), (project / "annotations" / "new.yaml", "annotations/"),
                      (project / "datapackage" / "x.yaml", "datapackage/"), (project / "sources", "sources/")):
        fails_cleanly(runner.invoke(app, [*base, "--out", str(out), "--force"]), word)
    fails_cleanly(runner.invoke(app, [*base, "--out", str(existing)]), "exists", "--force")
    link = tmp_path / "elsewhere" / "link.yaml"
    link.symlink_to(existing)
    fails_cleanly(runner.invoke(app, [*base, "--out", str(link), "--force"]), "not a regular file")
    os.mkfifo(tmp_path / "elsewhere" / "fifo.yaml")
    fails_cleanly(runner.invoke(app, [*base, "--out", str(tmp_path / "elsewhere" / "fifo.yaml"), "--force"]),
                  "not a regular file")
    assert existing.read_text() == "my notes\n"
    assert protected() == before
    assert runner.invoke(app, [*base, "--out", str(existing), "--force"]).exit_code == 0
    assert "people:" in existing.read_text(encoding="utf-8")


# --- files honour the umask -----------------------------------------------------------------

def test_written_files_honour_the_umask(project, tmp_path):
    old = os.umask(0o022)
    try:
        article = tmp_path / "a.txt"
        article.write_text("A new article.\n")
        assert runner.invoke(app, ["add-source", str(article), "--published", "2025-10-20",
                                   "--root", str(project)]).exit_code == 0
        assert runner.invoke(app, ["build", "--root", str(project), "-q", "--out", str(tmp_path / "pkg")]).exit_code == 0
        assert runner.invoke(app, ["draft", str(article), "--published", "2025-10-20", "--root", str(project),
                                   "--out", str(tmp_path / "d.yaml")]).exit_code == 0
        result = runner.invoke(app, ["release", "--package", str(tmp_path / "pkg"), "--dist", str(tmp_path / "dist")])
        assert result.exit_code == 0, result.output
    finally:
        os.umask(old)
    written = [project / "sources" / "sources.yaml", *(project / "sources").glob("005_*.txt"), tmp_path / "d.yaml",
               *(tmp_path / "dist").glob("*.zip"), *(p for p in (tmp_path / "pkg").rglob("*") if p.is_file())]
    assert len(written) > 20
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o644, path
    for path in (tmp_path / "pkg", tmp_path / "pkg" / "csv", tmp_path / "pkg" / "parquet"):
        assert path.stat().st_mode & 0o777 == 0o755, path


# --- release --------------------------------------------------------------------------------

def _package(tmp_path, root) -> Path:
    import shutil

    pkg = tmp_path / "pkg"
    shutil.copytree(root / "datapackage", pkg)
    return pkg


def _edit_descriptor(pkg: Path, change) -> None:
    descriptor = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    change(descriptor)
    (pkg / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def test_release_never_writes_outside_dist(tmp_path, root):
    from westminster_casefile.release import write_release
    from westminster_casefile.problems import ProblemsFound

    pkg = _package(tmp_path, root)
    for version in ("x/../../escaped", "../x", "/abs", "a\\b", "..", ""):
        _edit_descriptor(pkg, lambda d: d.update(version=version))
        with pytest.raises(ProblemsFound) as info:
            write_release(pkg, tmp_path / "dist" / "deep")
        assert "version" in info.value.problems[0].message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]


def test_release_does_not_follow_symlinks_or_leave_the_package(tmp_path, root):
    from westminster_casefile.release import release_files
    from westminster_casefile.problems import ProblemsFound

    pkg = _package(tmp_path, root)
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    (pkg / "extra.csv").symlink_to(secret)
    (pkg / "sub").symlink_to(tmp_path)
    for path in ("extra.csv", "sub/secret.txt", "../secret.txt", str(secret), "https://example.org/x.csv", "csv"):
        _edit_descriptor(pkg, lambda d: d["resources"].append({"name": "x", "path": path}))
        with pytest.raises(ProblemsFound) as info:
            release_files(pkg)
        assert "password" not in str(info.value.problems)
        _edit_descriptor(pkg, lambda d: d["resources"].pop())


def test_release_of_a_zip_or_a_broken_package_is_a_clear_error(tmp_path, root):
    pkg = _package(tmp_path, root)
    (pkg / "datapackage.json").write_text("{not json")
    result = runner.invoke(app, ["release", "--package", str(pkg), "--dist", str(tmp_path / "dist")])
    fails_cleanly(result)
    junk = tmp_path / "damaged.zip"
    junk.write_bytes(b"PK\x03\x04" + os.urandom(200))
    fails_cleanly(runner.invoke(app, ["release", "--package", str(junk), "--dist", str(tmp_path / "dist")]))
    assert not (tmp_path / "dist").exists()


# --- info on a broken package ---------------------------------------------------------------

@pytest.mark.parametrize("damage", ["descriptor", "parquet", "licenses"])
def test_info_on_a_broken_package_is_a_clear_error(tmp_path, root, monkeypatch, damage):
    import westminster_casefile

    pkg = _package(tmp_path, root)
    if damage == "descriptor":
        (pkg / "datapackage.json").write_text("[1, 2")
    elif damage == "parquet":
        (pkg / "parquet" / "people.parquet").write_bytes(b"not parquet")
    else:
        _edit_descriptor(pkg, lambda d: d.update(licenses=[1]))
    monkeypatch.setattr(westminster_casefile, "package_path", lambda: pkg)
    fails_cleanly(runner.invoke(app, ["info"]), "damaged", "validate")


# --- YAML that must be refused fast ---------------------------------------------------------

BOMB = "".join(f"{k}: &{k} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
               for p, k in zip(["", "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi"))


def _build_problems(project) -> list[dict]:
    result = runner.invoke(app, ["build", "--root", str(project), "--format", "json"])
    fails_cleanly(result)
    return json.loads(result.output)["problems"]


def test_alias_bomb_fails_fast_and_cleanly(project):
    assert 300 < len(BOMB.encode()) < 700  # the size of the reported 653-byte bomb
    (project / "annotations" / "bomb.yaml").write_text(BOMB)
    started = time.process_time()
    problems = _build_problems(project)
    assert time.process_time() - started < 10  # expanded, it would take minutes and gigabytes
    assert [p for p in problems if p["where"] == "annotations/bomb.yaml:1" and "anchors" in p["message"]]


@pytest.mark.parametrize("text, word", [
    ("people:\n  - ? [a, b]\n    : 1\n", "keys must be plain"),
    ("people:\n  - &p {id: x}\n", "anchors"),
    ("people:\n  - <<: {id: x}\n", "merge"),
    ("people:\n  - __line__: 3\n", "reserved"),
    ("people: " + "[" * 100000 + "]" * 100000 + "\n", "nest"),  # ours: "nested deeper than ..."; newer libyaml: "exceeded maximum nesting depth"
])
def test_yaml_the_case_file_has_no_use_for_is_refused(project, text, word):
    (project / "annotations" / "extra.yaml").write_text(text)
    problems = _build_problems(project)
    assert [p for p in problems if p["where"].startswith("annotations/extra.yaml") and word in p["message"]], problems


@pytest.mark.parametrize("kind", ["dir", "fifo", "symlink", "dangling"])
def test_unreadable_annotation_files_are_problems(project, tmp_path, kind):
    path = project / "annotations" / "odd.yaml"
    if kind == "dir":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink":
        (tmp_path / "elsewhere.yaml").write_text("people: []\n")
        path.symlink_to(tmp_path / "elsewhere.yaml")
    else:
        path.symlink_to(tmp_path / "nothing.yaml")
    problems = _build_problems(project)
    assert [p for p in problems if p["where"] == "annotations/odd.yaml" and p["code"] == "unreadable"], problems


@pytest.mark.parametrize("text", ["sources: {a: 1}\n", "sources:\n  - 5\n", "[", "sources:\n  - {id: [1]}\n",
                                  "sources:\n  - id: x\n    file: \"a\\0b\"\n", "\xff"])
def test_a_bad_sources_yaml_is_a_problem_report(project, text):
    (project / "sources" / "sources.yaml").write_bytes(text.encode("utf-8", "surrogateescape") if text != "\xff"
                                                       else b"\xff\xfe")
    assert [p for p in _build_problems(project) if p["where"].startswith("sources/sources.yaml")]


# --- add-source writes what reads back --------------------------------------------------------

def test_add_source_output_reads_back_as_written(project, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("A new article.\n")
    title = "Quote\u0085 and \u2028 line: \"x\" # not a comment \ufeff"
    result = runner.invoke(app, ["add-source", str(article), "--published", "2025-10-20", "--root", str(project),
                                 "--title", title, "--publisher", "0o17", "--url", "yes", "--note", "- a\n- b"])
    assert result.exit_code == 0, result.output
    sid = result.output.strip()
    entry = yamlio.strip_lines(yamlio.load(project / "sources" / "sources.yaml"))["sources"][-1]
    assert entry["id"] == sid and isinstance(entry["id"], str)
    assert (entry["title"], entry["publisher"], entry["url"], entry["published_note"]) == (title, "0o17", "yes", "- a\n- b")
    # an id YAML would read as a number (005_6730424752434322 is an int to YAML 1.1) stays text
    assert yamlio.loads(f"id: {yamlio.quote('005_6730424752434322')}")["id"] == "005_6730424752434322"


@pytest.mark.parametrize("args, word", [
    (["--published", "2025/10/20"], "YYYY-MM-DD (e.g. 2025-10-20)"),
    (["--published", "2025-10-20", "--language", "english"], "--language"),
    (["--published", "2025-10-20", "--publisher-basis", "gossip"], "--publisher-basis"),
    (["--published", "2025-10-20", "--published-basis", "gossip"], "--published-basis"),
])
def test_add_source_checks_every_option(project, tmp_path, args, word):
    article = tmp_path / "a.txt"
    article.write_text("A new article.\n")
    before = snapshot(project)
    fails_cleanly(runner.invoke(app, ["add-source", str(article), "--root", str(project), *args]), word)
    assert snapshot(project) == before


def test_add_source_refuses_an_empty_article_and_a_fifo(project, tmp_path):
    (tmp_path / "empty.txt").write_text(" \n")
    fails_cleanly(runner.invoke(app, ["add-source", str(tmp_path / "empty.txt"), "--published", "2025",
                                      "--root", str(project)]), "empty")
    os.mkfifo(tmp_path / "fifo.txt")
    fails_cleanly(runner.invoke(app, ["add-source", str(tmp_path / "fifo.txt"), "--published", "2025",
                                      "--root", str(project)]), "not a regular file")


# --- dates without a year, hints ------------------------------------------------------------

def test_days_some_or_no_years_have_do_not_crash_the_build(project):
    path = project / "annotations" / "events.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("  - id: ")
    event = ("  - id: leap-day-test\n    type: other\n    title: test\n    status: happened\n"
             "    date: {text: \"29 February\", source: 000_0746aee393909495}\n"
             "    evidence:\n      - {source: 000_0746aee393909495, quote: \"Cai Qi\", occurrence: 1}\n"
             "  - id: no-such-day-test\n    type: other\n    title: test\n    status: happened\n"
             "    date: {text: \"September 31\", source: 000_0746aee393909495}\n"
             "    evidence:\n      - {source: 000_0746aee393909495, quote: \"Cai Qi\", occurrence: 1}\n")
    path.write_text(text[:first] + event + text[first:], encoding="utf-8")
    problems = _build_problems(project)
    assert [p for p in problems if "September 31" in p["message"] and p["code"] == "bad-date"], problems
    assert not [p for p in problems if "29 February" in p["message"] and p["code"] == "bad-date"]


def test_internal_line_key_is_never_shown(project):
    path = project / "annotations" / "people.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    evidence:\n", "    evidence: {source: x, quote: y}\n    old_evidence:\n", 1),
                    encoding="utf-8")
    result = runner.invoke(app, ["build", "--root", str(project)])
    output = fails_cleanly(result, "should be a list")
    assert "__line__" not in output


def test_a_broken_sources_yaml_is_reported_first_not_buried(project):
    (project / "sources" / "sources.yaml").write_text("[\n")
    problems = _build_problems(project)
    assert len(problems) <= 3, problems  # not one "unknown source" per citation (509 of them)
    assert problems[0]["where"].startswith(("annotations/", "sources/sources.yaml"))
    assert [p for p in problems if p["code"] == "malformed-yaml" and p["where"] == "sources/sources.yaml:2"]
    assert [p for p in problems if p["code"] == "not-checked"]


# --- the closest-passage hint -----------------------------------------------------------------

def test_hint_for_a_look_alike_quote_spells_the_code_points(texts):
    import unicodedata

    from westminster_casefile.build import anchor

    text = next(iter(texts.values()))
    word = next(w for w in text.split() if len(w) > 6 and w.isalpha())
    quote = text[text.index(word):text.index(word) + 40].replace(" ", "\u00a0", 1)
    assert "U+00A0" in anchor.hint(text, quote) and "U+0020" in anchor.hint(text, quote)
    accented = text + " Le café était fermé."
    nfd = unicodedata.normalize("NFD", "café était")
    hint = anchor.hint(accented, nfd)
    assert "U+0301" in hint and "U+00E9" in hint  # NFD against NFC: looks identical, is not


def test_hint_work_is_bounded_in_the_quote_length(texts, monkeypatch):
    from westminster_casefile.build import anchor

    compared = []
    real = anchor.difflib.SequenceMatcher

    def recording(junk, a, b, autojunk):
        compared.append(max(len(a), len(b)))
        return real(junk, a, b, autojunk=autojunk)

    monkeypatch.setattr(anchor.difflib, "SequenceMatcher", recording)
    text = "".join(texts.values())
    for n in (1_000, 100_000):
        compared.clear()
        anchor.hint(text, "the said " * (n // 9))
        assert 0 < len(compared) <= anchor.CANDIDATES and max(compared) <= anchor.SCORED


def test_planted_swap_names_are_not_followed(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    (project / ".datapackage.old").symlink_to(elsewhere)
    before = snapshot(project / "datapackage")
    fails_cleanly(runner.invoke(app, ["build", "--root", str(project), "-q"]), "not a folder this tool made")
    assert (elsewhere / "keep.txt").read_text() == "keep" and snapshot(project / "datapackage") == before


def test_add_source_killed_before_sources_yaml_keeps_the_article_number(project, tmp_path):
    import hashlib as _h

    article = tmp_path / "a.txt"
    article.write_text("A new article.\n")
    digest = _h.sha256(article.read_bytes()).hexdigest()
    orphan = project / "sources" / f"005_{digest[:16]}.txt"  # what a run killed between its two writes leaves
    orphan.write_bytes(article.read_bytes())
    result = runner.invoke(app, ["add-source", str(article), "--published", "2025", "--root", str(project)])
    assert result.exit_code == 0 and result.output.strip() == orphan.stem, result.output
    assert sorted(p.name for p in (project / "sources").glob("005_*")) == [orphan.name]


def test_an_unreadable_annotation_file_is_reported_first_not_buried(project):
    (project / "annotations" / "people.yaml").write_text("people: [\n")
    problems = _build_problems(project)
    assert [p["code"] for p in problems] == ["not-checked", "malformed-yaml"], problems  # not 271 "unknown-ref"
