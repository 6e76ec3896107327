"""The parse cache (westminster_casefile.parsecache) on the real project: an edit shows at once,
entries from another parser version or corrupted entries are never trusted, and a bad annotation
fails the build whether or not the cache is warm."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from westminster_casefile import parsecache, yamlio
from westminster_casefile.build import build
from westminster_casefile.problems import ProblemsFound


@pytest.fixture(autouse=True)
def cache(tmp_path_factory, monkeypatch) -> Path:
    """A cache folder of this test's own (outside the project: the build writes none there)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("WESTMINSTER_CASEFILE_CACHE_DIR", str(folder))
    return folder


def _entries(cache: Path) -> list[Path]:
    """The parse cache's entries (the assembly cache keeps its own in cache/assembly/)."""
    return sorted(cache.glob("??/*.json"))


def _entry_for(cache: Path, path: Path) -> Path:
    name = parsecache.key(path.read_bytes())
    return cache / name[:2] / f"{name}.json"


def _first_event_title(path: Path) -> str:
    return re.search(r"^    title: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1)


def test_a_warm_build_is_byte_identical_and_an_edit_shows(project, cache):
    cold = build(project, project / "cold")
    assert _entries(cache), "the build filled the cache"
    annotation_files = sorted((project / "annotations").glob("*.yaml"))
    assert len(_entries(cache)) == len(annotation_files) + 1  # and sources.yaml
    warm = build(project, project / "warm")
    assert warm.files == cold.files

    events = project / "annotations" / "events.yaml"
    title = _first_event_title(events)
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace(f"    title: {title}\n", f"    title: {title} (edited)\n", 1), encoding="utf-8")
    edited = build(project, project / "edited")
    titles = {r["title"] for r in edited.tables["events"]}
    assert f"{title} (edited)" in titles and title not in titles
    assert len(_entries(cache)) == len(annotation_files) + 2  # one new entry: the edited file only


def test_an_entry_of_another_parser_version_is_not_used(project, cache, monkeypatch):
    path = project / "annotations" / "events.yaml"
    truth = parsecache.load(path, cache)
    # An entry written by another version of the parser for the same bytes, holding a tree that
    # this version would not produce: it has another name, so it is never read.
    monkeypatch.setattr(parsecache, "code_version", lambda: "another-version")
    stale = _entry_for(cache, path)
    monkeypatch.undo()
    body = json.dumps({"events": []}).encode()
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(json.dumps({"key": stale.stem, "sha256": __import__("hashlib").sha256(body).hexdigest()}).encode()
                      + b"\n" + body)
    assert parsecache.load(path, cache) == truth != {"events": []}
    assert _entry_for(cache, path) != stale


@pytest.mark.parametrize("damage", [
    lambda raw: raw[: len(raw) // 2],                              # truncated
    lambda raw: b"not json at all",                                # garbage
    lambda raw: raw.replace(b'"title"', b'"titel"', 1),            # body changed, checksum not
    lambda raw: raw.split(b"\n", 1)[1],                            # header lost
])
def test_a_corrupt_entry_is_ignored_and_rewritten(project, cache, damage):
    path = project / "annotations" / "events.yaml"
    truth = yamlio.load(path)
    assert parsecache.load(path, cache) == truth
    entry = _entry_for(cache, path)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    assert parsecache.load(path, cache) == truth
    assert entry.read_bytes() == good  # rewritten


def test_an_entry_moved_to_another_name_is_not_trusted(project, cache):
    events, people = project / "annotations" / "events.yaml", project / "annotations" / "people.yaml"
    parsecache.load(events, cache)
    target = _entry_for(cache, people)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_entry_for(cache, events).read_bytes())  # events' tree under people's name
    assert parsecache.load(people, cache) == yamlio.load(people)


def test_the_cache_never_makes_a_bad_annotation_pass(project, cache):
    build(project, project / "out")  # warm: every file has an entry
    events = project / "annotations" / "events.yaml"
    good = events.read_text(encoding="utf-8")
    # A quote the article does not hold: the build fails the same way, cache warm or not.
    quote = re.search(r'^ +quote: "(.+)"$', good, re.M).group(1)
    events.write_text(good.replace(f'quote: "{quote}"\n', f'quote: "{quote} XYZ"\n', 1), encoding="utf-8")
    with pytest.raises(ProblemsFound) as first:
        build(project, project / "out")
    with pytest.raises(ProblemsFound) as again:
        build(project, project / "out")
    assert [p.code for p in first.value.problems] == [p.code for p in again.value.problems]
    assert "quote-not-found" in {p.code for p in again.value.problems}
    # Malformed YAML and a refused alias are never cached: the error comes back every time.
    for bad in ("events: [\n  - id: x\n", "events:\n  - &a {id: x}\n  - *a\n"):
        events.write_text(bad, encoding="utf-8")
        before = len(_entries(cache))
        for _ in range(2):
            with pytest.raises(ProblemsFound) as caught:
                build(project, project / "out")
            assert "malformed-yaml" in {p.code for p in caught.value.problems}
        assert len(_entries(cache)) == before
    # And back to the good file: the build passes from its old entry.
    events.write_text(good, encoding="utf-8")
    build(project, project / "out")


def test_cache_off_writes_nothing_and_the_project_gets_no_cache(project, cache, monkeypatch):
    build(project, project / "out")
    assert _entries(cache) and not [p.name for p in project.iterdir() if p.name.startswith(".")]
    monkeypatch.setenv("WESTMINSTER_CASEFILE_CACHE", "off")
    monkeypatch.setenv("WESTMINSTER_CASEFILE_CACHE_DIR", str(cache / "off"))
    build(project, project / "out")
    assert not (cache / "off").exists()


def test_an_unwritable_cache_folder_does_not_stop_the_build(project, cache, monkeypatch):
    blocker = cache / "blocker"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("WESTMINSTER_CASEFILE_CACHE_DIR", str(blocker / "yaml"))
    assert build(project, project / "out").counts()["statements"] > 0
