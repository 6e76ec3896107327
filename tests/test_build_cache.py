"""The assembly cache (westminster_casefile.build.memo) on the real project: a build with the
cache warm, cold, or after an edit gives the same package bytes, or the same problems, as a
build without it; an edit elsewhere in the case file that a saved record depended on (an id, a
speaker's names, an article's metadata) reaches that record; a damaged entry is a miss."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from westminster_casefile.build import build, memo
from westminster_casefile.problems import ProblemsFound


@pytest.fixture(autouse=True)
def cache(tmp_path_factory, monkeypatch) -> Path:
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("WESTMINSTER_CASEFILE_CACHE_DIR", str(folder))
    return folder


def _assembly_entries(cache: Path) -> list[Path]:
    return sorted((cache / "assembly").rglob("*.json"))


def _outcome(project: Path, out: str):
    """The package's files, or the problems (where, message, code) when the build fails."""
    try:
        return build(project, project / out, allow_shrink=True).files
    except ProblemsFound as exc:
        return [(p.where, p.message, p.code) for p in exc.problems]


def _uncached(project: Path, out: str, monkeypatch):
    with monkeypatch.context() as m:
        m.setenv("WESTMINSTER_CASEFILE_CACHE", "off")
        return _outcome(project, out)


def _twice(project: Path, monkeypatch, name: str):
    """The outcome from the cache as it is, again with the cache warm, and without the cache."""
    first = _outcome(project, f"{name}-first")
    warm = _outcome(project, f"{name}-warm")
    return first, warm, _uncached(project, f"{name}-off", monkeypatch)


def test_warm_cold_and_edited_builds_are_byte_identical(project, cache, monkeypatch):
    cold = _uncached(project, "cold", monkeypatch)
    assert isinstance(cold, dict) and not _assembly_entries(cache)
    first = _outcome(project, "first")
    entries = _assembly_entries(cache)
    # one entry per annotation file, one of the mentions, one saying sources.yaml's shape passed
    assert len(entries) == len(list((project / "annotations").glob("*.yaml"))) + 2
    warm = _outcome(project, "warm")
    assert first == warm == cold
    assert _assembly_entries(cache) == entries  # nothing new to save

    events = project / "annotations" / "events.yaml"
    title = re.search(r"^    title: (.+)$", events.read_text(encoding="utf-8"), re.M).group(1)
    events.write_text(events.read_text(encoding="utf-8").replace(f"    title: {title}\n", f"    title: {title} (edited)\n", 1),
                      encoding="utf-8")
    edited, again, off = _twice(project, monkeypatch, "edited")
    assert edited == again == off != cold
    assert f"{title} (edited)".encode() in edited["csv/events.csv"]
    assert len(_assembly_entries(cache)) == len(entries) + 1  # the edited file's entry only


def test_a_removed_id_reaches_the_records_that_refer_to_it(project, cache, monkeypatch):
    """statements-*.yaml are unchanged, but a speaker they name no longer exists."""
    _outcome(project, "warm")
    people = project / "annotations" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    assert "- id: stephen-parkinson\n" in text
    people.write_text(text.replace("- id: stephen-parkinson\n", "- id: stephen-parkinson-renamed\n", 1), encoding="utf-8")
    cached, warm, off = _twice(project, monkeypatch, "renamed")
    assert isinstance(off, list) and cached == warm == off
    assert any(code == "unknown-ref" and "statements-" in where for where, _, code in off)


def test_a_speakers_names_reach_the_speaker_named_check(project, cache, monkeypatch):
    """The check that an article names a speaker near the words reads the speaker's names from
    people.yaml; the statements' own files do not change."""
    _outcome(project, "warm")
    people = project / "annotations" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    block = re.search(r"- id: stephen-parkinson\n(?:    .*\n)+", text).group(0)
    renamed = re.sub(r"^    name: .*$", "    name: Somebody Else Entirely", block, count=1, flags=re.M)
    renamed = re.sub(r"^    aliases: .*$", "    aliases: []", renamed, count=1, flags=re.M)
    people.write_text(text.replace(block, renamed, 1), encoding="utf-8")
    cached, warm, off = _twice(project, monkeypatch, "names")
    assert cached == warm == off
    assert isinstance(off, list) and any(code == "speaker-not-named" for _, _, code in off)


def test_an_articles_metadata_reaches_the_rows_read_from_it(project, cache, monkeypatch):
    """An article's `translated` flag is copied onto every evidence row citing it; the
    annotation files citing it do not change."""
    _outcome(project, "warm")
    meta = project / "sources" / "sources.yaml"
    text = meta.read_text(encoding="utf-8")
    assert text.count("translated: false") >= 2
    meta.write_text(text.replace("translated: false", "translated: true", 1), encoding="utf-8")
    cached, warm, off = _twice(project, monkeypatch, "translated")
    assert cached == warm == off
    before = _uncached_files(project, monkeypatch, text)
    assert isinstance(off, dict) and off["csv/evidence.csv"] != before["csv/evidence.csv"]


def _uncached_files(project: Path, monkeypatch, sources_yaml: str):
    meta = project / "sources" / "sources.yaml"
    now = meta.read_text(encoding="utf-8")
    meta.write_text(sources_yaml, encoding="utf-8")
    try:
        return _uncached(project, "before", monkeypatch)
    finally:
        meta.write_text(now, encoding="utf-8")


@pytest.mark.parametrize("damage", [
    lambda raw: raw[: len(raw) // 2],
    lambda raw: b"not json at all",
    lambda raw: raw.replace(b'"start":', b'"start": 1, "x":', 1),  # body changed, checksum not
])
def test_a_damaged_entry_is_a_miss(project, cache, monkeypatch, damage):
    truth = _outcome(project, "first")
    for entry in _assembly_entries(cache):
        entry.write_bytes(damage(entry.read_bytes()))
    assert _outcome(project, "damaged") == truth
    assert _outcome(project, "rewritten") == truth


def test_a_problem_is_never_saved_and_comes_back_every_time(project, cache, monkeypatch):
    _outcome(project, "warm")
    statements = project / "annotations" / "statements-004.yaml"
    good = statements.read_text(encoding="utf-8")
    quote = re.search(r'^ +quote: "(.+)"$', good, re.M).group(1)
    statements.write_text(good.replace(f'quote: "{quote}"\n', f'quote: "{quote} XYZ"\n', 1), encoding="utf-8")
    cached, warm, off = _twice(project, monkeypatch, "bad")
    assert isinstance(off, list) and cached == warm == off
    assert "quote-not-found" in {code for _, _, code in off}


def test_rows_round_trip_through_an_entry():
    from datetime import date

    row = {"a": "x", "b": 1, "c": True, "d": None, "e": ["p", "q"], "f": date(2025, 10, 4)}
    encoded = memo.encode_row(row, frozenset({"f"}))
    assert encoded == ["x", 1, True, None, ["p", "q"], {"d": "2025-10-04"}]
    back = memo.decode_row(tuple(row), encoded, frozenset({"f"}))
    assert back == row and list(back) == list(row) and type(back["c"]) is bool
    assert memo.encode_row(row) is None  # a date where the table has none: not kept
    assert memo.encode_row({"a": ("tuple",)}) is None and memo.encode_row({"a": 1.5}) is None
    assert memo.date_fields("events") == {"date_start", "date_end"}


def test_a_shape_problem_in_sources_yaml_is_found_with_the_cache_warm(project, cache, monkeypatch):
    _outcome(project, "warm")
    meta = project / "sources" / "sources.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("    language: en\n", "    language: 7\n", 1), encoding="utf-8")
    cached, warm, off = _twice(project, monkeypatch, "shape")
    assert isinstance(off, list) and cached == warm == off
    assert "wrong-type" in {code for _, _, code in off}


def test_an_events_type_reaches_the_checks_of_statements_linked_to_it(project, cache, monkeypatch):
    """A statement of unknown medium linked to a speech must say why in its note: when the event
    becomes a speech in events.yaml, the statement (its own file unchanged) is checked again."""
    # Its note names no article by number (such a note is checked every build): the statement's
    # file is saved with its rows, then only events.yaml changes.
    statements = project / "annotations" / "statements-002-003.yaml"
    own = statements.read_text(encoding="utf-8")
    assert own.count("    003 may be reporting the chairman's own words") == 1
    statements.write_text(own.replace("    003 may be reporting the chairman's own words",
                                      "    The article may be reporting the chairman's own words"), encoding="utf-8")
    assert isinstance(_outcome(project, "warm"), dict)
    events = project / "annotations" / "events.yaml"
    text = events.read_text(encoding="utf-8")
    block = re.search(r"- id: jcnss-inquiry-announced\n(?:    .*\n)+", text).group(0)
    assert "    type: announcement\n" in block
    events.write_text(text.replace(block, block.replace("    type: announcement\n", "    type: speech\n"), 1),
                      encoding="utf-8")
    cached, warm, off = _twice(project, monkeypatch, "speech")
    assert isinstance(off, list) and cached == warm == off
    assert any(code == "event-link-unexplained" and "jcnss-announces-formal-inquiry" in message
               for _, message, code in off)


def test_the_code_version_covers_every_module_of_the_front_half():
    """An entry holds what these modules computed: a change to any of them must name new entries.
    (package.py writes the package, reuse.py copies unchanged encoded tables and __init__.py
    orchestrates; none decides a row.)"""
    build_dir = Path(memo.__file__).parent
    modules = {f"build/{p.name}" for p in build_dir.glob("*.py")} - {"build/__init__.py", "build/package.py", "build/reuse.py"}
    assert modules <= set(memo._MODULES)
    assert {"text.py", "schema.py", "yamlio.py"} <= set(memo._MODULES)
