"""Property-based: hostile paths, symlinks, YAML, encodings and sizes given to build, release,
draft --out and add-source. Whatever the input: no traceback, nothing written outside the folder
the command was asked to write, and nothing that was there lost."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from westminster_casefile import yamlio
from westminster_casefile.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
                derandomize=True)


def tree(folder: Path) -> dict[str, str]:
    """Every entry under folder (symlinks as their target, not followed)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                out[rel] = "-> " + os.readlink(path)
            elif path.is_file():
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                out[rel] = "dir"
    return out


def sandbox(base: Path) -> Path:
    """base/project (sources, annotations, datapackage, a file, a link out) and base/outside."""
    if base.exists():
        shutil.rmtree(base)
    project = base / "project"
    for name in ("sources", "annotations", "datapackage"):
        shutil.copytree(ROOT / name, project / name)
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (project / "notes.txt").write_text("my notes\n")
    (base / "outside").mkdir()
    (base / "outside" / "secret.txt").write_text("S3CR3T-MARKER\n")
    (project / "link").symlink_to(base / "outside")
    (project / "annotations-link").symlink_to(project / "annotations")
    return project


def clean(result) -> None:
    event(f"exit {result.exit_code}")  # --hypothesis-show-statistics: both outcomes are exercised
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output


def only_changed_under(before: dict, after: dict, allowed: tuple[str, ...]) -> None:
    """Every entry that was there is still there, unchanged, unless it is under `allowed`."""
    for rel, digest in before.items():
        if any(rel == a or rel.startswith(a + "/") for a in allowed):
            continue
        assert after.get(rel) == digest, f"{rel} changed or vanished"
    for rel in set(after) - set(before):  # new: under an allowed path, or a folder made on the way there
        assert any(rel == a or rel.startswith(a + "/") or (after[rel] == "dir" and a.startswith(rel + "/"))
                   for a in allowed), f"{rel} appeared"


SEGMENTS = st.sampled_from(["..", ".", "", "annotations", "sources", "datapackage", ".git", "link", "notes.txt",
                            "annotations-link", "new", "out", "~", "é", "a b", "\u2028", "-x", "datapackage.json"])
REL_PATHS = st.lists(SEGMENTS, min_size=1, max_size=4).map("/".join)


def rel_to(base: Path, path: Path) -> str:
    """`path` relative to base, with `..` resolved but symlinks not (where a write lands)."""
    return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()


@settings(max_examples=15, **SETTINGS)
@given(rel=REL_PATHS)
def test_build_out_anywhere(tmp_path_factory, rel):
    base = tmp_path_factory.mktemp("b")
    project = sandbox(base)
    before = tree(base)
    out = project / rel
    result = runner.invoke(app, ["build", "--root", str(project), "--out", str(out), "-q", "--format", "json"])
    clean(result)
    after = tree(base)
    if result.exit_code:
        assert after == before
        return
    landed = rel_to(base, out.resolve())
    assert not landed.startswith(("project/annotations", "project/sources", "project/.git"))
    only_changed_under(before, after, (landed, rel_to(base, out)))
    assert json.loads((out.resolve() / "datapackage.json").read_text())["name"] == "westminster-casefile"


YAML_BITS = st.sampled_from([
    "people:\n", "  - id: x\n", "    name: X\n", "&a ", "*a", "!!python/object:os.system ", "!!binary aGk=", "!!set {a}",
    "? [a]\n: b\n", "<<: {a: 1}\n", "[" * 60, "]" * 60, "\t", "\ufeff", "\x85", "\u2028", "\x00", "\x1b[31m",
    "events: [{id: e, type: other, title: t, status: happened, evidence: []}]\n", "1e400", ".nan", "0o17",
    "\"unterminated", "'", "key: value\n", "key: value\n", "- ", "{", "}", "2025-02-29", "__line__: 1\n", "#",
])


@settings(max_examples=20, **SETTINGS)
@given(bits=st.lists(YAML_BITS, max_size=12), raw=st.binary(max_size=40), as_bytes=st.booleans())
def test_build_on_hostile_yaml(tmp_path_factory, bits, raw, as_bytes):
    base = tmp_path_factory.mktemp("y")
    project = sandbox(base)
    data = raw if as_bytes else "".join(bits).encode("utf-8", "surrogatepass")
    (project / "annotations" / "zz-hostile.yaml").write_bytes(data)
    before = tree(base)
    result = runner.invoke(app, ["build", "--root", str(project), "--format", "json"])
    clean(result)
    report = json.loads(result.output)
    assert all(p["where"] and p["message"] and "__line__" not in p["message"] for p in report["problems"])
    after = tree(base)
    if result.exit_code:
        assert after == before
    else:  # valid additions may change the package, and nothing else
        only_changed_under(before, after, ("project/datapackage",))


TEXT = st.lists(st.characters(codec="utf-8", exclude_categories=("Cs",)).map(str) | st.sampled_from(
    ["\x85", "\u2028", "\x00", "\n", "'", '"', ": ", "#", "&a", "*a", "\ufeff", " - ", "null", "005_6730424752434322"]),
    max_size=8).map("".join)


@settings(max_examples=25, **SETTINGS)
@given(title=TEXT, publisher=st.none() | TEXT, note=st.none() | TEXT, published=st.sampled_from(
    ["2025-10-20", "2025/10/20", "2025-02-29", "2024-02-29", "", "2025-10/", "x", "2025-13"]),
       language=st.sampled_from(["en", "EN", "", "eng", "zh"]), article=st.binary(max_size=60) | TEXT.map(str.encode))
def test_add_source_anything(tmp_path_factory, title, publisher, note, published, language, article):
    base = tmp_path_factory.mktemp("a")
    project = sandbox(base)
    path = base / "outside" / "article.txt"
    path.write_bytes(article)
    before = tree(base)
    old = yamlio.strip_lines(yamlio.load(project / "sources" / "sources.yaml"))["sources"]
    args = ["add-source", str(path), "--published", published, "--language", language, "--root", str(project),
            "--title", title]
    args += ["--publisher", publisher] if publisher is not None else []
    args += ["--note", note] if note is not None else []
    result = runner.invoke(app, args)
    clean(result)
    after = tree(base)
    if result.exit_code:
        assert after == before
        return
    sid = result.output.strip()
    only_changed_under(before, after, ("project/sources/sources.yaml", f"project/sources/{sid}.txt"))
    entries = yamlio.strip_lines(yamlio.load(project / "sources" / "sources.yaml"))["sources"]
    assert entries[:-1] == old  # nothing lost
    new = entries[-1]
    assert (new["id"], new["title"], new["publisher"], new.get("published_note")) == (
        sid, title or None, publisher or None, note or None)
    assert (project / "sources" / f"{sid}.txt").read_bytes() == article


@settings(max_examples=25, **SETTINGS)
@given(rel=REL_PATHS, force=st.booleans(), text=TEXT)
def test_draft_out_anywhere(tmp_path_factory, rel, force, text):
    base = tmp_path_factory.mktemp("d")
    project = sandbox(base)
    article = base / "outside" / "article.txt"
    article.write_text(f"The minister said: “{text}.” He said on 29 February that it was done.", encoding="utf-8")
    before = tree(base)
    out = project / rel
    result = runner.invoke(app, ["draft", str(article), "--published", "2025-10-16", "--root", str(project),
                                 "--out", str(out)] + (["--force"] if force else []))
    clean(result)
    after = tree(base)
    if result.exit_code:
        assert after == before
        return
    landed = rel_to(base, out)
    for protected in ("project/annotations", "project/sources", "project/datapackage"):
        assert not rel_to(base, out.resolve()).startswith(protected + "/")
    assert force or landed not in before
    only_changed_under(before, after, (landed,))
    drafted = yamlio.strip_lines(yamlio.load(out.resolve()))  # YAML the build reads ...
    printed = article.read_text(encoding="utf-8")
    for kind in ("people", "institutions", "statements"):
        for row in drafted[kind]:  # ... and every quote reads back as the article prints it
            assert all(ev["quote"] in printed for ev in row["evidence"]), row


RESOURCE_PATHS = st.sampled_from(["../outside/secret.txt", "link/secret.txt", "/etc/passwd", "csv", "", "csv/../csv/people.csv",
                                  "https://example.org/x.csv", "nul\x00l", "evil.csv", "csv/people.csv"])


@settings(max_examples=12, **SETTINGS)
@given(version=st.one_of(st.sampled_from(["x/../../escaped", "../../x", "1.0", "", "..", "a\\b", "é", "1" * 300]), TEXT),
       extra=st.lists(RESOURCE_PATHS, max_size=2))
def test_release_anything(tmp_path_factory, version, extra):
    base = tmp_path_factory.mktemp("r")
    project = sandbox(base)
    pkg = project / "datapackage"
    (pkg / "evil.csv").symlink_to(base / "outside" / "secret.txt")
    descriptor = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["version"] = version
    descriptor["resources"] += [{"name": f"x{i}", "path": p} for i, p in enumerate(extra)]
    (pkg / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    before = tree(base)
    dist = base / "outside" / "dist"
    result = runner.invoke(app, ["release", "--package", str(pkg), "--dist", str(dist)])
    clean(result)
    after = tree(base)
    only_changed_under(before, after, ("outside/dist",))
    if result.exit_code == 0:
        [zip_path] = dist.iterdir()
        import zipfile

        with zipfile.ZipFile(zip_path) as zf:
            assert not any(b"S3CR3T-MARKER" in zf.read(n) for n in zf.namelist())
